//! The concise format: one uncoloured line per finding, then the summary line. Used under
//! pre-commit, where a long report per finding would bury the list of what to fix.
//!
//! ```text
//! docs/plans/billing.md:12:5: error PL001 [placeholder] unfilled placeholder `[Name]`
//! 1 error, 0 warnings in 1 plan (3 files scanned)
//! ```

use super::summary_line;
use crate::run::LintRun;
use std::io::{self, Write};

/// Writes each finding as `path:line:col: severity CODE [name] message`, then the
/// summary line.
pub fn write(run: &LintRun, out: &mut dyn Write) -> io::Result<()> {
    for d in &run.diagnostics {
        writeln!(out, "{}", line(d))?;
    }
    writeln!(out, "{}", summary_line(run))
}

/// One finding on one line: `path:line:col: severity CODE [name] message`.
pub fn line(d: &crate::diagnostic::Diagnostic) -> String {
    let line = format!(
        "{}:{}:{}: {} {} [{}] {}",
        one_line(&d.path),
        d.start.line,
        d.start.column,
        d.severity.as_str(),
        d.rule.code(),
        d.rule.name(),
        one_line(&d.message),
    );
    super::terminal::safe(&line).into_owned()
}

/// `text` on one line: each line break (CR LF, LF or CR) becomes a space.
pub(crate) fn one_line(text: &str) -> String {
    if !text.contains(['\n', '\r']) {
        return text.to_string();
    }
    text.replace("\r\n", " ").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn line_breaks_become_spaces() {
        assert_eq!(one_line("a\nb\r\nc\rd"), "a b c d");
        assert_eq!(one_line("plain"), "plain");
    }
}
