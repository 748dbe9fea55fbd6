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
    /// The `git` program, pointed at this repository.
    program: GitProgram,
    /// Documents a sparse checkout leaves out of the work tree, with their index blobs.
    sparse: std::collections::HashMap<String, Oid>,
}

/// How to run the `git` program on the repository plan-lint opened.
struct GitProgram {
    workdir: PathBuf,
    /// `--git-dir`, when the environment chose the repository (`GIT_DIR`): passed as an
    /// absolute path, since git runs in another folder (`-C`).
    git_dir: Option<PathBuf>,
}

/// How the work tree differs from the index, for Markdown files.
#[derive(Debug, Default)]
pub struct WorkTreeChanges {
    /// Untracked, not ignored (repository-relative).
    pub untracked: Vec<String>,
    /// Untracked symbolic links named as documents (never followed).
    pub untracked_links: Vec<String>,
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

/// The documents the work tree changes against a commit's tree (see
/// [`GitRepo::changed_since`]).
#[derive(Debug)]
pub struct TreeOverlay {
    /// The commit's tree.
    pub tree: Oid,
    /// The documents whose work-tree state is not the tree's, with their blob id when it
    /// is known (a plan only moved).
    pub files: Vec<WorkTreeFile>,
    /// Which of `files` changed (added or edited, not only moved).
    pub changed: BTreeSet<String>,
    /// Every path whose version in the tree is not the work tree's: edited, removed,
    /// moved away or new.
    pub overlaid: BTreeSet<String>,
}

impl TreeOverlay {
    fn push(&mut self, path: &str, blob: Option<Oid>, changed: bool) {
        self.files.push(WorkTreeFile {
            path: path.to_string(),
            blob,
        });
        if changed {
            self.changed.insert(path.to_string());
        }
    }
}

/// What changed since a revision.
#[derive(Debug)]
pub enum ChangedSince {
    /// Changes laid over the merge base's tree.
    Overlay(TreeOverlay),
    /// Every document of the work tree, and which of them changed (libgit2's answer).
    Listed(Vec<WorkTreeFile>, BTreeSet<String>),
}

/// A document the index changes against HEAD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagedChange {
    /// Path relative to the work tree, `/`-separated.
    pub path: String,
    /// The staged content's blob id (read with [`GitRepo::read_blob`]); `None` when the
    /// commit removes the file, it is no longer a plain file, or it is in conflict.
    pub blob: Option<Oid>,
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
        // As git does: `GIT_DIR` names the repository and `GIT_WORK_TREE` its work tree
        // (a bare repository with a work tree elsewhere, as dotfile managers set up).
        let env_dir = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(|v| std::env::current_dir().unwrap_or_default().join(v))
        };
        let git_dir = env_dir("GIT_DIR");
        let opened = match &git_dir {
            Some(path) => Repository::open(path),
            None => Repository::discover(dir),
        };
        let repo = match opened {
            Ok(repo) => repo,
            Err(e) if e.code() == git2::ErrorCode::NotFound && git_dir.is_none() => {
                return Ok(None);
            }
            Err(e) if e.code() == git2::ErrorCode::Owner && git_trusts(dir) => {
                // git's own `safe.directory` (from any of its configuration sources,
                // `GIT_CONFIG_GLOBAL` and `GIT_CONFIG_COUNT` included) trusts the folder,
                // which libgit2 cannot tell: follow git.
                // SAFETY: a global flag read when repositories are opened; set before any
                // other thread opens one.
                unsafe { git2::opts::set_verify_owner_validation(false) }
                    .map_err(|e| git_error("cannot open the git repository", dir, &e))?;
                let reopened = match &git_dir {
                    Some(path) => Repository::open(path),
                    None => Repository::discover(dir),
                };
                reopened.map_err(|e| git_error("cannot open the git repository", dir, &e))?
            }
            Err(e) if e.code() == git2::ErrorCode::Owner => {
                return Err(Error::Git(format!(
                    "{} belongs to another user, and git's safe.directory does not trust it; \
                     if you trust it, run `git config --global --add safe.directory {}`",
                    dir.display(),
                    dir.display()
                )));
            }
            Err(e) => return Err(git_error("cannot open the git repository", dir, &e)),
        };
        if let Some(tree) = env_dir("GIT_WORK_TREE") {
            repo.set_workdir(&tree, false)
                .map_err(|e| git_error("cannot use GIT_WORK_TREE", &tree, &e))?;
        }
        let Some(workdir) = repo.workdir() else {
            return Err(Error::Git(format!(
                "{} is a bare git repository: plan-lint needs a work tree (set GIT_WORK_TREE, \
                 or core.worktree)",
                repo.path().display()
            )));
        };
        let workdir = super::normalize(
            &std::fs::canonicalize(workdir).unwrap_or_else(|_| workdir.to_path_buf()),
        );
        let program = GitProgram {
            workdir: workdir.clone(),
            git_dir: git_dir.map(|_| repo.path().to_path_buf()),
        };
        let mut opened = GitRepo {
            repo,
            workdir,
            program,
            sparse: std::collections::HashMap::new(),
        };
        if opened.may_be_sparse() {
            opened.sparse = opened.read_sparse_entries()?;
        }
        Ok(Some(opened))
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
        let index = self.index()?;
        let mut files = Vec::new();
        for entry in index.iter() {
            if entry.mode == MODE_SYMLINK || entry.mode == MODE_GITLINK {
                continue;
            }
            let path = super::names::encode_bytes(&entry.path);
            if under(&path) && is_document(&path) {
                files.push((path.into_owned(), entry.id));
            }
        }
        files.sort();
        files.dedup_by(|a, b| a.0 == b.0);
        Ok(files)
    }

    /// The repository's index.
    fn index(&self) -> Result<git2::Index, Error> {
        self.repo
            .index()
            .map_err(|e| git_error("cannot read the git index", &self.workdir, &e))
    }

    /// The documents a sparse checkout leaves out of the work tree (index entries marked
    /// skip-worktree), with their index blob ids: they are read from the index, as git
    /// itself treats them as unchanged.
    pub fn sparse_entries(&self) -> &std::collections::HashMap<String, Oid> {
        &self.sparse
    }

    /// Whether the repository may be a sparse checkout: `git sparse-checkout` writes
    /// `info/sparse-checkout` and sets `core.sparseCheckout`. Asked before reading the
    /// index's every entry for skip-worktree bits, which cost 70 ms on 55,000 files, in
    /// front of every `--changed-since` run.
    fn may_be_sparse(&self) -> bool {
        self.repo
            .path()
            .join("info")
            .join("sparse-checkout")
            .exists()
            || self
                .repo
                .config()
                .and_then(|c| c.get_bool("core.sparseCheckout"))
                .unwrap_or(false)
    }

    fn read_sparse_entries(&self) -> Result<std::collections::HashMap<String, Oid>, Error> {
        // `GIT_INDEX_ENTRY_SKIP_WORKTREE`, in the extended flags.
        const SKIP_WORKTREE: u16 = 1 << 14;
        let index = self.index()?;
        Ok(index
            .iter()
            .filter(|entry| entry.flags_extended & SKIP_WORKTREE != 0)
            .filter(|entry| entry.mode != MODE_SYMLINK && entry.mode != MODE_GITLINK)
            .map(|entry| {
                (
                    super::names::encode_bytes(&entry.path).into_owned(),
                    entry.id,
                )
            })
            .filter(|(path, _)| is_document(path))
            .collect())
    }

    /// Whether a sparse checkout leaves any document out of the work tree.
    pub fn has_sparse(&self) -> bool {
        !self.sparse.is_empty()
    }

    /// Whether a sparse checkout leaves `path` (repository-relative) out of the work tree.
    pub fn is_sparse(&self, path: &str) -> bool {
        self.sparse.contains_key(path)
    }

    /// Symbolic links of the index under `prefix` named as documents (never followed).
    pub fn tracked_links(&self, prefix: &str) -> Result<Vec<String>, Error> {
        let under = |path: &str| prefix.is_empty() || path.starts_with(&format!("{prefix}/"));
        let index = self.index()?;
        Ok(index
            .iter()
            .filter(|entry| entry.mode == MODE_SYMLINK)
            .map(|entry| super::names::encode_bytes(&entry.path).into_owned())
            .filter(|path| under(path) && is_document(path))
            .collect())
    }

    /// What the work tree adds to the index (untracked, not ignored) and lacks (deleted)
    /// under `prefix`. This walks every folder git does not ignore: the slow part of
    /// discovery, which the run overlaps with linting the tracked files.
    pub fn work_tree_changes(&self, prefix: &str) -> Result<WorkTreeChanges, Error> {
        let mut changes = self.raw_work_tree_changes(prefix)?;
        // git lists untracked symlinks with the files; those are never followed.
        let (files, links) = std::mem::take(&mut changes.untracked)
            .into_iter()
            .partition(|path| {
                std::fs::symlink_metadata(super::names::join(&self.workdir, path))
                    .is_ok_and(|m| !m.file_type().is_symlink())
            });
        changes.untracked = files;
        changes.untracked_links = links;
        Ok(changes)
    }

    /// The untracked documents under `prefix` (links apart, as
    /// [`GitRepo::work_tree_changes`] gives them), for a run that reads every tracked
    /// document anyway: `deleted` may be left empty, since a tracked file gone from the
    /// work tree is found when it is read. Asked of `git ls-files --others`, which only
    /// walks the folders (libgit2's status also stats each of the index's files and
    /// compares it: 0.7 s of CPU against 0.45 s on 55,000 files); libgit2 answers when
    /// git cannot be run.
    pub fn untracked_documents(&self, prefix: &str) -> Result<WorkTreeChanges, Error> {
        let pathspec = if prefix.is_empty() {
            ":(literal).".to_string()
        } else {
            format!(":(literal){prefix}/")
        };
        let listing = if prefix.is_empty() {
            self.untracked_listing()
        } else {
            self.git_program(&[
                "ls-files",
                "--others",
                "--exclude-standard",
                "-z",
                "--",
                &pathspec,
            ])
        };
        let Some(out) = listing else {
            return self.work_tree_changes(prefix);
        };
        let mut changes = WorkTreeChanges::default();
        for path in nul_separated(&out) {
            if !is_document(&path) {
                continue;
            }
            let path = path.into_owned();
            if self.is_symlink(&path) {
                changes.untracked_links.push(path);
            } else {
                changes.untracked.push(path);
            }
        }
        Ok(changes)
    }

    fn raw_work_tree_changes(&self, prefix: &str) -> Result<WorkTreeChanges, Error> {
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
        let statuses = match self.repo.statuses(Some(&mut options)) {
            Ok(statuses) => statuses,
            // libgit2 gives up on folders nested over 100 deep; git does not.
            Err(e) => {
                return self.work_tree_changes_git_program(prefix).ok_or_else(|| {
                    git_error(
                        "cannot read the status of the git repository",
                        &self.workdir,
                        &e,
                    )
                });
            }
        };
        let mut changes = WorkTreeChanges::default();
        for entry in statuses.iter() {
            let path = super::names::encode_bytes(entry.path_bytes());
            let path = path.as_ref();
            if !under(path) || !is_document(path) {
                continue;
            }
            let status = entry.status();
            if status.contains(Status::WT_NEW) {
                changes.untracked.push(path.to_string());
            } else if status.intersects(Status::WT_DELETED | Status::WT_TYPECHANGE)
                && !self.sparse.contains_key(path)
            {
                // Deleted in the work tree (nothing to lint), or no longer a plain file.
                changes.deleted.insert(path.to_string());
            } else if status.intersects(Status::WT_MODIFIED | Status::WT_RENAMED) {
                changes.modified.insert(path.to_string());
            }
        }
        Ok(changes)
    }

    /// [`GitRepo::work_tree_changes`] as `git status` answers it.
    fn work_tree_changes_git_program(&self, prefix: &str) -> Option<WorkTreeChanges> {
        let pathspec = if prefix.is_empty() {
            ".".to_string()
        } else {
            format!("{prefix}/")
        };
        let out = self.git_program(&[
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--no-renames",
            "--ignore-submodules=all",
            "--",
            &pathspec,
        ])?;
        Some(parse_porcelain_status(&out))
    }

    /// The documents (Markdown, metadata files) the next commit adds, changes or removes:
    /// git's own diff of HEAD's tree against the index, which reads no unchanged blob.
    ///
    /// Asked of the `git` program when there is one (a hook always has it): it honours
    /// `GIT_INDEX_FILE` (a partial commit's temporary index) and skips unchanged folders
    /// through the index's tree cache, which libgit2's diff cannot (0.03 s against
    /// 0.25 s on 55,000 files). libgit2 answers when git cannot be run.
    pub fn staged_changes(&self) -> Result<Vec<StagedChange>, Error> {
        let args = [
            "diff",
            "--cached",
            "--raw",
            "-z",
            "--no-abbrev",
            "--no-renames",
            "--no-ext-diff",
            "--no-textconv",
        ];
        if let Some(out) = self.git_program(&args) {
            return Ok(parse_raw_diff(&out));
        }
        self.staged_changes_libgit2()
    }

    /// Runs `git ARGS` in the work tree and returns its standard output, or `None` when
    /// git is not installed or fails (the libgit2 path then gives the real error).
    fn git_program(&self, args: &[&str]) -> Option<Vec<u8>> {
        self.program.run(args)
    }

    fn staged_changes_libgit2(&self) -> Result<Vec<StagedChange>, Error> {
        let index = self.index()?;
        let head_tree = self.head_tree()?;
        let diff = self
            .repo
            .diff_tree_to_index(
                head_tree.as_ref(),
                Some(&index),
                Some(&mut DiffOptions::new()),
            )
            .map_err(|e| git_error("cannot compare the index with HEAD", &self.workdir, &e))?;
        let mut changes = Vec::new();
        for delta in diff.deltas() {
            let new = delta.new_file();
            let Some(path) = new
                .path()
                .or_else(|| delta.old_file().path())
                .and_then(Path::to_str)
            else {
                continue;
            };
            if !is_document(path) {
                continue;
            }
            let regular = matches!(
                new.mode(),
                git2::FileMode::Blob | git2::FileMode::BlobExecutable
            );
            let present = !matches!(delta.status(), Delta::Deleted | Delta::Conflicted);
            changes.push(StagedChange {
                path: path.to_string(),
                blob: (present && regular).then(|| new.id()),
            });
        }
        Ok(changes)
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

    /// The id of HEAD's tree, or `None` in a repository with no commit yet.
    pub fn head_tree_id(&self) -> Result<Option<Oid>, Error> {
        Ok(self.head_tree()?.map(|tree| tree.id()))
    }

    /// The documents of a commit's tree (plain files only: no symlinks, no submodules),
    /// sorted by path, with their blob ids.
    pub fn tree_documents(&self, tree: Oid) -> Result<Vec<(String, Oid)>, Error> {
        let id = tree.to_string();
        if let Some(out) = self.git_program(&["ls-tree", "-r", "-z", "--full-tree", &id]) {
            return Ok(parse_ls_tree(&out));
        }
        let tree = self
            .repo
            .find_tree(tree)
            .map_err(|e| git_error(&format!("cannot read tree {id}"), &self.workdir, &e))?;
        let mut files = Vec::new();
        tree.walk(git2::TreeWalkMode::PreOrder, |folder, entry| {
            let regular = matches!(
                entry.filemode(),
                0o100644 | 0o100755 | 0o100664 // the last is an old, still valid mode
            );
            if regular && let Ok(name) = entry.name() {
                let path = format!("{folder}{name}");
                if is_document(&path) {
                    files.push((path, entry.id()));
                }
            }
            git2::TreeWalkResult::Ok
        })
        .map_err(|e| git_error(&format!("cannot read tree {id}"), &self.workdir, &e))?;
        files.sort();
        Ok(files)
    }

    /// The documents of the work tree that changed since the merge base of `rev` and
    /// HEAD — committed, staged, unstaged and untracked changes alike, renames followed
    /// to their new name, a plan only moved not counted as changed.
    ///
    /// From the `git` program when there is one: the diff of the merge base against the
    /// work tree and the untracked files, asked at once, laid over the merge base's tree
    /// (whose unchanged documents the run takes from a record or the tree's listing).
    /// libgit2 answers when git cannot be run, with every document of the work tree.
    pub fn changed_since(&self, rev: &str) -> Result<ChangedSince, Error> {
        let merge_base = self.merge_base_with_head(rev)?;
        if let Some(overlay) = self.changed_since_git_program(merge_base) {
            return Ok(ChangedSince::Overlay(overlay));
        }
        let changed = self.changed_since_libgit2(merge_base)?;
        Ok(ChangedSince::Listed(self.work_tree_files("")?, changed))
    }

    fn changed_since_git_program(&self, merge_base: Oid) -> Option<TreeOverlay> {
        let tree = self.repo.find_commit(merge_base).ok()?.tree_id();
        let merge_base = merge_base.to_string();
        let diff_args = [
            "diff",
            "--raw",
            "-z",
            "--no-abbrev",
            "--no-ext-diff",
            "--no-textconv",
            "--find-renames",
            &merge_base,
            "--",
        ];
        let program = &self.program;
        let (diff, untracked) = std::thread::scope(|s| {
            let diff = s.spawn(|| program.run(&diff_args));
            let untracked = self.untracked_listing();
            (diff.join().ok().flatten(), untracked)
        });
        let (diff, untracked) = (diff?, untracked?);

        let mut overlay = TreeOverlay {
            tree,
            files: Vec::new(),
            changed: BTreeSet::new(),
            overlaid: BTreeSet::new(),
        };
        let mut gone: Vec<Oid> = Vec::new();
        let mut records = nul_fields(&diff);
        while let Some(meta) = records.next() {
            // `:OLDMODE NEWMODE OLDOID NEWOID STATUS`, then one path (two for R and C).
            let meta = meta?;
            let mut fields = meta.trim_start_matches(':').split(' ');
            let (old_mode, _, old_oid, _, status) = (
                fields.next()?,
                fields.next()?,
                fields.next()?,
                fields.next()?,
                fields.next()?,
            );
            let kind = status.chars().next()?;
            let path = records.next()?;
            let new = if matches!(kind, 'R' | 'C') {
                Some(records.next()?)
            } else {
                None
            };
            let old_blob = old_mode
                .starts_with("100")
                .then(|| Oid::from_str(old_oid).ok())
                .flatten();
            match kind {
                'R' | 'C' => {
                    // A name that is not UTF-8 is skipped, as everywhere in discovery;
                    // an old name that is not still leaves the new one.
                    if kind == 'R'
                        && let Some(old) = path
                    {
                        overlay.overlaid.insert(old.to_string());
                    }
                    let Some(new) = new.flatten() else { continue };
                    let new = new.as_ref();
                    overlay.overlaid.insert(new.to_string());
                    if !is_document(new) || self.is_symlink(new) {
                        continue;
                    }
                    // Moved but not edited: the plan's findings are not the change's.
                    if status == "R100" {
                        overlay.push(new, old_blob, false);
                    } else {
                        overlay.push(new, None, true);
                    }
                }
                'D' => {
                    let Some(path) = path.as_deref() else {
                        continue;
                    };
                    overlay.overlaid.insert(path.to_string());
                    if is_document(path) {
                        gone.extend(old_blob);
                    }
                }
                _ => {
                    // Added, modified, type change, unmerged: the work-tree file changed.
                    let Some(path) = path.as_deref() else {
                        continue;
                    };
                    overlay.overlaid.insert(path.to_string());
                    if is_document(path) && !self.is_symlink(path) {
                        overlay.push(path, None, true);
                    }
                }
            }
        }
        for path in nul_separated(&untracked) {
            let path = path.as_ref();
            if !is_document(path) || self.is_symlink(path) {
                continue;
            }
            // A committed plan moved without `git mv`: the same blob under a new name.
            let moved = (!gone.is_empty())
                .then(|| {
                    Oid::hash_file(
                        git2::ObjectType::Blob,
                        super::names::join(&self.workdir, path),
                    )
                    .ok()
                })
                .flatten()
                .filter(|oid| gone.contains(oid));
            overlay.overlaid.insert(path.to_string());
            overlay.push(path, moved, moved.is_none());
        }
        overlay.files.sort_by(|a, b| a.path.cmp(&b.path));
        overlay.files.dedup_by(|a, b| a.path == b.path);
        Some(overlay)
    }

    /// Every untracked file git does not ignore, NUL-separated as `git ls-files --others
    /// --exclude-standard -z` gives them (that listing reads every folder git does not
    /// ignore: 0.5 s on 41,000 folders). Where the index keeps git's untracked cache for
    /// this work tree (`core.untrackedCache`, `feature.manyFiles`), `git status` answers
    /// from it instead, reading only the folders that changed since; the folders it names
    /// whole (`?? new-folder/`) are then listed by `ls-files`.
    fn untracked_listing(&self) -> Option<Vec<u8>> {
        let listing = |paths: &[&str]| {
            let mut args = vec!["ls-files", "--others", "--exclude-standard", "-z", "--"];
            args.extend_from_slice(paths);
            self.git_program(&args)
        };
        let Some(all_files) = self.untracked_cache_mode() else {
            return listing(&[]);
        };
        let untracked = if all_files { "-uall" } else { "-unormal" };
        let Some(status) = self.git_program(&[
            "status",
            "--porcelain=v1",
            "-z",
            untracked,
            "--ignored=no",
            "--no-renames",
            "--ignore-submodules=all",
        ]) else {
            return listing(&[]);
        };
        let mut out = Vec::new();
        let mut folders = Vec::new();
        for record in status.split(|&b| b == 0) {
            let Some(path) = record.strip_prefix(b"?? ") else {
                continue;
            };
            if path.ends_with(b"/") {
                folders.push(path);
            } else {
                out.extend_from_slice(path);
                out.push(0);
            }
        }
        // Literal pathspecs, a few hundred to a command to stay far below any limit on
        // the length of a command line.
        for chunk in folders.chunks(256) {
            let specs: Vec<String> = chunk
                .iter()
                .map(|folder| format!(":(literal){}", String::from_utf8_lossy(folder)))
                .collect();
            if chunk.iter().any(|f| std::str::from_utf8(f).is_err()) {
                // A folder whose name is not UTF-8 cannot be passed back as a pathspec
                // here: list everything instead.
                return listing(&[]);
            }
            let specs: Vec<&str> = specs.iter().map(String::as_str).collect();
            out.extend(listing(&specs)?);
        }
        Some(out)
    }

    /// Whether git's untracked cache answers for this work tree: `Some(all)` when the
    /// configuration lets git use it and the index holds one made here, `all` when it
    /// was made for `status.showUntrackedFiles=all` (git only uses a cache made for the
    /// listing asked). `None` otherwise, and when `GIT_INDEX_FILE` names another index.
    fn untracked_cache_mode(&self) -> Option<bool> {
        if std::env::var_os("GIT_INDEX_FILE").is_some() {
            return None;
        }
        let config = self.repo.config().ok()?;
        let bool_of = |key: &str| config.get_bool(key).ok();
        // Unset means "keep": git uses a cache the index already has.
        if bool_of("core.untrackedCache") == Some(false)
            || (bool_of("core.untrackedCache").is_none()
                && bool_of("feature.manyFiles") == Some(false))
        {
            return None;
        }
        let index = std::fs::read(self.repo.path().join("index")).ok()?;
        if !holds_untracked_cache(&index, &self.workdir) {
            return None;
        }
        let all = config
            .get_string("status.showUntrackedFiles")
            .is_ok_and(|v| v.eq_ignore_ascii_case("all"));
        Some(all)
    }

    fn is_symlink(&self, path: &str) -> bool {
        std::fs::symlink_metadata(super::names::join(&self.workdir, path))
            .is_ok_and(|m| m.file_type().is_symlink())
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
impl GitProgram {
    fn run(&self, args: &[&str]) -> Option<Vec<u8>> {
        git_program(&self.workdir, self.git_dir.as_deref(), args)
    }
}

/// Whether the `git` program opens the repository around `dir`: it applies
/// `safe.directory` from every configuration source git reads.
fn git_trusts(dir: &Path) -> bool {
    git_program(dir, None, &["rev-parse", "--git-dir"]).is_some()
}

/// Whether an index file holds git's untracked cache made for `workdir`: the extension
/// begins with its signature, its size, and the environment it was made in, `Location
/// <work tree>, system <name>` (git ignores a cache made elsewhere).
fn holds_untracked_cache(index: &[u8], workdir: &Path) -> bool {
    let Some(workdir) = workdir.to_str() else {
        return false;
    };
    let ident = format!("Location {workdir}, system ");
    memchr::memmem::find_iter(index, b"UNTR").any(|at| {
        // Signature (4), size (4), then the length of the environment strings as a
        // varint of one or two bytes for any real path.
        (1..=2).any(|varint| {
            index
                .get(at + 8 + varint..)
                .is_some_and(|rest| rest.starts_with(ident.as_bytes()))
        })
    })
}

/// The work-tree side of `git status --porcelain=v1 -z` records (`XY PATH`) for
/// documents: untracked (`??`), deleted or no longer a plain file (`D`, `T`), modified
/// (`M`, and both sides of a conflict, whose file now holds conflict markers).
fn parse_porcelain_status(out: &[u8]) -> WorkTreeChanges {
    let mut changes = WorkTreeChanges::default();
    for record in nul_separated(out) {
        let (Some(xy), Some(path)) = (record.get(..2), record.get(3..)) else {
            continue;
        };
        if !is_document(path) {
            continue;
        }
        let path = path.to_string();
        let (index, work_tree) = (xy.as_bytes()[0], xy.as_bytes()[1]);
        match (index, work_tree) {
            (b'?', b'?') => changes.untracked.push(path),
            (_, b'D' | b'T') => {
                changes.deleted.insert(path);
            }
            (b'U', _) | (_, b'U') | (b'A', b'A') | (_, b'M') => {
                changes.modified.insert(path);
            }
            _ => {}
        }
    }
    changes
}

fn git_program(workdir: &Path, git_dir: Option<&Path>, args: &[&str]) -> Option<Vec<u8>> {
    let mut command = std::process::Command::new("git");
    command.arg("-C").arg(workdir);
    if let Some(git_dir) = git_dir {
        let flag = |name: &str, path: &Path| {
            let mut arg = std::ffi::OsString::from(name);
            arg.push(path);
            arg
        };
        command
            .arg(flag("--git-dir=", git_dir))
            .arg(flag("--work-tree=", workdir));
    }
    let output = command
        .args(args)
        // Never take the index lock a running `git commit` holds.
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    output.status.success().then_some(output.stdout)
}

/// The documents of `git ls-tree -r -z` output (`MODE TYPE OID\tPATH` records): plain
/// files only.
fn parse_ls_tree(out: &[u8]) -> Vec<(String, Oid)> {
    let mut files = Vec::new();
    for record in nul_separated(out) {
        let Some((meta, path)) = record.split_once('\t') else {
            continue;
        };
        let mut meta = meta.split(' ');
        let (Some(mode), Some(kind), Some(oid)) = (meta.next(), meta.next(), meta.next()) else {
            continue;
        };
        if kind == "blob"
            && mode.starts_with("100")
            && is_document(path)
            && let Ok(blob) = Oid::from_str(oid)
        {
            files.push((path.to_string(), blob));
        }
    }
    files
}

/// The document changes of `git diff --raw -z --no-abbrev --no-renames` output: a
/// `:OLDMODE NEWMODE OLDOID NEWOID STATUS` record, then the path.
fn parse_raw_diff(out: &[u8]) -> Vec<StagedChange> {
    let mut changes = Vec::new();
    let mut records = nul_fields(out);
    while let Some(meta) = records.next() {
        let (Some(meta), Some(path)) = (meta, records.next().flatten()) else {
            continue;
        };
        let mut fields = meta.trim_start_matches(':').split(' ');
        let (Some(_), Some(new_mode), Some(_), Some(new_oid), Some(status)) = (
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
        ) else {
            continue;
        };
        let path = path.as_ref();
        if !is_document(path) {
            continue;
        }
        // Deleted (`D`) and unmerged (`U`) entries have no single staged content.
        let present = !status.starts_with(['D', 'U']) && new_mode.starts_with("100");
        changes.push(StagedChange {
            path: path.to_string(),
            blob: present.then(|| Oid::from_str(new_oid).ok()).flatten(),
        });
    }
    changes
}

/// The records of git's `-z` output (a name that is not UTF-8 keeps its bytes, see
/// [`super::names`]).
fn nul_separated(out: &[u8]) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
    out.split(|&b| b == 0)
        .filter(|r| !r.is_empty())
        .map(super::names::encode_bytes)
}

/// The records of git's `-z` output where records come in groups (a status, then paths);
/// `Option` so callers may skip a record, always `Some` now that names that are not
/// UTF-8 keep their bytes (see [`super::names`]).
fn nul_fields(out: &[u8]) -> impl Iterator<Item = Option<std::borrow::Cow<'_, str>>> {
    out.strip_suffix(&[0])
        .unwrap_or(out)
        .split(|&b| b == 0)
        .filter(|_| !out.is_empty())
        .map(|r| Some(super::names::encode_bytes(r)))
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

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "1111111111111111111111111111111111111111";
    const B: &str = "2222222222222222222222222222222222222222";
    const ZERO: &str = "0000000000000000000000000000000000000000";

    #[test]
    fn an_untracked_cache_counts_only_when_made_for_this_work_tree() {
        let mut index = b"DIRC\0\0\0\x02 entries with UNTR in a name ".to_vec();
        index.extend_from_slice(b"UNTR\0\0\x01\0\x2cLocation /work/repo, system Linux\0");
        assert!(holds_untracked_cache(&index, Path::new("/work/repo")));
        assert!(!holds_untracked_cache(&index, Path::new("/work/re")));
        assert!(!holds_untracked_cache(&index, Path::new("/elsewhere/repo")));
        let no_cache = b"DIRC\0\0\0\x02 TREE Location /work/repo, system Linux";
        assert!(!holds_untracked_cache(no_cache, Path::new("/work/repo")));
    }

    #[test]
    fn porcelain_status_records_sort_into_untracked_deleted_and_modified() {
        let out = b"?? docs/new.md\0 D docs/gone.md\0 M docs/edited.md\0UU docs/conflict.md\0\
                    M  docs/staged-only.md\0?? src/main.rs\0 T docs/now-a-link.md\0";
        let changes = parse_porcelain_status(out);
        assert_eq!(changes.untracked, vec!["docs/new.md"]);
        assert_eq!(
            changes.deleted.into_iter().collect::<Vec<_>>(),
            vec!["docs/gone.md", "docs/now-a-link.md"]
        );
        assert_eq!(
            changes.modified.into_iter().collect::<Vec<_>>(),
            vec!["docs/conflict.md", "docs/edited.md"]
        );
    }

    #[test]
    fn raw_diff_records_give_each_document_its_staged_blob() {
        let mut out = Vec::new();
        let mut record = |meta: String, path: &[u8]| {
            out.extend_from_slice(meta.as_bytes());
            out.push(0);
            out.extend_from_slice(path);
            out.push(0);
        };
        record(format!(":100644 100644 {A} {B} M"), b"docs/edited.md");
        // A name that is not UTF-8 keeps its bytes (see `names`).
        record(format!(":000000 100644 {ZERO} {B} A"), b"docs/\xff.md");
        record(format!(":100644 000000 {A} {ZERO} D"), b"docs/removed.md");
        record(format!(":100644 120000 {A} {B} T"), b"docs/now-a-link.md");
        record(
            format!(":000000 000000 {ZERO} {ZERO} U"),
            b"docs/conflict.md",
        );
        record(format!(":000000 100644 {ZERO} {B} A"), b"src/main.rs");
        record(format!(":000000 100755 {ZERO} {A} A"), b"docs/new.md");
        let b = Oid::from_str(B).ok();
        let a = Oid::from_str(A).ok();
        let change = |path: &str, blob| StagedChange {
            path: path.to_string(),
            blob,
        };
        assert_eq!(
            parse_raw_diff(&out),
            vec![
                change("docs/edited.md", b),
                change(&super::super::names::encode_bytes(b"docs/\xff.md"), b),
                change("docs/removed.md", None),
                change("docs/now-a-link.md", None),
                change("docs/conflict.md", None),
                change("docs/new.md", a),
            ]
        );
        assert!(parse_raw_diff(b"").is_empty());
    }
}
