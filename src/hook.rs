//! `plan-lint install-hook`: a git pre-commit hook that lints the staged plans.

use crate::error::Error;
use git2::Repository;
use std::path::{Path, PathBuf};

/// The line that marks a hook as plan-lint's own, so it may be rewritten.
pub const MARKER: &str = "# installed by plan-lint install-hook";

fn script(fallback: &Path) -> String {
    let fallback = fallback.display().to_string().replace('\'', r"'\''");
    format!(
        "#!/bin/sh\n{MARKER}\n# Lints the staged content of the plans this commit changes.\n\
         if command -v plan-lint >/dev/null 2>&1; then\n  exec plan-lint --staged\nfi\n\
         exec '{fallback}' --staged\n"
    )
}

/// Writes the pre-commit hook of the repository around `dir`, honouring
/// `core.hooksPath`. A hook plan-lint did not write is kept unless `force`.
pub fn install(dir: &Path, force: bool) -> Result<PathBuf, Error> {
    let repo = Repository::discover(dir).map_err(|e| {
        Error::Git(format!(
            "install-hook needs a git repository: {}",
            e.message()
        ))
    })?;
    let hooks = match repo.config().and_then(|c| c.get_path("core.hooksPath")) {
        Ok(path) if path.is_absolute() => path,
        Ok(path) => repo.workdir().unwrap_or_else(|| repo.path()).join(path),
        Err(_) => repo.commondir().join("hooks"),
    };
    let hook = hooks.join("pre-commit");
    if let Ok(existing) = std::fs::read_to_string(&hook)
        && !existing.contains(MARKER)
        && !force
    {
        return Err(Error::Usage(format!(
            "{} already exists and was not written by plan-lint; pass --force to replace it",
            hook.display()
        )));
    }
    if hook.exists() && std::fs::read_to_string(&hook).is_err() && !force {
        return Err(Error::Usage(format!(
            "{} already exists; pass --force to replace it",
            hook.display()
        )));
    }
    std::fs::create_dir_all(&hooks).map_err(|source| Error::Io {
        action: "create the hooks folder",
        path: hooks.clone(),
        source,
    })?;
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("plan-lint"));
    std::fs::write(&hook, script(&exe)).map_err(|source| Error::Io {
        action: "write the hook",
        path: hook.clone(),
        source,
    })?;
    make_executable(&hook)?;
    Ok(hook)
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<(), Error> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).map_err(|source| {
        Error::Io {
            action: "make the hook executable",
            path: path.to_path_buf(),
            source,
        }
    })
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<(), Error> {
    Ok(())
}
