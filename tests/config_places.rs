//! Where the configuration may live, nearest folder first: `plan-lint.toml`,
//! `.plan-lint.toml`, `.config/plan-lint.toml`, `pyproject.toml` `[tool.plan-lint]`.

mod scratch;

use assert_cmd::Command;
use scratch::{plan, write};
use std::path::Path;
use std::process::Output;

fn plan_lint(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("plan-lint")
        .expect("binary")
        .current_dir(dir)
        .args(["--today", "2025-06-01", "--format", "concise"])
        .args(args)
        .output()
        .expect("runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A project with a plan holding a placeholder under `docs/plans/`.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "docs/plans/a.md",
        &plan("PLAN-001", "Owner: [Name]."),
    );
    dir
}

#[test]
fn each_place_is_read_from_a_subfolder() {
    let off = "[rules]\nplaceholder = \"off\"\n";
    for (file, text) in [
        ("plan-lint.toml", off.to_string()),
        (".plan-lint.toml", off.to_string()),
        (".config/plan-lint.toml", off.to_string()),
        (
            "pyproject.toml",
            "[project]\nname = \"demo\"\n\n[tool.plan-lint.rules]\nplaceholder = \"off\"\n"
                .to_string(),
        ),
    ] {
        let dir = project();
        let docs = dir.path().join("docs");
        assert_eq!(
            plan_lint(&docs, &["."]).status.code(),
            Some(1),
            "without {file}"
        );
        write(dir.path(), file, &text);
        let out = plan_lint(&docs, &["."]);
        assert_eq!(out.status.code(), Some(0), "{file}: {}", stderr(&out));
    }
}

#[test]
fn a_pyproject_without_the_table_is_not_a_configuration() {
    let dir = project();
    // The nearest folder with a configuration wins; a Python project's own file in a
    // nearer folder does not count unless it configures plan-lint.
    write(
        dir.path(),
        "plan-lint.toml",
        "[rules]\nplaceholder = \"off\"\n",
    );
    write(
        dir.path(),
        "docs/pyproject.toml",
        "[project]\nname = \"docs\"\n[tool.ruff]\nline-length = 90\n",
    );
    let out = plan_lint(&dir.path().join("docs"), &["."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Nor does one that is not even valid TOML: that is Python's problem, not plan-lint's.
    write(dir.path(), "docs/pyproject.toml", "[project\nname = ");
    let out = plan_lint(&dir.path().join("docs"), &["."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn two_configurations_in_one_folder_are_an_error_naming_both() {
    let dir = project();
    write(dir.path(), "plan-lint.toml", "");
    write(
        dir.path(),
        "pyproject.toml",
        "[tool.plan-lint]\nexclude = []\n",
    );
    let out = plan_lint(dir.path(), &["."]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let here = dir.path().display();
    assert!(
        err.contains(&format!(
            "two configurations in one folder: {here}/plan-lint.toml and {here}/pyproject.toml; \
             keep one (plan-lint looks for plan-lint.toml, .plan-lint.toml, \
             .config/plan-lint.toml, pyproject.toml in that order, and will not guess)"
        )),
        "{err}"
    );
}

#[test]
fn globs_of_dot_config_are_relative_to_the_project_folder() {
    let dir = project();
    write(
        dir.path(),
        ".config/plan-lint.toml",
        "exclude = [\"docs/plans/a.md\"]\n",
    );
    let out = plan_lint(dir.path(), &["."]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn pyproject_errors_name_the_key_in_its_table() {
    let dir = project();
    write(
        dir.path(),
        "pyproject.toml",
        "[tool.plan-lint]\ninclde = [\"docs/**\"]\n",
    );
    let out = plan_lint(dir.path(), &["."]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("unknown key `tool.plan-lint.inclde`"), "{err}");
    assert!(err.contains("did you mean `include`?"), "{err}");
}

#[test]
fn init_never_writes_over_a_pyproject() {
    let dir = project();
    let text = "[project]\nname = \"demo\"\n[tool.plan-lint]\nexclude = []\n";
    write(dir.path(), "pyproject.toml", text);
    for args in [&["init"][..], &["init", "--force"][..]] {
        let out = Command::cargo_bin("plan-lint")
            .expect("binary")
            .current_dir(dir.path())
            .args(args)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains("pyproject.toml already configures plan-lint here"));
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("pyproject.toml")).unwrap(),
        text
    );
    assert!(!dir.path().join("plan-lint.toml").exists());
}
