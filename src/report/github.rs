//! The GitHub Actions format (being written).

use super::GithubEnv;
use crate::run::LintRun;
use std::io::{self, Write};

/// Writes `run` as GitHub workflow commands.
pub fn write(run: &LintRun, env: &GithubEnv, out: &mut dyn Write) -> io::Result<()> {
    let _ = (run, env, out);
    Err(io::Error::other("the github format is not implemented yet"))
}
