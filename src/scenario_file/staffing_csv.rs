//! Reading a group's head-counts from a `staffing.csv` written by `wfmsim staff`.

use std::path::Path;

/// The `agents` column for `group`, one value per interval `0..intervals`, from the CSV at
/// `path` (columns `interval`, `group`, `agents`; other columns are ignored). The error says
/// which file, line and column are wrong and what was expected.
pub fn group_agents(path: &Path, group: &str, intervals: usize) -> Result<Vec<u32>, String> {
    let shown = path.display();
    let bytes = crate::text_file::read_bytes(path).map_err(|e| e.to_string())?;
    let mut rdr = csv::Reader::from_reader(bytes.as_slice());
    let headers = rdr.headers().map_err(|e| format!("{shown}: {e}"))?.clone();
    let col = |name: &str| {
        headers.iter().position(|h| h == name).ok_or_else(|| {
            format!("{shown}: no column {name:?} (expected the columns interval, group, agents of a staffing.csv)")
        })
    };
    let (ci, cg, ca) = (col("interval")?, col("group")?, col("agents")?);
    let mut out: Vec<Option<u32>> = vec![None; intervals];
    for rec in rdr.records() {
        let rec = rec.map_err(|e| format!("{shown}: {e}"))?;
        let line = rec.position().map_or(0, |p| p.line());
        if rec.get(cg) != Some(group) {
            continue;
        }
        let field = |c: usize, what: &str| -> Result<u64, String> {
            let v = rec.get(c).unwrap_or("").trim();
            v.parse::<u64>().map_err(|_| {
                format!("{shown}:{line}: column {:?} must be {what}, got {v:?}", &headers[c])
            })
        };
        let i = field(ci, "a whole interval index")? as usize;
        let a = field(ca, "a whole number of agents")?;
        if i >= intervals {
            return Err(format!(
                "{shown}:{line}: interval {i} is beyond the horizon ({intervals} intervals)"
            ));
        }
        if out[i].is_some() {
            return Err(format!("{shown}:{line}: interval {i} of group {group:?} is listed twice"));
        }
        out[i] =
            Some(u32::try_from(a).map_err(|_| format!("{shown}:{line}: {a} agents is too many"))?);
    }
    let missing: Vec<usize> = (0..intervals).filter(|&i| out[i].is_none()).collect();
    if !missing.is_empty() {
        let first: Vec<String> = missing.iter().take(5).map(|i| i.to_string()).collect();
        return Err(format!(
            "{shown}: group {group:?} has no row for {} interval(s) (first: {}); the file must hold one row per interval",
            missing.len(),
            first.join(", ")
        ));
    }
    Ok(out.into_iter().map(|a| a.unwrap_or(0)).collect())
}
