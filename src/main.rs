//! The `plan-lint` binary: flags in, report out, exit code. Everything else is the library.

mod cli;

use clap::{Parser, ValueEnum};
use cli::{CheckArgs, Cli, ColorChoice, Command, ProfilesArgs};
use plan_lint::baseline::Baseline;
use plan_lint::discover::Mode;
use plan_lint::report::{self, GithubEnv, HumanOptions, ReportOptions};
use plan_lint::rules::RuleId;
use plan_lint::safe_write::{self, Links};
use plan_lint::settings::{Flags, Format, STDIN_PATH, Settings, StdinText};
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

const STARTER_CONFIG: &str = include_str!("../templates/plan-lint.toml");

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color_choice = match &cli.command {
        Some(Command::Check(args)) => args.color,
        _ => cli.check.color,
    };
    let result = match cli.command {
        None => check(cli.check),
        Some(Command::Check(args)) => check(*args),
        Some(Command::Rules) => print_rules(),
        Some(Command::Profiles(args)) => profiles(args),
        Some(Command::Explain { rule }) => explain(&rule),
        Some(Command::Init { force }) => init(force),
        Some(Command::InstallHook { force }) => install_hook(force),
        Some(Command::Server(args)) => Ok(server(args)),
        Some(Command::Completions { shell }) => completions(shell),
        Some(Command::Man) => man_page(),
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            print_error(&e, color_choice);
            ExitCode::from(2)
        }
    }
}

/// Writes the completion script for `shell` to standard output.
fn completions(shell: clap_complete::Shell) -> Result<ExitCode, MainError> {
    use clap::CommandFactory;
    let mut command = Cli::command();
    let mut out = io::stdout().lock();
    clap_complete::generate(shell, &mut command, "plan-lint", &mut out);
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the manual page, generated from the same clap definitions, to standard output.
fn man_page() -> Result<ExitCode, MainError> {
    use clap::CommandFactory;
    let command = Cli::command();
    let mut out = io::stdout().lock();
    clap_mangen::Man::new(command.clone()).render(&mut out)?;
    // One page for the whole tool: each subcommand's synopsis and options follow.
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("plan-lint {}", sub.get_name());
        writeln!(out, ".SH \"{}\"", name.to_uppercase().replace('-', "\\-"))?;
        let page = clap_mangen::Man::new(sub.clone().bin_name(name));
        let mut section = Vec::new();
        page.render_description_section(&mut section)?;
        page.render_synopsis_section(&mut section)?;
        if sub.get_arguments().next().is_some() {
            page.render_options_section(&mut section)?;
        }
        // Subsections of the subcommand's section, not top-level sections of their own.
        let section = String::from_utf8_lossy(&section)
            .replace(".SH DESCRIPTION\n", "")
            .replace(".SH SYNOPSIS", ".SS Synopsis")
            .replace(".SH OPTIONS", ".SS Options");
        out.write_all(section.as_bytes())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Shows one of plan-lint's own errors on stderr, as a miette report.
fn print_error(error: &dyn miette::Diagnostic, color_choice: ColorChoice) {
    let color = match color_choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => supports_color::on(supports_color::Stream::Stderr).is_some(),
    };
    let theme = report::terminal_theme(color, unicode_terminal());
    let mut rendered = String::new();
    // Wrapped to the terminal; in a log or a pipe, one line per line of the message.
    let width = if io::stderr().is_terminal() {
        terminal_width().unwrap_or(100)
    } else {
        10_000
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(width);
    if handler.render_report(&mut rendered, error).is_err() {
        rendered = format!("error: {error}");
    }
    eprintln!("{}", rendered.trim_end());
}

/// The usage error for paths that do not exist, with the name each is likely a typo of:
/// a file of its folder, or a subcommand (`plan-lint instal-hook`).
fn missing_paths_error(missing: &[plan_lint::discover::MissingPath]) -> MainError {
    use clap::CommandFactory;
    let subcommands: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let lines: Vec<String> = missing
        .iter()
        .map(|m| {
            let shown = report::terminal_safe(&m.display);
            let hint = match &m.suggestion {
                Some(s) => format!(" (did you mean `{}`?)", report::terminal_safe(s)),
                None if !m.display.contains(['/', '\\', '.']) => plan_lint::error::did_you_mean(
                    &m.display,
                    subcommands.iter().map(String::as_str),
                )
                .map(|s| format!(" (did you mean the subcommand `{s}`?)"))
                .unwrap_or_default(),
                None => String::new(),
            };
            format!("`{shown}` does not exist{hint}")
        })
        .collect();
    MainError::Usage(match lines.as_slice() {
        [one] => format!("path {one}"),
        _ => format!("{} paths do not exist:\n{}", lines.len(), lines.join("\n")),
    })
}

/// Errors of the binary: the library's, or writing the report.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
enum MainError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Lint(#[from] plan_lint::Error),
    #[error("cannot write the report: {0}")]
    Write(#[from] io::Error),
    #[error("{0}")]
    Usage(String),
}

fn is_broken_pipe(e: &MainError) -> bool {
    matches!(e, MainError::Write(io) if io.kind() == io::ErrorKind::BrokenPipe)
}

/// The text of standard input, when the paths hold `-` (or name none and
/// `--stdin-filename` is given).
fn read_stdin(args: &CheckArgs) -> Result<(Vec<std::path::PathBuf>, Option<StdinText>), MainError> {
    let dash = |p: &std::path::PathBuf| p.as_os_str() == STDIN_PATH;
    let mut paths = args.paths.clone();
    if paths.is_empty() && args.stdin_filename.is_some() {
        paths.push(STDIN_PATH.into());
    }
    if !paths.iter().any(dash) {
        return match &args.stdin_filename {
            Some(_) => Err(MainError::Usage(
                "--stdin-filename names the text read from standard input: add `-` to the paths"
                    .to_string(),
            )),
            None => Ok((paths, None)),
        };
    }
    if args.staged || args.changed_since.is_some() {
        return Err(MainError::Usage(
            "`-` (standard input) cannot be combined with --staged or --changed-since".to_string(),
        ));
    }
    let mut bytes = Vec::new();
    io::Read::read_to_end(&mut io::stdin().lock(), &mut bytes)
        .map_err(|e| MainError::Usage(format!("cannot read standard input: {e}")))?;
    // `-` named twice is one text.
    let mut seen = false;
    paths.retain(|p| !dash(p) || !std::mem::replace(&mut seen, true));
    Ok((
        paths,
        Some(StdinText {
            path: args.stdin_filename.clone(),
            bytes: bytes.into(),
        }),
    ))
}

/// `plan-lint server`: exits 0 when the client shut the server down first, 1 otherwise
/// (as the protocol asks).
fn server(args: cli::ServerArgs) -> ExitCode {
    let clean = plan_lint::server::serve_stdio(plan_lint::server::ServerOptions {
        config: args.config,
        isolated: args.isolated,
        today: args.today,
        no_cache: args.no_cache,
    });
    if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn check(args: CheckArgs) -> Result<ExitCode, MainError> {
    let cwd = std::env::current_dir()
        .map_err(|e| MainError::Usage(format!("cannot read the current directory: {e}")))?;
    let (paths, stdin) = read_stdin(&args)?;
    let flags = Flags {
        paths,
        stdin,
        config: args.config.clone(),
        today: args.today.clone(),
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        force_exclude: args.force_exclude,
        isolated: args.isolated,
        no_cache: args.no_cache,
        mode: match (&args.changed_since, args.staged) {
            (Some(rev), _) => Mode::ChangedSince(rev.clone()),
            (None, true) => Mode::Staged,
            (None, false) => Mode::WorkTree,
        },
    };
    if args.statistics && !report::has_statistics(args.format) {
        return Err(MainError::Usage(format!(
            "--statistics works with --format human, concise or json, not {}",
            args.format
                .to_possible_value()
                .map_or_else(String::new, |v| v.get_name().to_string())
        )));
    }
    let settings = Settings::from_flags(&flags, &cwd)?;
    if args.show_settings {
        let mut out = io::stdout().lock();
        out.write_all(settings.show().as_bytes())?;
        writeln!(
            out,
            "  (templates found in the repository are learned per run: `plan-lint profiles`)"
        )?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.show_files {
        let mut out = io::stdout().lock();
        for file in plan_lint::run::show_files(&settings)? {
            let verdict = if file.checked { "checked" } else { "skipped" };
            let shown = report::terminal_safe(&file.display);
            writeln!(
                out,
                "{shown}: {verdict}: {}",
                report::terminal_safe(&file.why)
            )?;
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let keep_sources = args.format == Format::Human && !args.statistics;
    let mut run = plan_lint::lint(&settings, keep_sources)?;
    for note in &run.notes {
        eprintln!("plan-lint: warning: {note}");
    }
    // pre-commit passes every changed Markdown file: a commit that touches no plan is
    // normal there, not a sign of a wrong include glob.
    let under_pre_commit = std::env::var_os("PRE_COMMIT").is_some_and(|v| v == "1");
    let nothing_linted = run
        .nothing_linted
        .clone()
        .filter(|_| !under_pre_commit && run.missing_paths.is_empty());
    if let Some(why) = &nothing_linted {
        let level = if args.strict { "error" } else { "warning" };
        eprintln!("plan-lint: {level}: no plans were linted: {why}");
    }
    if let Some(path) = &args.write_baseline {
        let baseline = Baseline::from_run(&run);
        baseline.save(path)?;
        eprintln!(
            "plan-lint: recorded {} in {}",
            report::plural(run.diagnostics.len(), "finding"),
            path.display()
        );
        baseline.apply(&mut run);
    } else if let Some(path) = &args.baseline {
        let applied = Baseline::load(path)?.apply(&mut run);
        if let Some(summary) = applied.summary(path) {
            eprintln!("plan-lint: {summary}");
        }
    }

    let to_terminal = args.output.is_none() && io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output.is_none() && supports_color::on(supports_color::Stream::Stdout).is_some()
        }
    };
    let width = if to_terminal {
        terminal_width().unwrap_or(100)
    } else {
        100
    };
    let options = ReportOptions {
        human: HumanOptions {
            color,
            width,
            unicode: unicode_terminal(),
        },
        github: github_env(),
    };
    // Under pre-commit, findings are shown as one uncoloured line each.
    let format = if args.format == Format::Human && under_pre_commit {
        Format::Concise
    } else {
        args.format
    };
    // The baseline records findings one by one, and statistics count them so; a report
    // shows a run of placeholders (or unsigned entries) of one section as one finding.
    if !args.statistics {
        run.collapse_groups();
    }
    if let Some(path) = &args.sarif_file {
        let mut buffer = Vec::new();
        report::write(Format::Sarif, &run, &options, &mut buffer)?;
        write_report(path, &buffer, "write the SARIF report (--sarif-file)")?;
    }
    match &args.output {
        Some(path) => {
            let mut buffer = Vec::new();
            if args.statistics {
                report::write_statistics(format, &run, &mut buffer)?;
            } else {
                report::write(format, &run, &options, &mut buffer)?;
            }
            write_report(path, &buffer, "write the report (--output)")?;
        }
        None => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            if args.statistics {
                report::write_statistics(format, &run, &mut out)?;
            } else {
                report::write(format, &run, &options, &mut out)?;
            }
            out.flush()?;
        }
    }
    if !run.missing_paths.is_empty() {
        // Reported after the others are linted, as ripgrep does, then the run fails.
        print_error(&missing_paths_error(&run.missing_paths), args.color);
        return Ok(ExitCode::from(2));
    }
    let failed =
        run.errors() > 0 || args.strict && (run.warnings() > 0 || nothing_linted.is_some());
    Ok(if failed && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The GitHub Actions environment, for `--format github`.
fn github_env() -> GithubEnv {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    GithubEnv {
        step_summary: var("GITHUB_STEP_SUMMARY").map(Into::into),
        output: var("GITHUB_OUTPUT").map(Into::into),
        server_url: var("GITHUB_SERVER_URL"),
        repository: var("GITHUB_REPOSITORY"),
        sha: var("GITHUB_SHA"),
    }
}

/// The width to wrap reports at: `$COLUMNS` when set (as shells and `ls` honour it),
/// else the terminal's own width.
fn terminal_width() -> Option<usize> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&c: &usize| c > 0)
        .or_else(|| terminal_size::terminal_size().map(|(width, _)| usize::from(width.0)))
}

/// Whether the terminal draws boxes and arrows: not one that declares itself `dumb`
/// (Emacs' shell, some CI consoles).
fn unicode_terminal() -> bool {
    std::env::var_os("TERM").is_none_or(|term| term != "dumb")
}

fn profiles(args: ProfilesArgs) -> Result<ExitCode, MainError> {
    let cwd = std::env::current_dir()
        .map_err(|e| MainError::Usage(format!("cannot read the current directory: {e}")))?;
    let flags = Flags {
        paths: args.paths.clone(),
        config: args.config.clone(),
        isolated: args.isolated,
        ..Flags::default()
    };
    let settings = Settings::from_flags(&flags, &cwd)?;
    let report = plan_lint::run::profiles_report(&settings, args.files)?;
    for note in &report.notes {
        eprintln!("plan-lint: warning: {note}");
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    let width = report
        .profiles
        .iter()
        .map(|p| p.name.len())
        .max()
        .unwrap_or(4)
        .max(4);
    writeln!(out, "{:<width$}  {:<28}  ORIGIN", "NAME", "FAMILY")?;
    for p in &report.profiles {
        let origin = match &p.extends {
            Some(base) => format!("{} (extends {base})", p.origin),
            None => p.origin.to_string(),
        };
        writeln!(out, "{:<width$}  {:<28}  {origin}", p.name, p.noun)?;
    }
    if args.files {
        writeln!(out)?;
        let matched = report.files.iter().filter(|(_, m, _)| m.is_some()).count();
        for (path, found, reason) in &report.files {
            match found {
                Some(name) => writeln!(out, "{path}: {name} ({reason})")?,
                None => writeln!(out, "{path}: not checked ({reason})")?,
            }
        }
        writeln!(
            out,
            "{} of {} matched a profile",
            report::plural(matched, "document"),
            report.files.len()
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn print_rules() -> Result<ExitCode, MainError> {
    let mut out = io::stdout().lock();
    writeln!(out, "{:<6} {:<19} {:<8} SUMMARY", "CODE", "NAME", "DEFAULT")?;
    for rule in RuleId::ALL {
        writeln!(
            out,
            "{:<6} {:<19} {:<8} {}",
            rule.code(),
            rule.name(),
            rule.default_severity().as_str(),
            rule.summary()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn explain(name: &str) -> Result<ExitCode, MainError> {
    let rule =
        RuleId::from_name_or_code(name).ok_or_else(|| MainError::Usage(RuleId::unknown(name)))?;
    let mut out = io::stdout().lock();
    write!(out, "{}", rule.documentation())?;
    Ok(ExitCode::SUCCESS)
}

fn install_hook(force: bool) -> Result<ExitCode, MainError> {
    let cwd = std::env::current_dir()?;
    let path = plan_lint::hook::install(&cwd, force)?;
    println!("installed the pre-commit hook at {}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// Writes a report file the user named (`--output`, `--sarif-file`).
fn write_report(
    path: &std::path::Path,
    bytes: &[u8],
    action: &'static str,
) -> Result<(), MainError> {
    safe_write::write(path, bytes, Links::Follow, safe_write::Mode::Data).map_err(|error| {
        MainError::Lint(plan_lint::Error::Io {
            action,
            path: path.to_path_buf(),
            error,
        })
    })
}

/// Writes the starter configuration here, unless a configuration already applies: one
/// in this folder (a file or a link, even a dangling one) is replaced only with
/// `--force`, and so is one in a parent folder that a new file here would shadow.
fn init(force: bool) -> Result<ExitCode, MainError> {
    let here = std::env::current_dir()?;
    // A pyproject.toml counts only with a `[tool.plan-lint]` table; the others count
    // even as a dangling link.
    let pyproject = plan_lint::settings::configs_in(std::path::Path::new("."))
        .into_iter()
        .any(|p| p.ends_with("pyproject.toml"));
    let in_this_folder = plan_lint::settings::CONFIG_NAMES
        .iter()
        .map(std::path::Path::new)
        .find(|name| {
            if name.ends_with("pyproject.toml") {
                pyproject
            } else {
                std::fs::symlink_metadata(name).is_ok()
            }
        });
    if pyproject && in_this_folder.is_some_and(|p| p.ends_with("pyproject.toml")) {
        // Never overwritten: it is the Python project's file.
        return Err(MainError::Usage(
            "pyproject.toml already configures plan-lint here ([tool.plan-lint]); edit that \
             table (a plan-lint.toml beside it would be an error)"
                .to_string(),
        ));
    }
    let path = in_this_folder.unwrap_or(std::path::Path::new("plan-lint.toml"));
    if !force {
        if let Some(existing) = in_this_folder {
            return Err(MainError::Usage(format!(
                "{} already exists; pass --force to overwrite it",
                existing.display()
            )));
        }
        if let Some(parent) = here
            .parent()
            .and_then(|p| plan_lint::settings::find_config(p).ok().flatten())
        {
            return Err(MainError::Usage(format!(
                "{} already configures plan-lint here, and a plan-lint.toml in this folder \
                 would take its place; edit that file, or pass --force to write one here anyway",
                parent.display()
            )));
        }
    }
    safe_write::write(
        path,
        STARTER_CONFIG.as_bytes(),
        Links::Replace,
        safe_write::Mode::Data,
    )
    .map_err(|error| {
        MainError::Lint(plan_lint::Error::Io {
            action: "write the configuration",
            path: path.to_path_buf(),
            error,
        })
    })?;
    println!("wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}
