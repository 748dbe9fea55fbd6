//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
//!
//! One run; the driver lists every rule (`rules[]` in [`RuleId::ALL`] order, so a result's
//! `ruleIndex` is its rule's position there). Each result has one location whose URI is
//! the file's path relative to `%SRCROOT%` (the repository's root, or outside git the
//! directory plan-lint ran in), a full
//! region in 1-based lines and Unicode code point columns, and a `partialFingerprints`
//! entry computed from the rule, the path and the flagged text, never from line numbers,
//! so a finding keeps its identity when unrelated lines move.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::RuleId;
use crate::run::LintRun;
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, Region,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultColumnKind,
    ResultLevel, Run, Sarif, Tool, ToolComponent, Version,
};
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

/// The `$schema` of the log.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Where users learn about the tool (`tool.driver.informationUri`).
pub const INFORMATION_URI: &str = "https://github.com/plan-lint/plan-lint";

/// The URI base every result's location is relative to: the directory plan-lint ran in.
pub const SRCROOT: &str = "%SRCROOT%";

/// The `partialFingerprints` key; bump the version if the hashed input ever changes.
pub const FINGERPRINT_KEY: &str = "planLint/v1";

/// Writes `run` as a pretty-printed SARIF 2.1.0 log followed by a newline.
pub fn write(run: &LintRun, out: &mut dyn Write) -> io::Result<()> {
    let log = build(run)?;
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn json<T: serde::Serialize>(value: T) -> io::Result<serde_json::Value> {
    Ok(serde_json::to_value(value)?)
}

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
    }
}

/// The SARIF log for `run`.
fn build(run: &LintRun) -> io::Result<Sarif> {
    let rules = RuleId::ALL
        .iter()
        .map(|&rule| rule_descriptor(rule))
        .collect::<io::Result<Vec<_>>>()?;
    let driver = ToolComponent::builder()
        .name("plan-lint")
        .full_name(format!("plan-lint {}", env!("CARGO_PKG_VERSION")))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .version(env!("CARGO_PKG_VERSION"))
        .information_uri(INFORMATION_URI)
        .rules(rules)
        .build();

    let mut occurrences: HashMap<(RuleId, &str, &str), usize> = HashMap::new();
    let mut results = Vec::with_capacity(run.diagnostics.len());
    for d in &run.diagnostics {
        let seen = occurrences
            .entry((d.rule, d.path.as_str(), d.snippet.as_str()))
            .or_insert(0);
        let occurrence = *seen;
        *seen += 1;
        results.push(result(d, run.repo_path(&d.path), occurrence));
    }

    let base = ArtifactLocation::builder()
        .description(
            Message::builder()
                .text(
                    "The root of the git repository (outside git, the directory plan-lint was \
                     run in); result paths are relative to it.",
                )
                .build(),
        )
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .column_kind(json(ResultColumnKind::UnicodeCodePoints)?)
        .original_uri_base_ids(BTreeMap::from([(SRCROOT.to_string(), base)]))
        .build();
    Ok(Sarif::builder()
        .schema(SCHEMA)
        .version(json(Version::V2_1_0)?)
        .runs(vec![run])
        .build())
}

fn rule_descriptor(rule: RuleId) -> io::Result<ReportingDescriptor> {
    let doc = rule.documentation();
    let what = what_it_does(doc);
    Ok(ReportingDescriptor::builder()
        .id(rule.code())
        .name(rule.name())
        .short_description(
            MultiformatMessageString::builder()
                .text(sentence(rule.summary()))
                .build(),
        )
        .full_description(
            MultiformatMessageString::builder()
                .text(sentence(&what))
                .markdown(what_it_does_markdown(doc))
                .build(),
        )
        .help(
            MultiformatMessageString::builder()
                .text(doc)
                .markdown(doc)
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json(level(rule.default_severity()))?)
                .build(),
        )
        .build())
}

fn result(d: &Diagnostic, path: &str, occurrence: usize) -> SarifResult {
    let rule_index = RuleId::ALL
        .iter()
        .position(|&r| r == d.rule)
        .expect("every rule is in RuleId::ALL");
    let (uri, base) = artifact_uri(path);
    let mut artifact = ArtifactLocation::builder().uri(uri).build();
    artifact.uri_base_id = base.map(str::to_string);
    let location = Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(artifact.clone())
                .region(region(d))
                .build(),
        )
        .build();
    // The other places that explain it (the placeholders of a collapsed run, the date a
    // later one contradicts).
    let related: Vec<Location> = d
        .secondary
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let mut place = Location::builder()
                .physical_location(
                    PhysicalLocation::builder()
                        .artifact_location(artifact.clone())
                        .region(region_between(label.start, label.end))
                        .build(),
                )
                .message(Message::builder().text(terminated(&label.message)).build())
                .build();
            place.id = Some(i as i64);
            place
        })
        .collect();
    let text = if d.message.trim().is_empty() {
        d.rule.summary().to_string()
    } else {
        d.message.clone()
    };
    let mut result = SarifResult::builder()
        .rule_id(d.rule.code())
        .rule_index(rule_index as i64)
        .level(level(d.severity))
        .message(Message::builder().text(terminated(&text)).build())
        .locations(vec![location])
        .partial_fingerprints(BTreeMap::from([(
            FINGERPRINT_KEY.to_string(),
            fingerprint(d, path, occurrence),
        )]))
        .build();
    if !related.is_empty() {
        result.related_locations = Some(related);
    }
    result
}

/// The region of a finding. Columns are 1-based code point columns and `endColumn` is
/// exclusive, as in the diagnostic; an empty span on one line is widened to one
/// character so every viewer has something to highlight.
fn region(d: &Diagnostic) -> Region {
    region_between(d.start, d.end)
}

/// The region from `start` to `end` (see [`region`]).
fn region_between(start: crate::source::LineCol, end: crate::source::LineCol) -> Region {
    let start_line = start.line.max(1);
    let start_column = start.column.max(1);
    let end_line = end.line.max(start_line);
    let mut end_column = end.column.max(1);
    if end_line == start_line && end_column <= start_column {
        end_column = start_column + 1;
    }
    Region::builder()
        .start_line(start_line as i64)
        .start_column(start_column as i64)
        .end_line(end_line as i64)
        .end_column(end_column as i64)
        .build()
}

/// The hex FNV-1a hash of the rule code, the path, the flagged text and how many times
/// the same (rule, path, text) was found earlier in the file.
fn fingerprint(d: &Diagnostic, path: &str, occurrence: usize) -> String {
    let mut hash = Fnv1a::new();
    for part in [d.rule.code(), path, d.snippet.as_str()] {
        hash.write(part.as_bytes());
        hash.write(&[0]);
    }
    hash.write(occurrence.to_string().as_bytes());
    format!("{:016x}", hash.finish())
}

/// 64-bit FNV-1a: tiny, and stable across Rust versions and platforms (unlike
/// `DefaultHasher`), which fingerprints must be.
struct Fnv1a(u64);

impl Fnv1a {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    fn new() -> Self {
        Fnv1a(Self::OFFSET)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The URI of a display path, and the base it is relative to. A relative path becomes a
/// percent-encoded relative reference under `%SRCROOT%`; a path that could not be made
/// relative (another drive) becomes an absolute `file:` URI with no base.
fn artifact_uri(path: &str) -> (String, Option<&'static str>) {
    let path = path.replace('\\', "/");
    if let Some(rest) = path.strip_prefix('/') {
        return (format!("file:///{}", percent_encode_path(rest)), None);
    }
    let bytes = path.as_bytes();
    if bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/' {
        return (
            format!("file:///{}:{}", &path[..1], percent_encode_path(&path[2..])),
            None,
        );
    }
    (percent_encode_path(&path), Some(SRCROOT))
}

/// Percent-encodes a `/`-separated path for use in a URI: everything but unreserved
/// characters (RFC 3986: letters, digits, `-._~`) and `/` is written as `%XX` of its
/// UTF-8 bytes, so spaces, commas, `#`, `?`, `%` and a `:` that would look like a
/// scheme never change the meaning of the URI.
pub(crate) fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `text` ending with a full stop, as SARIF asks of messages.
fn terminated(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// `text` as a sentence: capitalised and ending with a full stop (for descriptions).
fn sentence(text: &str) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => terminated(&format!("{}{}", first.to_uppercase(), chars.as_str())),
        None => String::new(),
    }
}

/// The documentation's `## What it does` section (the whole documentation when there is
/// no such section), trimmed.
fn what_it_does_markdown(doc: &str) -> &str {
    let Some(at) = doc.find("## What it does\n") else {
        return doc.trim();
    };
    let body = &doc[at + "## What it does\n".len()..];
    let end = body.find("\n## ").unwrap_or(body.len());
    body[..end].trim()
}

/// The `## What it does` section as plain text: paragraphs and list items unwrapped,
/// one per line, paragraphs separated by a blank line.
fn what_it_does(doc: &str) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in what_it_does_markdown(doc).lines() {
        let line = line.trim();
        if line.is_empty() {
            blank = true;
            continue;
        }
        let item = line.starts_with("- ")
            || line.starts_with("* ")
            || line
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if !out.is_empty() {
            out.push_str(match (blank, item) {
                (true, _) => "\n\n",
                (false, true) => "\n",
                (false, false) => " ",
            });
        }
        out.push_str(line);
        blank = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_reference_vectors() {
        let hash = |s: &str| {
            let mut h = Fnv1a::new();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(
            artifact_uri("docs/my plan, v2.md"),
            ("docs/my%20plan%2C%20v2.md".to_string(), Some(SRCROOT))
        );
        assert_eq!(artifact_uri("a:b/é.md").0, "a%3Ab/%C3%A9.md");
        assert_eq!(artifact_uri("../up.md").0, "../up.md");
        assert_eq!(
            artifact_uri("/abs/x.md"),
            ("file:///abs/x.md".to_string(), None)
        );
        assert_eq!(artifact_uri("C:/x y.md").0, "file:///C:/x%20y.md");
    }

    #[test]
    fn sentences() {
        assert_eq!(
            sentence("unfilled placeholder `[Name]`"),
            "Unfilled placeholder `[Name]`."
        );
        assert_eq!(sentence("Done."), "Done.");
    }

    #[test]
    fn what_it_does_is_unwrapped() {
        let doc = "# x\n\n## What it does\nFlags a\nthing:\n- one\n  more\n- two\n\nMore.\n\n## Why\nBecause.";
        assert_eq!(
            what_it_does(doc),
            "Flags a thing:\n- one more\n- two\n\nMore."
        );
        assert_eq!(what_it_does("no sections"), "no sections");
    }
}
