//! Repositories set up the ways git allows beyond a plain clone: a folder nested deeper
//! than libgit2 walks, a bare repository with its work tree elsewhere (`GIT_DIR`,
//! `GIT_WORK_TREE`), a repository another user owns that git's `safe.directory` trusts.

mod scratch;

use assert_cmd::Command;
use scratch::{git, plan, write};
use std::path::Path;
use std::process::Output;

fn plan_lint(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::cargo_bin("plan-lint").expect("binary");
    command
        .current_dir(dir)
        .env_remove("PRE_COMMIT")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .args(["--isolated", "--today", "2025-06-01", "--format", "concise"]);
    for (key, value) in env {
        command.env(key, value);
    }
    command.args(args).output().expect("runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_folder_nested_past_libgit2s_limit_does_not_stop_the_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    write(d, "plans/a.md", &plan("PLAN-001", "Owner: [Name]"));
    let deep = vec!["d"; 120].join("/");
    write(d, &format!("{deep}/notes.txt"), "just text\n");
    write(
        d,
        &format!("{deep}/deep-plan.md"),
        &plan("PLAN-002", "Lead: [Name]"),
    );
    let out = plan_lint(d, &[], &["."]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert!(text.contains("plans/a.md:11:8: error PL001"), "{text}");
    assert!(
        text.contains("d/d/d/deep-plan.md:11:7: error PL001"),
        "{text}"
    );
    assert!(text.contains("in 2 plans"), "{text}");
}

#[test]
fn git_dir_and_git_work_tree_are_honoured_as_git_honours_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bare = dir.path().join("dotfiles.git");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).expect("mkdir");
    git(
        dir.path(),
        &["init", "-q", "--bare", "-b", "main", "dotfiles.git"],
    );
    write(&home, ".gitignore", "cache/\n");
    write(&home, "plans/a.md", &plan("PLAN-001", "Owner: [Name]"));
    write(&home, "cache/old.md", &plan("PLAN-009", "Lead: [Name]"));
    let env = [
        ("GIT_DIR", bare.to_str().expect("utf-8")),
        ("GIT_WORK_TREE", home.to_str().expect("utf-8")),
    ];
    let status = std::process::Command::new("git")
        .current_dir(&home)
        .envs(env)
        .args(["add", "plans/a.md", ".gitignore"])
        .status()
        .expect("git add");
    assert!(status.success());

    // The hook's case: --staged finds the staged plan.
    let staged = plan_lint(&home, &env, &["--staged"]);
    assert_eq!(
        staged.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&staged.stderr)
    );
    assert!(
        stdout(&staged).contains("plans/a.md:11:8: error PL001"),
        "{}",
        stdout(&staged)
    );

    // A full run lints what git sees, never the ignored folder.
    let full = plan_lint(&home, &env, &["."]);
    let text = stdout(&full);
    assert!(text.contains("plans/a.md"), "{text}");
    assert!(!text.contains("cache/old.md"), "{text}");
    assert!(text.contains("in 1 plan"), "{text}");
}

/// The user id of this process.
fn uid() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("Uid:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(target_os = "linux")]
#[test]
fn safe_directory_from_git_config_environment_is_honoured() {
    // Giving the repository to another user needs root; elsewhere there is nothing to do.
    if uid() != Some(0) {
        eprintln!("skipped: needs root to give a folder to another user");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path().join("theirs");
    std::fs::create_dir_all(&d).expect("mkdir");
    git(&d, &["init", "-q", "-b", "main"]);
    write(&d, "plans/a.md", &plan("PLAN-001", "Owner: [Name]"));
    let chown = std::process::Command::new("chown")
        .args(["-R", "65534:65534"])
        .arg(&d)
        .status()
        .expect("chown");
    assert!(chown.success());
    let home = dir.path().join("empty-home");
    std::fs::create_dir_all(&home).expect("mkdir");
    let home = home.to_str().expect("utf-8");
    let path = d.to_str().expect("utf-8");

    let refused = plan_lint(
        &d,
        &[("HOME", home), ("GIT_CONFIG_GLOBAL", "/dev/null")],
        &["."],
    );
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("safe.directory"), "{err}");

    let trusted = plan_lint(
        &d,
        &[
            ("HOME", home),
            ("GIT_CONFIG_COUNT", "1"),
            ("GIT_CONFIG_KEY_0", "safe.directory"),
            ("GIT_CONFIG_VALUE_0", path),
        ],
        &["."],
    );
    assert_eq!(
        trusted.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&trusted.stderr)
    );
    assert!(stdout(&trusted).contains("plans/a.md:11:8: error PL001"));
}

#[cfg(target_os = "linux")]
fn write_bytes_name(dir: &Path, name: &[u8], text: &str) {
    use std::os::unix::ffi::OsStrExt;
    std::fs::write(dir.join(std::ffi::OsStr::from_bytes(name)), text).expect("write");
}

#[cfg(target_os = "linux")]
#[test]
fn a_name_that_is_not_utf8_is_linted_and_shown_as_git_shows_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    write_bytes_name(d, b"caf\xe9.md", &plan("PLAN-001", "Owner: [Name]"));
    git(d, &["add", "-A"]);
    let expected = "caf\\351.md:11:8: error PL001 [placeholder] unfilled placeholder `[Name]`";
    for args in [&["--staged"][..], &["."][..]] {
        let out = plan_lint(d, &[], args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stdout(&out));
        assert!(
            stdout(&out).contains(expected),
            "{args:?}: {}",
            stdout(&out)
        );
    }
    git(d, &["commit", "-q", "-m", "plan"]);
    write_bytes_name(d, b"caf\xe9.md", &plan("PLAN-001", "Lead: [Name]"));
    let changed = plan_lint(d, &[], &["--changed-since", "HEAD"]);
    assert!(
        stdout(&changed).contains("caf\\351.md:11:7: error PL001"),
        "{}",
        stdout(&changed)
    );

    // Outside git too: found, read and shown the same way, never "no such file".
    let plain = tempfile::tempdir().expect("temp dir");
    write_bytes_name(
        plain.path(),
        b"caf\xe9.md",
        &plan("PLAN-001", "Owner: [Name]"),
    );
    let out = plan_lint(plain.path(), &[], &["."]);
    assert!(stdout(&out).contains(expected), "{}", stdout(&out));
    assert!(!stdout(&out).contains("unreadable"), "{}", stdout(&out));
}

#[cfg(unix)]
#[test]
fn a_link_to_markdown_outside_what_is_linted_is_named_on_stderr() {
    let dir = tempfile::tempdir().expect("temp dir");
    let outside = dir.path().join("outside.md");
    std::fs::write(&outside, plan("PLAN-009", "Owner: [Name]")).expect("write");
    // Outside git, tracked in git, and untracked in a repository.
    for (name, in_git, tracked) in [
        ("plain", false, false),
        ("repo", true, true),
        ("untracked", true, false),
    ] {
        let d = dir.path().join(name);
        std::fs::create_dir_all(d.join("plans")).expect("mkdir");
        write(&d, "plans/a.md", &plan("PLAN-001", "Fine."));
        std::os::unix::fs::symlink(&outside, d.join("plans/elsewhere.md")).expect("link");
        // A link to a plan that is linted anyway is not worth a word.
        std::os::unix::fs::symlink("a.md", d.join("plans/alias.md")).expect("link");
        if in_git {
            git(&d, &["init", "-q", "-b", "main"]);
            git(&d, &["add", "plans/a.md"]);
            if tracked {
                git(&d, &["add", "-A"]);
            }
        }
        let out = plan_lint(&d, &[], &["."]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("plans/elsewhere.md is a symbolic link and was not followed"),
            "{name}: {err}"
        );
        assert!(!err.contains("alias.md"), "{err}");
        assert!(!stdout(&out).contains("PLAN-009") && !stdout(&out).contains("elsewhere"));
    }
}

#[test]
fn ci_outputs_name_files_from_the_repository_root_whatever_the_working_directory() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    write(d, "docs/plans/a.md", &plan("PLAN-001", "Owner: [Name]"));
    write(d, "other/b.md", &plan("PLAN-002", "Lead: [Name]"));
    git(d, &["add", "-A"]);
    let docs = d.join("docs");
    let summary = d.join("summary.md");
    let summary_path = summary.to_str().expect("utf-8");
    let env = [
        ("GITHUB_STEP_SUMMARY", summary_path),
        ("GITHUB_SERVER_URL", "https://github.com"),
        ("GITHUB_REPOSITORY", "o/r"),
        ("GITHUB_SHA", "abc123"),
    ];
    let mut command = Command::cargo_bin("plan-lint").expect("binary");
    let out = command
        .current_dir(&docs)
        .env_remove("PRE_COMMIT")
        .envs(env)
        .args(["--isolated", "--today", "2025-06-01", "--format", "github"])
        .args(["--sarif-file", "../out.sarif", ".", "../other/b.md"])
        .output()
        .expect("runs");
    let log = stdout(&out);
    assert!(
        log.contains("::error file=docs/plans/a.md,line=11"),
        "{log}"
    );
    assert!(log.contains("::error file=other/b.md,line=11"), "{log}");
    assert!(
        !log.contains("file=plans/") && !log.contains("file=.."),
        "{log}"
    );

    let text = std::fs::read_to_string(&summary).expect("summary");
    assert!(
        text.contains("(https://github.com/o/r/blob/abc123/docs/plans/a.md#L11)"),
        "{text}"
    );
    assert!(
        text.contains("(https://github.com/o/r/blob/abc123/other/b.md#L11)"),
        "{text}"
    );

    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("out.sarif")).expect("sarif")).expect("json");
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .expect("uri")
        })
        .collect();
    assert!(
        uris.contains(&"docs/plans/a.md") && uris.contains(&"other/b.md"),
        "{uris:?}"
    );

    // The terminal keeps paths relative to where the user stands.
    let human = plan_lint(&docs, &[], &[".", "../other/b.md"]);
    assert!(
        stdout(&human).contains("plans/a.md:11:8"),
        "{}",
        stdout(&human)
    );
    assert!(
        stdout(&human).contains("../other/b.md:11:7"),
        "{}",
        stdout(&human)
    );
}

/// A repository in the middle of a merge whose plan conflicts.
fn conflicted_merge() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    write(d, "plans/a.md", &plan("PLAN-001", "Base text."));
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "base"]);
    git(d, &["checkout", "-q", "-b", "topic"]);
    write(d, "plans/a.md", &plan("PLAN-001", "Topic text."));
    git(d, &["commit", "-q", "-am", "topic"]);
    git(d, &["checkout", "-q", "main"]);
    write(d, "plans/a.md", &plan("PLAN-001", "Main text."));
    git(d, &["commit", "-q", "-am", "main"]);
    let merge = std::process::Command::new("git")
        .current_dir(d)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "merge",
            "-q",
            "topic",
        ])
        .output()
        .expect("git merge");
    assert!(!merge.status.success(), "the merge must conflict");
    dir
}

#[test]
fn a_plan_left_in_conflict_is_reported_at_its_first_marker() {
    let dir = conflicted_merge();
    let d = dir.path();
    let expected = "plans/a.md:11:1: error PL000 [unreadable] unresolved merge conflict (markers on lines 11 to 15)";
    for args in [&["--changed-since", "HEAD"][..], &["."][..]] {
        let out = plan_lint(d, &[], args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            stdout(&out).contains(expected),
            "{args:?}: {}",
            stdout(&out)
        );
    }
    // Committed markers are reported too, and markers inside a code block are not.
    git(d, &["commit", "-q", "-am", "oops, committed the markers"]);
    let out = plan_lint(d, &[], &["."]);
    assert!(stdout(&out).contains(expected), "{}", stdout(&out));
    let documented = plan(
        "PLAN-001",
        "Resolve like this:\n\n```text\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> topic\n```",
    );
    write(d, "plans/a.md", &documented);
    let out = plan_lint(d, &[], &["."]);
    assert!(!stdout(&out).contains("PL000"), "{}", stdout(&out));
}

#[test]
fn a_sparse_checkout_still_counts_and_reports_the_plans_it_leaves_out() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    write(d, "in/a.md", &plan("PLAN-001", "Inside the cone."));
    write(d, "out/b.md", &plan("PLAN-002", "Outside the cone."));
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "base"]);
    // The plan outside the cone takes the inside plan's ID in a later commit.
    write(d, "out/b.md", &plan("PLAN-001", "Outside the cone."));
    git(d, &["commit", "-q", "-am", "reuse the ID"]);
    git(d, &["sparse-checkout", "set", "in"]);
    assert!(
        !d.join("out/b.md").exists(),
        "out/ is left out of the work tree"
    );

    // A full run and a run of the folder both see the left-out plan's ID, and a
    // left-out file is not reported as deleted or unreadable.
    for args in [&["."][..], &["in"][..]] {
        let out = plan_lint(d, &[], args);
        let text = stdout(&out);
        assert!(
            text.contains(
                "in/a.md:3:13: error PL008 [duplicate-id] Plan ID `PLAN-001` is also used by `out/b.md`"
            ),
            "{args:?}: {text}"
        );
        assert!(!text.contains("PL000"), "{args:?}: {text}");
        assert!(
            text.contains("in 1 plan (1 file scanned)"),
            "{args:?}: {text}"
        );
    }

    // A change to a left-out file is linted from the index, not skipped.
    let out = plan_lint(d, &[], &["--changed-since", "HEAD~1"]);
    let text = stdout(&out);
    assert!(
        text.contains(
            "out/b.md:3:13: error PL008 [duplicate-id] Plan ID `PLAN-001` is also used by `in/a.md`"
        ),
        "{text}"
    );
}
