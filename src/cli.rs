//! Command-line types (clap). Nothing here runs anything.

use clap::{Args, Parser, Subcommand, ValueEnum};
use plan_lint::settings::Format;
use std::path::PathBuf;

/// Lints Markdown implementation plans: unfilled template text, missing sign-offs,
/// contradicting dates and statuses.
#[derive(Debug, Parser)]
#[command(
    name = "plan-lint",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint plans (the default command).
    Check(Box<CheckArgs>),
    /// List every rule: code, name, default severity, summary.
    Rules,
    /// Explain a rule: what it flags, why, an example, how to fix.
    Explain {
        /// Rule name or code, e.g. `placeholder` or `PL001`.
        rule: String,
    },
    /// List the active profiles (document families), where each came from and, with
    /// `--files`, which documents each matched and why.
    Profiles(ProfilesArgs),
    /// Write a commented starter plan-lint.toml in the current directory.
    Init {
        /// Overwrite an existing plan-lint.toml.
        #[arg(long)]
        force: bool,
    },
    /// Install a git pre-commit hook that runs `plan-lint --staged`.
    InstallHook {
        /// Overwrite an existing hook that plan-lint did not write.
        #[arg(long)]
        force: bool,
    },
    /// Run the language server (LSP over stdio) for editors.
    Server(ServerArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish), e.g.
    /// `plan-lint completions bash > ~/.local/share/bash-completion/completions/plan-lint`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `plan-lint man > ~/.local/share/man/man1/plan-lint.1`.
    Man,
}

#[derive(Debug, Clone, Args)]
pub struct ServerArgs {
    /// Configuration file for every document (default: the one nearest to each file).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file (plan-lint.toml).
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
    /// The date "today" means, YYYY-MM-DD (default: the system's date).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// Neither read nor write the Plan ID cache.
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ProfilesArgs {
    /// Files or directories to look at (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Also list each document and the profile it matched (or that none did).
    #[arg(long)]
    pub files: bool,
    /// Configuration file (default: plan-lint.toml or .plan-lint.toml, nearest upward).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file (plan-lint.toml).
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Files or directories to lint (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write a SARIF report to FILE (the GitHub Action uses this to get annotations
    /// and SARIF from one run).
    #[arg(long, value_name = "FILE")]
    pub sarif_file: Option<PathBuf>,
    /// Configuration file (default: plan-lint.toml or .plan-lint.toml, nearest upward).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The date "today" means, as YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// Warnings fail the run too.
    #[arg(long)]
    pub strict: bool,
    /// Exit 0 even when there are findings (exit 2 still reports plan-lint's own failures).
    #[arg(long)]
    pub exit_zero: bool,
    /// Only these rules (names or codes, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    pub select: Vec<String>,
    /// Not these rules (names or codes, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    pub ignore: Vec<String>,
    /// Apply `exclude` even to files named on the command line.
    #[arg(long)]
    pub force_exclude: bool,
    /// Lint the staged content (the index) of the plans the next commit changes.
    #[arg(long, conflicts_with = "changed_since")]
    pub staged: bool,
    /// Lint only plans added or changed since the merge base of REV and HEAD
    /// (uncommitted and untracked changes included).
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
    /// Report only findings that are not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record every current finding in FILE (then they no longer fail the run).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Ignore every configuration file (plan-lint.toml).
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
    /// Print how many findings each rule reported instead of each finding (with
    /// `--format human`, `concise` or `json`).
    #[arg(long)]
    pub statistics: bool,
    /// Neither read nor write the Plan ID cache (kept under the repository's git
    /// directory for `--staged`, `--changed-since` and named files).
    #[arg(long)]
    pub no_cache: bool,
    /// Lint the text read from standard input (the path `-`) as if it were the file at
    /// PATH: its configuration, profile and `exclude` apply, and `duplicate-id` compares
    /// it with the repository's other plans.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["staged", "changed_since"])]
    pub stdin_filename: Option<PathBuf>,
    /// Print the settings in force (configuration merged with flags) and where each
    /// came from, then exit.
    #[arg(long, conflicts_with = "show_files")]
    pub show_settings: bool,
    /// Print every Markdown file under the paths, whether a run checks it and why
    /// (excluded by which glob, not a plan, the profile it matched), then exit.
    #[arg(long)]
    pub show_files: bool,
    /// When to use colour (NO_COLOR and CLICOLOR_FORCE are honoured with `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}
