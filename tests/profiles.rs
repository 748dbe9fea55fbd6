//! Profiles: each built-in family's fixtures (`fixtures/profiles/<family>/ok*` is
//! clean and matched to that family, every `bad-*` case reports and names the family),
//! a repository whose own template is discovered and learned, and what learning a
//! template gives.

mod common;

use assert_cmd::Command;
use common::{TODAY, copy_into, fixtures, lint_copy, render};
use plan_lint::profile::learn::learn;
use plan_lint::profile::{FieldRole, Origin, ProfileSet, StatusClass};
use plan_lint::settings::Format;
use std::path::Path;

fn family_of(path: &Path) -> String {
    path.parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .expect("family folder")
        .to_string()
}

fn check_family_case(path: &Path) {
    let family = family_of(path);
    let run = lint_copy(path);
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    assert!(
        run.plans_checked >= 1,
        "{} was not matched to any profile",
        path.display()
    );
    if name.starts_with("ok") {
        assert!(
            run.diagnostics.is_empty(),
            "{} should be clean, got {:#?}",
            path.display(),
            run.diagnostics
        );
    } else {
        assert!(
            !run.diagnostics.is_empty(),
            "{} should report something",
            path.display()
        );
        for d in &run.diagnostics {
            assert!(
                d.message.ends_with(&format!("({family})")),
                "{}: the message should name the profile: {}",
                path.display(),
                d.message
            );
        }
    }
    insta::assert_snapshot!("json", render(&run, Format::Json));
    insta::assert_snapshot!("human", render(&run, Format::Human));
}

#[test]
fn builtin_family_fixtures() {
    insta::glob!("../fixtures/profiles", "*/*", check_family_case);
}

#[test]
fn every_builtin_profile_has_fixtures() {
    for profile in plan_lint::profile::builtin::all() {
        if profile.is_plan() {
            // The plan profile's fixtures are the per-rule ones.
            continue;
        }
        let dir = fixtures().join("profiles").join(&profile.name);
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("no fixtures for profile {}", profile.name))
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().any(|n| n.starts_with("ok")),
            "{}",
            profile.name
        );
        assert!(
            names.iter().any(|n| n.starts_with("bad-")),
            "{}",
            profile.name
        );
    }
}

/// A temporary git repository holding a copy of `fixtures/discovered`.
fn discovered_repo() -> tempfile::TempDir {
    fixture_repo("discovered")
}

/// A temporary git repository holding a copy of `fixtures/<name>`, every file added.
fn fixture_repo(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_into(&fixtures().join(name), dir.path());
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    dir
}

fn plan_lint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("plan-lint").expect("binary");
    cmd.current_dir(dir).env_remove("PRE_COMMIT");
    cmd
}

#[test]
fn a_template_in_the_repository_is_learned_with_no_configuration() {
    let repo = discovered_repo();
    let output = plan_lint(repo.path())
        .args(["--today", TODAY, "--format", "concise"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    insta::assert_snapshot!("discovered_concise", stdout);
    assert_eq!(output.status.code(), Some(1));
    // The template itself, and Markdown that is no proposal, produce nothing.
    assert!(!stdout.contains("proposal-template.md:"), "{stdout}");
    assert!(!stdout.contains("guide.md"), "{stdout}");
    // A prompt kept above the answer, or above sub-sections that answer it, is not
    // reported; one left alone is, once.
    assert!(!stdout.contains("sp-0012"), "{stdout}");
    assert!(!stdout.contains("sp-0014"), "{stdout}");
    assert_eq!(
        stdout
            .lines()
            .filter(|l| l.contains("still holds the template's prompt"))
            .count(),
        2,
        "{stdout}"
    );
}

#[test]
fn documents_of_templates_that_changed_over_the_years_get_only_real_findings() {
    // Written from three discovered templates: a proposal template with `*if applicable*`
    // fields and wrapped instructions, a decision-record template whose Status section
    // holds `Proposed`, and an RFC template whose front matter leaves dates to YAML
    // comments. The documents use an older header (`Author`), an implemented status,
    // values on the lines below a key, a glossary entry and a data table named `Date`,
    // and a numbered decision about project templates.
    let repo = fixture_repo("evolving-templates");
    let output = plan_lint(repo.path())
        .args(["--today", TODAY, "--format", "concise"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    insta::assert_snapshot!("evolving_templates_concise", stdout);
    let findings: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains(": error ") || l.contains(": warning "))
        .collect();
    // The one a reviewer asks for: an open proposal without the Implementation field.
    assert_eq!(
        findings,
        [
            "proposals/0003-widget-sizes.md:1:3: error PL006 [missing-field] missing required \
          header field: `Implementation` (0000-proposal-template)"
        ],
        "{stdout}"
    );
    assert_eq!(output.status.code(), Some(1));

    let output = plan_lint(repo.path())
        .args(["profiles", "--files"])
        .output()
        .expect("runs");
    let listing = String::from_utf8(output.stdout).expect("utf-8");
    assert!(
        listing.contains("decisions/adr-002-project-templates.md: adr-template"),
        "a numbered decision about templates is a decision record: {listing}"
    );
    assert!(
        !listing.contains("discovered template decisions/adr-002"),
        "{listing}"
    );
}

#[test]
fn profiles_lists_origins_and_what_each_file_matched() {
    let repo = discovered_repo();
    let output = plan_lint(repo.path())
        .args(["profiles", "--files"])
        .output()
        .expect("runs");
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    insta::assert_snapshot!("profiles_files", stdout);
    assert!(stdout.contains("discovered template docs/proposals/proposal-template.md"));
    // A file no profile matched says which family it came closest to, and why not.
    assert!(stdout.contains(
        "docs/guide.md: not checked (no profile matched; closest: proposal-template — shares 0 header keys and 1 heading"
    ));
}

#[test]
fn discovery_can_be_turned_off() {
    let repo = discovered_repo();
    std::fs::write(
        repo.path().join("plan-lint.toml"),
        "discover-templates = false\n",
    )
    .expect("write config");
    let output = plan_lint(repo.path())
        .args(["--today", TODAY, "--format", "concise"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert!(stdout.contains("in 0 plans"), "{stdout}");
}

#[test]
fn learning_a_template_gives_its_fields_statuses_syntaxes_and_prompts() {
    let text =
        std::fs::read_to_string(fixtures().join("discovered/docs/proposals/proposal-template.md"))
            .expect("read template");
    let profile = learn(
        &text,
        "docs/proposals/proposal-template.md",
        Origin::Discovered("docs/proposals/proposal-template.md".into()),
        &ProfileSet::default(),
    )
    .expect("learned");
    assert_eq!(profile.name, "proposal-template");
    assert_eq!(profile.extends, None);
    let fields: Vec<(&str, FieldRole, bool)> = profile
        .fields
        .iter()
        .map(|f| (f.label.as_str(), f.role, f.required))
        .collect();
    assert_eq!(
        fields,
        [
            ("Proposal ID", FieldRole::Id, true),
            ("Owner", FieldRole::Author, true),
            ("Status", FieldRole::Status, true),
            ("Decided on", FieldRole::Other, true),
        ]
    );
    let statuses: Vec<(&str, StatusClass)> = profile
        .statuses
        .values
        .iter()
        .map(|v| (v.label.as_str(), v.class))
        .collect();
    assert_eq!(
        statuses,
        [
            ("Idea", StatusClass::Draft),
            ("Under discussion", StatusClass::Review),
            ("Accepted", StatusClass::Approved),
            ("Running", StatusClass::Active),
            ("Retired", StatusClass::Withdrawn),
        ]
    );
    assert!(!profile.statuses.open);
    // `Decided on: YYYY-MM-DD`: ISO dates (or dates in words) are what it asks for.
    assert_eq!(
        profile.date_formats,
        Some(vec![
            plan_lint::model::DateFormat::Iso,
            plan_lint::model::DateFormat::Long
        ])
    );
    assert!(
        profile
            .placeholders
            .syntaxes()
            .contains(&plan_lint::parse::placeholders::Syntax::Angle)
    );
    assert!(profile.placeholders.is_known("<owner's name>"));
    let prompts: Vec<&str> = profile.prompts.iter().map(|p| p.heading.as_str()).collect();
    assert_eq!(prompts, ["problem", "proposal", "costs", "sign off"]);
    assert_eq!(
        profile.prompt_for("costs").map(|p| p.text.as_str()),
        Some("<money and people per month, and for how long.>")
    );
}

#[test]
fn a_template_of_a_builtin_family_extends_it() {
    let template = "- Feature Name: (fill me in with a unique name)\n\
                    - Start Date: (fill me in with today's date, YYYY-MM-DD)\n\
                    - RFC PR: [org/rfcs#0000](https://example.com/rfcs/pull/0000)\n\n\
                    ## Summary\n\nOne paragraph that says what changes.\n\n\
                    ## Motivation\n\nWhy it is worth doing.\n\n\
                    ## Drawbacks\n\nWhy we might not.\n";
    let profile = learn(
        template,
        "0000-template.md",
        Origin::Discovered("0000-template.md".into()),
        &ProfileSet::default(),
    )
    .expect("learned");
    assert_eq!(profile.extends.as_deref(), Some("rfc"));
    assert_eq!(profile.name, "0000-template");
    // The family's fields stay; the template's prompts are added.
    assert!(profile.field_for_key("start date").is_some());
    assert_eq!(
        profile.prompt_for("drawbacks").map(|p| p.text.as_str()),
        Some("why we might not.")
    );
}

#[test]
fn a_status_that_is_still_a_choice_is_template_text_not_a_draft() {
    let scratch = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        scratch.path().join("adr.md"),
        "# Use one queue\n\n* Status: [Draft/Final/Postponed/Cancelled]\n* Deciders: [names]\n\
         * Date: 2025-01-02\n\n## Context and Problem Statement\n\nx\n\n\
         ## Considered Options\n\n* One queue\n\n## Decision Outcome\n\nChosen option: one queue.\n",
    )
    .expect("write");
    let output = plan_lint(scratch.path())
        .args([
            "--isolated",
            "--today",
            TODAY,
            "--format",
            "concise",
            "adr.md",
        ])
        .output()
        .expect("runs");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    // Errors, not draft warnings: the document never chose a status.
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(
            "error PL001 [placeholder] unfilled placeholder `[Draft/Final/Postponed/Cancelled]`"
        ),
        "{stdout}"
    );
}

#[test]
fn a_large_docs_folder_with_no_plans_stays_silent() {
    let scratch = tempfile::tempdir().expect("temp dir");
    for i in 0..40 {
        std::fs::write(
            scratch.path().join(format!("chapter-{i}.md")),
            format!(
                "# Chapter {i}\n\n## Summary\n\nWhat this chapter covers, with `{{x}}` and \
                 {{{{#include code.rs}}}}.\n\n## Status\n\nStable.\n\n## Context\n\nTBD later.\n\n\
                 - [ ] read it\n"
            ),
        )
        .expect("write");
    }
    let output = plan_lint(scratch.path())
        .args(["--isolated", "--format", "concise"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("0 errors, 0 warnings in 0 plans"),
        "{stdout}"
    );
}

const DECISION_CONFIG: &str = r#"
[[profile]]
name = "decision"
extends = "nygard"
include = ["decisions/*.md"]
required = ["Date", "Status"]
open-statuses = false
statuses = { pending = "review", accepted = "approved" }

[profile.fields.Deciders]
aliases = ["decided by"]
role = "approvers"
required = true
"#;

fn decision(title: &str, status: &str, extra: &str) -> String {
    format!(
        "# {title}\n\nDate: 2025-02-03\n{extra}\n## Status\n\n{status}\n\n## Context\n\nWhy.\n\n\
         ## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n"
    )
}

#[test]
fn a_configured_profile_names_its_documents_fields_and_statuses() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("plan-lint.toml"), DECISION_CONFIG).expect("config");
    std::fs::create_dir_all(dir.path().join("decisions")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("notes")).expect("mkdir");
    let write =
        |rel: &str, text: String| std::fs::write(dir.path().join(rel), text).expect("write");
    write(
        "decisions/0001-queue.md",
        decision("1. One queue", "Pending", "Decided by: Ada Ruiz\n"),
    );
    write(
        "decisions/0002-cache.md",
        decision("2. No cache", "Maybe later", ""),
    );
    // Not under the include glob: read as the built-in Nygard family, whose statuses
    // are open.
    write(
        "notes/0003-style.md",
        decision("3. House style", "Maybe later", ""),
    );
    let output = plan_lint(dir.path())
        .args(["--today", TODAY, "--format", "concise"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    insta::assert_snapshot!("configured_concise", stdout);
    assert!(!stdout.contains("0001-queue"), "{stdout}");
    assert!(
        stdout.contains("decisions/0002-cache.md:1:3: error PL006 [missing-field] missing required header field: `Deciders` (decision)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "unknown status `Maybe later`: not one of the decision profile's statuses (decision)"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("notes/"), "{stdout}");

    let listed = plan_lint(dir.path())
        .args(["profiles", "--files"])
        .output()
        .expect("runs");
    let listed = String::from_utf8(listed.stdout).expect("utf-8");
    assert!(
        listed.contains("decisions/0001-queue.md: decision (named by the profile's include globs)"),
        "{listed}"
    );
    assert!(listed.contains("notes/0003-style.md: nygard"), "{listed}");
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with("decision ") && l.contains("configured in")),
        "{listed}"
    );
}

#[test]
fn a_profile_that_extends_an_unknown_family_is_a_configuration_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("plan-lint.toml"),
        "[[profile]]\nname = \"x\"\nextends = \"madr9\"\n",
    )
    .expect("config");
    let output = plan_lint(dir.path()).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert!(stderr.contains("extends `madr9`"), "{stderr}");
    assert!(stderr.contains("madr4"), "{stderr}");
}

#[test]
fn a_configured_template_that_cannot_be_read_is_a_configuration_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("plan-lint.toml"),
        "[[profile]]\nname = \"x\"\ntemplate = \"missing.md\"\n",
    )
    .expect("config");
    let output = plan_lint(dir.path()).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert!(stderr.contains("missing.md"), "{stderr}");
}

#[test]
fn a_discovered_template_that_cannot_be_learned_is_reported_once_and_skipped() {
    let repo = discovered_repo();
    std::fs::write(repo.path().join("docs/empty-template.md"), "just a line\n").expect("write");
    let added = std::process::Command::new("git")
        .args(["add", "docs/empty-template.md"])
        .current_dir(repo.path())
        .status()
        .expect("git runs");
    assert!(added.success());
    let output = plan_lint(repo.path())
        .args(["--today", TODAY, "--format", "concise"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert_eq!(
        stderr.matches("docs/empty-template.md").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("was not learned"), "{stderr}");
    // The run goes on: the proposals are still linted.
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert!(stdout.contains("sp-0013-billing.md"), "{stdout}");
}

#[test]
fn metadata_that_is_not_yaml_is_unreadable_there_and_the_rest_is_still_linted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let kep = dir.path().join("keps/sig-x/7001-bomb");
    std::fs::create_dir_all(&kep).expect("mkdir");
    // An alias bomb: nine to the seventh strings if anything expanded it.
    let mut yaml = String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    for (name, prev) in [
        ("b", "a"),
        ("c", "b"),
        ("d", "c"),
        ("e", "d"),
        ("f", "e"),
        ("g", "f"),
    ] {
        let refs = vec![format!("*{prev}"); 9].join(",");
        yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    yaml.push_str("title: Bomb\nkep-number: 7001\nauthors:\n  - \"@a\"\nowning-sig: sig-x\n");
    yaml.push_str("status: implementable\ncreation-date: 2025-01-02\napprovers:\n  - TBD\n");
    yaml.push_str("reviewers: [\"@b\"\n");
    std::fs::write(kep.join("kep.yaml"), yaml).expect("write");
    std::fs::write(
        kep.join("README.md"),
        "# KEP-7001: Bomb\n\n## Summary\n\nx\n\n## Motivation\n\ny\n\n## Proposal\n\nz\n",
    )
    .expect("write");
    let output = plan_lint(dir.path())
        .args(["--isolated", "--today", TODAY, "--format", "concise"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert!(
        stdout.contains("kep.yaml:18:1: error PL000 [unreadable] the metadata is not valid YAML"),
        "{stdout}"
    );
    // The rest of the metadata is still read.
    assert!(
        stdout
            .contains("kep.yaml:16:5: error PL001 [placeholder] unfilled placeholder `TBD` (kep)"),
        "{stdout}"
    );
}

#[test]
fn a_template_section_that_asks_for_names_and_dates_holds_sign_offs() {
    let template = "# Change request: <title>\n\n**Request ID**: CR-NNNN\n**Status**: Open / Approved / Closed\n\n\
                    ## Change\n\n<What changes.>\n\n## Risk\n\n<What could go wrong.>\n\n\
                    ## People who decide\n\n| Role | Name | Date |\n| --- | --- | --- |\n| Owner | <name> | <date> |\n";
    let profile = learn(
        template,
        "docs/change-template.md",
        Origin::Discovered("docs/change-template.md".into()),
        &ProfileSet::default(),
    )
    .expect("learned");
    assert!(profile.sections.signoff.is_match("People who decide"));
    assert!(!profile.sections.signoff.is_match("Risk"));
    // A document written from it gets its unsigned row reported.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("change-template.md"), template).expect("write");
    std::fs::write(
        dir.path().join("cr-0007.md"),
        "# Change request: rotate keys\n\n**Request ID**: CR-0007\n**Status**: Approved\n\n\
         ## Change\n\nRotate the signing keys.\n\n## Risk\n\nOld tokens stop working.\n\n\
         ## People who decide\n\n| Role | Name | Date |\n| --- | --- | --- |\n| Owner | Ada Ruiz | |\n",
    )
    .expect("write");
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .status()
            .expect("git runs")
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    let output = plan_lint(dir.path())
        .args(["--today", TODAY, "--format", "concise"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert!(
        stdout.contains("cr-0007.md:18:1: error PL002 [missing-signoff] sign-off `Owner` has no date (change-template)"),
        "{stdout}"
    );
}
