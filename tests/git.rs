//! Discovery in temporary git repositories (SPEC §1, §7): git's view of the work tree
//! inside a repository, walkdir outside one.

use assert_cmd::Command;
use git2::{IndexEntry, IndexTime, Oid, Repository, Signature};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

const TODAY: &str = "2025-06-01";

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// A plan In Review with one placeholder error (`[Name]`). Every plan of a test gets its
/// own `id`, so `duplicate-id` never joins in.
fn plan(id: &str) -> String {
    plan_with(id, "Text with [Name].")
}

fn plan_with(id: &str, body: &str) -> String {
    format!(
        "# Implementation Plan: X\n\n## Plan ID: {id}\n## Title: X\n## Version: 1\n\
         ## Date: 2025-03-03\n## Author: A\n## Status: In Review\n\n## 1. Overview\n{body}\n"
    )
}

/// A plan without findings.
fn clean_plan(id: &str) -> String {
    plan_with(id, "Everything is filled in.")
}

fn write(dir: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create parent directories");
    }
    std::fs::write(path, text).expect("write test file");
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("create symlink");
}

/// A temporary git repository with an identity for commits.
struct Repo {
    dir: tempfile::TempDir,
    repo: Repository,
}

impl Repo {
    fn new() -> Repo {
        let dir = tempfile::tempdir().expect("create a temporary directory");
        let repo = Repository::init(dir.path()).expect("git init");
        {
            let mut config = repo.config().expect("repository config");
            config.set_str("user.name", "Test").unwrap();
            config.set_str("user.email", "test@example.com").unwrap();
        }
        Repo { dir, repo }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        write(self.path(), rel, text);
    }

    /// Adds the work-tree files `paths` to the index and commits the index.
    fn commit(&self, paths: &[&str]) {
        let mut index = self.repo.index().expect("index");
        for p in paths {
            index.add_path(Path::new(p)).expect("git add");
        }
        index.write().expect("write index");
        self.commit_index();
    }

    fn commit_index(&self) -> Oid {
        let mut index = self.repo.index().expect("index");
        let tree_id = index.write_tree().expect("write tree");
        let tree = self.repo.find_tree(tree_id).expect("tree");
        let sig = Signature::now("Test", "test@example.com").expect("signature");
        let parent = self.repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        self.repo
            .commit(Some("HEAD"), &sig, &sig, "test", &tree, &parents)
            .expect("commit")
    }

    /// Records `rel` in the index as a submodule (gitlink) at `commit`.
    fn add_gitlink(&self, rel: &str, commit: Oid) {
        let mut index = self.repo.index().expect("index");
        let time = IndexTime::new(0, 0);
        index
            .add(&IndexEntry {
                ctime: time,
                mtime: time,
                dev: 0,
                ino: 0,
                mode: 0o160000,
                uid: 0,
                gid: 0,
                file_size: 0,
                id: commit,
                flags: 0,
                flags_extended: 0,
                path: rel.as_bytes().to_vec(),
            })
            .expect("add gitlink");
        index.write().expect("write index");
        self.commit_index();
    }
}

/// Runs `plan-lint --today 2025-06-01 --format json ARGS` in `dir`.
fn run_raw(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("plan-lint")
        .expect("plan-lint binary is built")
        .current_dir(dir)
        .timeout(Duration::from_secs(60))
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_CEILING_DIRECTORIES")
        .args(["--today", TODAY, "--format", "json"])
        .args(args)
        .output()
        .expect("plan-lint runs")
}

/// `run_raw`, with stdout parsed as the JSON report.
fn run(dir: &Path, args: &[&str]) -> (Output, Value) {
    let output = run_raw(dir, args);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output, report)
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exited normally")
}

fn diagnostics(report: &Value) -> &Vec<Value> {
    report["diagnostics"].as_array().expect("diagnostics array")
}

/// The set of `path` values of the diagnostics.
fn paths(report: &Value) -> BTreeSet<String> {
    diagnostics(report)
        .iter()
        .map(|d| d["path"].as_str().expect("path").to_string())
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn counts(report: &Value) -> (u64, u64) {
    (
        report["files_scanned"].as_u64().expect("files_scanned"),
        report["plans_checked"].as_u64().expect("plans_checked"),
    )
}

/// Whether `dir` lies outside every git repository (a temporary directory normally does).
fn outside_git(dir: &Path) -> bool {
    Repository::discover(dir).is_err()
}

// ---------------------------------------------------------------------------------------
// Inside a git work tree
// ---------------------------------------------------------------------------------------

#[test]
fn ignored_folders_are_not_linted() {
    let repo = Repo::new();
    repo.write(".gitignore", "target/\nnode_modules/\n");
    repo.write("docs/plan.md", plan("PLAN-1"));
    repo.write("target/plan.md", plan("PLAN-2"));
    repo.write("target/debug/deep/plan.md", plan("PLAN-3"));
    repo.write("node_modules/pkg/plan.md", plan("PLAN-4"));
    repo.write("node_modules/pkg/README.md", plan("PLAN-5"));
    repo.commit(&[".gitignore", "docs/plan.md"]);

    let (output, report) = run(repo.path(), &[]);
    assert_eq!(code(&output), 1);
    assert_eq!(paths(&report), set(&["docs/plan.md"]));
    assert_eq!(counts(&report), (1, 1));

    let (_, report) = run(repo.path(), &["."]);
    assert_eq!(paths(&report), set(&["docs/plan.md"]));
}

#[test]
fn nested_gitignore_and_info_exclude_are_honoured() {
    let repo = Repo::new();
    repo.write("docs/.gitignore", "drafts/\n");
    repo.write("docs/plan.md", plan("PLAN-1"));
    repo.write("docs/drafts/plan.md", plan("PLAN-2"));
    repo.write("scratch/plan.md", plan("PLAN-3"));
    repo.write(".git/info/exclude", "scratch/\n");

    let (output, report) = run(repo.path(), &[]);
    assert_eq!(code(&output), 1);
    assert_eq!(paths(&report), set(&["docs/plan.md"]));
    assert_eq!(counts(&report), (1, 1));
}

#[test]
fn a_file_in_an_ignored_folder_named_on_the_command_line_is_linted() {
    let repo = Repo::new();
    repo.write(".gitignore", "target/\n");
    repo.write("target/plan.md", plan("PLAN-2"));
    let (output, report) = run(repo.path(), &["target/plan.md"]);
    assert_eq!(code(&output), 1);
    assert_eq!(paths(&report), set(&["target/plan.md"]));
    assert_eq!(counts(&report), (1, 1));
}

#[test]
fn untracked_not_ignored_plans_are_linted() {
    let repo = Repo::new();
    repo.write("README.md", "# Readme\n\nNot a plan.\n");
    repo.commit(&["README.md"]);
    repo.write("plan.md", plan("PLAN-1"));
    repo.write("new/deep/er/plan.md", plan("PLAN-2"));
    repo.write("notes.txt", plan("PLAN-3"));

    let (output, report) = run(repo.path(), &[]);
    assert_eq!(code(&output), 1);
    assert_eq!(paths(&report), set(&["new/deep/er/plan.md", "plan.md"]));
    // README.md is scanned but is no plan; notes.txt is not Markdown.
    assert_eq!(counts(&report), (3, 2));
}

/// Runs the `git` program in `dir`, which must succeed.
fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn untracked_plans_are_found_through_git_s_untracked_cache() {
    // With git's untracked cache in the index, `git status` lists the untracked files and
    // names a new folder whole (`?? new/`): the plans inside it, however deep, are still
    // linted and ignored ones still not, in a full run and in `--changed-since` alike.
    let repo = Repo::new();
    repo.write(".gitignore", "ignored/\n");
    repo.write("docs/a.md", clean_plan("PLAN-1"));
    repo.commit(&[".gitignore", "docs/a.md"]);
    git(repo.path(), &["config", "core.untrackedCache", "true"]);
    git(repo.path(), &["status", "--porcelain"]);
    let index = std::fs::read(repo.path().join(".git/index")).unwrap();
    assert!(
        index.windows(4).any(|w| w == b"UNTR"),
        "git status wrote no untracked cache"
    );
    repo.write("docs/a.md", plan("PLAN-1"));
    repo.write("docs/b.md", plan("PLAN-2"));
    repo.write("new/d.md", plan("PLAN-3"));
    repo.write("new/deeper/still/c.md", plan("PLAN-4"));
    repo.write("ignored/e.md", plan("PLAN-5"));
    let expected = set(&[
        "docs/a.md",
        "docs/b.md",
        "new/d.md",
        "new/deeper/still/c.md",
    ]);
    for args in [&[][..], &["--changed-since", "HEAD"]] {
        let (output, report) = run(repo.path(), args);
        assert_eq!(code(&output), 1, "{args:?}: {report}");
        assert_eq!(paths(&report), expected, "{args:?}");
    }
    // git with its cache turned off lists the same files.
    git(repo.path(), &["config", "core.untrackedCache", "false"]);
    let (_, report) = run(repo.path(), &["--changed-since", "HEAD"]);
    assert_eq!(paths(&report), expected);
}

#[test]
fn tracked_plans_are_linted_from_the_work_tree() {
    let repo = Repo::new();
    repo.write("docs/plan.md", clean_plan("PLAN-1"));
    repo.write("docs/other.markdown", plan("PLAN-2"));
    repo.commit(&["docs/plan.md", "docs/other.markdown"]);

    let (output, report) = run(repo.path(), &[]);
    assert_eq!(code(&output), 1);
    assert_eq!(paths(&report), set(&["docs/other.markdown"]));
    assert_eq!(counts(&report), (2, 2));

    // A tracked file changed in the work tree is linted as it is on disk.
    repo.write("docs/plan.md", plan_with("PLAN-1", "Now with [Owner]."));
    let (_, report) = run(repo.path(), &[]);
    assert_eq!(
        paths(&report),
        set(&["docs/other.markdown", "docs/plan.md"])
    );
    assert!(
        diagnostics(&report).iter().any(
            |d| d["path"] == "docs/plan.md" && d["message"] == "unfilled placeholder `[Owner]`"
        ),
        "{report}"
    );
}

#[test]
fn tracked_plan_deleted_from_the_work_tree_is_not_reported() {
    let repo = Repo::new();
    repo.write("gone.md", plan("PLAN-1"));
    repo.write("kept.md", clean_plan("PLAN-2"));
    repo.commit(&["gone.md", "kept.md"]);
    std::fs::remove_file(repo.path().join("gone.md")).unwrap();

    let (output, report) = run(repo.path(), &[]);
    assert_eq!(code(&output), 0, "{report}");
    assert!(diagnostics(&report).is_empty(), "{report}");
    assert_eq!(counts(&report), (1, 1));
}

#[cfg(unix)]
#[test]
fn a_tracked_plan_now_a_link_or_a_folder_is_not_read_and_git_and_libgit2_agree() {
    // git lists these as changed type; the full run reads the work tree and must neither
    // follow the link nor report the folder, whether git or libgit2 lists the work tree.
    let repo = Repo::new();
    repo.write("linked.md", plan("PLAN-1"));
    repo.write("folder.md", plan("PLAN-2"));
    repo.write("kept.md", plan("PLAN-3"));
    repo.commit(&["linked.md", "folder.md", "kept.md"]);
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("target.md"), plan("PLAN-9")).unwrap();
    std::fs::remove_file(repo.path().join("linked.md")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("target.md"),
        repo.path().join("linked.md"),
    )
    .unwrap();
    std::fs::remove_file(repo.path().join("folder.md")).unwrap();
    repo.write("folder.md/inner.txt", "not a plan");
    repo.write("new.md", plan("PLAN-4"));

    let (output, with_git) = run(repo.path(), &[]);
    assert_eq!(code(&output), 1, "{with_git}");
    assert_eq!(paths(&with_git), set(&["kept.md", "new.md"]));
    assert_eq!(counts(&with_git), (2, 2));

    let no_git = Command::cargo_bin("plan-lint")
        .unwrap()
        .current_dir(repo.path())
        .env("PATH", repo.path().join("no-such-folder"))
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .args(["--today", TODAY, "--format", "json"])
        .output()
        .unwrap();
    let libgit2: Value = serde_json::from_slice(&no_git.stdout).unwrap();
    assert_eq!(libgit2, with_git);
}

#[test]
fn tracked_file_in_an_ignored_folder_is_linted() {
    // Tracked files are candidates even when .gitignore matches them (git ignores only
    // untracked files).
    let repo = Repo::new();
    repo.write("vendor/plan.md", plan("PLAN-1"));
    repo.commit(&["vendor/plan.md"]);
    repo.write(".gitignore", "vendor/\n");
    repo.write("vendor/untracked.md", plan("PLAN-2"));

    let (output, report) = run(repo.path(), &[]);
    assert_eq!(code(&output), 1);
    assert_eq!(paths(&report), set(&["vendor/plan.md"]));
    assert_eq!(counts(&report), (1, 1));
}

#[test]
fn template_named_files_are_skipped() {
    let repo = Repo::new();
    repo.write("plan-template.md", plan("PLAN-XXX"));
    repo.write("docs/Release-TEMPLATE.md", plan("PLAN-XXX"));
    repo.write("docs/templates/plan.md", clean_plan("PLAN-3"));
    repo.write("docs/plan.md", plan("PLAN-1"));
    repo.commit(&["plan-template.md", "docs/plan.md"]);

    let (output, report) = run(repo.path(), &["."]);
    assert_eq!(code(&output), 1);
    assert_eq!(paths(&report), set(&["docs/plan.md"]));
    // A folder named `templates` is no template file.
    assert_eq!(counts(&report), (2, 2));

    // Named on the command line, a template is still linted (like an exclude)…
    let (output, report) = run(repo.path(), &["plan-template.md"]);
    assert_eq!(code(&output), 1);
    assert_eq!(paths(&report), set(&["plan-template.md"]));
    // …unless --force-exclude.
    let (output, report) = run(repo.path(), &["--force-exclude", "plan-template.md"]);
    assert_eq!(code(&output), 0);
    assert!(diagnostics(&report).is_empty(), "{report}");
    assert_eq!(counts(&report), (0, 0));
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_repository_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "plan.md",
        plan_with("PLAN-OUT", "Outside [Reviewer]."),
    );
    write(
        outside.path(),
        "dir/plan.md",
        plan_with("PLAN-OUT2", "Outside [Reviewer]."),
    );

    let repo = Repo::new();
    repo.write("plan.md", plan("PLAN-1"));
    symlink(
        &outside.path().join("plan.md"),
        &repo.path().join("link.md"),
    );
    symlink(&outside.path().join("dir"), &repo.path().join("linked"));

    let check = |report: &Value| {
        assert_eq!(paths(report), set(&["plan.md"]), "{report}");
        assert!(
            diagnostics(report)
                .iter()
                .all(|d| !d["message"].as_str().unwrap().contains("[Reviewer]")),
            "{report}"
        );
        assert_eq!(counts(report), (1, 1), "{report}");
    };

    // Untracked symlinks.
    let (output, report) = run(repo.path(), &[]);
    assert_eq!(code(&output), 1);
    check(&report);

    // Committed symlinks.
    repo.commit(&["plan.md", "link.md", "linked"]);
    let index = repo.repo.index().unwrap();
    let link = index
        .get_path(Path::new("link.md"), 0)
        .expect("link.md tracked");
    assert_eq!(link.mode, 0o120000, "link.md is tracked as a symlink");
    let (output, report) = run(repo.path(), &[]);
    assert_eq!(code(&output), 1);
    check(&report);
}

#[test]
fn nested_repositories_are_not_entered() {
    let repo = Repo::new();
    repo.write("plan.md", plan("PLAN-1"));
    repo.commit(&["plan.md"]);

    // An untracked nested repository.
    let nested_path: PathBuf = repo.path().join("vendor/lib");
    std::fs::create_dir_all(&nested_path).unwrap();
    let nested = Repository::init(&nested_path).unwrap();
    write(&nested_path, "plan.md", plan("PLAN-2"));
    let nested_commit = {
        let mut index = nested.index().unwrap();
        index.add_path(Path::new("plan.md")).unwrap();
        index.write().unwrap();
        let tree = nested.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = Signature::now("Test", "test@example.com").unwrap();
        nested
            .commit(Some("HEAD"), &sig, &sig, "nested", &tree, &[])
            .unwrap()
    };

    let (output, report) = run(repo.path(), &[]);
    assert_eq!(code(&output), 1);
    assert_eq!(paths(&report), set(&["plan.md"]));
    assert_eq!(counts(&report), (1, 1));

    // The same directory recorded as a submodule (gitlink).
    repo.add_gitlink("vendor/lib", nested_commit);
    let (output, report) = run(repo.path(), &[]);
    assert_eq!(code(&output), 1);
    assert_eq!(paths(&report), set(&["plan.md"]));
    assert_eq!(counts(&report), (1, 1));
}

#[test]
fn running_from_a_subdirectory_lints_only_it_with_relative_paths() {
    let repo = Repo::new();
    repo.write("top.md", plan("PLAN-1"));
    repo.write("docs/a.md", plan("PLAN-2"));
    repo.write("docs/sub/b.md", plan("PLAN-3"));
    repo.write("docs-old/c.md", plan("PLAN-4"));
    repo.write("other/d.md", plan("PLAN-5"));
    repo.commit(&["top.md", "docs/a.md", "other/d.md"]);
    let docs = repo.path().join("docs");

    for args in [&["."][..], &[][..]] {
        let (output, report) = run(&docs, args);
        assert_eq!(code(&output), 1);
        assert_eq!(paths(&report), set(&["a.md", "sub/b.md"]), "args {args:?}");
        assert_eq!(counts(&report), (2, 2));
    }

    let (_, report) = run(&docs, &["sub"]);
    assert_eq!(paths(&report), set(&["sub/b.md"]));

    let (_, report) = run(&docs, &[".."]);
    assert_eq!(
        paths(&report),
        set(&[
            "../docs-old/c.md",
            "../docs/a.md",
            "../docs/sub/b.md",
            "../other/d.md",
            "../top.md"
        ])
    );
}

#[test]
fn paths_with_spaces_and_non_ascii_names() {
    let repo = Repo::new();
    repo.write("docs/my plan ü.md", plan("PLAN-1"));
    repo.write("docs/größe.md", plan("PLAN-2"));
    repo.commit(&["docs/my plan ü.md"]);

    let (output, report) = run(repo.path(), &[]);
    assert_eq!(code(&output), 1);
    assert_eq!(paths(&report), set(&["docs/größe.md", "docs/my plan ü.md"]));
}

#[test]
fn corrupt_index_is_a_clear_error() {
    let repo = Repo::new();
    repo.write("plan.md", plan("PLAN-1"));
    repo.commit(&["plan.md"]);
    std::fs::write(repo.path().join(".git/index"), b"garbage").unwrap();

    let output = run_raw(repo.path(), &[]);
    assert_eq!(code(&output), 2);
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("index"), "{stderr}");
}

#[test]
fn broken_head_is_not_silently_empty() {
    let repo = Repo::new();
    repo.write("plan.md", plan("PLAN-1"));
    std::fs::write(repo.path().join(".git/HEAD"), b"garbage\n").unwrap();

    let output = run_raw(repo.path(), &[]);
    // SPEC §7: a broken repository is a clear error (exit 2). At the very least the
    // plan must not vanish: exit 0 with nothing scanned is wrong either way.
    assert_eq!(
        code(&output),
        2,
        "stdout: {}",
        String::from_utf8_lossy(&output.stdout)
    );
}

// ---------------------------------------------------------------------------------------
// Outside a git repository
// ---------------------------------------------------------------------------------------

#[test]
fn outside_git_walks_the_tree_and_skips_hidden_folders() {
    let dir = tempfile::tempdir().unwrap();
    if !outside_git(dir.path()) {
        eprintln!("skipping: the temporary directory lies inside a git repository");
        return;
    }
    write(dir.path(), "plan.md", plan("PLAN-1"));
    write(dir.path(), "sub/deeper/plan.md", plan("PLAN-2"));
    write(dir.path(), ".hidden/plan.md", plan("PLAN-3"));
    write(dir.path(), "sub/.cache/plan.md", plan("PLAN-4"));
    write(dir.path(), "plan-template.md", plan("PLAN-XXX"));
    write(dir.path(), "notes.txt", plan("PLAN-5"));
    // No git here: .gitignore means nothing and target/ is walked like any folder.
    write(dir.path(), ".gitignore", "target/\n");
    write(dir.path(), "target/plan.md", plan("PLAN-6"));

    let (output, report) = run(dir.path(), &[]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        paths(&report),
        set(&["plan.md", "sub/deeper/plan.md", "target/plan.md"])
    );
    assert_eq!(counts(&report), (3, 3));

    // A hidden folder named on the command line is searched.
    let (_, report) = run(dir.path(), &[".hidden"]);
    assert_eq!(paths(&report), set(&[".hidden/plan.md"]));

    // From a subdirectory, paths are relative to it.
    let (_, report) = run(&dir.path().join("sub"), &["."]);
    assert_eq!(paths(&report), set(&["deeper/plan.md"]));
}

#[cfg(unix)]
#[test]
fn outside_git_symlinks_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    if !outside_git(dir.path()) {
        eprintln!("skipping: the temporary directory lies inside a git repository");
        return;
    }
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "plan.md",
        plan_with("PLAN-OUT", "Outside [Reviewer]."),
    );
    write(
        outside.path(),
        "dir/plan.md",
        plan_with("PLAN-OUT2", "Outside [Reviewer]."),
    );
    write(dir.path(), "plan.md", plan("PLAN-1"));
    symlink(&outside.path().join("plan.md"), &dir.path().join("link.md"));
    symlink(&outside.path().join("dir"), &dir.path().join("linked"));

    let (output, report) = run(dir.path(), &[]);
    assert_eq!(code(&output), 1);
    assert_eq!(paths(&report), set(&["plan.md"]));
    assert_eq!(counts(&report), (1, 1));
}
