//! The configuration file and command-line flags, merged into one validated value
//! before anything else runs.

use crate::diagnostic::Severity;
use crate::discover::Mode;
use crate::error::Error;
use crate::model::DateFormat;
use crate::profile::{
    FieldDef, FieldRole, Origin, Profile, ProfileRef, ProfileSet, StatusClass, StatusValue,
    builtin, learn, normalize_key, normalize_status,
};
use crate::rules::{RuleId, RuleOptions};
use globset::{GlobSet, GlobSetBuilder};
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where a folder's configuration may live, in the documented order. A folder holding
/// more than one (a `pyproject.toml` counting only with a `[tool.plan-lint]` table) is
/// an error, not a silent choice.
pub const CONFIG_NAMES: [&str; 4] = [
    "plan-lint.toml",
    ".plan-lint.toml",
    ".config/plan-lint.toml",
    "pyproject.toml",
];

/// The table of `pyproject.toml` plan-lint reads.
const PYPROJECT_TABLE: [&str; 2] = ["tool", "plan-lint"];

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// miette reports for people.
    Human,
    /// One line per finding, uncoloured (what pre-commit shows).
    Concise,
    /// The stable machine contract.
    Json,
    /// SARIF 2.1.0 for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations) and a job summary.
    Github,
    /// JUnit XML, one test case per plan.
    Junit,
}

/// A severity setting of the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Fails the run.
    Error,
    /// Reported; fails only with `--strict`.
    Warning,
    /// Not reported.
    Off,
}

/// `plan-lint.toml` as written.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Globs of plan files; with any given, only matching files are plans.
    #[serde(default)]
    pub include: Vec<String>,
    /// Globs of files never linted.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// The team's template, whose `[...]` groups are placeholders.
    pub template: Option<PathBuf>,
    /// The date "today" means: a TOML date (`today = 2025-01-01`) or the same as text.
    pub today: Option<TodayValue>,
    /// Per-rule severity, by name or code.
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
    /// Placeholder settings.
    #[serde(default)]
    pub placeholders: PlaceholderConfig,
    /// Sign-off settings.
    #[serde(default)]
    pub signoff: SignoffConfig,
    /// Date settings.
    #[serde(default)]
    pub dates: DatesConfig,
    /// Header field settings.
    #[serde(default)]
    pub fields: FieldsConfig,
    /// Document families of this repository (`[[profile]]` tables).
    #[serde(default)]
    pub profile: Vec<ProfileConfig>,
    /// Learn templates found in the repository (default: true).
    pub discover_templates: Option<bool>,
}

/// The `today` setting as written: a TOML date, or a string holding one.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(untagged, expecting = "`today` must be a date, such as 2025-01-01")]
pub enum TodayValue {
    /// `today = 2025-01-01`
    Date(#[schemars(with = "TomlDate")] toml::value::Datetime),
    /// `today = "2025-01-01"`
    Text(String),
}

impl TodayValue {
    /// The date as written (a TOML date with a time keeps the time, and is refused).
    pub fn as_text(&self) -> String {
        match self {
            TodayValue::Date(d) => d.to_string(),
            TodayValue::Text(t) => t.clone(),
        }
    }
}

/// The JSON Schema of a TOML date (`2025-01-01`): editors that check TOML against a
/// schema (taplo, Even Better TOML) see TOML dates as strings of format `date`.
struct TomlDate;

impl schemars::JsonSchema for TomlDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TomlDate".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date" })
    }
}

/// The JSON Schema of the configuration (`plan-lint.toml`, or `[tool.plan-lint]` of
/// `pyproject.toml`), generated from the types the parser reads it into: the file
/// shipped as `plan-lint.schema.json` is this, and a test keeps the two equal.
pub fn config_schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(ConfigFile);
    schema.insert(
        "$id".to_string(),
        "https://github.com/plan-lint/plan-lint/raw/main/plan-lint.schema.json".into(),
    );
    schema.insert("title".to_string(), "plan-lint configuration".into());
    schema.to_value()
}

/// A `[[profile]]` table: one document family.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProfileConfig {
    /// The profile's name, shown in `plan-lint profiles` and in messages.
    pub name: String,
    /// A built-in profile to start from (`plan`, `madr4`, `madr2`, `nygard`, `rfc`, `kep`).
    pub extends: Option<String>,
    /// A template to learn placeholders, statuses, fields and prompts from.
    pub template: Option<PathBuf>,
    /// Globs of this family's documents (relative to the configuration file).
    #[serde(default)]
    pub include: Vec<String>,
    /// The fields a document must have (labels or keys); the others become optional.
    pub required: Option<Vec<String>>,
    /// Fields: label → aliases, role and whether required.
    #[serde(default)]
    pub fields: BTreeMap<String, FieldConfig>,
    /// Status values → lifecycle class (`draft`, `review`, `approved`, `active`, `done`,
    /// `withdrawn`).
    #[serde(default)]
    pub statuses: BTreeMap<String, StatusClass>,
    /// Whether other status values are allowed too.
    pub open_statuses: Option<bool>,
    /// Accepted date formats: `iso`, `long`, `numeric`.
    pub date_formats: Option<Vec<DateFormat>>,
    /// Headings whose entries are sign-offs, besides the usual ones.
    #[serde(default)]
    pub signoff_sections: Vec<String>,
    /// Whether an approved, active or done document must record sign-offs.
    pub requires_signoff: Option<bool>,
}

/// A field of a `[[profile]]` table.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FieldConfig {
    /// Other names the field goes by.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What it means: `id`, `title`, `version`, `date`, `author`, `status`, `approvers`,
    /// `other`.
    pub role: Option<FieldRole>,
    /// Whether a document must have it.
    pub required: Option<bool>,
}

/// `[placeholders]`
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PlaceholderConfig {
    /// Extra regular expressions that mark template text.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Texts never to flag, such as `[Not Started]`.
    #[serde(default)]
    pub allow: Vec<String>,
}

/// `[signoff]`
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SignoffConfig {
    /// Roles every plan must have a sign-off from.
    #[serde(default)]
    pub required_roles: Vec<String>,
}

/// `[dates]`
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DatesConfig {
    /// Accepted formats: `iso`, `long`, `numeric` (default: all).
    pub formats: Option<Vec<DateFormat>>,
}

/// `[fields]`
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FieldsConfig {
    /// Header fields every plan must have.
    pub required: Option<Vec<String>>,
}

/// A configuration file found and read.
#[derive(Debug)]
pub struct LoadedConfig {
    /// Where it was read from.
    pub path: PathBuf,
    /// The folder its globs and template paths are relative to: the file's own, or for
    /// `.config/plan-lint.toml` the folder holding `.config`.
    pub base: PathBuf,
    /// Its contents.
    pub file: ConfigFile,
}

/// The configuration files of one folder, in [`CONFIG_NAMES`] order (a `pyproject.toml`
/// only when it has a `[tool.plan-lint]` table).
pub fn configs_in(dir: &Path) -> Vec<PathBuf> {
    CONFIG_NAMES
        .iter()
        .map(|name| dir.join(name))
        .filter(|p| p.is_file())
        .filter(|p| !is_pyproject(p) || pyproject_has_table(p))
        .collect()
}

/// Finds the nearest configuration file at or above `dir`; two in the nearest folder
/// that has any is an error naming both.
pub fn find_config(dir: &Path) -> Result<Option<PathBuf>, Error> {
    for folder in dir.ancestors() {
        let found = configs_in(folder);
        match found.as_slice() {
            [] => continue,
            [one] => return Ok(Some(one.clone())),
            [first, second, ..] => {
                return Err(Error::Usage(format!(
                    "two configurations in one folder: {} and {}; keep one (plan-lint \
                     looks for {} in that order, and will not guess)",
                    first.display(),
                    second.display(),
                    CONFIG_NAMES.join(", ")
                )));
            }
        }
    }
    Ok(None)
}

fn is_pyproject(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "pyproject.toml")
}

/// Whether `path` (a `pyproject.toml`) has a `[tool.plan-lint]` table. One that cannot
/// be read or parsed has none: it is Python's file, and plan-lint reports only its own.
fn pyproject_has_table(path: &Path) -> bool {
    let Ok(text) = crate::bounded_read::read_text(path, crate::bounded_read::MAX_SETTINGS_BYTES)
    else {
        return false;
    };
    // A cheap look first: most pyproject files never mention plan-lint.
    if !text.contains("plan-lint") {
        return false;
    }
    text.parse::<toml::Table>().is_ok_and(|table| {
        table
            .get(PYPROJECT_TABLE[0])
            .and_then(|tool| tool.get(PYPROJECT_TABLE[1]))
            .is_some_and(toml::Value::is_table)
    })
}

/// `pyproject.toml` as plan-lint reads it: only `[tool.plan-lint]`.
#[derive(Deserialize)]
struct PyProject {
    #[serde(default)]
    tool: PyProjectTools,
}

#[derive(Deserialize, Default)]
struct PyProjectTools {
    #[serde(rename = "plan-lint", default)]
    plan_lint: ConfigFile,
}

/// Reads and validates a configuration file.
pub fn load_config(path: &Path) -> Result<LoadedConfig, Error> {
    let text = crate::bounded_read::read_settings(path, "read the configuration")?;
    let file: ConfigFile = if is_pyproject(path) {
        toml::from_str::<PyProject>(&text)
            .map(|p| p.tool.plan_lint)
            .map_err(|e| config_error(path, &text, &e))?
    } else {
        toml::from_str(&text).map_err(|e| config_error(path, &text, &e))?
    };
    let folder = path.parent().unwrap_or(Path::new("."));
    let base = if folder.file_name().is_some_and(|n| n == ".config") {
        folder.parent().unwrap_or(folder)
    } else {
        folder
    };
    for key in file.rules.keys() {
        if RuleId::from_name_or_code(key).is_none() {
            let names: Vec<&str> = RuleId::ALL.iter().map(|r| r.name()).collect();
            return Err(unknown_key(
                path,
                &text,
                format!("rules.{key}"),
                rule_key_span(&text, key),
                crate::error::did_you_mean(key, names),
                "`plan-lint rules` lists every rule",
            ));
        }
    }
    Ok(LoadedConfig {
        path: path.to_path_buf(),
        base: base.to_path_buf(),
        file,
    })
}

/// The span of `key` written inside the `[rules]` table, found in the text (the parsed
/// map keeps no positions).
fn rule_key_span(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let table = text.find("[rules]")?;
    let mut at = table;
    for line in text[table..].split_inclusive('\n') {
        let line_start = at;
        at += line.len();
        if line_start == table {
            continue;
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            return None;
        }
        let written = trimmed
            .split('=')
            .next()
            .unwrap_or_default()
            .trim()
            .trim_matches(['"', '\'']);
        if written == key {
            let start = line_start + (line.len() - trimmed.len());
            return Some(start..start + trimmed.split('=').next()?.trim_end().len());
        }
    }
    None
}

fn unknown_key(
    path: &Path,
    text: &str,
    key: String,
    span: Option<std::ops::Range<usize>>,
    suggestion: Option<&str>,
    otherwise: &str,
) -> Error {
    Error::UnknownConfigKey(Box::new(crate::error::UnknownConfigKey {
        key,
        path: path.to_path_buf(),
        text: span
            .is_some()
            .then(|| miette::NamedSource::new(path.display().to_string(), text.to_string())),
        span: span.map(Into::into),
        help: match suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None => otherwise.to_string(),
        },
    }))
}

fn config_error(path: &Path, text: &str, e: &toml::de::Error) -> Error {
    let message = e.message().trim().to_string();
    let span = e
        .span()
        .map(|s| s.start.min(text.len())..s.end.min(text.len()));
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((key, expected)) = rest.split_once('`')
    {
        // Name the key with its table, as it would be written in dotted form.
        let at = span.as_ref().map_or(0, |s| s.start);
        let table = text[..at]
            .lines()
            .rev()
            .map(str::trim)
            .find(|l| l.starts_with('[') && l.ends_with(']'))
            .map(|l| l.trim_matches(['[', ']']).trim().to_string());
        let dotted = match table {
            Some(t) if !t.is_empty() => format!("{t}.{key}"),
            _ => key.to_string(),
        };
        // serde lists the keys it expected: "expected one of `include`, `exclude`".
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        return unknown_key(
            path,
            text,
            dotted,
            span,
            crate::error::did_you_mean(key, known),
            "`plan-lint init` writes a starter file with every key plan-lint reads",
        );
    }
    Error::Config(Box::new(crate::error::ConfigProblem {
        path: path.to_path_buf(),
        message: plain_toml_message(&message),
        text: span
            .is_some()
            .then(|| miette::NamedSource::new(path.display().to_string(), text.to_string())),
        span: span.map(Into::into),
        help: None,
    }))
}

/// serde's wording of a type mismatch, in the words of TOML.
fn plain_toml_message(message: &str) -> String {
    let first_line = message.lines().next().unwrap_or_default();
    first_line
        .replace("a sequence", "a list (`[\"...\"]`)")
        .replace("sequence", "list")
        .replace("a map", "a table")
        .replace("map", "table")
}

/// Flags that shape the run, as the binary parsed them.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    /// Files and directories to lint.
    pub paths: Vec<PathBuf>,
    /// `--config`
    pub config: Option<PathBuf>,
    /// `--today`
    pub today: Option<String>,
    /// `--select`
    pub select: Vec<String>,
    /// `--ignore`
    pub ignore: Vec<String>,
    /// `--force-exclude`
    pub force_exclude: bool,
    /// `--isolated`: read no configuration file.
    pub isolated: bool,
    /// `--staged` / `--changed-since`.
    pub mode: Mode,
    /// `--no-cache`: neither read nor write the Plan ID cache.
    pub no_cache: bool,
    /// The text read from standard input (the path `-`), and the file it stands for.
    pub stdin: Option<StdinText>,
}

/// Text read from standard input, linted as if it were the file at `path`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StdinText {
    /// `--stdin-filename`: where the text would live (relative to the current
    /// directory). Without one the text is shown as `-` and matched by its content.
    pub path: Option<PathBuf>,
    /// The bytes read.
    pub bytes: std::sync::Arc<[u8]>,
}

/// The path argument that stands for standard input.
pub const STDIN_PATH: &str = "-";

/// Everything a run needs, validated.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Files and directories to lint.
    pub paths: Vec<PathBuf>,
    /// The directory paths are shown relative to.
    pub cwd: PathBuf,
    /// Settings the rules read.
    pub rule_options: RuleOptions,
    /// The document families: configured, then built-in (discovered templates are
    /// added per run).
    pub profiles: ProfileSet,
    /// Whether templates found in the repository are learned.
    pub discover_templates: bool,
    /// Configured placeholder patterns.
    pub placeholder_patterns: Vec<regex::Regex>,
    /// Configured placeholder allow-list.
    pub placeholder_allow: Vec<String>,
    /// Severity per enabled rule; a rule absent from the map is off.
    pub severities: BTreeMap<RuleId, Option<Severity>>,
    /// Globs of plan files, relative to `glob_base`.
    pub include: Option<GlobSet>,
    /// Globs of excluded files.
    pub exclude: Option<GlobSet>,
    /// The directory globs are relative to (the configuration file's).
    pub glob_base: PathBuf,
    /// Apply `exclude` to files named on the command line too.
    pub force_exclude: bool,
    /// Which version of the files to lint.
    pub mode: Mode,
    /// Whether the Plan ID cache under the git directory is read and written.
    pub use_cache: bool,
    /// The text the path `-` stands for.
    pub stdin: Option<StdinText>,
    /// The configuration file read, if any.
    pub config_file: Option<PathBuf>,
    /// The `include` and `exclude` globs as written (to say which one excluded a file).
    pub include_patterns: Vec<String>,
    /// See `include_patterns`.
    pub exclude_patterns: Vec<String>,
    /// Each setting's origin, by key (`include`, `rules.placeholder`): the
    /// configuration file or a flag. A key absent here has its default.
    pub origins: BTreeMap<String, String>,
    /// Discovery keeps every Markdown file, whatever `include`, `exclude` and the
    /// template and test-data rules say, so `--show-files` can say why each is skipped.
    pub list_everything: bool,
}

impl Settings {
    /// Merges flags over the configuration file (found upward from `cwd` unless named).
    pub fn from_flags(flags: &Flags, cwd: &Path) -> Result<Settings, Error> {
        // Text from standard input takes the configuration of the file it stands for.
        let config_from = match flags.stdin.as_ref().and_then(|s| s.path.as_ref()) {
            Some(path) => crate::discover::normalize(&cwd.join(path))
                .parent()
                .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf),
            None => cwd.to_path_buf(),
        };
        let config_path = match &flags.config {
            Some(p) => Some(cwd.join(p)),
            None if flags.isolated => None,
            None => find_config(&config_from)?,
        };
        let loaded = config_path.as_deref().map(load_config).transpose()?;
        let empty = ConfigFile::default();
        let (file, config_dir) = match &loaded {
            Some(l) => (&l.file, l.base.clone()),
            None => (&empty, cwd.to_path_buf()),
        };
        let config_name = loaded.as_ref().map(|l| l.path.clone()).unwrap_or_default();
        let config_err = |message: String| Error::config(config_name.clone(), message);

        let today = match (&flags.today, &file.today) {
            (Some(t), _) => parse_today(t)
                .map_err(|why| Error::Usage(format!("invalid --today `{t}`: {why}")))?,
            (None, Some(t)) => parse_today(&t.as_text())
                .map_err(|why| config_err(format!("`today = {}`: {why}", t.as_text())))?,
            (None, None) => jiff::ZonedDateTime::now().date(),
        };

        let mut patterns = Vec::new();
        for p in &file.placeholders.patterns {
            patterns.push(regex::Regex::new(p).map_err(|e| {
                // The regex error repeats the pattern over several lines, then says what
                // is wrong on its last.
                let why = e.to_string();
                let why = why.lines().last().unwrap_or_default().trim();
                config_err(format!(
                    "placeholder pattern `{}`: {}",
                    excerpt(p),
                    excerpt(why)
                ))
            })?);
        }
        let configure = |mut profile: Profile| {
            profile.placeholders = profile
                .placeholders
                .with_configuration(patterns.clone(), &file.placeholders.allow);
            Arc::new(profile)
        };
        let shown_config = config_name.display().to_string();
        let mut builtins: Vec<Profile> = builtin::all().iter().map(|p| (**p).clone()).collect();
        if let Some(names) = &file.fields.required {
            let plan = &mut builtins[0];
            set_required(plan, names).map_err(|n| {
                config_err(format!("unknown header field `{n}` in [fields] required"))
            })?;
        }
        let builtin_set = ProfileSet::new(
            builtins.iter().cloned().map(Arc::new).collect(),
            config_dir.clone(),
        );
        let mut configured: Vec<ProfileRef> = Vec::new();
        if let Some(p) = &file.template {
            let text = read_template(&config_dir.join(p)).map_err(config_err)?;
            let shown = p.display().to_string();
            let mut learned = learn::learn(
                &text,
                &shown,
                Origin::Configured(shown_config.clone()),
                &builtin_set,
            )
            .map_err(|e| config_err(format!("cannot learn template {shown}: {e}")))?;
            absorb_base(&mut learned, &builtin_set);
            configured.push(configure(learned));
        }
        for table in &file.profile {
            let profile = configured_profile(table, &config_dir, &shown_config, &builtin_set)
                .map_err(config_err)?;
            configured.push(configure(profile));
        }
        configured.extend(builtins.into_iter().map(configure));
        let profiles = ProfileSet::new(configured, config_dir.clone());

        let mut severities = BTreeMap::new();
        let select = parse_rule_list(&flags.select, "--select")?;
        let ignore = parse_rule_list(&flags.ignore, "--ignore")?;
        for rule in RuleId::ALL {
            if !select.is_empty() && !select.contains(&rule) || ignore.contains(&rule) {
                continue;
            }
            let level = file
                .rules
                .iter()
                .find(|(k, _)| RuleId::from_name_or_code(k) == Some(rule))
                .map(|(_, v)| *v);
            match level {
                Some(Level::Off) if !select.contains(&rule) => {}
                Some(Level::Off) | None => {
                    severities.insert(rule, None);
                }
                Some(Level::Error) => {
                    severities.insert(rule, Some(Severity::Error));
                }
                Some(Level::Warning) => {
                    severities.insert(rule, Some(Severity::Warning));
                }
            }
        }

        let paths = if flags.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            flags.paths.clone()
        };
        Ok(Settings {
            paths,
            cwd: cwd.to_path_buf(),
            rule_options: RuleOptions {
                today,
                required_roles: file.signoff.required_roles.clone(),
                date_formats: file.dates.formats.clone().unwrap_or_else(|| {
                    vec![DateFormat::Iso, DateFormat::Long, DateFormat::Numeric]
                }),
            },
            profiles,
            discover_templates: file.discover_templates.unwrap_or(true),
            placeholder_patterns: patterns.clone(),
            placeholder_allow: file.placeholders.allow.clone(),
            severities,
            include: build_globs(&file.include).map_err(config_err)?,
            exclude: build_globs(&file.exclude).map_err(config_err)?,
            glob_base: config_dir,
            force_exclude: flags.force_exclude,
            mode: flags.mode.clone(),
            use_cache: !flags.no_cache,
            stdin: flags.stdin.clone(),
            config_file: loaded.as_ref().map(|l| l.path.clone()),
            include_patterns: file.include.clone(),
            exclude_patterns: file.exclude.clone(),
            origins: origins(flags, file, &shown_config),
            list_everything: false,
        })
    }

    /// The severity of `rule` in a plan (`draft`: its Status is Draft), or `None` when the
    /// rule is off.
    pub fn severity(&self, rule: RuleId, draft: bool) -> Option<Severity> {
        let configured = self.severities.get(&rule)?;
        Some(match configured {
            Some(s) => *s,
            None if draft && rule.softened_in_drafts() => Severity::Warning,
            None => rule.default_severity(),
        })
    }
}

/// Where each setting that is not a default comes from.
fn origins(flags: &Flags, file: &ConfigFile, config: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut from_file = |key: &str, set: bool| {
        if set {
            out.insert(key.to_string(), config.to_string());
        }
    };
    from_file("include", !file.include.is_empty());
    from_file("exclude", !file.exclude.is_empty());
    from_file("template", file.template.is_some());
    from_file("today", file.today.is_some());
    from_file("discover-templates", file.discover_templates.is_some());
    from_file(
        "placeholders.patterns",
        !file.placeholders.patterns.is_empty(),
    );
    from_file("placeholders.allow", !file.placeholders.allow.is_empty());
    from_file(
        "signoff.required-roles",
        !file.signoff.required_roles.is_empty(),
    );
    from_file("dates.formats", file.dates.formats.is_some());
    from_file("fields.required", file.fields.required.is_some());
    for key in file.rules.keys() {
        if let Some(rule) = RuleId::from_name_or_code(key) {
            from_file(&format!("rules.{}", rule.name()), true);
        }
    }
    let mut from_flag = |key: &str, flag: &str, set: bool| {
        if set {
            out.insert(key.to_string(), flag.to_string());
        }
    };
    from_flag("today", "--today", flags.today.is_some());
    from_flag("force-exclude", "--force-exclude", flags.force_exclude);
    from_flag("cache", "--no-cache", flags.no_cache);
    let select = parse_rule_list(&flags.select, "--select").unwrap_or_default();
    let ignore = parse_rule_list(&flags.ignore, "--ignore").unwrap_or_default();
    for rule in RuleId::ALL {
        if ignore.contains(&rule) {
            out.insert(format!("rules.{}", rule.name()), "--ignore".to_string());
        } else if !select.is_empty() {
            out.insert(format!("rules.{}", rule.name()), "--select".to_string());
        }
    }
    out
}

/// Reads a template, bounded in size and kind (a FIFO or device is refused).
pub fn read_template(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path)
        .map_err(|e| format!("cannot read template {}: {e}", path.display()))?;
    if !meta.is_file() {
        return Err(format!(
            "cannot read template {}: not a regular file",
            path.display()
        ));
    }
    if meta.len() > learn::MAX_TEMPLATE_BYTES as u64 {
        return Err(format!(
            "cannot read template {}: {}",
            path.display(),
            learn::LearnError::TooLarge(meta.len() as usize)
        ));
    }
    std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read template {}: {e}", path.display()))
}

/// A learned profile that extends a built-in keeps the built-in's template text too.
pub fn absorb_base(profile: &mut Profile, builtins: &ProfileSet) {
    if let Some(base) = profile
        .extends
        .as_ref()
        .and_then(|name| builtins.profiles().iter().find(|p| &p.name == name))
    {
        profile.placeholders.absorb(&base.placeholders);
    }
}

/// Makes exactly the fields `names` (labels or keys) required.
fn set_required(profile: &mut Profile, names: &[String]) -> Result<(), String> {
    let wanted: Vec<String> = names.iter().map(|n| normalize_key(n)).collect();
    for (w, name) in wanted.iter().zip(names) {
        if !profile
            .fields
            .iter()
            .any(|f| normalize_key(&f.label) == *w || f.keys.contains(w))
        {
            return Err(name.clone());
        }
    }
    for f in &mut profile.fields {
        f.required = wanted
            .iter()
            .any(|w| normalize_key(&f.label) == *w || f.keys.contains(w));
    }
    Ok(())
}

/// Builds the profile a `[[profile]]` table describes.
fn configured_profile(
    table: &ProfileConfig,
    config_dir: &Path,
    shown_config: &str,
    builtins: &ProfileSet,
) -> Result<Profile, String> {
    let origin = Origin::Configured(shown_config.to_string());
    let base = match &table.extends {
        Some(name) => Some(
            builtins
                .profiles()
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    let names: Vec<&str> = builtin::all().iter().map(|p| p.name.as_str()).collect();
                    format!(
                        "profile `{}` extends `{name}`, which is not a built-in profile (one of: {})",
                        table.name,
                        names.join(", ")
                    )
                })?,
        ),
        None => None,
    };
    let mut profile = match (&table.template, base) {
        (Some(path), _) => {
            let text = read_template(&config_dir.join(path))?;
            let shown = path.display().to_string();
            let mut learned = learn::learn(&text, &shown, origin.clone(), builtins)
                .map_err(|e| format!("cannot learn template {shown}: {e}"))?;
            if let Some(base) = base {
                let placeholders = learned.placeholders.clone();
                let prompts = learned.prompts.clone();
                learned = (**base).clone();
                learned.placeholders.absorb(&placeholders);
                learned.prompts = prompts;
                learned.extends = Some(base.name.clone());
            } else {
                absorb_base(&mut learned, builtins);
            }
            learned
        }
        (None, Some(base)) => {
            let mut p = (**base).clone();
            p.extends = Some(base.name.clone());
            p
        }
        (None, None) => builtin::blank(&table.name, &table.name),
    };
    profile.name = table.name.clone();
    profile.origin = origin;
    if profile.extends.is_some() || table.template.is_some() {
        // Keep the family's noun; the name says which team profile it is.
    } else {
        profile.noun = table.name.clone();
    }
    for (label, field) in &table.fields {
        let key = normalize_key(label);
        let existing = profile
            .fields
            .iter()
            .position(|f| normalize_key(&f.label) == key || f.keys.contains(&key));
        let index = match existing {
            Some(i) => i,
            None => {
                profile.fields.push(FieldDef {
                    label: label.clone(),
                    keys: vec![key.clone()],
                    role: learn::guess_role(&key),
                    required: false,
                });
                profile.fields.len() - 1
            }
        };
        let def = &mut profile.fields[index];
        for alias in &field.aliases {
            let alias = normalize_key(alias);
            if !def.keys.contains(&alias) {
                def.keys.push(alias);
            }
        }
        if let Some(role) = field.role {
            def.role = role;
        }
        if let Some(required) = field.required {
            def.required = required;
        }
    }
    if let Some(names) = &table.required {
        set_required(&mut profile, names).map_err(|n| {
            format!(
                "profile `{}`: `required` names `{n}`, which is not one of its fields",
                table.name
            )
        })?;
    }
    // A field's own `required` wins over the list.
    for (label, field) in &table.fields {
        let key = normalize_key(label);
        if let (Some(required), Some(def)) = (
            field.required,
            profile
                .fields
                .iter_mut()
                .find(|f| normalize_key(&f.label) == key || f.keys.contains(&key)),
        ) {
            def.required = required;
        }
    }
    for (value, class) in &table.statuses {
        let phrase = normalize_status(value);
        if let Some(existing) = profile
            .statuses
            .values
            .iter_mut()
            .find(|v| v.phrases.contains(&phrase))
        {
            existing.class = *class;
        } else {
            profile.statuses.values.push(StatusValue {
                label: value.clone(),
                phrases: vec![phrase],
                class: *class,
            });
        }
    }
    if let Some(open) = table.open_statuses {
        profile.statuses.open = open;
    }
    if let Some(formats) = &table.date_formats {
        profile.date_formats = Some(formats.clone());
    }
    if !table.signoff_sections.is_empty() {
        let extra: Vec<String> = table
            .signoff_sections
            .iter()
            .map(|s| regex::escape(s))
            .collect();
        let pattern = format!(
            "(?i)(?:{})|(?:{})",
            profile.sections.signoff.as_str(),
            extra.join("|")
        );
        profile.sections.signoff = regex::Regex::new(&pattern)
            .map_err(|e| format!("profile `{}`: sign-off sections: {e}", table.name))?;
    }
    if let Some(required) = table.requires_signoff {
        profile.requires_signoff = required;
    }
    profile.include =
        build_globs(&table.include).map_err(|e| format!("profile `{}`: {e}", table.name))?;
    Ok(profile)
}

/// `--today` or `today`: a date written `YYYY-MM-DD`, or why it is not one.
fn parse_today(text: &str) -> Result<Date, String> {
    let text = text.trim();
    let shaped = text.len() == 10
        && text.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            _ => c.is_ascii_digit(),
        });
    if !shaped {
        return Err("expected a date written YYYY-MM-DD, such as 2025-06-01".to_string());
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<i16>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    if !(1..=12).contains(&month) {
        return Err(format!("there is no month {month} (months are 01 to 12)"));
    }
    let first = Date::new(year, month as i8, 1).map_err(|e| e.to_string())?;
    let days = first.days_in_month();
    if day < 1 || day > i16::from(days) {
        return Err(format!("{} has {days} days", first.strftime("%B %Y")));
    }
    Date::new(year, month as i8, day as i8).map_err(|e| e.to_string())
}

fn parse_rule_list(values: &[String], flag: &str) -> Result<Vec<RuleId>, Error> {
    values
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|name| {
            RuleId::from_name_or_code(name)
                .ok_or_else(|| Error::Usage(format!("{flag}: {}", RuleId::unknown(name))))
        })
        .collect()
}

/// The most globs one list may hold: far more than a team writes by hand, and few
/// enough that matching them stays instant (100,000 took 24 s and 1.5 GB).
pub const MAX_GLOBS: usize = 2_000;

/// `text` cut to a length fit for an error message (a pattern may be a megabyte long).
fn excerpt(text: &str) -> String {
    const SHOWN: usize = 80;
    match text.char_indices().nth(SHOWN) {
        Some((at, _)) => format!("{}… ({} bytes)", &text[..at], text.len()),
        None => text.to_string(),
    }
}

fn build_globs(patterns: &[String]) -> Result<Option<GlobSet>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    if patterns.len() > MAX_GLOBS {
        return Err(format!(
            "{} globs in one list; plan-lint reads at most {MAX_GLOBS} (a folder glob such as \
             `plans/**` covers many files)",
            patterns.len()
        ));
    }
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let pattern = pattern.trim_start_matches("./");
        // A pattern without a slash matches a file name at any depth, as in .gitignore.
        let full = if pattern.contains('/') {
            pattern.to_string()
        } else {
            format!("**/{pattern}")
        };
        for p in [full.clone(), format!("{}/**", full.trim_end_matches('/'))] {
            let glob = globset::GlobBuilder::new(&p)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("invalid glob `{}`: {e}", excerpt(pattern)))?;
            builder.add(glob);
        }
    }
    builder
        .build()
        .map(Some)
        .map_err(|e| format!("invalid globs: {e}"))
}

/// The path of `path` relative to `base`, with `/` separators, when it lies inside.
pub fn relative_to(path: &Path, base: &Path) -> Option<String> {
    // Discovery asks this for every file of the repository: plain strings when both
    // paths are clean (no `.` or doubled separators), components otherwise.
    if std::path::MAIN_SEPARATOR == '/'
        && let (Some(path), Some(base)) = (path.to_str(), base.to_str())
    {
        let base = base.trim_end_matches('/');
        let clean = |s: &str| {
            !s.contains("//") && !s.contains("/./") && !s.ends_with("/.") && !s.ends_with('/')
        };
        if !base.is_empty() && clean(base) && clean(path) {
            return match path.strip_prefix(base) {
                Some("") => Some(String::new()),
                Some(rest) => rest.strip_prefix('/').map(str::to_string),
                None => None,
            };
        }
    }
    let rel = path.strip_prefix(base).ok()?;
    Some(
        rel.components()
            .map(|c| crate::discover::names::encode(c.as_os_str()))
            .collect::<Vec<_>>()
            .join("/"),
    )
}

impl Settings {
    /// Applies the configuration's placeholder patterns and allow-list to a profile
    /// learned during the run.
    pub fn configure_profile(&self, mut profile: Profile) -> Profile {
        profile.placeholders = profile
            .placeholders
            .with_configuration(self.placeholder_patterns.clone(), &self.placeholder_allow);
        profile
    }

    /// Whether `path` (absolute) matches `include` (true when none is configured).
    pub fn included(&self, path: &Path) -> bool {
        let Some(set) = &self.include else {
            return true;
        };
        relative_to(path, &self.glob_base).is_some_and(|rel| set.is_match(&rel))
    }

    /// The merged settings as TOML-like lines, each with where it came from (the
    /// configuration file, a flag, or the default), for `--show-settings`.
    pub fn show(&self) -> String {
        use std::fmt::Write as _;
        let quote = |items: &[String]| serde_json::to_string(items).unwrap_or_default();
        let mut lines: Vec<(String, String)> = Vec::new();
        let mut line = |key: &str, value: String| lines.push((key.to_string(), value));
        line("include", quote(&self.include_patterns));
        line("exclude", quote(&self.exclude_patterns));
        line("force-exclude", self.force_exclude.to_string());
        line("discover-templates", self.discover_templates.to_string());
        line("today", self.rule_options.today.to_string());
        let patterns: Vec<String> = self
            .placeholder_patterns
            .iter()
            .map(|r| r.as_str().to_string())
            .collect();
        line("placeholders.patterns", quote(&patterns));
        line("placeholders.allow", quote(&self.placeholder_allow));
        line(
            "signoff.required-roles",
            quote(&self.rule_options.required_roles),
        );
        let formats: Vec<String> = self
            .rule_options
            .date_formats
            .iter()
            .map(|f| format!("{f:?}").to_lowercase())
            .collect();
        line("dates.formats", quote(&formats));
        line(
            "cache",
            if self.use_cache { "on" } else { "off" }.to_string(),
        );
        for rule in RuleId::ALL {
            let level = match self.severities.get(&rule) {
                None => "off".to_string(),
                Some(Some(severity)) => severity.as_str().to_string(),
                Some(None) if rule.softened_in_drafts() => {
                    format!("{} (a warning in drafts)", rule.default_severity().as_str())
                }
                Some(None) => rule.default_severity().as_str().to_string(),
            };
            line(&format!("rules.{}", rule.name()), level);
        }
        let mut out = String::new();
        let _ = writeln!(
            out,
            "configuration: {}",
            self.config_file.as_ref().map_or_else(
                || "none (built-in defaults)".to_string(),
                |p| p.display().to_string()
            )
        );
        let width = lines
            .iter()
            .map(|(k, v)| k.len() + v.len())
            .max()
            .unwrap_or(0)
            + 3;
        for (key, value) in &lines {
            let origin = self.origins.get(key).map_or_else(
                || match key.as_str() {
                    "today" => "default: the system's date".to_string(),
                    _ => "default".to_string(),
                },
                Clone::clone,
            );
            let setting = format!("{key} = {value}");
            let _ = writeln!(out, "{setting:<width$}  # {origin}");
        }
        let _ = writeln!(out, "profiles (the first that matches a document wins):");
        for profile in self.profiles.profiles() {
            let _ = writeln!(out, "  {} ({})", profile.name, profile.origin);
        }
        out
    }

    /// The `exclude` glob (as written) that `path` (absolute) matches, if any.
    pub fn excluded_by(&self, path: &Path) -> Option<&str> {
        let set = self.exclude.as_ref()?;
        let rel = relative_to(path, &self.glob_base)?;
        // Each pattern became two globs (itself, and everything under it).
        let first = set.matches(&rel).into_iter().min()?;
        self.exclude_patterns.get(first / 2).map(String::as_str)
    }

    /// Whether `path` (absolute) matches `exclude`.
    pub fn excluded(&self, path: &Path) -> bool {
        let Some(set) = &self.exclude else {
            return false;
        };
        relative_to(path, &self.glob_base).is_some_and(|rel| set.is_match(&rel))
    }
}
