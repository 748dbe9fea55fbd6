//! JUnit XML, for CI systems that show test reports: one test case per plan (and per
//! unreadable file), failed when the file has findings.
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <testsuites name="plan-lint" tests="2" failures="1" errors="0">
//!   <testsuite name="plan-lint" tests="2" failures="1" errors="0" skipped="0">
//!     <testcase classname="plan-lint" name="docs/a.md" file="docs/a.md">
//!       <failure message="1 finding" type="plan-lint">12:5 error PL001 placeholder: unfilled placeholder `[Name]`</failure>
//!     </testcase>
//!     <testcase classname="plan-lint" name="docs/b.md" file="docs/b.md"/>
//!   </testsuite>
//! </testsuites>
//! ```

use super::plural;
use crate::diagnostic::Diagnostic;
use crate::run::LintRun;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Writes `run` as a JUnit XML report followed by a newline.
pub fn write(run: &LintRun, out: &mut dyn Write) -> io::Result<()> {
    // Every plan, clean or not, and every other file with findings (unreadable ones).
    let mut cases: BTreeMap<&str, Vec<&Diagnostic>> =
        run.plans.iter().map(|p| (p.as_str(), Vec::new())).collect();
    for d in &run.diagnostics {
        cases.entry(d.path.as_str()).or_default().push(d);
    }
    let tests = cases.len().to_string();
    let failures = cases.values().filter(|f| !f.is_empty()).count().to_string();

    let mut xml = Writer::new_with_indent(&mut *out, b' ', 2);
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let counts = [
        ("tests", tests.as_str()),
        ("failures", failures.as_str()),
        ("errors", "0"),
    ];
    xml.write_event(Event::Start(
        BytesStart::new("testsuites")
            .with_attributes([("name", "plan-lint")])
            .with_attributes(counts),
    ))?;
    xml.write_event(Event::Start(
        BytesStart::new("testsuite")
            .with_attributes([("name", "plan-lint")])
            .with_attributes(counts)
            .with_attributes([("skipped", "0")]),
    ))?;
    for (path, findings) in &cases {
        let path = xml_safe(path);
        let case = BytesStart::new("testcase").with_attributes([
            ("classname", "plan-lint"),
            ("name", &*path),
            ("file", &*path),
        ]);
        if findings.is_empty() {
            xml.write_event(Event::Empty(case))?;
            continue;
        }
        xml.write_event(Event::Start(case))?;
        let message = plural(findings.len(), "finding");
        let text = findings
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {} {} {}: {}",
                    d.start.line,
                    d.start.column,
                    d.severity.as_str(),
                    d.rule.code(),
                    d.rule.name(),
                    d.message
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        xml.write_event(Event::Start(BytesStart::new("failure").with_attributes([
            ("message", message.as_str()),
            ("type", "plan-lint"),
        ])))?;
        xml.write_event(Event::Text(BytesText::new(&xml_safe(&text))))?;
        xml.write_event(Event::End(BytesEnd::new("failure")))?;
        xml.write_event(Event::End(BytesEnd::new("testcase")))?;
    }
    xml.write_event(Event::End(BytesEnd::new("testsuite")))?;
    xml.write_event(Event::End(BytesEnd::new("testsuites")))?;
    writeln!(out)
}

/// `text` with the characters XML 1.0 cannot hold at all, not even escaped (control
/// characters other than tab, LF and CR; U+FFFE and U+FFFF), replaced by U+FFFD.
fn xml_safe(text: &str) -> Cow<'_, str> {
    let bad = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}');
    if text.contains(bad) {
        Cow::Owned(text.replace(bad, "\u{FFFD}"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::xml_safe;

    #[test]
    fn control_characters_are_replaced() {
        assert_eq!(xml_safe("a\u{1b}b\tc\nd"), "a\u{FFFD}b\tc\nd");
    }
}
