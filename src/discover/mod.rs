//! Which files to look at: git's view of the work tree inside a repository (tracked plus
//! untracked-not-ignored), walkdir outside one.

mod fs;
mod git;
pub mod names;

use crate::error::Error;
use crate::profile::learn::is_template_path;
use crate::settings::Settings;
pub use git::GitRepo;
use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// A file that may be a plan.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// Path shown to the user: relative to the current directory, `/`-separated.
    pub display: String,
    /// Where to read it.
    pub fs_path: PathBuf,
    /// Named on the command line (linted even outside the default locations).
    pub explicit: bool,
    /// Its content when it does not come from the work tree (a staged blob).
    pub content: Option<Arc<[u8]>>,
    /// Reported on. Other candidates are plans of the repository read only so that
    /// `duplicate-id` can compare against every plan.
    pub report: bool,
    /// The git blob id of its content, when git knows it without reading the file: the
    /// key of the Plan ID cache.
    pub blob: Option<git2::Oid>,
    /// Its content is the blob `blob` (of the index or of a commit's tree), read from
    /// git's object store when it is needed (a context plan under `--staged`), not the
    /// work-tree file.
    pub from_index: bool,
    /// Its path in the repository, when discovery found it there (`/`-separated).
    pub repo_path: Option<String>,
}

impl Candidate {
    /// Whether it is a work-tree file git listed (not one named on the command line):
    /// read only as a plain file, and dropped when it is gone by the time it is read.
    pub fn is_listed_work_tree_file(&self) -> bool {
        self.repo_path.is_some() && !self.explicit && self.content.is_none() && !self.from_index
    }
}

/// Which version of the files to lint.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Mode {
    /// The work tree as it is.
    #[default]
    WorkTree,
    /// The index: what the next commit will hold (`--staged`).
    Staged,
    /// Only plans changed since the merge base of this revision and HEAD.
    ChangedSince(String),
}

/// Markdown file extensions plan-lint looks at in directories.
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Markdown files, and the metadata files a profile keeps beside its documents
/// (`kep.yaml`): the files plan-lint reads.
pub fn is_document_file(path: &Path) -> bool {
    is_markdown(path)
        || path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
            crate::profile::builtin::METADATA_FILES
                .iter()
                .any(|m| n.eq_ignore_ascii_case(m))
        })
}

/// Files named like a template hold placeholders on purpose: a name containing
/// `template`, or the README (or index) of a template folder
/// (`NNNN-kep-template/README.md`).
pub fn is_template_name(path: &Path) -> bool {
    let name = |p: Option<&std::ffi::OsStr>| p.and_then(|n| n.to_str()).map(str::to_lowercase);
    let file = name(path.file_name());
    file.as_deref()
        .is_some_and(|n| n.contains("template") && unnumbered(n))
        || file
            .as_deref()
            .is_some_and(|n| matches!(n, "readme.md" | "readme.markdown" | "index.md"))
            && name(path.parent().and_then(Path::file_name)).is_some_and(|d| is_template_folder(&d))
}

/// A folder of a template (`NNNN-kep-template`, `0000-cloud-provider-template`), but
/// not a numbered document about templates (`5978-cluster-resource-claim-template`).
/// A folder that merely holds templates (`templates/`) is not one: its README says
/// what they are for.
pub fn is_template_folder(name: &str) -> bool {
    let name = name.to_lowercase();
    name.contains("template")
        && !matches!(name.as_str(), "template" | "templates")
        && unnumbered(&name)
}

/// A name that starts with no number but zeros (`0000-template`, `adr-template`,
/// `adr-0000-template`): a numbered one (`0039-use-velocity-as-template-engine`,
/// `adr-014-project-templates`) is a document about templates. A short word before the
/// number (`adr-`, `rfc_`) is the family's prefix.
fn unnumbered(name: &str) -> bool {
    let prefix = name.bytes().take_while(u8::is_ascii_alphabetic).count();
    let rest = match name.as_bytes().get(prefix) {
        Some(b'-' | b'_') if (1..=5).contains(&prefix) => &name[prefix + 1..],
        _ => name,
    };
    rest.chars()
        .take_while(char::is_ascii_digit)
        .all(|c| c == '0')
}

/// Finds the candidate files for the paths in `settings`, sorted and without duplicates;
/// work-tree walks of git folders may be left pending (see [`Discovery`]).
pub fn discover(settings: &Settings) -> Result<Discovery, Error> {
    let mut discovery = match &settings.mode {
        Mode::WorkTree => work_tree(settings)?,
        Mode::Staged => staged(settings)?,
        Mode::ChangedSince(rev) => changed_since(settings, rev)?,
    };
    let out = &mut discovery.candidates;
    // A file both named and found as context keeps its reported entry, and a file both
    // found on disk and given on standard input keeps the text given.
    out.sort_by(|a, b| {
        a.fs_path
            .cmp(&b.fs_path)
            .then(b.report.cmp(&a.report))
            .then(b.content.is_some().cmp(&a.content.is_some()))
            .then(b.explicit.cmp(&a.explicit))
    });
    out.dedup_by(|a, b| a.fs_path == b.fs_path);
    out.sort();
    Ok(discovery)
}

/// The repository the current directory lies in, required by `--staged` and
/// `--changed-since`.
fn required_repo(settings: &Settings, flag: &str) -> Result<GitRepo, Error> {
    GitRepo::open(&settings.cwd)?.ok_or_else(|| {
        Error::Usage(format!(
            "{flag} needs a git repository, and {} is not inside one",
            settings.cwd.display()
        ))
    })
}

/// What the path arguments select, as repository-relative folders and files.
fn selection(settings: &Settings, repo: &GitRepo) -> Vec<(String, bool)> {
    settings
        .paths
        .iter()
        .filter_map(|arg| {
            let absolute = normalize(&settings.cwd.join(arg));
            let is_dir = absolute.is_dir() || !absolute.exists() && arg.as_os_str().is_empty();
            repo.relative(&absolute).map(|rel| (rel, is_dir))
        })
        .collect()
}

fn selected(selection: &[(String, bool)], path: &str) -> bool {
    selection.iter().any(|(sel, is_dir)| {
        if *is_dir {
            sel.is_empty() || path.starts_with(&format!("{sel}/"))
        } else {
            sel == path
        }
    })
}

fn repo_candidate(
    shown: &Displayer,
    repo: &GitRepo,
    rel: &str,
    report: bool,
    blob: Option<git2::Oid>,
) -> Candidate {
    let file = names::join(&repo.workdir, rel);
    Candidate {
        display: shown.display(&file),
        fs_path: file,
        explicit: false,
        content: None,
        report,
        blob,
        from_index: false,
        repo_path: Some(rel.to_string()),
    }
}

/// Whether the file at repository path `rel` is a template the run learns a profile from.
fn learns_template(settings: &Settings, rel: &str, file: &Path) -> bool {
    settings.discover_templates
        && is_template_path(rel)
        && !settings.excluded(file)
        && !in_test_data(file)
}

/// The index as HEAD's tree with the commit's changes laid over it: the changed
/// documents are read now, HEAD's plans come from a record of an earlier run when there
/// is one (a hook's usual case: HEAD's tree is the same from commit to commit), else from
/// listing the tree.
fn staged(settings: &Settings) -> Result<Discovery, Error> {
    let repo = required_repo(settings, "--staged")?;
    let shown = Displayer::new(settings);
    let selection = selection(settings, &repo);
    let nothing = || Discovery {
        unfollowed_links: Vec::new(),
        missing: Vec::new(),
        candidates: Vec::new(),
        pending: Vec::new(),
        templates: Vec::new(),
        repo: None,
        base: None,
    };
    // Git's own diff says what the commit changes; with no document among it there is
    // nothing to lint, and no blob needs reading (the common case in a hook).
    let changes = repo.staged_changes()?;
    if !changes.iter().any(|change| {
        change.blob.is_some()
            && selected(&selection, &change.path)
            && keep(settings, &names::join(&repo.workdir, &change.path), false)
    }) {
        return Ok(nothing());
    }
    let overlaid: std::collections::BTreeSet<String> =
        changes.iter().map(|c| c.path.clone()).collect();
    let templates_changed = changes.iter().any(|c| is_template_path(&c.path));
    let base = match repo.head_tree_id()? {
        Some(tree) => Some(base_tree(
            settings,
            &repo,
            tree,
            overlaid,
            templates_changed,
        )?),
        None => None,
    };
    let mut templates = base_templates(&shown, &repo, base.as_ref())?;
    let mut out = Vec::new();
    for change in &changes {
        let Some(blob) = change.blob else { continue };
        let fs_path = names::join(&repo.workdir, &change.path);
        if learns_template(settings, &change.path, &fs_path) {
            templates.push(blob_template(&shown, &repo, &change.path, blob)?);
        }
        if !keep(settings, &fs_path, false) {
            continue;
        }
        // A changed document outside the selected paths is context, read only when the
        // Plan ID cache does not know its blob.
        let report = selected(&selection, &change.path);
        let mut candidate = repo_candidate(&shown, &repo, &change.path, report, Some(blob));
        if report {
            candidate.content = Some(Arc::from(repo.read_blob(blob)?));
        } else {
            candidate.from_index = true;
        }
        out.push(candidate);
    }
    Ok(Discovery::over_base(out, templates, repo, base))
}

/// A template file as a blob of the repository holds it.
fn blob_template(
    shown: &Displayer,
    repo: &GitRepo,
    rel: &str,
    blob: git2::Oid,
) -> Result<TemplateFile, Error> {
    let fs_path = names::join(&repo.workdir, rel);
    Ok(TemplateFile {
        display: shown.display(&fs_path),
        fs_path,
        content: Some(Arc::from(repo.read_blob(blob)?)),
    })
}

/// The base tree's templates that the change leaves as they are.
fn base_templates(
    shown: &Displayer,
    repo: &GitRepo,
    base: Option<&BaseTree>,
) -> Result<Vec<TemplateFile>, Error> {
    let Some(base) = base else {
        return Ok(Vec::new());
    };
    base.templates
        .iter()
        .filter(|(rel, _)| !base.overlaid.contains(rel))
        .map(|(rel, blob)| blob_template(shown, repo, rel, *blob))
        .collect()
}

/// A commit tree as the context a change is laid over (HEAD's under `--staged`, the merge
/// base's under `--changed-since`): its record when an earlier run left one for these
/// settings and the change touches no template, else its listing.
fn base_tree(
    settings: &Settings,
    repo: &GitRepo,
    tree: git2::Oid,
    overlaid: std::collections::BTreeSet<String>,
    templates_changed: bool,
) -> Result<BaseTree, Error> {
    let fingerprint = crate::cache::settings_fingerprint(settings);
    let record = (settings.use_cache && !templates_changed)
        .then(|| crate::cache::tree_record(repo.git_dir(), &tree.to_string(), &fingerprint))
        .flatten();
    if let Some(record) = record {
        let templates = record
            .templates
            .iter()
            .filter_map(|(rel, blob)| Some((rel.clone(), git2::Oid::from_str(blob).ok()?)))
            .collect();
        return Ok(BaseTree {
            tree,
            settings: fingerprint,
            overlaid,
            templates,
            recordable: false,
            source: BaseSource::Recorded(record),
        });
    }
    let (candidates, templates) = list_tree(settings, repo, tree)?;
    Ok(BaseTree {
        tree,
        settings: fingerprint,
        overlaid,
        templates,
        recordable: settings.use_cache && !templates_changed,
        source: BaseSource::Listed(candidates),
    })
}

fn changed_since(settings: &Settings, rev: &str) -> Result<Discovery, Error> {
    let repo = required_repo(settings, "--changed-since")?;
    let shown = Displayer::new(settings);
    let (files, changed, base) = match repo.changed_since(rev)? {
        git::ChangedSince::Overlay(overlay) => {
            let templates_changed = overlay.overlaid.iter().any(|p| is_template_path(p));
            let base = base_tree(
                settings,
                &repo,
                overlay.tree,
                overlay.overlaid,
                templates_changed,
            )?;
            (overlay.files, overlay.changed, Some(base))
        }
        git::ChangedSince::Listed(files, changed) => (files, changed, None),
    };
    let selection = selection(settings, &repo);
    let mut out = Vec::new();
    let mut templates = base_templates(&shown, &repo, base.as_ref())?;
    let sparse = repo.sparse_entries();
    for mut file in files {
        // A changed file a sparse checkout leaves out is read from the index, which git
        // holds to be its content.
        if let Some(blob) = sparse.get(&file.path) {
            file.blob = Some(*blob);
        }
        let rel = &file.path;
        let fs_path = names::join(&repo.workdir, rel);
        note_template(settings, &mut templates, rel, &fs_path, || {
            shown.display(&fs_path)
        });
        if !keep(settings, &fs_path, false) {
            continue;
        }
        let report = changed.contains(rel) && selected(&selection, rel);
        let mut candidate = repo_candidate(&shown, &repo, rel, report, file.blob);
        if let Some(blob) = sparse.get(rel) {
            if report {
                candidate.content = Some(Arc::from(repo.read_blob(*blob)?));
            } else {
                candidate.from_index = true;
            }
        }
        out.push(candidate);
    }
    Ok(Discovery::over_base(out, templates, repo, base))
}

fn work_tree(settings: &Settings) -> Result<Discovery, Error> {
    let mut out = Vec::new();
    let mut pending = Vec::new();
    let mut templates = Vec::new();
    let shown = Displayer::new(settings);
    let mut context_repo: Option<GitRepo> = None;
    // What the arguments cover in the repository, so the duplicate-id context (every
    // other plan of the repository) adds only what is not linted anyway.
    let mut listed_files: HashSet<String> = HashSet::new();
    let mut listed_dirs: Vec<String> = Vec::new();
    let mut unfollowed_links = Vec::new();
    let mut missing = Vec::new();
    // A link is worth a note only when what it points at is not linted through another
    // path: it is dangling, or leads outside the folder being linted.
    let mut note_link = |root: &Path, file: PathBuf, display: String| {
        if link_worth_a_note(root, &file) {
            unfollowed_links.push(display);
        }
    };
    for arg in &settings.paths {
        // `-`: the text read from standard input, as the file it stands for.
        let stdin = settings
            .stdin
            .as_ref()
            .filter(|_| arg.as_os_str() == crate::settings::STDIN_PATH);
        let named = stdin.and_then(|s| s.path.as_ref()).unwrap_or(arg);
        let absolute = normalize(&settings.cwd.join(named));
        if stdin.is_none()
            && std::fs::symlink_metadata(&absolute)
                .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
        {
            missing.push(MissingPath::of(arg, &absolute));
            continue;
        }
        let display_base = match stdin {
            Some(s) if s.path.is_none() => crate::settings::STDIN_PATH.to_string(),
            _ => shown.display(&absolute),
        };
        let is_dir = stdin.is_none() && std::fs::metadata(&absolute).is_ok_and(|m| m.is_dir());
        let search_from = if is_dir {
            absolute.clone()
        } else if stdin.is_some() {
            // An editor's new file may lie in a folder that does not exist yet.
            absolute
                .ancestors()
                .skip(1)
                .find(|d| d.is_dir())
                .map_or_else(|| absolute.clone(), Path::to_path_buf)
        } else {
            absolute
                .parent()
                .map_or_else(|| absolute.clone(), Path::to_path_buf)
        };
        let repo = if search_from.exists() {
            GitRepo::open(&search_from)?
        } else {
            None
        };
        match repo {
            Some(repo) if is_dir => {
                let prefix = repo.relative(&absolute).unwrap_or_default();
                let strip = if prefix.is_empty() {
                    0
                } else {
                    prefix.len() + 1
                };
                for path in repo.tracked_links(&prefix)? {
                    let rel = &path[strip..];
                    note_link(
                        &absolute,
                        names::join(&absolute, rel),
                        join_display(&display_base, rel),
                    );
                }
                for (path, blob) in repo.tracked_files(&prefix)? {
                    let rel = &path[strip..];
                    let file = names::join(&absolute, rel);
                    // Left out of a sparse checkout: not on disk, so not reported, but its
                    // Plan ID still counts for duplicate-id (read from the index).
                    let sparse = repo.is_sparse(&path);
                    if !sparse {
                        note_template(settings, &mut templates, &path, &file, || {
                            join_display(&display_base, rel)
                        });
                    }
                    if keep(settings, &file, false) {
                        out.push(Candidate {
                            display: join_display(&display_base, rel),
                            fs_path: file,
                            explicit: false,
                            content: None,
                            report: !sparse,
                            blob: sparse.then_some(blob),
                            from_index: sparse,
                            repo_path: Some(path.clone()),
                        });
                    }
                }
                // Context plans come from the repository: those outside the folder, and
                // those a sparse checkout leaves out.
                if context_repo.is_none() && (!prefix.is_empty() || repo.has_sparse()) {
                    context_repo = GitRepo::open(&search_from)?;
                }
                listed_dirs.push(prefix.clone());
                pending.push(PendingWalk {
                    repo,
                    prefix,
                    absolute,
                    display_base,
                });
            }
            repo => {
                if is_dir {
                    let (files, links) = fs::walk(&absolute);
                    for rel in links {
                        note_link(
                            &absolute,
                            names::join(&absolute, &rel),
                            join_display(&display_base, &rel),
                        );
                    }
                    for rel in files {
                        let file = names::join(&absolute, &rel);
                        note_template(settings, &mut templates, &rel, &file, || {
                            join_display(&display_base, &rel)
                        });
                        if keep(settings, &file, false) {
                            out.push(Candidate {
                                display: join_display(&display_base, &rel),
                                fs_path: file,
                                explicit: false,
                                content: None,
                                report: true,
                                blob: None,
                                from_index: false,
                                repo_path: None,
                            });
                        }
                    }
                } else if keep(settings, &absolute, true) {
                    // A file named on the command line, or one that cannot be read
                    // (reported as `unreadable` when it is read).
                    out.push(Candidate {
                        display: display_base,
                        fs_path: absolute.clone(),
                        explicit: true,
                        content: stdin.map(|s| s.bytes.clone()),
                        report: true,
                        blob: None,
                        from_index: false,
                        repo_path: repo.as_ref().and_then(|r| r.relative(&absolute)),
                    });
                }
                if let Some(repo) = repo {
                    if let Some(rel) = repo.relative(&absolute) {
                        listed_files.insert(rel);
                    }
                    if context_repo.is_none() {
                        context_repo = Some(repo);
                    }
                }
            }
        }
    }
    // Inside a repository, duplicate-id compares against every plan in it, whatever the
    // paths named (unless one of them was the whole repository).
    let covered = |rel: &str| {
        listed_files.contains(rel)
            || listed_dirs
                .iter()
                .any(|d| d.is_empty() || rel.starts_with(&format!("{d}/")))
    };
    let context_repo =
        context_repo.filter(|repo| !listed_dirs.iter().any(String::is_empty) || repo.has_sparse());
    if let Some(repo) = &context_repo {
        for file in repo.work_tree_files("")? {
            let rel = &file.path;
            let fs_path = names::join(&repo.workdir, rel);
            if !covered(rel) {
                note_template(settings, &mut templates, rel, &fs_path, || {
                    shown.display(&fs_path)
                });
            }
            if !covered(rel) && keep(settings, &fs_path, false) {
                out.push(Candidate {
                    display: shown.display(&fs_path),
                    fs_path,
                    explicit: false,
                    content: None,
                    report: false,
                    from_index: file.blob.is_some() && repo.is_sparse(rel),
                    blob: file.blob,
                    repo_path: Some(rel.clone()),
                });
            }
        }
    }
    templates.sort_by(|a, b| a.display.cmp(&b.display));
    templates.dedup_by(|a, b| a.fs_path == b.fs_path);
    Ok(Discovery {
        candidates: out,
        pending,
        templates,
        repo: context_repo,
        base: None,
        unfollowed_links,
        missing,
    })
}

/// Records a template file of the repository (`rel` is its path inside the repository
/// or walked folder), unless discovery is off or the file is excluded.
fn note_template(
    settings: &Settings,
    templates: &mut Vec<TemplateFile>,
    rel: &str,
    file: &Path,
    display: impl FnOnce() -> String,
) {
    if settings.discover_templates
        && is_template_path(rel)
        && !settings.excluded(file)
        && !in_test_data(file)
    {
        templates.push(TemplateFile {
            display: display(),
            fs_path: file.to_path_buf(),
            content: None,
        });
    }
}

/// A template file found in the repository.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// Path shown to the user.
    pub display: String,
    /// Where to read it.
    pub fs_path: PathBuf,
    /// Its content when it comes from the index.
    pub content: Option<Arc<[u8]>>,
}

/// The part of discovering a git folder that walks the work tree (untracked files, and
/// tracked ones that are gone). It is left to the run, which does it while the tracked
/// files are being linted.
pub struct PendingWalk {
    repo: GitRepo,
    prefix: String,
    absolute: PathBuf,
    display_base: String,
}

/// What discovery found.
pub struct Discovery {
    /// Candidates known at once.
    pub candidates: Vec<Candidate>,
    /// Work-tree walks still to do (see [`PendingWalk::resolve`]).
    pub pending: Vec<PendingWalk>,
    /// Template files of the repository, to learn profiles from.
    pub templates: Vec<TemplateFile>,
    /// The repository the context plans (those not reported on) come from: where
    /// index blobs are read and the Plan ID cache is kept.
    pub repo: Option<GitRepo>,
    /// The commit tree the context plans come from, when the run overlays changes on
    /// one (`--staged`: HEAD's tree under the index's changes; `--changed-since`: the
    /// merge base's tree under the work tree's).
    pub base: Option<BaseTree>,
    /// Symbolic links to Markdown that were not followed and whose target is not linted
    /// anyway (it lies outside what the paths cover, or does not exist), as displayed.
    pub unfollowed_links: Vec<String>,
    /// Paths named on the command line that do not exist: a usage error, reported once
    /// the other paths are linted.
    pub missing: Vec<MissingPath>,
}

/// A path named on the command line that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingPath {
    /// The path as the user wrote it.
    pub display: String,
    /// An existing name of the same folder it is likely a typo of, as a path to type.
    pub suggestion: Option<String>,
}

impl MissingPath {
    fn of(arg: &Path, absolute: &Path) -> MissingPath {
        MissingPath {
            display: names::show(&names::encode(arg.as_os_str())).into_owned(),
            suggestion: nearest_sibling(arg, absolute),
        }
    }
}

/// The entry of `absolute`'s folder whose name is closest to its file name, written as
/// `arg` would be with that name.
fn nearest_sibling(arg: &Path, absolute: &Path) -> Option<String> {
    let name = absolute.file_name()?.to_str()?;
    let folder = absolute.parent()?;
    let entries: Vec<String> = std::fs::read_dir(folder)
        .ok()?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|e| !e.starts_with('.') || name.starts_with('.'))
        .take(10_000)
        .collect();
    let best = crate::error::did_you_mean(name, entries.iter().map(String::as_str))?;
    Some(arg.with_file_name(best).display().to_string())
}

/// The context plans of a commit's tree: every document of the tree, less the paths the
/// run overlays with their new content (the changes it lints).
pub struct BaseTree {
    /// The tree's id.
    pub tree: git2::Oid,
    /// Discovery's settings fingerprint ([`crate::cache::settings_fingerprint`]).
    pub settings: String,
    /// Repository paths whose version in the tree is not the run's (changed or removed).
    pub overlaid: std::collections::BTreeSet<String>,
    /// The tree's template files.
    pub templates: Vec<RepoFile>,
    /// Whether the run learns its profiles from the tree's templates alone, so what it
    /// finds about the tree can be recorded for the next run.
    pub recordable: bool,
    /// Where the tree's plans come from.
    pub source: BaseSource,
}

/// Where a [`BaseTree`]'s plans come from.
pub enum BaseSource {
    /// A record of an earlier run (valid for the profiles it names).
    Recorded(crate::cache::TreeRecord),
    /// The tree's documents, to read (or find in the Plan ID cache).
    Listed(Vec<Candidate>),
}

/// A file of a commit's tree: its repository path and blob id.
pub type RepoFile = (String, git2::Oid);

/// The documents of `tree` as context candidates (read from git's object store), and its
/// template files.
pub fn list_tree(
    settings: &Settings,
    repo: &GitRepo,
    tree: git2::Oid,
) -> Result<(Vec<Candidate>, Vec<RepoFile>), Error> {
    let shown = Displayer::new(settings);
    let mut candidates = Vec::new();
    let mut templates = Vec::new();
    for (rel, blob) in repo.tree_documents(tree)? {
        let fs_path = names::join(&repo.workdir, &rel);
        if learns_template(settings, &rel, &fs_path) {
            templates.push((rel.clone(), blob));
        }
        if keep(settings, &fs_path, false) {
            let mut candidate = repo_candidate(&shown, repo, &rel, false, Some(blob));
            candidate.from_index = true;
            candidates.push(candidate);
        }
    }
    Ok((candidates, templates))
}

/// The display path of a repository path (relative to the current directory).
pub fn display_in_repo(settings: &Settings, repo: &GitRepo) -> impl Fn(&str) -> String + use<> {
    let shown = Displayer::new(settings);
    let workdir = repo.workdir.clone();
    move |rel| shown.display(&names::join(&workdir, rel))
}

impl PendingWalk {
    /// Walks the work tree: the untracked candidates to add, the paths of tracked
    /// candidates that are gone from the work tree, and the untracked links not followed.
    pub fn resolve(self, settings: &Settings) -> Result<Walked, Error> {
        let changes = self.repo.untracked_documents(&self.prefix)?;
        let strip = if self.prefix.is_empty() {
            0
        } else {
            self.prefix.len() + 1
        };
        let mut added = Vec::new();
        for path in &changes.untracked {
            let rel = &path[strip..];
            let file = names::join(&self.absolute, rel);
            if keep(settings, &file, false) {
                added.push(Candidate {
                    display: join_display(&self.display_base, rel),
                    fs_path: file,
                    explicit: false,
                    content: None,
                    report: true,
                    blob: None,
                    from_index: false,
                    repo_path: Some(path.clone()),
                });
            }
        }
        let gone = changes
            .deleted
            .iter()
            .map(|p| names::join(&self.absolute, &p[strip..]))
            .collect();
        let unfollowed_links = changes
            .untracked_links
            .iter()
            .map(|path| &path[strip..])
            .filter(|rel| link_worth_a_note(&self.absolute, &names::join(&self.absolute, rel)))
            .map(|rel| join_display(&self.display_base, rel))
            .collect();
        Ok(Walked {
            added,
            gone,
            unfollowed_links,
        })
    }
}

/// What a [`PendingWalk`] found.
pub struct Walked {
    /// Untracked candidates.
    pub added: Vec<Candidate>,
    /// Tracked candidates gone from the work tree.
    pub gone: Vec<PathBuf>,
    /// Untracked symbolic links to Markdown not followed, whose target is not linted
    /// otherwise (as displayed).
    pub unfollowed_links: Vec<String>,
}

/// Whether a link at `file`, under the folder `root` being linted, deserves a note: what
/// it points at is not linted through another path (it dangles, or leads outside).
fn link_worth_a_note(root: &Path, file: &Path) -> bool {
    let inside = std::fs::canonicalize(file)
        .is_ok_and(|target| std::fs::canonicalize(root).is_ok_and(|root| target.starts_with(root)));
    !inside
}

impl Discovery {
    /// The discovery of a change (`--staged`, `--changed-since`): its candidates, laid
    /// over `base` when there is one.
    fn over_base(
        candidates: Vec<Candidate>,
        templates: Vec<TemplateFile>,
        repo: GitRepo,
        base: Option<BaseTree>,
    ) -> Discovery {
        Discovery {
            candidates,
            pending: Vec::new(),
            templates,
            repo: Some(repo),
            base,
            unfollowed_links: Vec::new(),
            missing: Vec::new(),
        }
    }

    /// Every candidate, the work-tree walks done in place (no overlap with linting).
    pub fn resolve_all(self, settings: &Settings) -> Result<Vec<Candidate>, Error> {
        let mut candidates = self.candidates;
        for walk in self.pending {
            let walked = walk.resolve(settings)?;
            candidates.retain(|c| !walked.gone.contains(&c.fs_path));
            candidates.extend(walked.added);
        }
        candidates.sort();
        Ok(candidates)
    }
}

/// Turns absolute paths into display paths; the current directory is resolved once.
struct Displayer {
    cwd: PathBuf,
    canonical_cwd: PathBuf,
}

impl Displayer {
    fn new(settings: &Settings) -> Self {
        let cwd = normalize(&settings.cwd);
        let canonical_cwd = std::fs::canonicalize(&cwd).unwrap_or_else(|_| cwd.clone());
        Displayer { cwd, canonical_cwd }
    }

    /// Relative to the current directory (with `..` when outside it), `/`-separated.
    fn display(&self, absolute: &Path) -> String {
        for base in [&self.cwd, &self.canonical_cwd] {
            if let Ok(rel) = absolute.strip_prefix(base) {
                return display_of(rel);
            }
        }
        let canonical = std::fs::canonicalize(absolute).unwrap_or_else(|_| absolute.to_path_buf());
        relative_path(&canonical, &self.canonical_cwd)
            .map(|p| display_of(&p))
            .unwrap_or_else(|| display_of(absolute))
    }
}

/// `to` relative to `from` (both absolute), walking up with `..` as needed.
fn relative_path(to: &Path, from: &Path) -> Option<PathBuf> {
    let to: Vec<_> = to.components().collect();
    let from: Vec<_> = from.components().collect();
    if to.first() != from.first() {
        return None;
    }
    let common = to.iter().zip(&from).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for c in &to[common..] {
        out.push(c.as_os_str());
    }
    Some(out)
}

/// Whether a path lies in a `testdata` folder: inputs of a project's own tests, wrong
/// on purpose (the convention Go's tools and many others follow).
fn in_test_data(file: &Path) -> bool {
    file.components()
        .any(|c| c.as_os_str().eq_ignore_ascii_case("testdata"))
}

fn keep(settings: &Settings, file: &Path, explicit: bool) -> bool {
    if settings.list_everything {
        return explicit || is_markdown(file) || settings.profiles.is_metadata_file(file);
    }
    skip_reason(settings, file, explicit).is_none()
}

/// Why discovery leaves `file` out (named on the command line when `explicit`), or
/// `None` when it is a candidate. Borrowed but for an exclude glob's name, since a run
/// asks it of every Markdown file it lists.
pub fn skip_reason(settings: &Settings, file: &Path, explicit: bool) -> Option<Cow<'static, str>> {
    if !explicit && in_test_data(file) {
        return Some(Cow::Borrowed(
            "in a testdata folder (a project's own test inputs)",
        ));
    }
    let metadata = settings.profiles.is_metadata_file(file);
    if !explicit && !is_markdown(file) && !metadata {
        return Some(Cow::Borrowed("not Markdown"));
    }
    // A template's metadata file (`NNNN-kep-template/kep.yaml`) is template text too.
    if metadata
        && file
            .parent()
            .and_then(|d| d.file_name())
            .and_then(|d| d.to_str())
            .is_some_and(is_template_folder)
        && (!explicit || settings.force_exclude)
    {
        return Some(Cow::Borrowed("the metadata of a template"));
    }
    // Templates hold placeholders on purpose: skipped like an exclude, so a file named
    // on the command line is still linted unless `--force-exclude`.
    if is_template_name(file) && (!explicit || settings.force_exclude) {
        return Some(Cow::Borrowed(
            "a template (its placeholders are on purpose)",
        ));
    }
    if (!explicit || settings.force_exclude)
        && let Some(glob) = settings.excluded_by(file)
    {
        return Some(Cow::Owned(format!("excluded by `{glob}`")));
    }
    (!explicit && !settings.included(file))
        .then_some(Cow::Borrowed("matched by none of the `include` globs"))
}

/// Removes `.` and resolves `..` lexically (symlinks are not resolved on purpose).
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn display_of(arg: &Path) -> String {
    let text = arg
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| names::show(&names::encode(c.as_os_str())).into_owned())
        .collect::<Vec<_>>()
        .join("/");
    let text = text.replace("//", "/");
    if arg.is_absolute() && !text.starts_with('/') {
        format!("/{text}")
    } else {
        text
    }
}

fn join_display(base: &str, rel: &str) -> String {
    match (base.is_empty(), rel.is_empty()) {
        (true, _) => names::show(rel).into_owned(),
        (false, true) => base.to_string(),
        (false, false) => format!("{}/{}", base.trim_end_matches('/'), names::show(rel)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths() {
        assert_eq!(display_of(Path::new(".")), "");
        assert_eq!(display_of(Path::new("./docs")), "docs");
        assert_eq!(join_display("", "a/b.md"), "a/b.md");
        assert_eq!(join_display("docs", "b.md"), "docs/b.md");
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }

    #[test]
    fn template_names_and_extensions() {
        assert!(is_template_name(Path::new("docs/Plan-TEMPLATE.md")));
        assert!(!is_template_name(Path::new("docs/plan.md")));
        assert!(is_markdown(Path::new("a.MD")));
        assert!(is_markdown(Path::new("a.markdown")));
        assert!(!is_markdown(Path::new("a.txt")));
        assert!(is_template_name(Path::new(
            "keps/NNNN-kep-template/README.md"
        )));
        assert!(!is_template_name(Path::new(
            "keps/5978-claim-template/README.md"
        )));
        assert!(is_document_file(Path::new("keps/x/kep.yaml")));
        assert!(!is_document_file(Path::new("keps/x/other.yaml")));
    }

    #[test]
    fn numbered_documents_about_templates_are_no_templates() {
        assert!(is_template_name(Path::new("0000-template.md")));
        assert!(!is_template_name(Path::new(
            "docs/0039-use-velocity-as-template-engine.md"
        )));
        assert!(!is_template_name(Path::new("template/README.md")));
        assert!(is_template_name(Path::new("x/adr-template/index.md")));
        // A family's prefix before the number.
        assert!(!is_template_name(Path::new("adr-014-project-templates.md")));
        assert!(!is_template_name(Path::new("docs/rfc_12-templating.md")));
        assert!(is_template_name(Path::new("docs/adr-0000-template.md")));
        assert!(is_template_name(Path::new("docs/adr-template-v2.md")));
        assert!(is_template_name(Path::new("templates/plan-template.md")));
    }

    #[test]
    fn test_data_folders() {
        assert!(in_test_data(Path::new("pkg/repo/testdata/keps/x/kep.yaml")));
        assert!(!in_test_data(Path::new("docs/testing/plan.md")));
    }
}
