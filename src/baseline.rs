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
        let text = crate::bounded_read::read_settings(path, "read the baseline")?;
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
        .map_err(|error| Error::Io {
            action: "write the baseline",
            path: path.to_path_buf(),
            error,
        })
    }

    /// Removes from `run` the findings the baseline records (up to each recorded count,
    /// in document order); new findings stay. Says how many it hid, and how many
    /// recorded findings are gone (fixed, or their file removed): entries to drop.
    pub fn apply(&self, run: &mut LintRun) -> Applied {
        let mut budget: BTreeMap<Key, usize> = self
            .findings
            .iter()
            .map(|e| ((e.rule.clone(), e.path.clone(), e.text.clone()), e.count))
            .collect();
        let before = run.diagnostics.len();
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
        let hidden = before - run.diagnostics.len();
        // Only a file this run linted (or one that is gone) can show an entry is stale: a
        // run of some files says nothing of the others.
        let linted: std::collections::HashSet<&str> = run
            .plans
            .iter()
            .map(String::as_str)
            .chain(run.diagnostics.iter().map(|d| d.path.as_str()))
            .collect();
        let stale_entries: Vec<(Key, usize)> = budget
            .into_iter()
            .filter(|((_, path, _), left)| {
                *left > 0 && (linted.contains(path.as_str()) || !Path::new(path).exists())
            })
            .collect();
        Applied {
            hidden,
            stale: stale_entries.iter().map(|(_, left)| left).sum(),
            stale_examples: stale_entries
                .into_iter()
                .take(STALE_SHOWN)
                .map(|((rule, path, text), _)| {
                    format!("{rule} in {path}: {}", crate::diagnostic::code_span(&text))
                })
                .collect(),
        }
    }
}

/// How many stale entries are named on stderr (the count says the rest).
const STALE_SHOWN: usize = 5;

/// What applying a baseline did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// Findings the baseline hid.
    pub hidden: usize,
    /// Recorded findings that no longer occur in the files linted (or whose file is
    /// gone): `--write-baseline` drops them.
    pub stale: usize,
    /// The first stale entries, as `rule in path: text`.
    pub stale_examples: Vec<String>,
}

impl Applied {
    /// The line to tell the user, when there is something to tell.
    pub fn summary(&self, baseline: &Path) -> Option<String> {
        let shown = baseline.display();
        let hid = crate::report::plural(self.hidden, "finding");
        match (self.hidden, self.stale) {
            (0, 0) => None,
            (_, 0) => Some(format!("the baseline {shown} hid {hid}")),
            _ => {
                let mut text = format!(
                    "the baseline {shown} hid {hid}; {} of it no longer occur \
                     (fixed or removed: `--write-baseline {shown}` drops them)",
                    crate::report::plural(self.stale, "recorded finding")
                );
                for example in &self.stale_examples {
                    text.push_str("\n  no longer found: ");
                    text.push_str(&crate::report::terminal_safe(example));
                }
                Some(text)
            }
        }
    }
}
