//! Inside a git work tree: the files git knows (the index) plus untracked files that are
//! not ignored, so ignored folders such as `target/` or `node_modules/` are never walked.

use crate::error::Error;
use git2::{Repository, Status, StatusOptions};
use std::path::Path;

/// Git modes of entries that are not plain files.
const MODE_SYMLINK: u32 = 0o120000;
const MODE_GITLINK: u32 = 0o160000;

/// Markdown files under `dir` as git sees them (paths relative to `dir`, `/`-separated),
/// or `None` when `dir` is not inside a git work tree.
pub fn list(dir: &Path) -> Result<Option<Vec<String>>, Error> {
    let repo = match Repository::discover(dir) {
        Ok(repo) => repo,
        Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(None),
        Err(e) => {
            return Err(Error::Git(format!(
                "cannot open the git repository at {}: {}",
                dir.display(),
                e.message()
            )));
        }
    };
    let Some(workdir) = repo.workdir() else {
        // A bare repository has no files to lint; treat the folder as plain files.
        return Ok(None);
    };
    let workdir =
        super::normalize(&std::fs::canonicalize(workdir).unwrap_or_else(|_| workdir.to_path_buf()));
    let dir = super::normalize(&std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()));
    let Ok(prefix) = dir.strip_prefix(&workdir) else {
        return Ok(None);
    };
    let prefix = prefix
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    let under = |path: &str| prefix.is_empty() || path.starts_with(&format!("{prefix}/"));
    let markdown = |path: &str| super::is_markdown(Path::new(path));

    let index = repo
        .index()
        .map_err(|e| Error::Git(format!("cannot read the git index: {}", e.message())))?;
    let mut files = Vec::new();
    for entry in index.iter() {
        if entry.mode == MODE_SYMLINK || entry.mode == MODE_GITLINK {
            continue;
        }
        let Ok(path) = std::str::from_utf8(&entry.path) else {
            continue;
        };
        // Merge conflicts list a path up to three times; stage 0 or the first suffices.
        if under(path) && markdown(path) {
            files.push(path.to_string());
        }
    }

    let mut options = StatusOptions::new();
    options
        .include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false)
        .exclude_submodules(true)
        .show(git2::StatusShow::Workdir);
    if !prefix.is_empty() {
        options.pathspec(format!("{prefix}/"));
    }
    let statuses = repo.statuses(Some(&mut options)).map_err(|e| {
        Error::Git(format!(
            "cannot read the status of the git repository at {}: {}",
            workdir.display(),
            e.message()
        ))
    })?;
    {
        for entry in statuses.iter() {
            if entry.status().contains(Status::WT_NEW)
                && let Ok(path) = entry.path()
                && under(path)
                && markdown(path)
            {
                files.push(path.to_string());
            }
        }
    }
    files.sort();
    files.dedup();
    let strip = if prefix.is_empty() {
        0
    } else {
        prefix.len() + 1
    };
    Ok(Some(
        files
            .into_iter()
            .filter(|p| {
                // Deleted in the work tree: nothing to lint. Symlinks are not followed.
                std::fs::symlink_metadata(workdir.join(p))
                    .is_ok_and(|m| !m.file_type().is_symlink())
            })
            .map(|p| p[strip..].to_string())
            .collect(),
    ))
}
