//! What plan-lint writes, through the real binary: reports and baselines are replaced
//! whole or not at all; `init` and `install-hook` never write through a link, never
//! shadow a configuration and never erase a user's lines.

mod scratch;

use assert_cmd::Command;
use scratch::{git, plan, write};
use std::path::Path;
use std::process::Output;

fn plan_lint(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("plan-lint")
        .expect("binary")
        .current_dir(dir)
        .env_remove("PRE_COMMIT")
        .args(args)
        .output()
        .expect("runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A plan with enough findings that its JSON report runs to many kilobytes.
fn noisy_plan() -> String {
    let mut body = String::new();
    for i in 0..300 {
        body.push_str(&format!("- Owner {i}: [Name]\n"));
    }
    plan("PLAN-001", &body)
}

/// Runs plan-lint with its file size limited to 4 KiB, so the write of a larger file is
/// cut short by SIGXFSZ (as a kill or a full disk would cut it).
#[cfg(target_os = "linux")]
fn run_with_file_size_limit(dir: &Path, args: &str) -> std::process::ExitStatus {
    let exe = assert_cmd::cargo::cargo_bin("plan-lint");
    std::process::Command::new("sh")
        .current_dir(dir)
        .env_remove("PRE_COMMIT")
        .arg("-c")
        .arg(format!("ulimit -f 8; exec '{}' {args}", exe.display()))
        .status()
        .expect("sh runs")
}

#[cfg(target_os = "linux")]
#[test]
fn a_write_cut_short_leaves_the_old_report_and_baseline_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(d, "plans/noisy.md", &noisy_plan());
    // The baseline counts findings per file: many files make it large too.
    for i in 2..150 {
        write(
            d,
            &format!("plans/p{i}.md"),
            &plan(&format!("PLAN-{i:03}"), "[Name]"),
        );
    }
    write(d, "report.json", "{\"old\": true}\n");
    write(d, "baseline.json", "{\"old\": true}\n");

    let status = run_with_file_size_limit(
        d,
        "--isolated --today 2025-06-01 --format json --output report.json plans",
    );
    assert!(!status.success(), "the oversized write must fail");
    assert_eq!(
        std::fs::read_to_string(d.join("report.json")).expect("read"),
        "{\"old\": true}\n"
    );
    let status = run_with_file_size_limit(
        d,
        "--isolated --today 2025-06-01 --write-baseline baseline.json plans",
    );
    assert!(!status.success(), "the oversized write must fail");
    assert!(std::fs::read_to_string(d.join("baseline.json")).is_ok());
    assert_eq!(
        std::fs::read_to_string(d.join("baseline.json")).expect("read"),
        "{\"old\": true}\n"
    );

    // Without the limit both are written whole.
    let out = plan_lint(
        d,
        &["--isolated", "--today", "2025-06-01", "--format", "json"]
            .into_iter()
            .chain(["--output", "report.json", "plans"])
            .collect::<Vec<_>>(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("report.json")).expect("read")).expect("json");
    assert!(report["diagnostics"].as_array().expect("array").len() >= 149);
}

#[test]
fn an_unwritable_report_names_the_file_and_option() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(d, "plans/a.md", &plan("PLAN-001", "Fine."));
    let out = plan_lint(
        d,
        &[
            "--isolated",
            "--sarif-file",
            "missing/folder/out.sarif",
            "plans",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("cannot write the SARIF report"), "{err}");
    assert!(err.contains("missing/folder/out.sarif"), "{err}");
}

#[cfg(unix)]
#[test]
fn install_hook_never_writes_through_a_link() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path().join("repo");
    std::fs::create_dir_all(&d).expect("mkdir");
    git(&d, &["init", "-q", "-b", "main"]);
    let outside = dir.path().join("outside/pre-commit");
    let hook = d.join(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().expect("hooks")).expect("mkdir");
    std::os::unix::fs::symlink(&outside, &hook).expect("link");

    let refused = plan_lint(&d, &["install-hook"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("symbolic link"),
        "{}",
        stderr(&refused)
    );
    assert!(!outside.exists(), "the link's target must not be created");

    // With --force the link itself is replaced; a real target is left as it was.
    std::fs::create_dir_all(outside.parent().expect("parent")).expect("mkdir");
    std::fs::write(&outside, "#!/bin/sh\necho theirs\n").expect("write");
    let forced = plan_lint(&d, &["install-hook", "--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert_eq!(
        std::fs::read_to_string(&outside).expect("read"),
        "#!/bin/sh\necho theirs\n"
    );
    let meta = std::fs::symlink_metadata(&hook).expect("hook");
    assert!(meta.file_type().is_file());
    assert!(
        std::fs::read_to_string(&hook)
            .expect("read")
            .contains("--staged || exit $?")
    );
}

#[cfg(unix)]
#[test]
fn install_hook_keeps_the_lines_a_user_added() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    assert_eq!(plan_lint(d, &["install-hook"]).status.code(), Some(0));
    let hook = d.join(".git/hooks/pre-commit");
    let text = std::fs::read_to_string(&hook).expect("read");
    let edited =
        text.replacen("#!/bin/sh\n", "#!/bin/sh\n./scripts/check-size\n", 1) + "./scripts/notify\n";
    std::fs::write(&hook, &edited).expect("edit hook");

    assert_eq!(plan_lint(d, &["install-hook"]).status.code(), Some(0));
    let again = std::fs::read_to_string(&hook).expect("read");
    assert_eq!(again, edited, "a re-run rewrites only plan-lint's block");

    // The user's lines after the block still run when plan-lint passes.
    write(d, "scripts/notify", "#!/bin/sh\ntouch notified\n");
    write(d, "scripts/check-size", "#!/bin/sh\nexit 0\n");
    for script in ["scripts/notify", "scripts/check-size"] {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(d.join(script), std::fs::Permissions::from_mode(0o755))
            .expect("chmod");
    }
    write(d, "plans/a.md", &plan("PLAN-001", "Fine."));
    git(d, &["add", "plans/a.md"]);
    let exe = assert_cmd::cargo::cargo_bin("plan-lint");
    let path = format!(
        "{}:{}",
        exe.parent().expect("bin dir").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let commit = std::process::Command::new("git")
        .current_dir(d)
        .env("PATH", path)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .args(["commit", "-q", "-m", "a plan"])
        .output()
        .expect("git commit");
    assert!(
        commit.status.success(),
        "{}",
        String::from_utf8_lossy(&commit.stderr)
    );
    assert!(d.join("notified").exists(), "the user's line ran");
}

#[cfg(unix)]
#[test]
fn init_never_writes_through_a_dangling_link() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path().join("work");
    std::fs::create_dir_all(&d).expect("mkdir");
    let outside = dir.path().join("elsewhere/plan-lint.toml");
    std::os::unix::fs::symlink(&outside, d.join("plan-lint.toml")).expect("link");
    let out = plan_lint(&d, &["init"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert!(!outside.exists());
    let forced = plan_lint(&d, &["init", "--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert!(
        !outside.exists(),
        "--force replaces the link, not its target"
    );
    assert!(
        std::fs::symlink_metadata(d.join("plan-lint.toml"))
            .expect("meta")
            .is_file()
    );
}

#[test]
fn init_does_not_shadow_a_configuration_that_applies() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    write(d, ".plan-lint.toml", "[rules]\nstale-review = \"off\"\n");
    write(d, "docs/plans/README.md", "plans\n");

    // Beside it: refused, and --force rewrites that file rather than adding a second.
    let out = plan_lint(d, &["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(".plan-lint.toml already exists"),
        "{}",
        stderr(&out)
    );
    assert!(!d.join("plan-lint.toml").exists());

    // Below it: refused, naming the configuration in force.
    let sub = d.join("docs/plans");
    let out = plan_lint(&sub, &["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("already configures plan-lint here"),
        "{}",
        stderr(&out)
    );
    assert!(!sub.join("plan-lint.toml").exists());
    assert_eq!(plan_lint(&sub, &["init", "--force"]).status.code(), Some(0));
    assert!(sub.join("plan-lint.toml").is_file());

    let forced = plan_lint(d, &["init", "--force"]);
    assert_eq!(forced.status.code(), Some(0));
    assert!(!d.join("plan-lint.toml").exists());
    let rewritten = std::fs::read_to_string(d.join(".plan-lint.toml")).expect("read");
    assert!(rewritten.contains("[rules]") && !rewritten.contains("stale-review = \"off\""));
}
