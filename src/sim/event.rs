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

struct Entry<E> {
    time: f64,
    seq: u64,
    event: E,
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
        other.time.total_cmp(&self.time).then_with(|| other.seq.cmp(&self.seq))
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

    /// Schedules `event` at `time`.
    #[inline]
    pub fn push(&mut self, time: f64, event: E) {
        self.heap.push(Entry { time, seq: self.seq, event });
        self.seq += 1;
    }

    /// Removes and returns the earliest event.
    #[inline]
    pub fn pop(&mut self) -> Option<(f64, E)> {
        self.heap.pop().map(|e| (e.time, e.event))
    }

    /// Time of the earliest event.
    pub fn peek_time(&self) -> Option<f64> {
        self.heap.peek().map(|e| e.time)
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
