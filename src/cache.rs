//! The Plan ID cache: what `duplicate-id` needs from each plan of the repository that a
//! run does not report on (its ID, or that it has none), keyed by the file's path and
//! git blob id, so `--staged`, `--changed-since` and named files read and parse only the
//! documents that changed since the last run.
//!
//! It lives under the repository's git directory (`.git/plan-lint/plan-ids.json`), never
//! in the work tree. A cache written by another version of plan-lint, or for other
//! profiles or settings, is ignored; one that cannot be read is rebuilt. It is written
//! through a temporary file and a rename, so a run killed mid-write leaves the old one.

use crate::rules::duplicate_id::PlanIdentity;
use crate::source::{LineCol, Span};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// The cache's format; a file of another format is ignored.
const FORMAT: u32 = 1;

/// A cache file larger than this is not read (it is rebuilt).
const MAX_CACHE_BYTES: u64 = 256 * 1024 * 1024;

/// Where the cache lives, inside the git directory.
pub const CACHE_FILE: &str = "plan-lint/plan-ids.json";

/// The facts of one plan `duplicate-id` compares, without its display path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedIdentity {
    id: String,
    span: (usize, usize),
    family: String,
    label: String,
    part: bool,
    complete: bool,
    start: (usize, usize),
    end: (usize, usize),
}

/// What the run learnt about one file: its Plan ID and where it is written, or `None`
/// for a file with no ID (not a plan, or a profile without IDs).
pub type Identity = Option<(PlanIdentity, LineCol, LineCol)>;

impl CachedIdentity {
    /// The facts of `found`, without its display path.
    pub fn from_identity(found: &(PlanIdentity, LineCol, LineCol)) -> CachedIdentity {
        let (id, start, end) = found;
        CachedIdentity {
            id: id.id.clone(),
            span: (id.span.start, id.span.end),
            family: id.family.clone(),
            label: id.label.clone(),
            part: id.part,
            complete: id.complete,
            start: (start.line, start.column),
            end: (end.line, end.column),
        }
    }

    /// The family and the ID as written (see [`PlanIdentity`]).
    pub fn family_and_id(&self) -> (&str, &str) {
        (&self.family, &self.id)
    }

    /// The identity, shown as `path`.
    pub fn to_identity(&self, path: &str) -> (PlanIdentity, LineCol, LineCol) {
        (
            PlanIdentity {
                path: path.to_string(),
                id: self.id.clone(),
                span: Span::new(self.span.0, self.span.1),
                family: self.family.clone(),
                label: self.label.clone(),
                part: self.part,
                complete: self.complete,
            },
            LineCol {
                line: self.start.0,
                column: self.start.1,
            },
            LineCol {
                line: self.end.0,
                column: self.end.1,
            },
        )
    }
}

/// One file's entry: the blob it was read from and what it holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    blob: String,
    identity: Option<CachedIdentity>,
}

/// The file on disk.
#[derive(Debug, Serialize, Deserialize)]
struct CacheFile {
    format: u32,
    version: String,
    fingerprint: String,
    entries: HashMap<String, Entry>,
}

/// An open cache: the entries read at the start, and those of this run.
#[derive(Debug)]
pub struct IdCache {
    file: PathBuf,
    fingerprint: String,
    /// The entries read, each with whether this run used it.
    known: HashMap<String, (Entry, AtomicBool)>,
    /// The entries of files this run read (missing or out of date in the cache).
    added: Mutex<Vec<(String, Entry)>>,
}

impl IdCache {
    /// Opens the cache of the repository whose git directory is `git_dir`, for runs with
    /// this `fingerprint` (see [`fingerprint`]). A missing, unreadable, corrupt or
    /// foreign file gives an empty cache.
    pub fn open(git_dir: &Path, fingerprint: String) -> IdCache {
        let file = git_dir.join(CACHE_FILE);
        let known = read_cache::<CacheFile>(&file)
            .filter(|c| {
                c.format == FORMAT
                    && c.version == env!("CARGO_PKG_VERSION")
                    && c.fingerprint == fingerprint
            })
            .map(|c| c.entries)
            .unwrap_or_default()
            .into_iter()
            .map(|(path, entry)| (path, (entry, AtomicBool::new(false))))
            .collect();
        IdCache {
            file,
            fingerprint,
            known,
            added: Mutex::new(Vec::new()),
        }
    }

    /// The cached identity of the file at `key` (its repository-relative path) when its
    /// content is still `blob`; `display` becomes the identity's path.
    pub fn get(&self, key: &str, blob: &str, display: &str) -> Option<Identity> {
        let (entry, used) = self.known.get(key).filter(|(e, _)| e.blob == blob)?;
        used.store(true, Ordering::Relaxed);
        Some(entry.identity.as_ref().map(|c| c.to_identity(display)))
    }

    /// Records what a file read in this run holds.
    pub fn put(&self, key: &str, blob: &str, identity: &Identity) {
        let entry = Entry {
            blob: blob.to_string(),
            identity: identity.as_ref().map(CachedIdentity::from_identity),
        };
        self.added
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((key.to_string(), entry));
    }

    /// Writes the entries of this run (entries of files no longer seen are dropped) when
    /// anything changed. Failing to write (a read-only git directory) is not an error:
    /// the next run reads the files again.
    pub fn save(self) {
        let added = self.added.into_inner().unwrap_or_else(|e| e.into_inner());
        let known = self.known.len();
        let mut entries: HashMap<String, Entry> = self
            .known
            .into_iter()
            .filter(|(_, (_, used))| used.load(Ordering::Relaxed))
            .map(|(path, (entry, _))| (path, entry))
            .collect();
        if added.is_empty() && entries.len() == known {
            return;
        }
        entries.extend(added);
        let cache = CacheFile {
            format: FORMAT,
            version: env!("CARGO_PKG_VERSION").to_string(),
            fingerprint: self.fingerprint,
            entries,
        };
        let _ = write_cache(&self.file, &cache);
    }
}

/// Where the tree records live, inside the git directory.
pub const TREE_CACHE_FILE: &str = "plan-lint/trees.json";

/// How many trees are remembered: HEAD moves with every commit, and a few more records
/// serve switching between branches.
const TREES_KEPT: usize = 4;

/// What plan-lint learnt about one commit's tree, so that `--staged` reads HEAD's plans
/// from one record instead of listing and looking up every document of the index: the
/// tree's templates (they shape the profiles) and the Plan ID of each document that has
/// one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TreeRecord {
    /// The tree's id.
    pub tree: String,
    /// The settings discovery used ([`settings_fingerprint`]).
    pub settings: String,
    /// The profiles the identities were found with ([`fingerprint`]).
    pub profiles: String,
    /// The tree's template files: repository path and blob id.
    pub templates: Vec<(String, String)>,
    /// The tree's documents with a Plan ID (discovery's exclusions applied), by
    /// repository path.
    pub plans: Vec<(String, CachedIdentity)>,
}

impl TreeRecord {
    /// The identities of the record's plans that `keep` accepts (given each plan's
    /// repository path), shown with `display` of that path, leaving out the paths `skip`
    /// holds.
    pub fn identities<'a>(
        &'a self,
        skip: &'a std::collections::BTreeSet<String>,
        keep: impl Fn(&str, &CachedIdentity) -> bool + 'a,
        display: impl Fn(&str) -> String + 'a,
    ) -> impl Iterator<Item = (PlanIdentity, LineCol, LineCol)> + 'a {
        self.plans
            .iter()
            .filter(move |(path, found)| !skip.contains(path) && keep(path, found))
            .map(move |(path, found)| found.to_identity(&display(path)))
    }
}

/// The tree records file.
#[derive(Debug, Serialize, Deserialize)]
struct TreeFile {
    format: u32,
    version: String,
    trees: Vec<TreeRecord>,
}

/// The record of `tree` for discovery with `settings` (see [`settings_fingerprint`]), if
/// the git directory holds one. A missing, corrupt or foreign file gives none.
pub fn tree_record(git_dir: &Path, tree: &str, settings: &str) -> Option<TreeRecord> {
    read_cache::<TreeFile>(&git_dir.join(TREE_CACHE_FILE))
        .filter(|f| f.format == FORMAT && f.version == env!("CARGO_PKG_VERSION"))?
        .trees
        .into_iter()
        .find(|r| r.tree == tree && r.settings == settings)
}

/// Remembers `record`, first, with at most [`TREES_KEPT`] records in all (the oldest
/// go). Failing to write is not an error: the next run lists the tree again.
pub fn save_tree_record(git_dir: &Path, record: TreeRecord) {
    let file = git_dir.join(TREE_CACHE_FILE);
    let mut trees = read_cache::<TreeFile>(&file)
        .filter(|f| f.format == FORMAT && f.version == env!("CARGO_PKG_VERSION"))
        .map(|f| f.trees)
        .unwrap_or_default();
    if trees.first() == Some(&record) {
        return;
    }
    trees.retain(|r| !(r.tree == record.tree && r.settings == record.settings));
    trees.insert(0, record);
    trees.truncate(TREES_KEPT);
    let out = TreeFile {
        format: FORMAT,
        version: env!("CARGO_PKG_VERSION").to_string(),
        trees,
    };
    let _ = write_cache(&file, &out);
}

/// What discovery's choice of documents depends on besides their paths: the configured
/// profiles (their metadata files), the `include` and `exclude` globs and the folder they
/// are relative to, and whether templates are learned.
pub fn settings_fingerprint(settings: &crate::settings::Settings) -> String {
    fingerprint(&[
        &settings.profiles.identity_text(),
        &settings.include,
        &settings.exclude,
        &globs_base(settings),
        &settings.discover_templates,
    ])
}

/// The folder the run's `include` and `exclude` globs are relative to, when it has any
/// (without a configuration it is the current folder, which must not tell a run from
/// the repository's root and one from a subfolder apart).
pub fn globs_base(settings: &crate::settings::Settings) -> Option<&Path> {
    (settings.include.is_some() || settings.exclude.is_some()).then_some(&settings.glob_base)
}

fn read_cache<T: serde::de::DeserializeOwned>(file: &Path) -> Option<T> {
    // Only a regular file of sane size: a FIFO or a huge file planted there is skipped.
    let meta = std::fs::symlink_metadata(file).ok()?;
    if !meta.is_file() || meta.len() > MAX_CACHE_BYTES {
        return None;
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(file)
        .ok()?
        .take(MAX_CACHE_BYTES)
        .read_to_end(&mut bytes)
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn write_cache(file: &Path, cache: &impl Serialize) -> std::io::Result<()> {
    let dir = file.parent().expect("the cache file is inside a folder");
    std::fs::create_dir_all(dir)?;
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("cache");
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&temp)?);
        serde_json::to_writer(&mut out, cache)?;
        out.flush()?;
        drop(out);
        std::fs::rename(&temp, file)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// What the cached facts depend on besides a file's content and path: plan-lint's
/// version and everything that decides which profile a document matches (the profiles,
/// learned templates included, and the `include` globs). Any change starts a new cache.
pub fn fingerprint(parts: &[&dyn std::fmt::Debug]) -> String {
    // SipHash with fixed keys: the same input gives the same value in every run.
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    for part in parts {
        format!("{part:?}").hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(id: &str) -> Identity {
        Some((
            PlanIdentity {
                path: "whatever".to_string(),
                id: id.to_string(),
                span: Span::new(10, 18),
                family: "plan".to_string(),
                label: "Plan ID".to_string(),
                part: false,
                complete: true,
            },
            LineCol {
                line: 3,
                column: 12,
            },
            LineCol {
                line: 3,
                column: 20,
            },
        ))
    }

    #[test]
    fn entries_survive_a_save_and_follow_the_blob() {
        let dir = tempfile::tempdir().unwrap();
        let cache = IdCache::open(dir.path(), "f1".to_string());
        assert!(cache.get("docs/a.md", "b1", "a.md").is_none());
        cache.put("docs/a.md", "b1", &identity("PLAN-1"));
        cache.put("docs/readme.md", "b2", &None);
        cache.save();

        let cache = IdCache::open(dir.path(), "f1".to_string());
        let hit = cache.get("docs/a.md", "b1", "shown/a.md").unwrap().unwrap();
        assert_eq!(hit.0.id, "PLAN-1");
        assert_eq!(hit.0.path, "shown/a.md");
        assert_eq!((hit.1.line, hit.1.column), (3, 12));
        assert_eq!(cache.get("docs/readme.md", "b2", "readme.md"), Some(None));
        // New content, or another run's settings: not a hit.
        assert!(cache.get("docs/a.md", "b9", "a.md").is_none());
        assert!(
            IdCache::open(dir.path(), "f2".to_string())
                .get("docs/a.md", "b1", "a.md")
                .is_none()
        );
    }

    #[test]
    fn a_corrupt_cache_is_ignored_and_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(CACHE_FILE);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, b"{\"format\": 1, \"entries\": [broken").unwrap();
        let cache = IdCache::open(dir.path(), "f".to_string());
        assert!(cache.get("a.md", "b", "a.md").is_none());
        cache.put("a.md", "b", &identity("PLAN-2"));
        cache.save();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("PLAN-2"), "rebuilt: {text}");
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(file.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("plan-ids.json")]);
    }

    fn record(tree: &str, settings: &str) -> TreeRecord {
        TreeRecord {
            tree: tree.to_string(),
            settings: settings.to_string(),
            profiles: "p".to_string(),
            templates: vec![("docs/template.md".to_string(), "b0".to_string())],
            plans: vec![(
                "docs/a.md".to_string(),
                CachedIdentity::from_identity(&identity("PLAN-1").unwrap()),
            )],
        }
    }

    #[test]
    fn tree_records_are_found_by_tree_and_settings_and_the_oldest_go() {
        let dir = tempfile::tempdir().unwrap();
        assert!(tree_record(dir.path(), "t1", "s").is_none());
        save_tree_record(dir.path(), record("t1", "s"));
        let found = tree_record(dir.path(), "t1", "s").expect("recorded");
        assert_eq!(found, record("t1", "s"));
        let skip = std::collections::BTreeSet::new();
        let shown: Vec<_> = found
            .identities(&skip, |_, _| true, |path| format!("./{path}"))
            .map(|(id, _, _)| (id.path, id.id))
            .collect();
        assert_eq!(shown, [("./docs/a.md".to_string(), "PLAN-1".to_string())]);
        let skip = std::collections::BTreeSet::from(["docs/a.md".to_string()]);
        assert_eq!(
            found.identities(&skip, |_, _| true, str::to_string).count(),
            0
        );
        assert_eq!(
            found
                .identities(&Default::default(), |_, _| false, str::to_string)
                .count(),
            0
        );
        // Other settings: no record.
        assert!(tree_record(dir.path(), "t1", "other").is_none());
        for tree in ["t2", "t3", "t4", "t5"] {
            save_tree_record(dir.path(), record(tree, "s"));
        }
        assert!(
            tree_record(dir.path(), "t1", "s").is_none(),
            "the oldest went"
        );
        for tree in ["t2", "t3", "t4", "t5"] {
            assert!(tree_record(dir.path(), tree, "s").is_some(), "{tree} kept");
        }
        // A corrupt file is no record, and the next save replaces it.
        let file = dir.path().join(TREE_CACHE_FILE);
        std::fs::write(&file, b"[not json").unwrap();
        assert!(tree_record(dir.path(), "t5", "s").is_none());
        save_tree_record(dir.path(), record("t6", "s"));
        assert!(tree_record(dir.path(), "t6", "s").is_some());
    }

    #[test]
    fn a_run_that_changed_nothing_does_not_rewrite() {
        let dir = tempfile::tempdir().unwrap();
        let cache = IdCache::open(dir.path(), "f".to_string());
        cache.put("a.md", "b", &None);
        cache.save();
        let file = dir.path().join(CACHE_FILE);
        std::fs::write(&file, std::fs::read(&file).unwrap()).unwrap();
        let before = std::fs::metadata(&file).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let cache = IdCache::open(dir.path(), "f".to_string());
        assert_eq!(cache.get("a.md", "b", "a.md"), Some(None));
        cache.save();
        assert_eq!(
            std::fs::metadata(&file).unwrap().modified().unwrap(),
            before
        );
    }
}
