//! The closed set of events and the future-event list.

use super::contacts::ContactKey;
use super::timers::TimerKey;
use crate::model::QueueId;
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use thiserror::Error;

/// Everything that can happen in the engine. Events that concern a contact carry its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Event {
    /// The next contact of a queue arrives.
    Arrival(QueueId),
    /// The agent serving this contact finishes it.
    ServiceEnd(ContactKey),
    /// This waiting contact's patience runs out. Cancelled lazily: ignored when the contact
    /// has left the line (its key is stale or it is in service).
    Patience(ContactKey),
    /// An abandoned customer (kept in the table) calls again.
    Redial(ContactKey),
    /// An unreached callback is due to be tried again.
    Retry(ContactKey),
    /// A generic timer fires (ignored when it was cancelled).
    Timer(TimerKey),
    /// Start of interval `n` (staffing changes); `n = intervals` marks the end of the horizon.
    Boundary(u32),
}

/// An event was scheduled before the current simulation time, or at a time that is not a
/// number: the future-event list refuses it rather than let time run backwards.
#[derive(Debug, Clone, Copy, PartialEq, Error)]
#[error("an event was scheduled at t = {at_s} s, before the current time {now_s} s")]
pub struct PastEvent {
    /// Requested time, seconds.
    pub at_s: f64,
    /// The list's current time (of the last event popped), seconds.
    pub now_s: f64,
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
    ((time.to_bits() as u128) << 64) | seq as u128
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
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

/// Future-event list: pops events in time order, ties in insertion (FIFO) order, and never
/// accepts an event before the time of the last one popped.
pub(crate) struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
    seq: u64,
    now: f64,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> EventQueue<E> {
    /// An empty list at time 0.
    pub fn new() -> Self {
        EventQueue { heap: BinaryHeap::with_capacity(256), seq: 0, now: 0.0 }
    }

    /// Schedules `event` at `time`, which must be at or after the current time (the time of the
    /// last event popped, 0 at first); an earlier time or NaN is refused.
    #[inline]
    pub fn push(&mut self, time: f64, event: E) -> Result<(), PastEvent> {
        // NaN compares as neither, so it is refused too; adding +0.0 turns -0.0 into +0.0,
        // keeping the bit order of keys monotone in time.
        if time.partial_cmp(&self.now).is_none_or(|o| o.is_lt()) {
            return Err(PastEvent { at_s: time, now_s: self.now });
        }
        self.heap.push(Entry { key: key(time + 0.0, self.seq), event });
        self.seq += 1;
        Ok(())
    }

    /// Removes and returns the earliest event; the list's time moves to it.
    #[inline]
    pub fn pop(&mut self) -> Option<(f64, E)> {
        let e = self.heap.pop()?;
        let t = f64::from_bits((e.key >> 64) as u64);
        self.now = t;
        Some((t, e.event))
    }

    /// Number of pending events.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.heap.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_in_the_past_and_nan_are_refused() {
        let mut q = EventQueue::new();
        q.push(5.0, 'a').unwrap();
        q.push(7.0, 'b').unwrap();
        assert_eq!(q.pop(), Some((5.0, 'a')));
        assert_eq!(q.push(4.999, 'x'), Err(PastEvent { at_s: 4.999, now_s: 5.0 }));
        assert!(q.push(f64::NAN, 'x').is_err());
        assert!(q.push(-1.0, 'x').is_err());
        q.push(5.0, 'c').unwrap(); // the current time itself is allowed
        assert_eq!(q.pop(), Some((5.0, 'c')));
        assert_eq!(q.pop(), Some((7.0, 'b')));
        assert_eq!(q.len(), 0);
    }

    #[test]
    fn negative_zero_orders_as_zero() {
        let mut q = EventQueue::new();
        q.push(0.0, 1).unwrap();
        q.push(-0.0, 2).unwrap();
        q.push(1e-300, 3).unwrap();
        assert_eq!(q.pop(), Some((0.0, 1)));
        assert_eq!(q.pop(), Some((0.0, 2)));
        assert_eq!(q.pop(), Some((1e-300, 3)));
    }

    use proptest::prelude::*;
    use std::collections::BTreeMap;

    #[derive(Debug, Clone)]
    enum Op {
        Push(u8),
        Pop,
    }

    proptest! {
        #[test]
        fn event_queue_matches_a_btreemap_shadow(ops in prop::collection::vec(
            prop_oneof![3 => (0u8..20).prop_map(Op::Push), 2 => Just(Op::Pop)], 0..400)) {
            let mut fel = EventQueue::new();
            let mut shadow: BTreeMap<(u64, u64), u32> = BTreeMap::new();
            let mut seq = 0u64;
            let mut now = 0.0;
            for op in ops {
                match op {
                    Op::Push(t) => {
                        // Few distinct times, so ties are common: they must pop in insertion order.
                        let time = t as f64 * 0.5;
                        // Times before the last popped one are refused and change nothing.
                        let accepted = fel.push(time, seq as u32).is_ok();
                        prop_assert_eq!(accepted, time >= now);
                        if accepted {
                            shadow.insert((time.to_bits(), seq), seq as u32);
                            seq += 1;
                        }
                    }
                    Op::Pop => {
                        let expected = shadow.pop_first().map(|((t, _), e)| (f64::from_bits(t), e));
                        prop_assert_eq!(fel.pop(), expected);
                        if let Some((t, _)) = expected {
                            now = t;
                        }
                    }
                }
                prop_assert_eq!(fel.len(), shadow.len());
            }
            while let Some(got) = fel.pop() {
                let ((t, _), e) = shadow.pop_first().unwrap();
                prop_assert_eq!(got, (f64::from_bits(t), e));
            }
            prop_assert!(shadow.is_empty());
        }
    }
}
