//! The Zed extension of plan-lint: starts `plan-lint server` (found on PATH) for
//! Markdown files. Zed compiles it when installed as a dev extension.

use zed_extension_api::{self as zed, LanguageServerId, Result};

struct PlanLint;

impl zed::Extension for PlanLint {
    fn new() -> Self {
        PlanLint
    }

    fn language_server_command(
        &mut self,
        _id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let command = worktree
            .which("plan-lint")
            .ok_or_else(|| "plan-lint is not on PATH: install it first".to_string())?;
        Ok(zed::Command {
            command,
            args: vec!["server".to_string()],
            env: worktree.shell_env(),
        })
    }
}

zed::register_extension!(PlanLint);
