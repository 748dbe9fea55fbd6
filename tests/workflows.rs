//! The places teams run plan-lint from git: `--staged`, `--changed-since`, baselines and
//! `install-hook`, each in a temporary repository made by the test (with the `git` CLI).

mod scratch;

use assert_cmd::Command;
use scratch::{git, plan, write};
use serde_json::Value;
use std::path::Path;
use std::process::Output;

const TODAY: &str = "2025-06-01";

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    git(dir.path(), &["init", "-q", "-b", "main"]);
    dir
}

fn plan_lint(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("plan-lint")
        .expect("binary")
        .current_dir(dir)
        .env_remove("PRE_COMMIT")
        .args(["--today", TODAY, "--isolated"])
        .args(args)
        .output()
        .expect("runs")
}

fn json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let out = plan_lint(dir, &all);
    let value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap_or(-1), value)
}

/// `(path, line, message)` of every finding.
fn findings(report: &Value) -> Vec<(String, u64, String)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn staged_lints_the_index_as_it_will_be_committed() {
    let dir = repo();
    let d = dir.path();
    write(d, "a.md", &plan("PLAN-1", "Fine."));
    write(d, "untouched.md", &plan("PLAN-2", "Old [Name]."));
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "init"]);
    // Staged: a placeholder on line 12. Then an unstaged edit that fixes it and adds lines.
    write(d, "a.md", &plan("PLAN-1", "Fine.\n\nOwner: [Owner]."));
    git(d, &["add", "a.md"]);
    write(
        d,
        "a.md",
        &format!("\n\n\n{}", plan("PLAN-1", "Fine.\n\nOwner: Jane.")),
    );

    let (code, report) = json(d, &["--staged"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        vec![(
            "a.md".to_string(),
            13,
            "unfilled placeholder `[Owner]`".to_string()
        )],
        "only the staged change, at its staged line"
    );
    assert_eq!(report["files_scanned"], 1);

    // The work tree itself has no placeholder in a.md any more.
    let (_, report) = json(d, &["a.md"]);
    assert!(findings(&report).is_empty(), "{report}");
}

#[test]
fn staged_with_no_document_staged_lints_nothing_and_says_nothing() {
    let dir = repo();
    let d = dir.path();
    write(d, "a.md", &plan("PLAN-1", "Old [Name]."));
    write(d, "main.rs", "fn main() {}\n");
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "init"]);
    // Only code is staged; an unstaged edit to the plan is not the commit's.
    write(d, "main.rs", "fn main() { println!(); }\n");
    git(d, &["add", "main.rs"]);
    write(d, "a.md", &plan("PLAN-1", "Still [Owner]."));
    let out = plan_lint(d, &["--staged", "--strict", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["plans_checked"], 0);
    assert!(findings(&report).is_empty());
    // A staged mode change of the plan is a change of the plan.
    git(d, &["update-index", "--chmod=+x", "a.md"]);
    let (code, report) = json(d, &["--staged"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&report).len(), 1, "{report}");
}

#[test]
fn staged_in_a_repository_without_commits_lints_everything_staged() {
    let dir = repo();
    write(dir.path(), "a.md", &plan("PLAN-1", "[Name]"));
    git(dir.path(), &["add", "a.md"]);
    let (code, report) = json(dir.path(), &["--staged"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&report).len(), 1);
}

#[test]
fn staged_outside_a_repository_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp");
    let out = plan_lint(dir.path(), &["--staged"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--staged needs a git repository"));
}

#[test]
fn changed_since_lints_only_changed_plans_and_follows_renames() {
    let dir = repo();
    let d = dir.path();
    write(d, "old.md", &plan("PLAN-1", "Old [Name]."));
    write(d, "moved.md", &plan("PLAN-2", "Old [Owner]."));
    write(d, "edited.md", &plan("PLAN-3", "Fine."));
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "init"]);
    git(d, &["checkout", "-qb", "feature"]);
    // A committed change, a pure rename, a rename with an edit, an untracked plan.
    write(d, "edited.md", &plan("PLAN-3", "Now [Reviewer]."));
    git(d, &["commit", "-qam", "edit"]);
    std::fs::create_dir_all(d.join("docs")).expect("mkdir");
    git(d, &["mv", "moved.md", "docs/moved.md"]);
    write(d, "new.md", &plan("PLAN-4", "New [Approver]."));

    let (code, report) = json(d, &["--changed-since", "main"]);
    assert_eq!(code, 1);
    let paths: Vec<String> = findings(&report).into_iter().map(|f| f.0).collect();
    assert_eq!(paths, vec!["edited.md", "new.md"], "{report}");

    write(
        d,
        "docs/moved.md",
        &plan("PLAN-2", "Old [Owner], now edited."),
    );
    let (_, report) = json(d, &["--changed-since", "main"]);
    let paths: Vec<String> = findings(&report).into_iter().map(|f| f.0).collect();
    assert_eq!(
        paths,
        vec!["docs/moved.md", "edited.md", "new.md"],
        "{report}"
    );
}

#[test]
fn changed_since_still_compares_ids_with_every_plan() {
    let dir = repo();
    let d = dir.path();
    write(d, "old.md", &plan("PLAN-7", "Fine."));
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "init"]);
    write(d, "copy.md", &plan("PLAN-7", "Copied and not renumbered."));
    let (code, report) = json(d, &["--changed-since", "HEAD"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        vec![(
            "copy.md".to_string(),
            3,
            "Plan ID `PLAN-7` is also used by `old.md`".to_string()
        )],
        "the unchanged plan is compared but not reported"
    );
}

#[test]
fn a_revision_that_does_not_resolve_exits_2() {
    let dir = repo();
    write(dir.path(), "a.md", &plan("PLAN-1", "Fine."));
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "init"]);
    let out = plan_lint(dir.path(), &["--changed-since", "no-such-branch"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-branch"));
}

#[test]
fn a_bare_repository_exits_2() {
    let dir = tempfile::tempdir().expect("temp");
    git(dir.path(), &["init", "-q", "--bare", "repo.git"]);
    let bare = dir.path().join("repo.git");
    let out = plan_lint(&bare, &["."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bare"));
}

#[test]
fn submodules_are_not_entered() {
    let dir = repo();
    let d = dir.path();
    let sub = tempfile::tempdir().expect("temp");
    git(sub.path(), &["init", "-q", "-b", "main"]);
    write(sub.path(), "inner.md", &plan("PLAN-9", "[Name]"));
    git(sub.path(), &["add", "."]);
    git(sub.path(), &["commit", "-qm", "sub"]);
    write(d, "top.md", &plan("PLAN-1", "Fine."));
    git(
        d,
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            sub.path().to_str().expect("utf-8 path"),
            "vendor/sub",
        ],
    );
    let (code, report) = json(d, &["."]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["plans_checked"], 1);
}

#[test]
fn baseline_hides_recorded_findings_even_when_lines_move() {
    let dir = repo();
    let d = dir.path();
    write(
        d,
        "a.md",
        &plan("PLAN-1", "Owner [Owner]. Reviewer [Reviewer]."),
    );
    let out = plan_lint(d, &["--write-baseline", "baseline.json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("baseline.json")).expect("read"))
            .expect("json");
    assert_eq!(saved["findings"].as_array().map(Vec::len), Some(2));

    // Lines move: nothing new.
    write(
        d,
        "a.md",
        &plan(
            "PLAN-1",
            "Intro.\n\nMore intro.\n\nOwner [Owner]. Reviewer [Reviewer].",
        ),
    );
    let (code, report) = json(d, &["--baseline", "baseline.json"]);
    assert_eq!(code, 0, "{report}");
    assert!(findings(&report).is_empty());

    // A new finding, and one more of a recorded kind, are reported.
    write(
        d,
        "a.md",
        &plan(
            "PLAN-1",
            "Owner [Owner]. Reviewer [Reviewer]. Approver [Approver], [Owner].",
        ),
    );
    let (code, report) = json(d, &["--baseline", "baseline.json"]);
    assert_eq!(code, 1);
    let messages: Vec<String> = findings(&report).into_iter().map(|f| f.2).collect();
    assert_eq!(
        messages,
        vec![
            "unfilled placeholder `[Approver]`",
            "unfilled placeholder `[Owner]`"
        ]
    );
}

#[test]
fn a_baseline_that_is_not_one_exits_2() {
    let dir = repo();
    write(dir.path(), "baseline.json", "{\"nope\": 1}");
    let out = plan_lint(dir.path(), &["--baseline", "baseline.json"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn install_hook_writes_an_executable_hook_and_keeps_foreign_ones() {
    let dir = repo();
    let d = dir.path();
    let out = Command::cargo_bin("plan-lint")
        .expect("binary")
        .current_dir(d)
        .arg("install-hook")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let hook = d.join(".git/hooks/pre-commit");
    let text = std::fs::read_to_string(&hook).expect("hook written");
    assert!(text.contains("plan-lint --staged"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&hook).expect("meta").permissions().mode();
        assert_eq!(mode & 0o111, 0o111, "executable");
    }
    // Its own hook may be rewritten; a foreign one only with --force.
    let again = Command::cargo_bin("plan-lint")
        .expect("binary")
        .current_dir(d)
        .arg("install-hook")
        .output()
        .expect("runs");
    assert_eq!(again.status.code(), Some(0));
    std::fs::write(&hook, "#!/bin/sh\necho mine\n").expect("write foreign hook");
    let refused = Command::cargo_bin("plan-lint")
        .expect("binary")
        .current_dir(d)
        .arg("install-hook")
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(&hook).expect("read"),
        "#!/bin/sh\necho mine\n"
    );
    let forced = Command::cargo_bin("plan-lint")
        .expect("binary")
        .current_dir(d)
        .args(["install-hook", "--force"])
        .output()
        .expect("runs");
    assert_eq!(forced.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&hook)
            .expect("read")
            .contains("plan-lint --staged")
    );
}

#[test]
fn install_hook_honours_core_hooks_path() {
    let dir = repo();
    git(dir.path(), &["config", "core.hooksPath", ".githooks"]);
    let out = Command::cargo_bin("plan-lint")
        .expect("binary")
        .current_dir(dir.path())
        .arg("install-hook")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(dir.path().join(".githooks/pre-commit").is_file());
    assert!(!dir.path().join(".git/hooks/pre-commit").exists());
}

#[test]
fn the_installed_hook_blocks_a_commit_with_a_placeholder() {
    let dir = repo();
    let d = dir.path();
    let bin = assert_cmd::cargo::cargo_bin("plan-lint");
    let out = std::process::Command::new(&bin)
        .current_dir(d)
        .arg("install-hook")
        .output()
        .expect("runs");
    assert!(out.status.success());
    write(d, "a.md", &plan("PLAN-1", "[Name]"));
    git(d, &["add", "a.md"]);
    let commit = std::process::Command::new("git")
        .args(["commit", "-qm", "bad"])
        .current_dir(d)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin.parent().expect("dir").display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .output()
        .expect("git commit runs");
    assert!(!commit.status.success(), "the hook must refuse the commit");
    write(d, "a.md", &plan("PLAN-1", "Jane Roe"));
    git(d, &["add", "a.md"]);
    git(d, &["commit", "-qm", "good"]);
}

/// The messages of the `duplicate-id` findings.
fn duplicate_messages(report: &Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == "duplicate-id")
        .map(|d| d["message"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn the_plan_id_cache_lives_in_the_git_directory_and_follows_content() {
    let dir = repo();
    let d = dir.path();
    write(d, "docs/a.md", &plan("PLAN-1", "Fine."));
    write(d, "docs/b.md", &plan("PLAN-2", "Fine."));
    write(d, "README.md", "# Not a plan\n");
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "init"]);
    let cache = d.join(".git/plan-lint/plan-ids.json");

    // A new plan that takes b's ID: found, and the other plans' IDs are cached.
    write(d, "docs/c.md", &plan("PLAN-2", "Fine."));
    git(d, &["add", "docs/c.md"]);
    let (code, first) = json(d, &["--staged"]);
    assert_eq!(code, 1);
    assert_eq!(duplicate_messages(&first).len(), 1, "{first}");
    let text = std::fs::read_to_string(&cache).expect("the cache was written");
    assert!(
        text.contains("docs/a.md") && text.contains("PLAN-1"),
        "{text}"
    );
    assert!(
        !text.contains("docs/c.md"),
        "the reported plan is not context: {text}"
    );
    // Nothing in the work tree: git sees only the staged plan.
    let status = std::process::Command::new("git")
        .args(["status", "--porcelain"])
        .current_dir(d)
        .output()
        .expect("git status");
    assert_eq!(String::from_utf8_lossy(&status.stdout), "A  docs/c.md\n");

    // The same run from the cache gives the same report.
    let (_, second) = json(d, &["--staged"]);
    assert_eq!(first, second);

    // b's content changes (a new blob): its new ID is read, not the cached one.
    write(d, "docs/b.md", &plan("PLAN-7", "Fine."));
    git(d, &["add", "docs/b.md"]);
    git(
        d,
        &["commit", "-qm", "b moves to PLAN-7", "--", "docs/b.md"],
    );
    let (code, report) = json(d, &["--staged"]);
    assert_eq!(code, 0, "{report}");
    assert!(duplicate_messages(&report).is_empty(), "{report}");
    let text = std::fs::read_to_string(&cache).expect("cache");
    assert!(
        text.contains("PLAN-7") && !text.contains("\"PLAN-2\""),
        "{text}"
    );
}

#[test]
fn a_corrupt_or_foreign_cache_is_rebuilt_and_no_cache_writes_none() {
    let dir = repo();
    let d = dir.path();
    write(d, "docs/a.md", &plan("PLAN-1", "Fine."));
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "init"]);
    write(d, "docs/b.md", &plan("PLAN-1", "Fine."));
    git(d, &["add", "docs/b.md"]);
    let cache = d.join(".git/plan-lint/plan-ids.json");
    let trees = d.join(".git/plan-lint/trees.json");

    let (code, clean) = json(d, &["--staged", "--no-cache"]);
    assert_eq!(code, 1);
    assert_eq!(duplicate_messages(&clean).len(), 1, "{clean}");
    assert!(!cache.exists(), "--no-cache writes no cache");
    assert!(!trees.exists(), "--no-cache writes no tree record");

    for bad in [
        &b"\x00\xffnot json at all"[..],
        br#"{"format": 1, "version": "0.0.0", "fingerprint": "x", "entries": {}}"#,
        // A cache that claims a's blob holds no plan, under another fingerprint.
        br#"{"format": 1, "version": "0.1.0", "fingerprint": "other", "entries": {"docs/a.md": {"blob": "0", "identity": null}}}"#,
    ] {
        std::fs::create_dir_all(cache.parent().expect("folder")).expect("mkdir");
        std::fs::write(&cache, bad).expect("write");
        std::fs::write(&trees, bad).expect("write");
        let out = plan_lint(d, &["--staged", "--format", "json"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            out.stderr.is_empty(),
            "a bad cache is not an error: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report: Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(report, clean, "the same findings as without a cache");
        let rebuilt: Value =
            serde_json::from_slice(&std::fs::read(&cache).expect("rebuilt")).expect("json");
        assert_eq!(
            rebuilt["entries"]["docs/a.md"]["identity"]["id"], "PLAN-1",
            "{rebuilt}"
        );
        let record: Value =
            serde_json::from_slice(&std::fs::read(&trees).expect("rebuilt")).expect("json");
        assert_eq!(record["trees"][0]["plans"][0][0], "docs/a.md", "{record}");
        assert_eq!(record["trees"][0]["plans"][0][1]["id"], "PLAN-1", "{record}");
    }
}

/// HEAD's tree id, as git prints it.
fn head_tree(dir: &Path) -> String {
    let out = std::process::Command::new("git")
        .args(["rev-parse", "HEAD^{tree}"])
        .current_dir(dir)
        .output()
        .expect("git rev-parse");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn staged_reads_heads_plans_from_a_tree_record_with_the_index_laid_over_it() {
    let dir = repo();
    let d = dir.path();
    write(d, "docs/a.md", &plan("PLAN-1", "Fine."));
    write(d, "docs/b.md", &plan("PLAN-2", "Fine."));
    write(d, "docs/notes.md", "# Notes\n\nNot a plan.\n");
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "init"]);
    let trees = d.join(".git/plan-lint/trees.json");
    let per_file = d.join(".git/plan-lint/plan-ids.json");

    // The first run lists HEAD's tree and records its plans (not the non-plan).
    write(d, "docs/c.md", &plan("PLAN-1", "Fine."));
    git(d, &["add", "docs/c.md"]);
    let (code, first) = json(d, &["--staged"]);
    assert_eq!(code, 1);
    assert_eq!(
        duplicate_messages(&first),
        vec!["Plan ID `PLAN-1` is also used by `docs/a.md`".to_string()]
    );
    let record: Value =
        serde_json::from_slice(&std::fs::read(&trees).expect("recorded")).expect("json");
    let record = &record["trees"][0];
    assert_eq!(record["tree"], head_tree(d).as_str());
    let paths: Vec<&str> = record["plans"]
        .as_array()
        .expect("plans")
        .iter()
        .map(|p| p[0].as_str().unwrap_or(""))
        .collect();
    assert_eq!(paths, ["docs/a.md", "docs/b.md"]);

    // The next run is served by the record: the per-file cache is not even read.
    std::fs::remove_file(&per_file).expect("per-file cache");
    let (_, second) = json(d, &["--staged"]);
    assert_eq!(second, first);
    assert!(!per_file.exists(), "a record hit reads no context file");

    // The index's version of a recorded plan wins over HEAD's: a's new ID frees PLAN-1...
    write(d, "docs/a.md", &plan("PLAN-5", "Fine."));
    git(d, &["add", "docs/a.md"]);
    let (code, report) = json(d, &["--staged"]);
    assert_eq!(code, 0, "{report}");
    assert!(duplicate_messages(&report).is_empty(), "{report}");
    // ... and so does its removal.
    write(d, "docs/a.md", &plan("PLAN-1", "Fine."));
    git(d, &["add", "docs/a.md"]);
    assert_eq!(
        duplicate_messages(&json(d, &["--staged"]).1),
        duplicate_messages(&first)
    );
    git(d, &["rm", "-q", "--cached", "docs/a.md"]);
    let (code, report) = json(d, &["--staged"]);
    assert_eq!(code, 0, "{report}");
    assert!(duplicate_messages(&report).is_empty(), "{report}");
    // A context plan changed outside the linted paths still counts.
    git(d, &["add", "docs/a.md"]);
    write(d, "docs/b.md", &plan("PLAN-1", "Fine."));
    git(d, &["add", "docs/b.md"]);
    let (_, report) = json(d, &["--staged", "docs/c.md"]);
    assert_eq!(duplicate_messages(&report).len(), 1, "{report}");
    assert!(
        duplicate_messages(&report)[0].contains("docs/a.md")
            && duplicate_messages(&report)[0].contains("docs/b.md"),
        "{report}"
    );
    assert_eq!(
        json(d, &["--staged", "--no-cache", "docs/c.md"]).1,
        report,
        "the same report without any cache"
    );
}

#[test]
fn staged_without_a_git_program_gives_the_same_report() {
    let dir = repo();
    let d = dir.path();
    write(d, "docs/a.md", &plan("PLAN-1", "Fine."));
    write(d, "docs/old.md", &plan("PLAN-9", "Old [Name]."));
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "init"]);
    write(d, "docs/b.md", &plan("PLAN-1", "Owner: [Owner]."));
    git(d, &["add", "docs/b.md"]);
    let (code, with_git) = json(d, &["--staged", "--no-cache"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&with_git).len(), 2, "{with_git}");
    // libgit2 answers when `git` cannot be run.
    let (_, without) = json_maybe_without_git(d, &["--staged", "--no-cache"], true);
    assert_eq!(without, with_git);

    // A staged edit and a staged removal of committed plans, with the tree record.
    write(d, "docs/a.md", &plan("PLAN-9", "Edited [Name]."));
    git(d, &["add", "docs/a.md"]);
    git(d, &["rm", "-q", "--cached", "docs/old.md"]);
    let (code, with_git) = json(d, &["--staged"]);
    assert_eq!(code, 1);
    let (_, without) = json_maybe_without_git(d, &["--staged"], true);
    assert_eq!(without, with_git);
    let found = findings(&with_git);
    assert!(
        found.iter().all(|(path, _, _)| path != "docs/old.md"),
        "{with_git}"
    );
    assert!(
        !found.iter().any(|(_, _, m)| m.contains("PLAN-1")),
        "b's ID is its own now: {with_git}"
    );
}

#[test]
fn changed_since_reads_context_plans_from_the_cache() {
    let dir = repo();
    let d = dir.path();
    write(d, "docs/a.md", &plan("PLAN-1", "Fine."));
    write(d, "docs/b.md", &plan("PLAN-2", "Fine."));
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "init"]);
    write(d, "docs/new.md", &plan("PLAN-2", "Fine."));
    let (code, first) = json(d, &["--changed-since", "HEAD"]);
    assert_eq!(code, 1);
    assert_eq!(duplicate_messages(&first).len(), 1, "{first}");
    let cache = d.join(".git/plan-lint/plan-ids.json");
    let text = std::fs::read_to_string(&cache).expect("cache");
    assert!(text.contains("docs/b.md"), "{text}");
    // The merge base's tree is recorded: the next run reads no context file.
    let trees: Value = serde_json::from_slice(
        &std::fs::read(d.join(".git/plan-lint/trees.json")).expect("tree record"),
    )
    .expect("json");
    assert_eq!(trees["trees"][0]["tree"], head_tree(d).as_str());
    std::fs::remove_file(&cache).expect("remove");
    let (_, again) = json(d, &["--changed-since", "HEAD"]);
    assert_eq!(again, first);
    assert!(!cache.exists(), "served by the tree record");
    // A named file is compared with the others through the per-file cache...
    let (_, named) = json(d, &["docs/new.md"]);
    assert_eq!(duplicate_messages(&named).len(), 1, "{named}");
    // ...and a context plan edited in the work tree is read from there, not the cache.
    write(d, "docs/b.md", &plan("PLAN-3", "Fine."));
    let (_, report) = json(d, &["docs/new.md"]);
    assert!(duplicate_messages(&report).is_empty(), "{report}");
}

/// `json` with the `git` program out of reach (`PATH` empty) when `without_git`.
fn json_maybe_without_git(dir: &Path, args: &[&str], without_git: bool) -> (i32, Value) {
    let mut command = Command::cargo_bin("plan-lint").expect("binary");
    command
        .current_dir(dir)
        .env_remove("PRE_COMMIT")
        .args(["--today", TODAY, "--isolated", "--format", "json"])
        .args(args);
    if without_git {
        command.env("PATH", dir.join("no-such-folder"));
    }
    let out = command.output().expect("runs");
    let value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap_or(-1), value)
}

#[test]
fn changed_since_is_the_same_with_git_and_with_libgit2() {
    for without_git in [false, true] {
        let dir = repo();
        let d = dir.path();
        write(d, "kept.md", &plan("PLAN-1", "Old [Name]."));
        write(d, "moved-by-hand.md", &plan("PLAN-2", "Old [Owner]."));
        write(d, "staged.md", &plan("PLAN-3", "Fine."));
        write(d, "gone.md", &plan("PLAN-5", "Old [Date]."));
        git(d, &["add", "."]);
        git(d, &["commit", "-qm", "init"]);
        // Moved without `git mv` (deleted, and the same text untracked elsewhere), a
        // staged edit, a deleted plan, and an untracked plan that takes kept.md's ID.
        std::fs::create_dir_all(d.join("docs")).expect("mkdir");
        std::fs::rename(d.join("moved-by-hand.md"), d.join("docs/moved-by-hand.md")).expect("move");
        write(d, "staged.md", &plan("PLAN-3", "Now [Reviewer]."));
        git(d, &["add", "staged.md"]);
        std::fs::remove_file(d.join("gone.md")).expect("rm");
        write(d, "new.md", &plan("PLAN-1", "Fine."));

        let (code, report) =
            json_maybe_without_git(d, &["--changed-since", "HEAD", "--no-cache"], without_git);
        assert_eq!(code, 1);
        let found: Vec<(String, u64)> = findings(&report)
            .into_iter()
            .map(|(path, line, _)| (path, line))
            .collect();
        assert_eq!(
            found,
            vec![("new.md".to_string(), 3), ("staged.md".to_string(), 11)],
            "without git: {without_git}: {report}"
        );
        assert_eq!(report["files_scanned"], 2, "{report}");
    }
}

/// `(rule, message)` of the findings on `path`.
fn findings_on(report: &Value, path: &str) -> Vec<(String, String)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["path"] == path)
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or("").to_string(),
                d["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn a_run_over_one_plan_judges_its_folder_as_a_full_run_does() {
    // A draft in search/ reuses billing's ID beside search's own plan: not the files of
    // one plan, so the shared ID is flagged, and the draft's missing field stands. The
    // verdict needs search/plan.md although its ID is another one.
    let dir = repo();
    let d = dir.path();
    write(d, "docs/plans/billing/plan.md", &plan("PLAN-1", "Fine."));
    write(d, "docs/plans/search/plan.md", &plan("PLAN-2", "Fine."));
    let draft = |body: &str| plan("PLAN-1", body).replace("## Author: A\n", "");
    write(d, "docs/plans/search/draft.md", &draft("Fine."));
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "init"]);
    let path = "docs/plans/search/draft.md";
    let (_, full) = json(d, &[]);
    let expected = findings_on(&full, path);
    let rules: Vec<&str> = expected.iter().map(|(rule, _)| rule.as_str()).collect();
    assert_eq!(rules, ["missing-field", "duplicate-id"], "{full}");

    assert_eq!(findings_on(&json(d, &[path]).1, path), expected, "named");
    write(d, path, &draft("Fine, and more."));
    git(d, &["add", path]);
    // Twice: the base tree listed, then served from its record.
    for run in ["listed", "recorded"] {
        assert_eq!(
            findings_on(&json(d, &["--staged"]).1, path),
            expected,
            "{run}"
        );
    }
    git(d, &["commit", "-qm", "more"]);
    write(d, path, &draft("Fine, and more again."));
    for run in ["listed", "recorded"] {
        let (_, report) = json(d, &["--changed-since", "HEAD"]);
        assert_eq!(findings_on(&report, path), expected, "{run}");
    }
}

#[cfg(unix)]
#[test]
fn a_plan_renamed_from_a_name_that_is_not_utf8_is_still_linted() {
    use std::os::unix::ffi::OsStrExt;
    let dir = repo();
    let d = dir.path();
    let old = d.join("docs").join(std::ffi::OsStr::from_bytes(b"\xff.md"));
    std::fs::create_dir_all(d.join("docs")).expect("mkdir");
    std::fs::write(&old, plan("PLAN-1", "Fine.\nMore.\nAnd more.")).expect("write");
    git(d, &["add", "-A"]);
    git(d, &["commit", "-qm", "init"]);
    std::fs::rename(&old, d.join("docs/new.md")).expect("rename");
    write(
        d,
        "docs/new.md",
        &plan("PLAN-1", "Fine.\nMore.\nAnd [Owner]."),
    );
    git(d, &["add", "-A"]);
    let (code, report) = json(d, &["--changed-since", "HEAD"]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(
        findings_on(&report, "docs/new.md"),
        [(
            "placeholder".to_string(),
            "unfilled placeholder `[Owner]`".to_string()
        )]
    );
}

#[cfg(unix)]
#[test]
fn a_repository_in_a_folder_named_in_no_utf8_compares_each_plan_once() {
    use std::os::unix::ffi::OsStrExt;
    let top = tempfile::tempdir().expect("temp dir");
    let d = &top.path().join(std::ffi::OsStr::from_bytes(b"caf\xe9"));
    std::fs::create_dir(d).expect("mkdir");
    git(d, &["init", "-q", "-b", "main"]);
    write(d, "docs/a.md", &plan("PLAN-1", "Fine."));
    write(d, "docs/b.md", &plan("PLAN-2", "Fine."));
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "init"]);
    write(d, "docs/a.md", &plan("PLAN-1", "Owner: [Owner]."));
    git(d, &["add", "."]);
    let trees = d.join(".git/plan-lint/trees.json");
    for run in ["listed", "recorded"] {
        let (code, report) = json(d, &["--staged"]);
        assert_eq!(code, 1, "{run}: {report}");
        assert_eq!(
            findings(&report),
            [(
                "docs/a.md".to_string(),
                11,
                "unfilled placeholder `[Owner]`".to_string()
            )],
            "{run}"
        );
        let record: Value =
            serde_json::from_slice(&std::fs::read(&trees).expect("recorded")).expect("json");
        let paths: Vec<&str> = record["trees"][0]["plans"]
            .as_array()
            .expect("plans")
            .iter()
            .map(|p| p[0].as_str().unwrap_or(""))
            .collect();
        assert_eq!(paths, ["docs/a.md", "docs/b.md"], "{run}");
    }
}

#[test]
fn a_tree_record_serves_runs_from_any_folder_of_the_repository() {
    let dir = repo();
    let d = dir.path();
    // A team template (a profile learned from it names it by its path), two plans.
    write(
        d,
        "docs/plans/plan-template.md",
        &plan("PLAN-XXX", "[What this plan does]")
            .replace("## Author: A\n", "## Author: [Name]\n## Reviewer: [Name]\n"),
    );
    write(d, "docs/plans/a.md", &plan("PLAN-1", "Fine."));
    write(d, "docs/plans/b.md", &plan("PLAN-2", "Fine."));
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "init"]);
    write(d, "docs/plans/c.md", &plan("PLAN-1", "Fine."));
    git(d, &["add", "."]);
    let staged = |cwd: &Path| {
        let out = Command::cargo_bin("plan-lint")
            .expect("binary")
            .current_dir(cwd)
            .env_remove("PRE_COMMIT")
            .args(["--today", TODAY, "--format", "json", "--staged"])
            .output()
            .expect("runs");
        serde_json::from_slice::<Value>(&out.stdout).expect("json")
    };
    let first = staged(d);
    assert_eq!(
        duplicate_messages(&first),
        ["Plan ID `PLAN-1` is also used by `docs/plans/a.md` (plan-template)"]
    );
    let per_file = d.join(".git/plan-lint/plan-ids.json");
    std::fs::remove_file(&per_file).expect("per-file cache");
    // From a subfolder, paths are shown from there, and the record made at the root
    // still serves: no context file is read, no second record is made.
    let from_docs = staged(&d.join("docs"));
    assert_eq!(
        duplicate_messages(&from_docs),
        ["Plan ID `PLAN-1` is also used by `plans/a.md` (plan-template)"]
    );
    assert!(!per_file.exists(), "a record hit reads no context file");
    let record: Value = serde_json::from_slice(
        &std::fs::read(d.join(".git/plan-lint/trees.json")).expect("recorded"),
    )
    .expect("json");
    assert_eq!(
        record["trees"].as_array().map(Vec::len),
        Some(1),
        "{record}"
    );
}
