//! Random streams per replication and purpose (DESIGN.md §5).
//!
//! Each stream is seeded from (master seed, replication, purpose, index) through SplitMix64
//! mixing, and uses the named portable generator Xoshiro256++. Replication r's streams depend
//! on r alone, never on the thread that runs it; staffing candidates and policies reuse them
//! (common random numbers).

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// The generator used everywhere in the engine.
pub type SimRng = Xoshiro256PlusPlus;

/// What a stream is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub enum Purpose {
    /// Inter-arrival times of a queue.
    Arrivals = 1,
    /// Handle-time requirements of a queue's contacts.
    HandleTime = 2,
    /// Patience of a queue's contacts.
    Patience = 3,
    /// Day-level busyness factors of a queue.
    Busyness = 4,
}

fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The 64-bit seed of stream (seed, replication, purpose, index).
pub fn stream_seed(seed: u64, replication: u32, purpose: Purpose, index: usize) -> u64 {
    let mut h = splitmix64(seed);
    h = splitmix64(h ^ replication as u64);
    h = splitmix64(h ^ purpose as u64);
    splitmix64(h ^ index as u64)
}

/// The streams of one queue in one replication.
pub struct QueueStreams {
    /// Inter-arrival times.
    pub arrivals: SimRng,
    /// Handle times.
    pub handle: SimRng,
    /// Patience.
    pub patience: SimRng,
    /// Busyness factors.
    pub busyness: SimRng,
}

/// All streams of one replication.
pub struct Streams {
    /// Per queue.
    pub queues: Vec<QueueStreams>,
}

impl Streams {
    /// The streams of replication `replication` for `queues` queues.
    pub fn new(seed: u64, replication: u32, queues: usize) -> Self {
        let rng = |p, q| SimRng::seed_from_u64(stream_seed(seed, replication, p, q));
        Streams {
            queues: (0..queues)
                .map(|q| QueueStreams {
                    arrivals: rng(Purpose::Arrivals, q),
                    handle: rng(Purpose::HandleTime, q),
                    patience: rng(Purpose::Patience, q),
                    busyness: rng(Purpose::Busyness, q),
                })
                .collect(),
        }
    }
}
