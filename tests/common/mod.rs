//! Helpers the fixture-driven suites share: copy a fixture into a scratch folder, lint
//! it there, render a run without colour at a fixed width.

use plan_lint::report::{self, HumanOptions, ReportOptions};
use plan_lint::settings::{Flags, Format, Settings};
use plan_lint::{LintRun, lint};
use std::path::{Path, PathBuf};

/// The date the fixtures are linted on.
pub const TODAY: &str = "2025-06-01";

/// The crate's `fixtures/` folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Copies a file or a folder.
pub fn copy_into(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read dir") {
            let entry = entry.expect("entry");
            copy_into(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).expect("copy fixture");
    }
}

/// Lints `target` (a file or folder) as seen from its parent folder. It is copied into a
/// temporary folder first, so the repository around the fixtures (whose plans
/// `duplicate-id` would otherwise compare against) cannot change the result.
pub fn lint_copy(target: &Path) -> LintRun {
    let scratch = tempfile::tempdir().expect("temp dir");
    let name = target.file_name().expect("file name");
    copy_into(target, &scratch.path().join(name));
    let flags = Flags {
        paths: vec![PathBuf::from(name)],
        today: Some(TODAY.to_string()),
        isolated: true,
        ..Flags::default()
    };
    let settings = Settings::from_flags(&flags, scratch.path()).expect("settings");
    lint(&settings, true).expect("lint runs")
}

/// A run in `format`, uncoloured, 100 columns wide.
pub fn render(run: &LintRun, format: Format) -> String {
    let mut out = Vec::new();
    let options = ReportOptions {
        human: HumanOptions {
            color: false,
            width: 100,
            unicode: true,
        },
        ..ReportOptions::default()
    };
    report::write(format, run, &options, &mut out).expect("render");
    String::from_utf8(out).expect("utf-8 output")
}
