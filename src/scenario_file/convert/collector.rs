//! The error collector: every problem is recorded with its path, and conversion goes on.

use crate::scenario_file::errors::FieldError;
use crate::scenario_file::field::{echo, line_column, Field};

/// A leaf value that was present but had the wrong type (the error is already recorded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bad;

/// Collects errors with their paths; `text` is the file, for line and column numbers.
pub(crate) struct Errors<'a> {
    errs: &'a mut Vec<FieldError>,
    text: &'a str,
}

impl<'a> Errors<'a> {
    /// A collector appending to `errs`, locating values in `text`.
    pub(crate) fn new(errs: &'a mut Vec<FieldError>, text: &'a str) -> Self {
        Errors { errs, text }
    }

    /// True when no error has been recorded.
    pub(crate) fn is_clean(&self) -> bool {
        self.errs.is_empty()
    }

    /// Records `msg` at `path`.
    pub(crate) fn push(&mut self, path: impl Into<String>, msg: impl Into<String>) {
        self.errs.push(FieldError::new(path, msg));
    }

    /// `value` if present, else records "missing" at `path`.
    pub(crate) fn require<T>(&mut self, value: Option<T>, path: &str, hint: &str) -> Option<T> {
        if value.is_none() {
            self.push(path, format!("missing; {hint}"));
        }
        value
    }

    /// Records "must be `expected`, got `got`" at `path` unless `ok`; `got` is echoed at most
    /// 80 characters.
    pub(crate) fn check(
        &mut self,
        ok: bool,
        path: &str,
        expected: &str,
        got: impl std::fmt::Display,
    ) -> bool {
        if !ok {
            self.push(path, format!("must be {expected}, got {}", echo(&got.to_string())));
        }
        ok
    }

    /// A leaf field: `Ok(None)` when absent, `Ok(Some(v))` when present with the right type,
    /// and `Err(Bad)` — with "expected .., found .." recorded at `path`, line and column —
    /// when present with another type.
    pub(crate) fn field<T>(&mut self, f: Option<Field<T>>, path: &str) -> Result<Option<T>, Bad> {
        let Some(f) = f else { return Ok(None) };
        match f.value {
            Ok(v) => Ok(Some(v)),
            Err(m) => {
                let path = match m.index {
                    Some(i) => format!("{path}[{i}]"),
                    None => path.to_string(),
                };
                let (line, column) = line_column(self.text, f.span.start);
                self.errs.push(
                    FieldError::new(path, format!("expected {}, found {}", m.expected, m.found))
                        .at(line, column),
                );
                Err(Bad)
            }
        }
    }

    /// A position in the list of errors, for [`Errors::locate_since`].
    pub(crate) fn mark(&self) -> usize {
        self.errs.len()
    }

    /// Gives the errors recorded since `mark` that have no position the position of the value
    /// at byte range `span` (the field they are about, e.g. a group's `agents`).
    pub(crate) fn locate_since(&mut self, mark: usize, span: &std::ops::Range<usize>) {
        let (line, column) = line_column(self.text, span.start);
        for err in self.errs.iter_mut().skip(mark) {
            if err.line_column.is_none() {
                err.line_column = Some((line, column));
            }
        }
    }

    /// A leaf field whose absence and wrong type are both `None` (the type error recorded).
    pub(crate) fn value<T>(&mut self, f: Option<Field<T>>, path: &str) -> Option<T> {
        self.field(f, path).ok().flatten()
    }

    /// A required leaf field: `None` when absent ("missing; `hint`" recorded) or of the wrong
    /// type (the type error recorded).
    pub(crate) fn required<T>(&mut self, f: Option<Field<T>>, path: &str, hint: &str) -> Option<T> {
        match self.field(f, path) {
            Ok(v) => self.require(v, path, hint),
            Err(Bad) => None,
        }
    }

    /// An integer within `lo..=hi`, else records at `path` "must be `what` from lo to hi, got v;
    /// `fix`" and returns `None`.
    pub(crate) fn int_in(
        &mut self,
        v: i64,
        lo: i64,
        hi: i64,
        path: &str,
        what: &str,
        fix: &str,
    ) -> Option<i64> {
        if (lo..=hi).contains(&v) {
            Some(v)
        } else {
            self.push(path, format!("must be {what} from {lo} to {hi}, got {v}; {fix}"));
            None
        }
    }
}

/// Whether a leaf field was written at all (with the right type or not).
pub(crate) fn given<T>(f: &Result<Option<T>, Bad>) -> bool {
    !matches!(f, Ok(None))
}

/// A name from a closed list at `path`: the value, or `None` with "unknown `what` ..;
/// expected one of .." recorded (also `None` when absent).
pub(crate) fn named<T>(
    value: Option<String>,
    path: &str,
    what: &str,
    from_name: fn(&str) -> Option<T>,
    names: &[&str],
    e: &mut Errors<'_>,
) -> Option<T> {
    let v = value?;
    let found = from_name(&v);
    if found.is_none() {
        e.push(
            path,
            format!("unknown {what} {:?}; expected one of {}", echo(&v), names.join(", ")),
        );
    }
    found
}
