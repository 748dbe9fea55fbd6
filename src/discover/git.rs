//! Inside a git work tree: the files git knows (the index) plus untracked files that are
//! not ignored, so ignored folders such as `target/` or `node_modules/` are never walked;
//! the staged blobs for `--staged`; the changed paths for `--changed-since`.

use crate::error::Error;
use git2::{Delta, DiffFindOptions, DiffOptions, Oid, Repository, Status, StatusOptions};
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
    /// Tracked, and the work-tree file differs from the index.
    pub modified: BTreeSet<String>,
}

/// A document of the work tree.
#[derive(Debug, Clone)]
pub struct WorkTreeFile {
    /// Path relative to the work tree, `/`-separated.
    pub path: String,
    /// The blob id of its content, when git knows it: tracked and not modified since it
    /// was staged. Untracked and modified files have none.
    pub blob: Option<Oid>,
}

/// A document blob of the index.
pub struct StagedFile {
    /// Path relative to the work tree, `/`-separated.
    pub path: String,
    /// The staged content's blob id (read with [`GitRepo::read_blob`]).
    pub blob: Oid,
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
        // Every object is read once (trees in a diff, blobs for their Plan IDs): libgit2's
        // object cache only costs memory and bookkeeping here.
        git2::opts::enable_caching(false);
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
    pub fn work_tree_files(&self, prefix: &str) -> Result<Vec<WorkTreeFile>, Error> {
        let tracked = self.tracked_files(prefix)?;
        let changes = self.work_tree_changes(prefix)?;
        let mut files: Vec<WorkTreeFile> = tracked
            .into_iter()
            .filter(|(path, _)| !changes.deleted.contains(path))
            .map(|(path, blob)| {
                let blob = (!changes.modified.contains(&path)).then_some(blob);
                WorkTreeFile { path, blob }
            })
            .collect();
        files.extend(
            changes
                .untracked
                .into_iter()
                .map(|path| WorkTreeFile { path, blob: None }),
        );
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|a, b| a.path == b.path);
        Ok(files)
    }

    /// The repository's git directory (`.git`, or a linked work tree's own folder).
    pub fn git_dir(&self) -> &Path {
        self.repo.path()
    }

    /// The content of a blob.
    pub fn read_blob(&self, blob: Oid) -> Result<Vec<u8>, Error> {
        let found = self
            .repo
            .find_blob(blob)
            .map_err(|e| git_error(&format!("cannot read blob {blob}"), &self.workdir, &e))?;
        Ok(found.content().to_vec())
    }

    /// Markdown files of the index under `prefix` (plain files only: no symlinks, no
    /// submodules), with their staged blob ids. Reading the index is quick; what the work
    /// tree adds or lacks comes from [`GitRepo::work_tree_changes`].
    pub fn tracked_files(&self, prefix: &str) -> Result<Vec<(String, Oid)>, Error> {
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
                files.push((path.to_string(), entry.id));
            }
        }
        files.sort();
        files.dedup_by(|a, b| a.0 == b.0);
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
            } else if status.intersects(Status::WT_MODIFIED | Status::WT_RENAMED) {
                changes.modified.insert(path.to_string());
            }
        }
        Ok(changes)
    }

    /// The documents (Markdown, metadata files) the next commit adds or changes: git's
    /// own diff of HEAD's tree against the index, which reads no unchanged blob.
    ///
    /// Asked of the `git` program when there is one (a hook always has it): it honours
    /// `GIT_INDEX_FILE` (a partial commit's temporary index) and skips unchanged folders
    /// through the index's tree cache, which libgit2's diff cannot (0.03 s against
    /// 0.25 s on 55,000 files). libgit2 answers when git cannot be run.
    pub fn staged_changes(&self) -> Result<BTreeSet<String>, Error> {
        let args = [
            "diff",
            "--cached",
            "--name-only",
            "-z",
            "--no-ext-diff",
            "--no-textconv",
            "--diff-filter=ACMRT",
        ];
        if let Some(out) = self.git_program(&args) {
            return Ok(nul_separated(&out)
                .filter(|path| is_document(path))
                .map(str::to_string)
                .collect());
        }
        self.staged_changes_libgit2()
    }

    /// Runs `git ARGS` in the work tree and returns its standard output, or `None` when
    /// git is not installed or fails (the libgit2 path then gives the real error).
    fn git_program(&self, args: &[&str]) -> Option<Vec<u8>> {
        git_program(&self.workdir, args)
    }

    fn staged_changes_libgit2(&self) -> Result<BTreeSet<String>, Error> {
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

    /// The document blobs of the index (ids only: nothing is read), each marked with
    /// whether it is among `changed` (the documents the index changes against HEAD).
    pub fn staged_files(&self, changed: &BTreeSet<String>) -> Result<Vec<StagedFile>, Error> {
        // `git ls-files -s` prints `MODE OID STAGE\tPATH`; it reads the index git itself
        // would commit (GIT_INDEX_FILE included).
        if let Some(out) = self.git_program(&["ls-files", "--stage", "-z"]) {
            let mut files = Vec::new();
            for record in nul_separated(&out) {
                let Some((meta, path)) = record.split_once('\t') else {
                    continue;
                };
                let mut meta = meta.split(' ');
                let (Some(mode), Some(oid), Some(stage)) = (meta.next(), meta.next(), meta.next())
                else {
                    continue;
                };
                if stage != "0" || !mode.starts_with("100") || !is_document(path) {
                    continue;
                }
                let Ok(blob) = Oid::from_str(oid) else {
                    continue;
                };
                files.push(StagedFile {
                    path: path.to_string(),
                    blob,
                    changed: changed.contains(path),
                });
            }
            return Ok(files);
        }
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
            out.push(StagedFile {
                path: path.to_string(),
                blob: entry.id,
                changed: changed.contains(path),
            });
        }
        Ok(out)
    }

    /// The documents of the work tree, and which of them changed since the merge base of
    /// `rev` and HEAD — committed, staged, unstaged and untracked changes alike, renames
    /// followed to their new name, a plan only moved not counted as changed.
    ///
    /// From the `git` program when there is one: the diff of the merge base against the
    /// work tree, the untracked files and the merge base's tree, asked at once, so the
    /// work tree is walked once (by git's own walker) and every unchanged document gets
    /// its blob id for the Plan ID cache. libgit2 answers when git cannot be run.
    pub fn changed_since(&self, rev: &str) -> Result<(Vec<WorkTreeFile>, BTreeSet<String>), Error> {
        let merge_base = self.merge_base_with_head(rev)?;
        if let Some(found) = self.changed_since_git_program(&merge_base.to_string()) {
            return Ok(found);
        }
        let changed = self.changed_since_libgit2(merge_base)?;
        Ok((self.work_tree_files("")?, changed))
    }

    fn changed_since_git_program(
        &self,
        merge_base: &str,
    ) -> Option<(Vec<WorkTreeFile>, BTreeSet<String>)> {
        let diff_args = [
            "diff",
            "--name-status",
            "-z",
            "--no-ext-diff",
            "--no-textconv",
            "--find-renames",
            merge_base,
            "--",
        ];
        let workdir = self.workdir.as_path();
        let (diff, untracked, tree) = std::thread::scope(|s| {
            let diff = s.spawn(|| git_program(workdir, &diff_args));
            let untracked = s.spawn(|| {
                git_program(
                    workdir,
                    &["ls-files", "--others", "--exclude-standard", "-z"],
                )
            });
            let tree = git_program(workdir, &["ls-tree", "-r", "-z", "--full-tree", merge_base]);
            (
                diff.join().ok().flatten(),
                untracked.join().ok().flatten(),
                tree,
            )
        });
        let (diff, untracked, tree) = (diff?, untracked?, tree?);

        // The merge base's documents: `MODE TYPE OID\tPATH`.
        let mut files: std::collections::BTreeMap<String, Option<Oid>> = Default::default();
        for record in nul_separated(&tree) {
            let (meta, path) = record.split_once('\t')?;
            let mut meta = meta.split(' ');
            let (mode, kind, oid) = (meta.next()?, meta.next()?, meta.next()?);
            if kind == "blob" && mode.starts_with("100") && is_document(path) {
                files.insert(path.to_string(), Oid::from_str(oid).ok());
            }
        }
        let mut changed = BTreeSet::new();
        let mut gone: Vec<Oid> = Vec::new();
        let mut records = nul_separated(&diff);
        while let Some(status) = records.next() {
            let kind = status.chars().next()?;
            let path = records.next()?;
            match kind {
                'R' | 'C' => {
                    let new = records.next()?;
                    let blob = files.get(path).copied().flatten();
                    if kind == 'R' {
                        files.remove(path);
                    }
                    if !is_document(new) || self.is_symlink(new) {
                        continue;
                    }
                    // Moved but not edited: the plan's findings are not the change's.
                    if status == "R100" {
                        files.insert(new.to_string(), blob);
                    } else {
                        files.insert(new.to_string(), None);
                        changed.insert(new.to_string());
                    }
                }
                'D' => {
                    if let Some(Some(blob)) = files.remove(path) {
                        gone.push(blob);
                    }
                }
                _ => {
                    // Added, modified, type change, unmerged: the work-tree file changed.
                    if !is_document(path) || self.is_symlink(path) {
                        files.remove(path);
                        continue;
                    }
                    files.insert(path.to_string(), None);
                    changed.insert(path.to_string());
                }
            }
        }
        for path in nul_separated(&untracked) {
            if !is_document(path) || self.is_symlink(path) {
                continue;
            }
            // A committed plan moved without `git mv`: the same blob under a new name.
            let moved = (!gone.is_empty())
                .then(|| Oid::hash_file(git2::ObjectType::Blob, self.workdir.join(path)).ok())
                .flatten()
                .filter(|oid| gone.contains(oid));
            if moved.is_none() {
                changed.insert(path.to_string());
            }
            files.insert(path.to_string(), moved);
        }
        let files = files
            .into_iter()
            .map(|(path, blob)| WorkTreeFile { path, blob })
            .collect();
        Some((files, changed))
    }

    fn is_symlink(&self, path: &str) -> bool {
        std::fs::symlink_metadata(self.workdir.join(path)).is_ok_and(|m| m.file_type().is_symlink())
    }

    /// The merge base of `rev` and HEAD.
    fn merge_base_with_head(&self, rev: &str) -> Result<Oid, Error> {
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
        self.repo.merge_base(base.id(), head.id()).map_err(|e| {
            Error::Git(format!(
                "`{rev}` and HEAD have no common ancestor: {}",
                e.message()
            ))
        })
    }

    fn changed_since_libgit2(&self, merge_base: Oid) -> Result<BTreeSet<String>, Error> {
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
            // (An untracked new side is not hashed by the diff: hash it here.)
            let (old, mut new) = (delta.old_file().id(), delta.new_file().id());
            if delta.status() == Delta::Renamed
                && new.is_zero()
                && let Some(path) = delta.new_file().path()
            {
                new =
                    Oid::hash_file(git2::ObjectType::Blob, self.workdir.join(path)).unwrap_or(new);
            }
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

/// Runs `git ARGS` in `workdir` and returns its standard output, or `None` when git is
/// not installed or fails (the libgit2 path then gives the real error).
fn git_program(workdir: &Path, args: &[&str]) -> Option<Vec<u8>> {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(workdir)
        .args(args)
        // Never take the index lock a running `git commit` holds.
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    output.status.success().then_some(output.stdout)
}

/// The UTF-8 records of git's `-z` output (a name that is not UTF-8 is skipped, as
/// everywhere in discovery).
fn nul_separated(out: &[u8]) -> impl Iterator<Item = &str> {
    out.split(|&b| b == 0)
        .filter(|r| !r.is_empty())
        .filter_map(|r| std::str::from_utf8(r).ok())
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
