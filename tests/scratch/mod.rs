//! Helpers of the suites that build their own scratch repositories with the `git` CLI:
//! a minimal plan, a file written with its folders, and git run with a fixed identity.

// Each suite compiles its own copy and uses only some of the helpers.
#![allow(dead_code)]

use std::path::Path;

/// A plan of the built-in template with this ID and Overview text (line 11).
pub fn plan(id: &str, body: &str) -> String {
    format!(
        "# Implementation Plan: X\n\n## Plan ID: {id}\n## Title: X\n## Version: 1\n\
         ## Date: 2025-03-03\n## Author: A\n## Status: In Review\n\n## 1. Overview\n{body}\n"
    )
}

/// Runs `git ARGS` in `dir` (author and committer fixed); a failure fails the test.
pub fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("git runs");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// Writes `text` to `rel` under `dir`, creating its folders.
pub fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}
