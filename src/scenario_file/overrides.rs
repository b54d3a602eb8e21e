//! `--set PATH=VALUE`: one assignment applied to a scenario's TOML document before it is
//! validated (used by `wfmsim compare` to build variants of one scenario).
//!
//! PATH is dotted keys with 0-based array indices, as in validation messages:
//! `group[2].agents`, `routing.policy`, `queue[0].patience.mean_s`. VALUE is read as a TOML
//! value (`14`, `2.5`, `true`, `[1, 2]`, `{ a = 1 }`, `"text"`) and, when that fails, taken as
//! a string, so `longest-wait` needs no quotes. Missing tables along a dotted path are created;
//! an index out of range, or an index into something that is not an array, is an error naming
//! the path, what exists and how to fix it.

use thiserror::Error;
use toml::{Table, Value};

/// Why an assignment cannot be applied.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum OverrideError {
    /// Not of the form `PATH=VALUE`, or PATH is malformed.
    #[error("--set {assignment:?}: {message}; expected PATH=VALUE such as group[2].agents=14 or routing.policy=longest-wait (dotted keys, 0-based [indices])")]
    Syntax {
        /// The assignment as given.
        assignment: String,
        /// What is wrong.
        message: String,
    },
    /// The path does not fit the scenario (index out of range, not an array, not a table).
    #[error("--set {path}: {message}")]
    Path {
        /// PATH as given.
        path: String,
        /// What exists and how to fix it.
        message: String,
    },
    /// The scenario text is not TOML (its own errors are reported when it is loaded).
    #[error("--set {path}: the scenario is not valid TOML: {message}")]
    Scenario {
        /// PATH as given.
        path: String,
        /// The parser's message.
        message: String,
    },
}

/// One step of a path: a key, then zero or more indices.
#[derive(Debug, Clone, PartialEq)]
struct Step {
    key: String,
    indices: Vec<usize>,
}

/// A parsed `PATH=VALUE`.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// PATH as written.
    pub path: String,
    steps: Vec<Step>,
    /// The value to set.
    pub value: Value,
}

impl Assignment {
    /// Parses `PATH=VALUE` (one assignment; the first `=` separates them).
    pub fn parse(assignment: &str) -> Result<Assignment, OverrideError> {
        let syntax = |message: &str| OverrideError::Syntax {
            assignment: assignment.into(),
            message: message.into(),
        };
        let (path, value) = assignment.split_once('=').ok_or_else(|| syntax("no '='"))?;
        let path = path.trim();
        let steps = parse_path(path).map_err(|m| syntax(&m))?;
        Ok(Assignment { path: path.to_string(), steps, value: parse_value(value.trim()) })
    }

    /// Applies the assignment to a parsed document.
    pub fn apply(&self, doc: &mut Table) -> Result<(), OverrideError> {
        let fail = |message: String| OverrideError::Path { path: self.path.clone(), message };
        let mut table = doc;
        let mut done = String::new(); // the path walked so far, for messages
        let last = self.steps.len() - 1;
        for (n, step) in self.steps.iter().enumerate() {
            let mut here = join(&done, &step.key);
            let mut value = if step.indices.is_empty() {
                // A missing key along a dotted path becomes a table.
                table.entry(step.key.clone()).or_insert_with(|| Table::new().into())
            } else {
                table.get_mut(&step.key).ok_or_else(|| {
                    let owner = if done.is_empty() { "the scenario" } else { done.as_str() };
                    fail(format!(
                        "{owner} has no {:?} array to index; check the spelling against docs/scenario.md",
                        step.key
                    ))
                })?
            };
            for (k, &i) in step.indices.iter().enumerate() {
                if !value.is_array() {
                    return Err(fail(format!(
                        "{here} is {}, not an array; drop the [{i}]",
                        describe(value)
                    )));
                }
                let Value::Array(items) = value else { unreachable!("checked above") };
                if i >= items.len() {
                    return Err(fail(out_of_range(&here, items.len(), done.is_empty() && k == 0)));
                }
                value = &mut items[i];
                here = format!("{here}[{i}]");
            }
            if n == last {
                *value = self.value.clone();
                return Ok(());
            }
            table = match value {
                Value::Table(t) => t,
                other => {
                    return Err(fail(format!(
                        "{here} is {}, not a table, so it has no key {:?}",
                        describe(other),
                        self.steps[n + 1].key
                    )))
                }
            };
            done = here;
        }
        unreachable!("a parsed path has at least one step")
    }
}

/// Applies one `PATH=VALUE` assignment to scenario `text` and returns the new TOML text.
pub fn apply_override(text: &str, assignment: &str) -> Result<String, OverrideError> {
    let a = Assignment::parse(assignment)?;
    let mut doc: Table = text.parse().map_err(|e: toml::de::Error| OverrideError::Scenario {
        path: a.path.clone(),
        message: e.message().to_string(),
    })?;
    a.apply(&mut doc)?;
    Ok(toml::to_string(&doc).expect("a TOML table serialises"))
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn out_of_range(at: &str, len: usize, top_level: bool) -> String {
    let what = if top_level {
        format!("the scenario has {len} {}", plural(at, len))
    } else {
        format!("{at} has {len} entr{}", if len == 1 { "y" } else { "ies" })
    };
    match len {
        0 => format!("index out of range: {what}"),
        1 => format!("index out of range: {what}: {at}[0] (indices are 0-based)"),
        _ => format!(
            "index out of range: {what}: {at}[0..{}]; use an index from 0 to {} (0-based, as in validation messages)",
            len - 1,
            len - 1
        ),
    }
}

fn plural(key: &str, n: usize) -> String {
    if n == 1 {
        key.to_string()
    } else {
        format!("{key}s")
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => format!("the string {s:?}"),
        Value::Integer(i) => format!("the integer {i}"),
        Value::Float(f) => format!("the number {f}"),
        Value::Boolean(b) => format!("the boolean {b}"),
        Value::Datetime(d) => format!("the date-time {d}"),
        Value::Array(a) => format!("an array of {} entries", a.len()),
        Value::Table(_) => "a table".to_string(),
    }
}

/// `a.b[1][2].c` → steps; keys are bare TOML keys (letters, digits, `_`, `-`).
fn parse_path(path: &str) -> Result<Vec<Step>, String> {
    if path.is_empty() {
        return Err("empty PATH".into());
    }
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(format!("bad key {key:?} in PATH {path:?}"));
        }
        let mut indices = Vec::new();
        while !rest.is_empty() {
            let close = rest
                .find(']')
                .filter(|_| rest.starts_with('['))
                .ok_or_else(|| format!("bad index {rest:?} in PATH {path:?}"))?;
            let i = rest[1..close]
                .trim()
                .parse::<usize>()
                .map_err(|_| format!("index {:?} is not a whole number ≥ 0", &rest[1..close]))?;
            indices.push(i);
            rest = &rest[close + 1..];
        }
        steps.push(Step { key: key.to_string(), indices });
    }
    Ok(steps)
}

/// A TOML value, or the text itself as a string when it is not one.
fn parse_value(text: &str) -> Value {
    format!("v = {text}")
        .parse::<Table>()
        .ok()
        .filter(|t| t.len() == 1)
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| Value::String(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"
name = "x"
[[group]]
name = "a"
agents = 3
[[group]]
name = "b"
agents = [1, 2]
[routing]
policy = "priority"
"#;

    fn set(a: &str) -> Result<Table, OverrideError> {
        apply_override(DOC, a).map(|t| t.parse().unwrap())
    }

    #[test]
    fn values_are_toml_or_else_strings() {
        assert_eq!(parse_value("14"), Value::Integer(14));
        assert_eq!(parse_value("2.5"), Value::Float(2.5));
        assert_eq!(parse_value("true"), Value::Boolean(true));
        assert_eq!(parse_value("[1,2]"), Value::Array(vec![1.into(), 2.into()]));
        assert!(matches!(parse_value("{ a = 1 }"), Value::Table(t) if t["a"] == Value::Integer(1)));
        assert_eq!(parse_value("skill-priority"), Value::String("skill-priority".into()));
        assert_eq!(parse_value("\"quoted\""), Value::String("quoted".into()));
        // Not a way to smuggle in a second key.
        assert_eq!(parse_value("1\nw = 2"), Value::String("1\nw = 2".into()));
    }

    #[test]
    fn indices_and_dotted_keys_set_the_value() {
        let t = set("group[1].agents=14").unwrap();
        assert_eq!(t["group"][1]["agents"], Value::Integer(14));
        assert_eq!(t["group"][0]["agents"], Value::Integer(3), "the other group is unchanged");
        let t = set("group[1].agents[0]=5").unwrap();
        assert_eq!(t["group"][1]["agents"], Value::Array(vec![5.into(), 2.into()]));
        let t = set("routing.policy=longest-wait").unwrap();
        assert_eq!(t["routing"]["policy"], Value::String("longest-wait".into()));
        // Missing tables along a dotted path are created.
        let t = set("routing.weights.french=2").unwrap();
        assert_eq!(t["routing"]["weights"]["french"], Value::Integer(2));
        let t = set("group[0].patience.mean_s=90").unwrap();
        assert_eq!(t["group"][0]["patience"]["mean_s"], Value::Integer(90));
    }

    #[test]
    fn errors_name_the_path_what_exists_and_the_fix() {
        let e = set("group[5].agents=1").unwrap_err().to_string();
        assert!(
            e.contains("group[5].agents") && e.contains("the scenario has 2 groups: group[0..1]"),
            "{e}"
        );
        let e = set("group[1].agents[2]=1").unwrap_err().to_string();
        assert!(e.contains("group[1].agents has 2 entries"), "{e}");
        let e = set("routing[0].policy=x").unwrap_err().to_string();
        assert!(e.contains("routing is a table, not an array"), "{e}");
        let e = set("name.first=x").unwrap_err().to_string();
        assert!(e.contains("name is the string \"x\", not a table"), "{e}");
        let e = set("queue[0].name=x").unwrap_err().to_string();
        assert!(e.contains("the scenario has no \"queue\" array"), "{e}");
        let e = set("group[0].agents.x=1").unwrap_err().to_string();
        assert!(e.contains("group[0].agents is the integer 3"), "{e}");
        for bad in ["group[x].agents=1", "group[1.agents=1", "a..b=1", "=3", "nothing"] {
            let e = set(bad).unwrap_err();
            assert!(matches!(e, OverrideError::Syntax { .. }), "{bad}: {e}");
            assert!(e.to_string().contains("expected PATH=VALUE"), "{e}");
        }
    }
}
