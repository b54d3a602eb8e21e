//! Line numbers from byte offsets. The csv crate's own line counter is off by one in CRLF
//! files, so messages count the `\n` bytes up to a record's start instead. (In a CRLF file the
//! csv crate reports a record as starting at the `\n` that ends the previous line.)

/// Offsets of the newlines of a text, for line look-ups.
pub(crate) struct LineIndex {
    newlines: Vec<u64>,
}

impl LineIndex {
    /// Indexes `bytes`.
    pub(crate) fn new(bytes: &[u8]) -> Self {
        LineIndex {
            newlines: bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i as u64)
                .collect(),
        }
    }

    /// The 1-based line of a record starting at byte offset `byte` (a `\n` at `byte` itself
    /// ends the previous line).
    pub(crate) fn line(&self, byte: u64) -> u64 {
        self.newlines.partition_point(|&p| p <= byte) as u64 + 1
    }

    /// The 1-based line of a csv record, from its byte position.
    pub(crate) fn of(&self, position: Option<&csv::Position>) -> u64 {
        position.map_or(0, |p| self.line(p.byte()))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn crlf_lines() {
        // Record starts as the csv crate reports them: CRLF 0, 4, 9; LF 0, 4, 8.
        let idx = super::LineIndex::new(b"a;b\r\n1;2\r\n3;4\r\n");
        assert_eq!((idx.line(0), idx.line(4), idx.line(9)), (1, 2, 3));
        let idx = super::LineIndex::new(b"a;b\n1;2\n3;4\n");
        assert_eq!((idx.line(0), idx.line(4), idx.line(8)), (1, 2, 3));
    }
}
