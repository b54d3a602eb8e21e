//! Random streams per replication, purpose, queue, day and contact (DESIGN.md §5).
//!
//! Every stream is seeded from (master seed, replication, purpose, queue, index) through
//! SplitMix64 mixing, and uses the named portable generator Xoshiro256++. The index is the day
//! for arrivals and busyness; a contact's substream mixes (day, arrival index within the day)
//! into its queue's prefix, so:
//! - replication r's streams depend on r alone, never on the thread that runs it;
//! - day d's arrivals do not depend on how many numbers earlier days consumed;
//! - each contact's handle time, patience and later decisions come from its own substream, so a
//!   change of policy, staffing or behaviour (a callback, a redial) never shifts what later
//!   customers bring (common random numbers).

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// The generator used everywhere in the engine.
pub type SimRng = Xoshiro256PlusPlus;

/// What a stream is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub(crate) enum Purpose {
    /// Inter-arrival times of a queue on one day.
    Arrivals = 1,
    /// The day-level busyness factor of a queue on one day.
    Busyness = 4,
    /// Everything one contact brings.
    Contact = 5,
}

/// Draws within a contact's substream: each has its own derived seed, so adding a draw of a
/// new kind, or a distribution that consumes a different amount of randomness, never changes
/// the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub(crate) enum ContactDraw {
    /// Handle-time requirement.
    Handle = 0x68616e646c65,
    /// Patience.
    Patience = 0x70617469656e,
    /// Whether the customer accepts a callback offer.
    Accept = 0x616363657074,
    /// Whether a callback attempt reaches the customer (one draw per attempt).
    Reach = 0x7265616368,
    /// Agent time of an unreached callback attempt (one draw per attempt).
    AttemptTime = 0x617474656d7074,
    /// Work content of a reached callback with its own handle-time distribution.
    CallbackHandle = 0x63626861,
    /// Whether an abandoning customer redials.
    Redial = 0x726564_69616c,
    /// Delay before the redial.
    RedialDelay = 0x7264656c6179,
}

/// The SplitMix64 finaliser (Steele, Lea & Flood 2014), the mixing behind every derived seed.
#[inline]
pub(crate) fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The 64-bit seed of stream (seed, replication, purpose, queue, index).
#[inline]
pub(crate) fn stream_seed(
    seed: u64,
    replication: u32,
    purpose: Purpose,
    queue: usize,
    index: u64,
) -> u64 {
    let mut h = splitmix64(seed);
    h = splitmix64(h ^ replication as u64);
    h = splitmix64(h ^ purpose as u64);
    h = splitmix64(h ^ queue as u64);
    splitmix64(h ^ index)
}

/// A generator for stream (seed, replication, purpose, queue, index).
pub(crate) fn stream(
    seed: u64,
    replication: u32,
    purpose: Purpose,
    queue: usize,
    index: u64,
) -> SimRng {
    SimRng::seed_from_u64(stream_seed(seed, replication, purpose, queue, index))
}

/// The contact substreams of one queue in one replication: a seed prefix from (seed,
/// replication, queue), completed per contact by its day and arrival index within the day.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ContactStreams(u64);

impl ContactStreams {
    /// The contact substreams of `queue` in replication `replication`.
    pub fn new(seed: u64, replication: u32, queue: usize) -> Self {
        ContactStreams(stream_seed(seed, replication, Purpose::Contact, queue, 0))
    }

    /// The substream of contact `index` (0-based) of `day`.
    #[inline]
    pub fn contact(self, day: u32, index: u32) -> ContactStream {
        ContactStream(splitmix64(self.0 ^ (((day as u64) << 32) | index as u64)))
    }
}

/// The substream of one contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct ContactStream(u64);

impl ContactStream {
    /// The generator of one kind of draw: SplitMix64, whose seeding is free and whose output
    /// is of high quality over the few numbers a contact draws (it passes BigCrush as a
    /// generator); each kind starts from its own mixed seed.
    #[inline]
    pub fn rng(self, draw: ContactDraw) -> ContactRng {
        ContactRng::seed_from_u64(splitmix64(self.0 ^ draw as u64))
    }

    /// The generator of the `n`-th draw of a kind that repeats (callback attempts), each
    /// from its own seed so the number of attempts never shifts another draw.
    #[inline]
    pub fn rng_n(self, draw: ContactDraw, n: u32) -> ContactRng {
        ContactRng::seed_from_u64(splitmix64(splitmix64(self.0 ^ draw as u64) ^ n as u64))
    }

    /// The substream of the customer's next call (a redial): everything the redial brings
    /// is its own, fixed by the customer, whatever the policy or the staffing.
    #[inline]
    pub fn redial(self) -> ContactStream {
        ContactStream(splitmix64(self.0 ^ 0x7265_6469_616c_0000))
    }
}

/// The generator of a contact's draws.
pub(crate) type ContactRng = rand_xoshiro::SplitMix64;

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn every_coordinate_changes_the_stream() {
        let base = stream_seed(7, 3, Purpose::Arrivals, 2, 5);
        assert_ne!(base, stream_seed(8, 3, Purpose::Arrivals, 2, 5));
        assert_ne!(base, stream_seed(7, 4, Purpose::Arrivals, 2, 5));
        assert_ne!(base, stream_seed(7, 3, Purpose::Busyness, 2, 5));
        assert_ne!(base, stream_seed(7, 3, Purpose::Arrivals, 1, 5));
        assert_ne!(base, stream_seed(7, 3, Purpose::Arrivals, 2, 6));
        let c = ContactStreams::new(1, 0, 0).contact(0, 0);
        let d = ContactStreams::new(1, 0, 0).contact(1, 0);
        let e = ContactStreams::new(1, 0, 0).contact(0, 1);
        assert_ne!(
            ContactStreams::new(1, 0, 0).contact(0, 0),
            ContactStreams::new(1, 0, 1).contact(0, 0)
        );
        assert_ne!(
            ContactStreams::new(1, 0, 0).contact(0, 0),
            ContactStreams::new(1, 1, 0).contact(0, 0)
        );
        let first = |s: ContactStream, k| s.rng(k).random::<u64>();
        assert_ne!(first(c, ContactDraw::Handle), first(d, ContactDraw::Handle));
        assert_ne!(first(c, ContactDraw::Handle), first(e, ContactDraw::Handle));
        assert_ne!(first(c, ContactDraw::Handle), first(c, ContactDraw::Patience));
    }

    #[test]
    fn neighbouring_streams_never_share_a_seed() {
        // Days of a queue's arrivals, and contacts of a day: a weak mixing step (an OR that
        // drops bits, say) would make neighbours collide.
        let mut seeds = std::collections::HashSet::new();
        for day in 0..2048 {
            assert!(seeds.insert(stream_seed(42, 0, Purpose::Arrivals, 0, day)), "day {day}");
        }
        let streams = ContactStreams::new(42, 0, 0);
        let mut contacts = std::collections::HashSet::new();
        for day in 0..8 {
            for i in 0..512 {
                assert!(contacts.insert(streams.contact(day, i)), "day {day}, contact {i}");
            }
        }
    }
}
