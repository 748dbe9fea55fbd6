//! Shell completions and the manual page, both generated from the clap definitions.

use assert_cmd::Command;
use std::collections::BTreeSet;

fn plan_lint(args: &[&str]) -> String {
    let out = Command::cargo_bin("plan-lint")
        .expect("binary")
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The long flags `--help` lists.
fn long_flags(help: &str) -> BTreeSet<String> {
    help.split_whitespace()
        .filter_map(|word| word.strip_prefix("--"))
        .map(|flag| flag.trim_end_matches([',', '.', ')', '`', ':']))
        .map(|flag| flag.split(['=', '`', '[', '<']).next().unwrap_or_default())
        .filter(|flag| !flag.is_empty() && flag.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        .map(|flag| format!("--{flag}"))
        .collect()
}

#[test]
fn the_bash_completion_offers_the_format_values() {
    let script = plan_lint(&["completions", "bash"]);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("plan-lint.bash");
    std::fs::write(&path, script).expect("write");
    // Completing `plan-lint --format <TAB>` as bash does.
    let probe = format!(
        "source '{}'; COMP_WORDS=(plan-lint --format ''); COMP_CWORD=2; \
         COMP_LINE='plan-lint --format '; COMP_POINT=${{#COMP_LINE}}; \
         _plan__lint plan-lint '' --format; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        path.display()
    );
    let Ok(out) = std::process::Command::new("bash")
        .args(["-c", &probe])
        .output()
    else {
        return; // no bash here: the other shells' scripts are still checked below
    };
    let offered: BTreeSet<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    let expected: BTreeSet<String> = ["human", "concise", "json", "sarif", "github", "junit"]
        .map(String::from)
        .into();
    assert_eq!(
        offered,
        expected,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_shell_gets_a_script_naming_the_flags_and_subcommands() {
    for (shell, marker) in [
        ("zsh", "#compdef plan-lint"),
        ("fish", "complete -c plan-lint"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[plan-lint]"),
    ] {
        let script = plan_lint(&["completions", shell]);
        assert!(script.contains(marker), "{shell}");
        for word in ["changed-since", "install-hook", "sarif"] {
            assert!(script.contains(word), "{shell} completes {word}");
        }
    }
}

#[test]
fn the_man_page_lists_every_flag_of_every_subcommand() {
    let page = plan_lint(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH plan-lint 1"),
        "{}",
        &page[..200]
    );
    let mut subcommands = vec![vec![]];
    for sub in [
        "check",
        "profiles",
        "init",
        "install-hook",
        "server",
        "explain",
        "completions",
    ] {
        subcommands.push(vec![sub]);
        let heading = format!(
            ".SH \"PLAN\\-LINT {}\"",
            sub.to_uppercase().replace('-', "\\-")
        );
        assert!(page.contains(&heading), "a section for {sub}");
    }
    for sub in subcommands {
        let mut args = sub.clone();
        args.push("--help");
        let flags = long_flags(&plan_lint(&args));
        if sub.is_empty() {
            assert!(
                flags.len() >= 20,
                "the top-level flags were read: {flags:?}"
            );
            assert!(flags.contains("--changed-since") && flags.contains("--stdin-filename"));
        }
        for flag in flags {
            let roff = flag.replace('-', "\\-");
            assert!(page.contains(&format!("\\fB{roff}\\fR")), "{sub:?} {flag}");
        }
    }
}
