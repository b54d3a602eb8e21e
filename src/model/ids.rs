//! Newtype indices for queues and groups, so the hot path never touches names.

/// Index of a queue (contact type) in `Model::queues`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QueueId(u32);

/// Index of an agent group in `Model::groups`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupId(u32);

macro_rules! index_newtype {
    ($t:ident) => {
        impl $t {
            /// Wraps a vector index.
            pub fn new(index: usize) -> Self {
                $t(index as u32)
            }
            /// The vector index.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

index_newtype!(QueueId);
index_newtype!(GroupId);
