//! The contact table: every contact in the system, addressed by a generational key.
//!
//! A slot is reused once its contact leaves the system; its generation then moves on, so a key
//! kept by a stale event or a queue entry no longer matches and is recognised as dead. Memory
//! follows the number of contacts in the system, never the horizon.

use super::event::CancelKey;
use super::streams::ContactStream;
use super::timers::TimerKey;
use crate::model::GroupId;
use crate::stats::ContactInfo;

/// Key of a contact in the [`ContactTable`]: slot and generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContactKey {
    slot: u32,
    generation: u32,
}

#[cfg(test)]
impl ContactKey {
    /// A key for unit tests of other tables.
    pub(crate) fn for_test(slot: u32) -> Self {
        ContactKey { slot, generation: 0 }
    }
}

/// Where a contact is in its lifecycle (DESIGN.md §3).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ContactState {
    /// In a queue's line, waiting for an agent.
    Waiting,
    /// An accepted callback holding the customer's place in line (`keep-place`).
    HoldingPlace,
    /// An accepted callback in the queue's virtual queue (`low-priority`).
    VirtualQueue,
    /// An agent of `group` is calling the customer back.
    Calling {
        /// The agent's group.
        group: GroupId,
        /// The customer picked up.
        reached: bool,
    },
    /// An unreached callback waiting to be tried again.
    Retrying,
    /// An abandoned customer who will call again.
    RedialDue,
}

impl ContactState {
    /// The contact holds a place in its queue's line (a line entry whose contact is in any
    /// other state is stale and dropped when it reaches the head).
    #[inline]
    pub fn in_line(self) -> bool {
        matches!(self, ContactState::Waiting | ContactState::HoldingPlace)
    }
}

/// One contact and what it brought with it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Contact {
    /// What it brought on arrival.
    pub info: ContactInfo,
    /// Lifecycle state.
    pub state: ContactState,
    /// The contact's pending overflow wake-up (its next `after_s`), cancelled when it leaves
    /// the line.
    pub wake: Option<TimerKey>,
    /// The contact's pending patience event, cancelled when it leaves the line.
    pub patience: Option<CancelKey>,
    /// The contact's own substream (acceptance, reach, redial draws).
    pub stream: ContactStream,
    /// When it took its place in line: its arrival, or a `keep-place` retry's return.
    pub since_s: f64,
    /// When it accepted a callback (`NaN` if it did not).
    pub accepted_s: f64,
    /// Callback attempts made.
    pub attempts: u32,
}

impl Contact {
    /// A contact that has just arrived with `info` and its substream.
    pub fn new(info: ContactInfo, stream: ContactStream) -> Self {
        Contact {
            info,
            state: ContactState::Waiting,
            wake: None,
            patience: None,
            stream,
            since_s: info.arrival_s,
            accepted_s: f64::NAN,
            attempts: 0,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    generation: u32,
    contact: Option<Contact>,
}

/// Slots of live contacts with a free list.
#[derive(Debug, Default)]
pub(crate) struct ContactTable {
    slots: Vec<Slot>,
    free: Vec<u32>,
    live: usize,
}

impl ContactTable {
    /// Stores `contact` and returns its key.
    #[inline]
    pub fn insert(&mut self, contact: Contact) -> ContactKey {
        self.live += 1;
        if let Some(slot) = self.free.pop() {
            let s = &mut self.slots[slot as usize];
            s.contact = Some(contact);
            ContactKey { slot, generation: s.generation }
        } else {
            self.slots.push(Slot { generation: 0, contact: Some(contact) });
            ContactKey { slot: (self.slots.len() - 1) as u32, generation: 0 }
        }
    }

    /// The contact at `key`, or `None` when it has left the system (the key is stale).
    #[inline]
    pub fn get(&self, key: ContactKey) -> Option<&Contact> {
        let s = self.slots.get(key.slot as usize)?;
        if s.generation == key.generation {
            s.contact.as_ref()
        } else {
            None
        }
    }

    /// Mutable access to the contact at `key`, `None` when stale.
    #[inline]
    pub fn get_mut(&mut self, key: ContactKey) -> Option<&mut Contact> {
        let s = self.slots.get_mut(key.slot as usize)?;
        if s.generation == key.generation {
            s.contact.as_mut()
        } else {
            None
        }
    }

    /// Removes the contact at `key` (it leaves the system); every copy of the key goes stale.
    #[inline]
    pub fn remove(&mut self, key: ContactKey) -> Option<Contact> {
        let c = *self.get(key)?;
        self.discard(key);
        Some(c)
    }

    /// Removes the contact at `key` without handing it back (no copy out, for a caller that
    /// has read what it needs); returns whether it was there. Every copy of the key goes stale.
    #[inline]
    pub fn discard(&mut self, key: ContactKey) -> bool {
        let Some(s) = self.slots.get_mut(key.slot as usize) else { return false };
        if s.generation != key.generation || s.contact.is_none() {
            return false;
        }
        s.contact = None;
        s.generation = s.generation.wrapping_add(1);
        self.free.push(key.slot);
        self.live -= 1;
        true
    }

    /// Contacts in the system.
    pub fn len(&self) -> usize {
        self.live
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::QueueId;

    fn c(id: u64) -> Contact {
        let info = ContactInfo {
            id,
            queue: QueueId::new(0),
            interval: 0,
            arrival_s: id as f64,
            handle_s: 1.0,
            patience_s: f64::INFINITY,
            attempt: 0,
            origin_interval: 0,
            announced_s: None,
        };
        Contact::new(info, crate::sim::streams::ContactStreams::new(0, 0, 0).contact(0, id as u32))
    }

    #[test]
    fn stale_keys_never_reach_a_reused_slot() {
        let mut t = ContactTable::default();
        let a = t.insert(c(1));
        assert_eq!(t.get(a).map(|c| c.info.id), Some(1));
        assert_eq!(t.remove(a).map(|c| c.info.id), Some(1));
        assert!(t.get(a).is_none() && t.remove(a).is_none() && !t.discard(a));
        let b = t.insert(c(2));
        assert_ne!(a, b, "the slot is reused under a new generation");
        assert!(t.get(a).is_none(), "the old key is dead");
        assert!(t.get_mut(a).is_none());
        assert!(!t.discard(a), "a stale key never frees the slot's new contact");
        assert!(t.remove(a).is_none());
        assert_eq!(t.get(b).map(|c| c.info.id), Some(2));
        assert_eq!(t.len(), 1);
        assert!(t.discard(b) && t.get(b).is_none() && !t.discard(b));
        assert_eq!(t.len(), 0);
        let c = t.insert(c(3));
        assert_ne!(b, c, "a discarded slot is reused under a new generation");
        assert!(t.get(b).is_none());
    }
}
