//! The junit format (being written).

use crate::run::LintRun;
use std::io::{self, Write};

/// Writes `run` in the junit format.
pub fn write(run: &LintRun, out: &mut dyn Write) -> io::Result<()> {
    let _ = (run, out);
    Err(io::Error::other("the junit format is not implemented yet"))
}
