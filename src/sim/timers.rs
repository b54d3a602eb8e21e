//! Generic timers with cancellation: a waiting contact reaches an overflow delay, a policy asks
//! to be woken. (A redial and a callback retry have events of their own, `Redial` and `Retry`,
//! keyed by the contact.) The event list holds only the timer's key;
//! cancelling bumps the slot's generation, so the event, when it pops, is recognised as
//! cancelled and ignored.

use super::contacts::ContactKey;
use crate::model::QueueId;

/// What happens when a timer fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TimerKind {
    /// A waiting contact has just waited the `level`-th `after_s` of its queue's skills
    /// (`Topology::after_levels`): it became eligible for more groups, whose idle agents are
    /// offered work again.
    Wake {
        /// The waiting contact.
        contact: ContactKey,
        /// Index into its queue's after levels.
        level: u32,
    },
    /// The routing policy asked to be woken for `queue` (`RoutingPolicy::wake_for_waiting`).
    PolicyWake(QueueId),
}

/// Key of a scheduled timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimerKey {
    slot: u32,
    generation: u32,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    generation: u32,
    kind: Option<TimerKind>,
}

/// Pending timers with a free list.
#[derive(Debug, Default)]
pub(crate) struct Timers {
    slots: Vec<Slot>,
    free: Vec<u32>,
}

impl Timers {
    /// Registers a timer of `kind`; the caller schedules `Event::Timer(key)`.
    pub fn add(&mut self, kind: TimerKind) -> TimerKey {
        if let Some(slot) = self.free.pop() {
            let s = &mut self.slots[slot as usize];
            s.kind = Some(kind);
            TimerKey { slot, generation: s.generation }
        } else {
            self.slots.push(Slot { generation: 0, kind: Some(kind) });
            TimerKey { slot: (self.slots.len() - 1) as u32, generation: 0 }
        }
    }

    fn release(&mut self, key: TimerKey) -> Option<TimerKind> {
        let s = self.slots.get_mut(key.slot as usize)?;
        if s.generation != key.generation {
            return None;
        }
        let kind = s.kind.take()?;
        s.generation = s.generation.wrapping_add(1);
        self.free.push(key.slot);
        Some(kind)
    }

    /// Cancels the timer; true when it was pending.
    pub fn cancel(&mut self, key: TimerKey) -> bool {
        self.release(key).is_some()
    }

    /// The timer's event popped: its kind, or `None` when it was cancelled.
    pub fn fire(&mut self, key: TimerKey) -> Option<TimerKind> {
        self.release(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancelled_timer_never_fires_and_its_slot_is_reused_safely() {
        let mut t = Timers::default();
        let wake = |level| TimerKind::Wake { contact: ContactKey::for_test(7), level };
        let a = t.add(wake(0));
        assert!(t.cancel(a));
        assert!(!t.cancel(a), "cancelling twice is a no-op");
        let b = t.add(wake(1));
        assert_eq!(t.fire(a), None, "the stale event of the cancelled timer is ignored");
        assert_eq!(t.fire(b), Some(wake(1)));
        assert_eq!(t.fire(b), None, "a timer fires once");
    }
}
