//! Events that are usually cancelled before they happen (a waiting contact's patience: most
//! waiting contacts are answered first), kept apart from the main heap in an indexed binary
//! heap so that cancelling one removes it at once instead of leaving a stale entry to be
//! popped and ignored later. The heap holds only live events, so it stays as small as the
//! number of contacts waiting.

/// Handle of a cancellable event: its slot and the slot's generation, so a handle kept after
/// its event fired or was cancelled never reaches a later event in the same slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CancelKey {
    slot: u32,
    generation: u32,
}

#[derive(Debug, Clone)]
struct Slot<E> {
    generation: u32,
    /// Position of the slot's entry in `order` (meaningless while the slot is free).
    pos: u32,
    event: Option<E>,
}

/// A binary min-heap of (key, slot) with each slot's position, so any entry can be removed in
/// O(log n).
#[derive(Debug, Clone)]
pub(super) struct Cancellable<E> {
    order: Vec<(u128, u32)>,
    slots: Vec<Slot<E>>,
    free: Vec<u32>,
}

impl<E> Default for Cancellable<E> {
    fn default() -> Self {
        Cancellable { order: Vec::new(), slots: Vec::new(), free: Vec::new() }
    }
}

impl<E> Cancellable<E> {
    /// The smallest key, `empty` when there is none.
    #[inline]
    pub fn first_key(&self, empty: u128) -> u128 {
        self.order.first().map_or(empty, |e| e.0)
    }

    /// Adds `event` under `key`.
    #[inline]
    pub fn push(&mut self, key: u128, event: E) -> CancelKey {
        let pos = self.order.len() as u32;
        let slot = match self.free.pop() {
            Some(slot) => {
                let s = &mut self.slots[slot as usize];
                s.event = Some(event);
                s.pos = pos;
                slot
            }
            None => {
                self.slots.push(Slot { generation: 0, pos, event: Some(event) });
                (self.slots.len() - 1) as u32
            }
        };
        self.order.push((key, slot));
        self.sift_up(pos as usize);
        CancelKey { slot, generation: self.slots[slot as usize].generation }
    }

    /// Removes and returns the event with the smallest key.
    #[inline]
    pub fn pop(&mut self) -> Option<E> {
        let &(_, slot) = self.order.first()?;
        self.remove_slot(slot)
    }

    /// Removes the event of `key` if it is still pending; returns whether it was.
    #[inline]
    pub fn cancel(&mut self, key: CancelKey) -> bool {
        match self.slots.get(key.slot as usize) {
            Some(s) if s.generation == key.generation && s.event.is_some() => {
                self.remove_slot(key.slot).is_some()
            }
            _ => false,
        }
    }

    /// Pending events.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.order.len()
    }

    fn remove_slot(&mut self, slot: u32) -> Option<E> {
        let s = &mut self.slots[slot as usize];
        let event = s.event.take()?;
        s.generation = s.generation.wrapping_add(1);
        let pos = s.pos as usize;
        self.free.push(slot);
        let last = self.order.pop().expect("a pending event has an entry");
        if pos < self.order.len() {
            self.order[pos] = last;
            self.slots[last.1 as usize].pos = pos as u32;
            // The moved entry may belong above or below its new place.
            let settled = self.sift_up(pos);
            self.sift_down(settled);
        }
        Some(event)
    }

    /// Moves the entry at `pos` up to its place; returns where it ended.
    #[inline]
    fn sift_up(&mut self, mut pos: usize) -> usize {
        let entry = self.order[pos];
        while pos > 0 {
            let parent = (pos - 1) / 2;
            if self.order[parent].0 <= entry.0 {
                break;
            }
            self.place(pos, self.order[parent]);
            pos = parent;
        }
        self.place(pos, entry);
        pos
    }

    /// Moves the entry at `pos` down to its place.
    #[inline]
    fn sift_down(&mut self, mut pos: usize) {
        let entry = self.order[pos];
        let n = self.order.len();
        loop {
            let left = 2 * pos + 1;
            if left >= n {
                break;
            }
            let right = left + 1;
            let child = match right < n && self.order[right].0 < self.order[left].0 {
                true => right,
                false => left,
            };
            if entry.0 <= self.order[child].0 {
                break;
            }
            self.place(pos, self.order[child]);
            pos = child;
        }
        self.place(pos, entry);
    }

    #[inline(always)]
    fn place(&mut self, pos: usize, entry: (u128, u32)) {
        self.order[pos] = entry;
        self.slots[entry.1 as usize].pos = pos as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    proptest! {
        #[test]
        fn matches_a_btreemap_shadow(ops in prop::collection::vec((0u8..3, 0u16..64, any::<prop::sample::Index>()), 0..400)) {
            // Pushes, pops and cancels of random handles (live, fired or cancelled ones):
            // the heap pops what an ordered map of the live events would, and a handle
            // cancels its own event only, once.
            let mut h = Cancellable::default();
            let mut shadow: BTreeMap<u128, u32> = BTreeMap::new();
            let mut handles: Vec<(CancelKey, u128)> = Vec::new();
            for (seq, (op, t, pick)) in ops.into_iter().enumerate() {
                match op {
                    0 => {
                        let key = ((t as u128) << 64) | seq as u128;
                        handles.push((h.push(key, seq as u32), key));
                        shadow.insert(key, seq as u32);
                    }
                    1 => {
                        let expected = shadow.pop_first().map(|(_, e)| e);
                        prop_assert_eq!(h.pop(), expected);
                    }
                    _ if !handles.is_empty() => {
                        let (handle, key) = handles[pick.index(handles.len())];
                        let live = shadow.remove(&key).is_some();
                        prop_assert_eq!(h.cancel(handle), live);
                    }
                    _ => {}
                }
                prop_assert_eq!(h.len(), shadow.len());
                prop_assert_eq!(h.first_key(u128::MAX), shadow.keys().next().copied().unwrap_or(u128::MAX));
            }
        }
    }
}
