//! Baselines: record today's findings so a repository can adopt plan-lint and fail only
//! on new problems. Findings match by rule, path and flagged text — never by line, so
//! moving lines around does not resurface an old finding.

use crate::error::Error;
use crate::run::LintRun;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Version of the baseline file format.
const VERSION: u32 = 1;

/// One recorded kind of finding and how many times it occurred.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Rule name.
    pub rule: String,
    /// Display path of the file.
    pub path: String,
    /// The flagged text.
    pub text: String,
    /// How many findings share rule, path and text.
    pub count: usize,
}

/// A baseline file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Format version.
    pub version: u32,
    /// Recorded findings, sorted.
    pub findings: Vec<Entry>,
}

type Key = (String, String, String);

impl Baseline {
    /// Records every finding of `run`.
    pub fn from_run(run: &LintRun) -> Baseline {
        let mut counts: BTreeMap<Key, usize> = BTreeMap::new();
        for d in &run.diagnostics {
            *counts
                .entry((d.rule.name().to_string(), d.path.clone(), d.snippet.clone()))
                .or_default() += 1;
        }
        Baseline {
            version: VERSION,
            findings: counts
                .into_iter()
                .map(|((rule, path, text), count)| Entry {
                    rule,
                    path,
                    text,
                    count,
                })
                .collect(),
        }
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            action: "read the baseline",
            path: path.to_path_buf(),
            source,
        })?;
        let baseline: Baseline = serde_json::from_str(&text).map_err(|e| {
            Error::Usage(format!(
                "{} is not a plan-lint baseline: {e}",
                path.display()
            ))
        })?;
        if baseline.version != VERSION {
            return Err(Error::Usage(format!(
                "{} is a baseline of version {}; this plan-lint reads version {VERSION}",
                path.display(),
                baseline.version
            )));
        }
        Ok(baseline)
    }

    /// Writes the baseline as pretty JSON.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        let mut text = serde_json::to_string_pretty(self).expect("a baseline serialises");
        text.push('\n');
        crate::safe_write::write(
            path,
            text.as_bytes(),
            crate::safe_write::Links::Follow,
            crate::safe_write::Mode::Data,
        )
        .map_err(|source| Error::Io {
            action: "write the baseline",
            path: path.to_path_buf(),
            source,
        })
    }

    /// Removes from `run` the findings the baseline records (up to each recorded count,
    /// in document order); new findings stay.
    pub fn apply(&self, run: &mut LintRun) {
        let mut budget: BTreeMap<Key, usize> = self
            .findings
            .iter()
            .map(|e| ((e.rule.clone(), e.path.clone(), e.text.clone()), e.count))
            .collect();
        run.diagnostics.retain(|d| {
            let key = (d.rule.name().to_string(), d.path.clone(), d.snippet.clone());
            match budget.get_mut(&key) {
                Some(left) if *left > 0 => {
                    *left -= 1;
                    false
                }
                _ => true,
            }
        });
    }
}
