//! Lenient leaf values of the scenario DTOs: a [`Field`] accepts any TOML value with its span,
//! and keeps a value of the wrong type as a [`Mismatch`] instead of failing the whole parse, so
//! that type errors are reported together with every other error.

use serde::{Deserialize, Deserializer};
use std::ops::Range;

/// Longest piece of input echoed back in a message, in characters.
pub(crate) const ECHO_CHARS: usize = 80;

/// A leaf value as written: the converted value, or what was found instead.
#[derive(Debug)]
pub(crate) struct Field<T> {
    /// The value, or the type mismatch.
    pub(crate) value: Result<T, Mismatch>,
    /// Byte range of the value in the file.
    pub(crate) span: Range<usize>,
}

/// A value of the wrong type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mismatch {
    /// Index of the offending element when the field is a list.
    pub(crate) index: Option<usize>,
    /// What the field takes, e.g. "a number".
    pub(crate) expected: &'static str,
    /// The value found, as TOML, at most [`ECHO_CHARS`] characters.
    pub(crate) found: String,
}

/// Types a leaf can hold, with the words used when a value has another type.
pub(crate) trait Leaf: Sized {
    /// What a value of this type looks like, for messages ("a number").
    const EXPECTED: &'static str;
    /// The value, if `v` has this type.
    fn from_value(v: &toml::Value) -> Result<Self, Mismatch>;
}

fn mismatch(expected: &'static str, v: &toml::Value) -> Mismatch {
    Mismatch { index: None, expected, found: echo(&v.to_string()) }
}

impl Leaf for i64 {
    const EXPECTED: &'static str = "an integer";
    fn from_value(v: &toml::Value) -> Result<Self, Mismatch> {
        v.as_integer().ok_or_else(|| mismatch(Self::EXPECTED, v))
    }
}

impl Leaf for f64 {
    const EXPECTED: &'static str = "a number";
    fn from_value(v: &toml::Value) -> Result<Self, Mismatch> {
        match v {
            // i64 → f64 rounds to the nearest double; it cannot wrap.
            toml::Value::Integer(n) => Ok(*n as f64),
            toml::Value::Float(x) => Ok(*x),
            other => Err(mismatch(Self::EXPECTED, other)),
        }
    }
}

impl Leaf for String {
    const EXPECTED: &'static str = "a string";
    fn from_value(v: &toml::Value) -> Result<Self, Mismatch> {
        v.as_str().map(str::to_string).ok_or_else(|| mismatch(Self::EXPECTED, v))
    }
}

impl Leaf for Vec<f64> {
    const EXPECTED: &'static str = "a list of numbers";
    fn from_value(v: &toml::Value) -> Result<Self, Mismatch> {
        let list = v.as_array().ok_or_else(|| mismatch(Self::EXPECTED, v))?;
        list.iter()
            .enumerate()
            .map(|(i, x)| f64::from_value(x).map_err(|m| Mismatch { index: Some(i), ..m }))
            .collect()
    }
}

/// Any value: a field with several shapes (group `skills` and `agents`), checked by hand.
impl Leaf for toml::Value {
    const EXPECTED: &'static str = "a value";
    fn from_value(v: &toml::Value) -> Result<Self, Mismatch> {
        Ok(v.clone())
    }
}

impl<'de, T: Leaf> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = toml::Spanned::<toml::Value>::deserialize(d)?;
        let span = spanned.span();
        Ok(Field { value: T::from_value(spanned.get_ref()), span })
    }
}

/// `text` cut to at most [`ECHO_CHARS`] characters (an ellipsis marks a cut), so a huge input
/// is never echoed back whole.
pub(crate) fn echo(text: &str) -> String {
    if text.chars().count() <= ECHO_CHARS {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(ECHO_CHARS - 1).collect();
        s.push('…');
        s
    }
}

/// 1-based line and column (in characters) of byte offset `at` in `text`.
pub(crate) fn line_column(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_from_one() {
        let text = "a = 1\nbé = \"x\"\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        // "bé = " is 5 characters but 6 bytes: the value starts at column 6.
        assert_eq!(line_column(text, 12), (2, 6));
    }

    #[test]
    fn echo_cuts_long_input_to_80_characters() {
        assert_eq!(echo("short"), "short");
        let long = "x".repeat(10_000);
        let cut = echo(&long);
        assert_eq!(cut.chars().count(), ECHO_CHARS);
        assert!(cut.ends_with('…'));
    }
}
