//! The closed set of events and the future-event list.

use crate::model::{GroupId, QueueId};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Everything that can happen in the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The next contact of a queue arrives.
    Arrival(QueueId),
    /// An agent of a group finishes a contact.
    Departure(GroupId),
    /// A waiting contact's patience runs out. Cancelled lazily: ignored when the slot's
    /// generation has moved on (the contact was answered) or it is no longer waiting.
    Abandon {
        /// Slot of the contact in the engine's contact table.
        slot: u32,
        /// Generation of the slot when the timer was set.
        generation: u32,
    },
    /// Start of interval `n` (staffing changes); `n = intervals` marks the end of the horizon.
    Boundary(u32),
}

/// A scheduled event. The key packs the time's bits (times are ≥ 0, whose IEEE-754 bit
/// patterns order like the numbers) above the insertion sequence, so one integer comparison
/// orders by time and then FIFO.
struct Entry<E> {
    key: u128,
    event: E,
}

#[inline]
fn key(time: f64, seq: u64) -> u128 {
    debug_assert!(time >= 0.0, "event times are never negative");
    ((time.to_bits() as u128) << 64) | seq as u128
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    /// Reversed, so the max-heap pops the earliest time, then the earliest insertion.
    fn cmp(&self, other: &Self) -> Ordering {
        other.key.cmp(&self.key)
    }
}

/// Future-event list: pops events in time order, ties in insertion (FIFO) order.
pub struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
    seq: u64,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> EventQueue<E> {
    /// An empty list.
    pub fn new() -> Self {
        EventQueue { heap: BinaryHeap::with_capacity(256), seq: 0 }
    }

    /// Schedules `event` at `time` (≥ 0).
    #[inline]
    pub fn push(&mut self, time: f64, event: E) {
        self.heap.push(Entry { key: key(time, self.seq), event });
        self.seq += 1;
    }

    /// Removes and returns the earliest event.
    #[inline]
    pub fn pop(&mut self) -> Option<(f64, E)> {
        self.heap.pop().map(|e| (f64::from_bits((e.key >> 64) as u64), e.event))
    }

    /// Time of the earliest event.
    pub fn peek_time(&self) -> Option<f64> {
        self.heap.peek().map(|e| f64::from_bits((e.key >> 64) as u64))
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// True when nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}
