//! `plan-lint install-hook`: a git pre-commit hook that lints the staged plans.

use crate::error::Error;
use git2::Repository;
use std::path::{Path, PathBuf};

/// The line that opens plan-lint's block in a hook; only the block is rewritten, so
/// lines a user adds around it are kept.
pub const BEGIN: &str = "# >>> installed by plan-lint install-hook >>>";
/// The line that closes plan-lint's block.
pub const END: &str = "# <<< installed by plan-lint install-hook <<<";
/// The marker of hooks written before the block existed (the whole file was plan-lint's).
const OLD_MARKER: &str = "# installed by plan-lint install-hook";

/// plan-lint's block: it stops the commit when plan-lint fails, and otherwise lets the
/// lines after it run.
fn block(fallback: &Path) -> String {
    let fallback = fallback.display().to_string().replace('\'', r"'\''");
    format!(
        "{BEGIN}\n# Lints the staged content of the plans this commit changes; lines outside \
         this block are yours and are kept.\n\
         if command -v plan-lint >/dev/null 2>&1; then\n  plan-lint --staged || exit $?\n\
         else\n  '{fallback}' --staged || exit $?\nfi\n{END}\n"
    )
}

/// The new hook text: plan-lint's block in place of the old one, every other line kept.
/// `None` when `existing` is not plan-lint's hook.
fn rewrite(existing: Option<&str>, block: &str) -> Option<String> {
    let Some(text) = existing else {
        return Some(format!("#!/bin/sh\n{block}"));
    };
    let lines: Vec<&str> = text.lines().collect();
    let begin = lines.iter().position(|l| l.trim_end() == BEGIN);
    let end = lines.iter().position(|l| l.trim_end() == END);
    let (before, after): (Vec<&str>, Vec<&str>) = match (begin, end) {
        (Some(b), Some(e)) if b < e => (lines[..b].to_vec(), lines[e + 1..].to_vec()),
        (None, None) if lines.iter().any(|l| l.trim_end() == OLD_MARKER) => {
            // The old hook wrote six lines from its marker on; the lines around them are
            // the user's.
            let at = lines.iter().position(|l| l.trim_end() == OLD_MARKER)?;
            let old = lines.get(at..at + 6)?;
            let wrote = old[1].starts_with("# Lints the staged content")
                && old[2].trim() == "if command -v plan-lint >/dev/null 2>&1; then"
                && old[3].trim() == "exec plan-lint --staged"
                && old[4].trim() == "fi"
                && old[5].starts_with("exec '");
            if !wrote {
                return None;
            }
            (lines[..at].to_vec(), lines[at + 6..].to_vec())
        }
        _ => return None,
    };
    let mut out = String::new();
    if before.is_empty() {
        out.push_str("#!/bin/sh\n");
    }
    for line in before {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(block);
    for line in after {
        out.push_str(line);
        out.push('\n');
    }
    Some(out)
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
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("plan-lint"));
    let block = block(&exe);
    let text = match std::fs::symlink_metadata(&hook) {
        Err(_) => rewrite(None, &block),
        Ok(meta) if meta.file_type().is_symlink() => {
            // A link may point outside the repository, or at nothing: plan-lint never
            // writes through it, and with --force replaces the link itself.
            if !force {
                return Err(Error::Usage(format!(
                    "{} is a symbolic link; pass --force to replace the link with plan-lint's \
                     hook (its target is left alone)",
                    hook.display()
                )));
            }
            rewrite(None, &block)
        }
        Ok(_) => {
            let existing = std::fs::read_to_string(&hook).ok();
            match (rewrite(existing.as_deref(), &block), force) {
                (Some(text), _) => Some(text),
                (None, true) => rewrite(None, &block),
                (None, false) => {
                    return Err(Error::Usage(format!(
                        "{} already exists and was not written by plan-lint; pass --force to \
                         replace it",
                        hook.display()
                    )));
                }
            }
        }
    }
    .expect("a new hook is always written");
    std::fs::create_dir_all(&hooks).map_err(|error| Error::Io {
        action: "create the hooks folder",
        path: hooks.clone(),
        error,
    })?;
    crate::safe_write::write(
        &hook,
        text.as_bytes(),
        crate::safe_write::Links::Replace,
        crate::safe_write::Mode::Executable,
    )
    .map_err(|error| Error::Io {
        action: "write the hook",
        path: hook.clone(),
        error,
    })?;
    Ok(hook)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block() -> String {
        super::block(Path::new("/opt/plan-lint"))
    }

    #[test]
    fn a_new_hook_is_a_shell_script_with_the_block() {
        let text = rewrite(None, &block()).unwrap();
        assert!(text.starts_with("#!/bin/sh\n# >>> installed by plan-lint"));
        assert!(text.contains("plan-lint --staged || exit $?"));
        assert!(text.ends_with(&format!("{END}\n")));
    }

    #[test]
    fn lines_around_the_block_are_kept_on_rewrite() {
        let first = rewrite(None, &super::block(Path::new("/old/plan-lint"))).unwrap();
        let edited = format!("{}echo before\n{}echo after\n", "#!/bin/sh\n", &first[10..]);
        let again = rewrite(Some(&edited), &block()).unwrap();
        assert!(
            again.starts_with("#!/bin/sh\necho before\n# >>>"),
            "{again}"
        );
        assert!(again.ends_with(&format!("{END}\necho after\n")), "{again}");
        assert!(again.contains("'/opt/plan-lint' --staged"));
        assert!(!again.contains("/old/plan-lint"));
        assert_eq!(again.matches(BEGIN).count(), 1);
    }

    #[test]
    fn an_old_style_hook_keeps_the_lines_plan_lint_did_not_write() {
        let old = "#!/bin/sh\n# installed by plan-lint install-hook\n# Lints the staged content \
                   of the plans this commit changes.\nif command -v plan-lint >/dev/null 2>&1; \
                   then\n  exec plan-lint --staged\nfi\nexec '/x/plan-lint' --staged\n";
        let with_mine = old.replace("#!/bin/sh\n", "#!/bin/sh\nif true; then\n  :\nfi\n");
        let new = rewrite(Some(&with_mine), &block()).unwrap();
        assert!(
            new.starts_with("#!/bin/sh\nif true; then\n  :\nfi\n# >>>"),
            "{new}"
        );
        assert!(!new.contains("exec "), "{new}");
        assert!(!new.contains("/x/plan-lint"), "{new}");
    }

    #[test]
    fn a_foreign_hook_or_a_broken_block_is_not_plan_lints() {
        assert_eq!(rewrite(Some("#!/bin/sh\necho mine\n"), &block()), None);
        assert_eq!(
            rewrite(Some(&format!("#!/bin/sh\n{BEGIN}\n")), &block()),
            None
        );
    }
}
