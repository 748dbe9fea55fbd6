//! Inside a git work tree: the files git knows (the index) plus untracked files that are
//! not ignored, so ignored folders such as `target/` or `node_modules/` are never walked;
//! the staged blobs for `--staged`; the changed paths for `--changed-since`.

use crate::error::Error;
use git2::{Delta, DiffFindOptions, DiffOptions, Repository, Status, StatusOptions};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Git modes of entries that are not plain files.
const MODE_SYMLINK: u32 = 0o120000;
const MODE_GITLINK: u32 = 0o160000;

/// An open repository with a work tree.
pub struct GitRepo {
    repo: Repository,
    /// The work tree, canonical.
    pub workdir: PathBuf,
}

/// How the work tree differs from the index, for Markdown files.
#[derive(Debug, Default)]
pub struct WorkTreeChanges {
    /// Untracked, not ignored (repository-relative).
    pub untracked: Vec<String>,
    /// Tracked but gone from the work tree, or no longer plain files.
    pub deleted: BTreeSet<String>,
}

/// A Markdown blob of the index.
pub struct StagedFile {
    /// Path relative to the work tree, `/`-separated.
    pub path: String,
    /// The staged content.
    pub content: Vec<u8>,
    /// Whether the commit being prepared changes it (it differs from HEAD).
    pub changed: bool,
}

fn git_error(what: &str, at: &Path, e: &git2::Error) -> Error {
    Error::Git(format!("{what} at {}: {}", at.display(), e.message()))
}

fn is_document(path: &str) -> bool {
    super::is_document_file(Path::new(path))
}

impl GitRepo {
    /// Opens the repository `dir` lies in: `None` outside any repository; an error for a
    /// bare or broken one.
    pub fn open(dir: &Path) -> Result<Option<GitRepo>, Error> {
        // git itself does not re-hash every object it reads; libgit2's strict check cost
        // a third of reading the index's blobs (PERF-NOTES), for a linter that only
        // reads.
        git2::opts::strict_hash_verification(false);
        let repo = match Repository::discover(dir) {
            Ok(repo) => repo,
            Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(None),
            Err(e) => return Err(git_error("cannot open the git repository", dir, &e)),
        };
        let Some(workdir) = repo.workdir() else {
            return Err(Error::Git(format!(
                "{} is a bare git repository: plan-lint needs a work tree",
                repo.path().display()
            )));
        };
        let workdir = super::normalize(
            &std::fs::canonicalize(workdir).unwrap_or_else(|_| workdir.to_path_buf()),
        );
        Ok(Some(GitRepo { repo, workdir }))
    }

    /// The repository-relative form of `path` (absolute), when it lies in the work tree.
    pub fn relative(&self, path: &Path) -> Option<String> {
        let canonical = canonical_prefix(path);
        crate::settings::relative_to(&canonical, &self.workdir)
    }

    /// Markdown files of the work tree (tracked and untracked-but-not-ignored) whose
    /// repository-relative path starts with `prefix` (a folder, `""` for all).
    pub fn work_tree_files(&self, prefix: &str) -> Result<Vec<String>, Error> {
        let mut files = self.tracked_files(prefix)?;
        let changes = self.work_tree_changes(prefix)?;
        files.retain(|p| !changes.deleted.contains(p));
        files.extend(changes.untracked);
        files.sort();
        files.dedup();
        Ok(files)
    }

    /// Markdown files of the index under `prefix` (plain files only: no symlinks, no
    /// submodules). Reading the index is quick; what the work tree adds or lacks comes
    /// from [`GitRepo::work_tree_changes`].
    pub fn tracked_files(&self, prefix: &str) -> Result<Vec<String>, Error> {
        let under = |path: &str| prefix.is_empty() || path.starts_with(&format!("{prefix}/"));
        let index = self
            .repo
            .index()
            .map_err(|e| git_error("cannot read the git index", &self.workdir, &e))?;
        let mut files = Vec::new();
        for entry in index.iter() {
            if entry.mode == MODE_SYMLINK || entry.mode == MODE_GITLINK {
                continue;
            }
            let Ok(path) = std::str::from_utf8(&entry.path) else {
                continue;
            };
            if under(path) && is_document(path) {
                files.push(path.to_string());
            }
        }
        files.sort();
        files.dedup();
        Ok(files)
    }

    /// What the work tree adds to the index (untracked, not ignored) and lacks (deleted)
    /// under `prefix`. This walks every folder git does not ignore: the slow part of
    /// discovery, which the run overlaps with linting the tracked files.
    pub fn work_tree_changes(&self, prefix: &str) -> Result<WorkTreeChanges, Error> {
        let under = |path: &str| prefix.is_empty() || path.starts_with(&format!("{prefix}/"));
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
        let statuses = self.repo.statuses(Some(&mut options)).map_err(|e| {
            git_error(
                "cannot read the status of the git repository",
                &self.workdir,
                &e,
            )
        })?;
        let mut changes = WorkTreeChanges::default();
        for entry in statuses.iter() {
            let Ok(path) = entry.path() else { continue };
            if !under(path) || !is_document(path) {
                continue;
            }
            let status = entry.status();
            if status.contains(Status::WT_NEW) {
                // Untracked: git lists symlinks too, and those are not followed.
                if std::fs::symlink_metadata(self.workdir.join(path))
                    .is_ok_and(|m| !m.file_type().is_symlink())
                {
                    changes.untracked.push(path.to_string());
                }
            } else if status.intersects(Status::WT_DELETED | Status::WT_TYPECHANGE) {
                // Deleted in the work tree (nothing to lint), or no longer a plain file.
                changes.deleted.insert(path.to_string());
            }
        }
        Ok(changes)
    }

    /// The documents (Markdown, metadata files) the next commit adds or changes: git's
    /// own diff of HEAD's tree against the index, which reads no unchanged blob.
    pub fn staged_changes(&self) -> Result<BTreeSet<String>, Error> {
        let index = self
            .repo
            .index()
            .map_err(|e| git_error("cannot read the git index", &self.workdir, &e))?;
        let head_tree = self.head_tree()?;
        let diff = self
            .repo
            .diff_tree_to_index(
                head_tree.as_ref(),
                Some(&index),
                Some(&mut DiffOptions::new()),
            )
            .map_err(|e| git_error("cannot compare the index with HEAD", &self.workdir, &e))?;
        Ok(diff
            .deltas()
            .filter(|d| {
                matches!(
                    d.status(),
                    Delta::Added
                        | Delta::Modified
                        | Delta::Renamed
                        | Delta::Copied
                        | Delta::Typechange
                )
            })
            .filter_map(|d| {
                d.new_file()
                    .path()
                    .and_then(Path::to_str)
                    .map(str::to_string)
            })
            .filter(|path| is_document(path))
            .collect())
    }

    /// HEAD's tree, or `None` in a repository with no commit yet.
    fn head_tree(&self) -> Result<Option<git2::Tree<'_>>, Error> {
        match self.repo.head() {
            Ok(head) => {
                Ok(Some(head.peel_to_tree().map_err(|e| {
                    git_error("cannot read HEAD", &self.workdir, &e)
                })?))
            }
            Err(e)
                if matches!(
                    e.code(),
                    git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
                ) =>
            {
                Ok(None)
            }
            Err(e) => Err(git_error("cannot read HEAD", &self.workdir, &e)),
        }
    }

    /// The Markdown blobs of the index, each marked with whether it is among `changed`
    /// (the documents the index changes against HEAD).
    pub fn staged_files(&self, changed: &BTreeSet<String>) -> Result<Vec<StagedFile>, Error> {
        let index = self
            .repo
            .index()
            .map_err(|e| git_error("cannot read the git index", &self.workdir, &e))?;
        let mut out = Vec::new();
        for entry in index.iter() {
            // Only stage 0: a conflicted file has no single staged content.
            let stage = (entry.flags >> 12) & 0x3;
            if stage != 0 || entry.mode == MODE_SYMLINK || entry.mode == MODE_GITLINK {
                continue;
            }
            let Ok(path) = std::str::from_utf8(&entry.path) else {
                continue;
            };
            if !is_document(path) {
                continue;
            }
            let blob = self.repo.find_blob(entry.id).map_err(|e| {
                git_error(
                    &format!("cannot read the staged blob of {path}"),
                    &self.workdir,
                    &e,
                )
            })?;
            out.push(StagedFile {
                path: path.to_string(),
                content: blob.content().to_vec(),
                changed: changed.contains(path),
            });
        }
        Ok(out)
    }

    /// Paths added or modified since the merge base of `rev` and HEAD — committed,
    /// staged, unstaged and untracked changes alike, renames followed to their new name.
    pub fn changed_since(&self, rev: &str) -> Result<BTreeSet<String>, Error> {
        let bad = |e: git2::Error| {
            Error::Git(format!("cannot resolve revision `{rev}`: {}", e.message()))
        };
        let base = self.repo.revparse_single(rev).map_err(bad)?;
        let base = base.peel_to_commit().map_err(bad)?;
        let head = self
            .repo
            .head()
            .and_then(|h| h.peel_to_commit())
            .map_err(|e| git_error("cannot read HEAD", &self.workdir, &e))?;
        let merge_base = self.repo.merge_base(base.id(), head.id()).map_err(|e| {
            Error::Git(format!(
                "`{rev}` and HEAD have no common ancestor: {}",
                e.message()
            ))
        })?;
        let tree = self
            .repo
            .find_commit(merge_base)
            .and_then(|c| c.tree())
            .map_err(|e| git_error("cannot read the merge base", &self.workdir, &e))?;
        let mut options = DiffOptions::new();
        options
            .include_untracked(true)
            .recurse_untracked_dirs(true)
            .ignore_submodules(true);
        let mut diff = self
            .repo
            .diff_tree_to_workdir_with_index(Some(&tree), Some(&mut options))
            .map_err(|e| git_error("cannot diff the work tree", &self.workdir, &e))?;
        let mut find = DiffFindOptions::new();
        find.renames(true).for_untracked(true);
        diff.find_similar(Some(&mut find))
            .map_err(|e| git_error("cannot follow renames", &self.workdir, &e))?;
        let mut out = BTreeSet::new();
        for delta in diff.deltas() {
            if !matches!(
                delta.status(),
                Delta::Added
                    | Delta::Modified
                    | Delta::Renamed
                    | Delta::Copied
                    | Delta::Untracked
                    | Delta::Typechange
            ) {
                continue;
            }
            // A plan that was only moved keeps its old findings out of the change.
            let (old, new) = (delta.old_file().id(), delta.new_file().id());
            if delta.status() == Delta::Renamed && old == new && !new.is_zero() {
                continue;
            }
            if let Some(path) = delta.new_file().path().and_then(Path::to_str) {
                out.insert(path.replace('\\', "/"));
            }
        }
        Ok(out)
    }
}

/// Canonicalises the longest existing prefix of `path` (a file named on the command line
/// may not exist), keeping the rest as written.
fn canonical_prefix(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
    let mut out = std::fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    out
}
