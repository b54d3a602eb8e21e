//! The error collector: every problem is recorded with its path, and conversion goes on.

use super::super::errors::FieldError;

/// Collects errors under a path prefix.
pub(crate) struct Errors<'a>(pub(crate) &'a mut Vec<FieldError>);

impl Errors<'_> {
    pub(crate) fn push(&mut self, path: impl Into<String>, msg: impl Into<String>) {
        self.0.push(FieldError::new(path, msg));
    }

    /// `value` if present, else records "missing" at `path`.
    pub(crate) fn require<T>(&mut self, value: Option<T>, path: &str, hint: &str) -> Option<T> {
        if value.is_none() {
            self.push(path, format!("missing; {hint}"));
        }
        value
    }

    /// Checks `lo <(=) v <(=) hi` style predicates with one message.
    pub(crate) fn check(
        &mut self,
        ok: bool,
        path: &str,
        expected: &str,
        got: impl std::fmt::Display,
    ) -> bool {
        if !ok {
            self.push(path, format!("must be {expected}, got {got}"));
        }
        ok
    }
}
