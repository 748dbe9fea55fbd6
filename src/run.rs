//! The run: discover → read → parse → rules → diagnostics. Files are linted in parallel;
//! the result is sorted, so output never depends on thread timing.

use crate::cache::IdCache;
use crate::diagnostic::{Diagnostic, Severity};
use crate::discover::{self, Candidate};
use crate::error::Error;
use crate::model::PlanDocument;
use crate::parse::{self, ParseOptions};
use crate::profile::{
    FieldRole, Origin, Profile, ProfileMatch, ProfileRef, ProfileSet, StatusClass, learn,
};
use crate::rules::{self, Context, Finding, PLAN_RULES, RuleId, duplicate_id::PlanIdentity};
use crate::settings::Settings;
use crate::sink::{FileSink, Located};
use crate::source::{LineCol, LineIndex, SourceFile, Span};
use crate::suppress::Suppressions;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::Arc;

/// How many findings of one group (the placeholders of one section) are reported one by
/// one; more become one finding that counts them.
pub const COLLAPSE_AT: usize = 3;

/// Files larger than this are not linted (`unreadable`).
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct LintRun {
    /// Every finding, sorted by path, position and rule.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of each file with findings, when the caller asked to keep it.
    pub sources: BTreeMap<String, Arc<str>>,
    /// Display paths of every plan linted, sorted (clean ones included).
    pub plans: Vec<String>,
    /// Plans linted (the length of `plans`).
    pub plans_checked: usize,
    /// Candidate files looked at.
    pub files_scanned: usize,
    /// Things the user should know that are not findings (a template that could not be
    /// learned); the binary prints them on stderr.
    pub notes: Vec<String>,
    /// Paths named on the command line that do not exist (the run ends with exit 2).
    pub missing_paths: Vec<discover::MissingPath>,
    /// Why no plan was linted, when none was in a full run (an `include` glob that
    /// matches nothing, named files that are not plans). `None` when plans were linted,
    /// or when `--staged` / `--changed-since` found no changed plan, which is normal.
    pub nothing_linted: Option<String>,
    /// The repository path (from the work tree's root) of each reported file whose
    /// display path differs from it: a run from a subfolder shows `plans/a.md`, while
    /// annotations, SARIF and summary links need `docs/plans/a.md`.
    pub repo_paths: BTreeMap<String, String>,
}

impl LintRun {
    /// The path CI integrations name a file by: from the repository's root when the file
    /// is in one, else its display path.
    pub fn repo_path<'a>(&'a self, display: &'a str) -> &'a str {
        self.repo_paths.get(display).map_or(display, String::as_str)
    }

    /// Findings with severity error.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Findings with severity warning.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Every finding, most important first: errors before warnings, then by the rule's
    /// importance (broken dates and contradicting statuses before placeholders), then in
    /// file order. Capped outputs (GitHub annotations, the job summary) take from the top.
    pub fn ranked(&self) -> Vec<&Diagnostic> {
        let mut ranked: Vec<&Diagnostic> = self.diagnostics.iter().collect();
        // A stable sort keeps file order within one rank.
        ranked.sort_by_key(|d| (std::cmp::Reverse(d.severity), d.rule.importance()));
        ranked
    }

    /// Reports each group of many findings (three or more placeholders of one section or
    /// of the header) as one: at the first place, counting them, with every other place
    /// as a secondary label (SARIF's related locations, JSON's `related`). The binary
    /// calls this after the baseline, which records findings one by one.
    pub fn collapse_groups(&mut self) {
        let key = |d: &Diagnostic| d.group.as_ref().map(|g| (d.path.clone(), d.rule, g.key));
        let mut sizes: BTreeMap<(String, RuleId, usize), usize> = BTreeMap::new();
        for k in self.diagnostics.iter().filter_map(key) {
            *sizes.entry(k).or_default() += 1;
        }
        if sizes.values().all(|&n| n < COLLAPSE_AT) {
            return;
        }
        let mut out: Vec<Diagnostic> = Vec::with_capacity(self.diagnostics.len());
        let mut first_of: BTreeMap<(String, RuleId, usize), usize> = BTreeMap::new();
        for d in std::mem::take(&mut self.diagnostics) {
            let Some(k) = key(&d) else {
                out.push(d);
                continue;
            };
            let size = sizes[&k];
            if size < COLLAPSE_AT {
                out.push(d);
                continue;
            }
            if let Some(&at) = first_of.get(&k) {
                let item = d.group.as_ref().map_or(String::new(), |g| g.item.clone());
                out[at].secondary.push(crate::diagnostic::Label {
                    span: d.span,
                    message: item,
                    start: d.start,
                    end: d.end,
                });
                continue;
            }
            first_of.insert(k, out.len());
            let group = d.group.clone().expect("grouped");
            out.push(Diagnostic {
                message: format!(
                    "{size} {} in {}, the first {}{}",
                    group.noun,
                    group.name,
                    crate::diagnostic::code(&group.item),
                    group.suffix
                ),
                label: Some(format!("1 of {size}")),
                secondary: Vec::new(),
                help: Some(group.help.to_string()),
                ..d
            });
        }
        self.diagnostics = out;
    }

    /// How many findings each rule reported, most important rule first (a rule with
    /// errors before one with only warnings, then by importance).
    pub fn rule_counts(&self) -> Vec<RuleCount> {
        let mut counts = BTreeMap::<RuleId, RuleCount>::new();
        for d in &self.diagnostics {
            let entry = counts.entry(d.rule).or_insert(RuleCount {
                rule: d.rule,
                errors: 0,
                warnings: 0,
            });
            match d.severity {
                Severity::Error => entry.errors += 1,
                Severity::Warning => entry.warnings += 1,
            }
        }
        let mut counts: Vec<RuleCount> = counts.into_values().collect();
        counts.sort_by_key(|c| (c.errors == 0, c.rule.importance()));
        counts
    }
}

/// The findings of one rule in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleCount {
    /// Which rule.
    pub rule: RuleId,
    /// Its findings with severity error.
    pub errors: usize,
    /// Its findings with severity warning.
    pub warnings: usize,
}

impl RuleCount {
    /// Every finding of the rule.
    pub fn total(&self) -> usize {
        self.errors + self.warnings
    }
}

/// What linting one file left for the cross-file steps.
struct FileResult {
    path: String,
    is_plan: bool,
    /// Reported on (context plans are read only for their Plan ID).
    report: bool,
    diagnostics: Vec<Diagnostic>,
    suppressions: Suppressions,
    identity: Option<(PlanIdentity, LineCol, LineCol)>,
    draft: bool,
    text: Option<Arc<str>>,
    /// The profile the document matched.
    profile: Option<ProfileRef>,
    /// For a file named on the command line that no profile matched: why not.
    not_a_plan: Option<String>,
    /// A tracked file found gone from the work tree when read: dropped from the run.
    gone: bool,
}

impl FileResult {
    /// A file with nothing found (yet).
    fn empty(path: &str, is_plan: bool, report: bool) -> FileResult {
        FileResult {
            path: path.to_string(),
            is_plan,
            report,
            diagnostics: Vec::new(),
            suppressions: Suppressions::default(),
            identity: None,
            draft: false,
            text: None,
            profile: None,
            not_a_plan: None,
            gone: false,
        }
    }

    /// The sink for this file's findings.
    fn sink<'a>(&'a self, settings: &'a Settings) -> FileSink<'a> {
        FileSink {
            settings,
            path: &self.path,
            draft: self.draft,
            profile: self.profile.as_deref(),
        }
    }
}

/// The profile of a readable file: every file `include` names is a document (of its
/// closest family); others are matched by their profile's globs or structure.
fn match_profile(
    settings: &Settings,
    profiles: &ProfileSet,
    candidate: &Candidate,
    text: &str,
) -> Option<ProfileMatch> {
    if settings.include.is_some() && settings.included(&candidate.fs_path) {
        return Some(profiles.for_included(&candidate.fs_path, text));
    }
    profiles.match_document(&candidate.fs_path, text)
}

/// The run's profiles: the configured and built-in ones, with the repository's
/// templates learned and placed before the built-ins. Templates that cannot be learned
/// are skipped with a note.
pub fn run_profiles(
    settings: &Settings,
    templates: &[discover::TemplateFile],
    notes: &mut Vec<String>,
) -> ProfileSet {
    if templates.is_empty() {
        return settings.profiles.clone();
    }
    let builtins = settings.profiles.clone();
    let learned: Vec<(Arc<Profile>, String)> = templates
        .par_iter()
        .map(|t| {
            let text = match &t.content {
                Some(bytes) if bytes.len() > learn::MAX_TEMPLATE_BYTES => {
                    Err(learn::LearnError::TooLarge(bytes.len()).to_string())
                }
                Some(bytes) => String::from_utf8(bytes.to_vec())
                    .map_err(|_| learn::LearnError::NotUtf8.to_string()),
                None => crate::settings::read_template(&t.fs_path),
            }?;
            if same_text(&text, crate::profile::builtin::PLAN_TEMPLATE) {
                return Ok(None);
            }
            let mut profile = learn::learn(
                &text,
                &t.display,
                Origin::Discovered(t.display.clone()),
                &builtins,
            )
            .map_err(|e| e.to_string())?;
            crate::settings::absorb_base(&mut profile, &builtins);
            Ok(Some((
                Arc::new(settings.configure_profile(profile)),
                t.display.clone(),
            )))
        })
        .collect::<Vec<Result<_, String>>>()
        .into_iter()
        .zip(templates)
        .filter_map(|(result, t)| match result {
            Ok(p) => p,
            Err(e) => {
                notes.push(format!("template {} was not learned: {e}", t.display));
                None
            }
        })
        .collect();
    // Two templates of one name (a copy under test data) stay apart by their paths.
    let mut seen = std::collections::HashSet::new();
    let learned = learned
        .into_iter()
        .map(|(mut profile, display)| {
            if !seen.insert(profile.name.clone()) {
                Arc::make_mut(&mut profile).name = display;
            }
            profile
        })
        .collect();
    settings.profiles.with_learned(learned)
}

/// The active profiles and, for each candidate file, the profile it matched and why:
/// what `plan-lint profiles --files` shows.
#[derive(Debug)]
pub struct ProfilesReport {
    /// Every profile of the run, most specific first.
    pub profiles: Vec<Arc<Profile>>,
    /// Each candidate file (display path) with its profile's name, or `None` when no
    /// profile matched it, and why.
    pub files: Vec<(String, Option<String>, String)>,
    /// Templates that could not be learned, and other notes.
    pub notes: Vec<String>,
}

/// Lists the profiles a run would use and what each file matches.
pub fn profiles_report(settings: &Settings, with_files: bool) -> Result<ProfilesReport, Error> {
    let discovery = discover::discover(settings)?;
    let mut notes = Vec::new();
    let profiles = run_profiles(settings, &discovery.templates, &mut notes);
    let mut candidates = discovery.resolve_all(settings)?;
    candidates.retain(|c| c.report);
    let files = if with_files {
        candidates
            .par_iter()
            .map(|c| {
                let (profile, why) = profile_of(settings, &profiles, c);
                (c.display.clone(), profile, why)
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(ProfilesReport {
        profiles: profiles.profiles().to_vec(),
        files,
        notes,
    })
}

/// The profile a candidate matches, and why (or why none does).
fn profile_of(
    settings: &Settings,
    profiles: &ProfileSet,
    c: &Candidate,
) -> (Option<String>, String) {
    let bytes = match &c.content {
        Some(content) => Ok(content.to_vec()),
        None => read_bytes(&c.fs_path, false),
    };
    let text = match bytes.map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => return (None, "not UTF-8 text".to_string()),
        Err(_) => return (None, "cannot be read".to_string()),
    };
    match match_profile(settings, profiles, c, &text) {
        Some(m) => (Some(m.profile.name.clone()), m.reason.to_string()),
        None => {
            let why = profiles.closest_miss(&c.fs_path, &text).map_or_else(
                || "no profile matched".to_string(),
                |c| format!("no profile matched; {c}"),
            );
            (None, why)
        }
    }
}

/// One file of `--show-files`: whether a run checks it, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownFile {
    /// The path, as a run would show it.
    pub display: String,
    /// Whether a run lints it.
    pub checked: bool,
    /// The profile it matched and why, or why it is left out.
    pub why: String,
}

/// Every Markdown file under the paths, whether a run would check it, and why: left out
/// by discovery (excluded by which glob, not included, a template, test data), not a
/// plan of any profile, or the profile it matched.
pub fn show_files(settings: &Settings) -> Result<Vec<ShownFile>, Error> {
    let mut everything = settings.clone();
    everything.list_everything = true;
    let discovery = discover::discover(&everything)?;
    let mut notes = Vec::new();
    let profiles = run_profiles(settings, &discovery.templates, &mut notes);
    let mut candidates = discovery.resolve_all(&everything)?;
    candidates.retain(|c| c.report);
    Ok(candidates
        .par_iter()
        .map(|c| {
            let shown = |checked, why| ShownFile {
                display: c.display.clone(),
                checked,
                why,
            };
            if let Some(why) = discover::skip_reason(settings, &c.fs_path, c.explicit) {
                return shown(false, why.into_owned());
            }
            match profile_of(settings, &profiles, c) {
                (Some(name), why) => shown(true, format!("profile `{name}` ({why})")),
                (None, why) => shown(false, format!("not a plan: {why}")),
            }
        })
        .collect())
}

/// Whether two texts are the same but for line endings and trailing blanks (a copy of
/// the built-in template is the built-in profile, not a new one).
fn same_text(a: &str, b: &str) -> bool {
    a.lines()
        .map(str::trim_end)
        .eq(b.lines().map(str::trim_end))
}

/// Lints what `settings` names.
///
/// Inside git, the work-tree walk that finds untracked plans (the slow part of
/// discovery) runs while the tracked plans are already being linted.
pub fn lint(settings: &Settings, keep_sources: bool) -> Result<LintRun, Error> {
    let mut discovery = discover::discover(settings)?;
    let missing_paths = std::mem::take(&mut discovery.missing);
    let mut unfollowed_links = std::mem::take(&mut discovery.unfollowed_links);
    let mut notes = Vec::new();
    let profiles = run_profiles(settings, &discovery.templates, &mut notes);
    let profiles = &profiles;
    let pending = discovery.pending;
    let tracked = discovery.candidates;
    let base = discovery.base;
    let context = ContextStore::new(settings, profiles, discovery.repo);
    let store = &context;
    let (walked, tracked_results) = rayon::join(
        || -> Result<Vec<_>, Error> {
            pending
                .into_iter()
                .map(|walk| walk.resolve(settings))
                .collect()
        },
        || check_all(settings, profiles, &tracked, keep_sources, store),
    );
    let mut candidates = Vec::with_capacity(tracked.len());
    let mut results = Vec::with_capacity(tracked.len());
    let mut added = Vec::new();
    let mut gone = std::collections::HashSet::new();
    for walked in walked? {
        added.extend(walked.added);
        gone.extend(walked.gone);
        unfollowed_links.extend(walked.unfollowed_links);
    }
    unfollowed_links.sort();
    if let Some(first) = unfollowed_links.first() {
        notes.push(match unfollowed_links.len() {
            1 => format!(
                "{first} is a symbolic link and was not followed (plan-lint never follows links)"
            ),
            count => format!(
                "{count} symbolic links named as Markdown were not followed, e.g. {first} \
                 (plan-lint never follows links)"
            ),
        });
    }
    for (candidate, result) in tracked.into_iter().zip(tracked_results) {
        // Text given on standard input stands even for a file deleted from disk.
        if !result.gone && (candidate.content.is_some() || !gone.contains(&candidate.fs_path)) {
            candidates.push(candidate);
            results.push(result);
        }
    }
    let known: std::collections::HashSet<&std::path::Path> =
        candidates.iter().map(|c| c.fs_path.as_path()).collect();
    added.retain(|c| !known.contains(c.fs_path.as_path()));
    drop(known);
    let added_results = check_all(settings, profiles, &added, keep_sources, store);
    for (candidate, result) in added.into_iter().zip(added_results) {
        if !result.gone {
            candidates.push(candidate);
            results.push(result);
        }
    }
    if let Some(base) = base {
        let context = base_context(settings, profiles, base, store, &results)?;
        results.extend(context);
    }
    let mut run = finish(settings, &candidates, results);
    run.notes = notes;
    run.missing_paths = missing_paths;
    if let Some(Some(cache)) = context.cache.into_inner() {
        cache.save();
    }
    Ok(run)
}

/// What linting one document as an editor holds it needs from the repository: the
/// profiles its templates give, whether the document is linted at all (its include and
/// exclude), and the other plans' IDs for `duplicate-id`. Gathered when the document is
/// opened or saved; each edit then lints the buffer alone ([`lint_document`]).
#[derive(Debug, Clone)]
pub struct DocumentContext {
    profiles: ProfileSet,
    /// The document as discovery found it, or `None` when it is not linted.
    candidate: Option<Candidate>,
    others: Vec<(PlanIdentity, LineCol, LineCol)>,
    /// What the user should know (a template that could not be learned).
    pub notes: Vec<String>,
}

impl DocumentContext {
    /// Whether the document is linted (a Markdown file, not excluded).
    pub fn is_linted(&self) -> bool {
        self.candidate.is_some()
    }

    /// How many other plans the document is compared with.
    pub fn other_plans(&self) -> usize {
        self.others.len()
    }
}

/// Gathers the [`DocumentContext`] of the document `settings` name on standard input
/// (`-` with a path, as `plan-lint - --stdin-filename PATH` does).
pub fn document_context(settings: &Settings) -> Result<DocumentContext, Error> {
    let discovery = discover::discover(settings)?;
    let mut notes = Vec::new();
    let profiles = run_profiles(settings, &discovery.templates, &mut notes);
    let store = ContextStore::new(settings, &profiles, discovery.repo);
    let (reported, context): (Vec<Candidate>, Vec<Candidate>) =
        discovery.candidates.into_iter().partition(|c| c.report);
    let others = check_all(settings, &profiles, &context, false, &store)
        .into_iter()
        .filter_map(|r| r.identity)
        .collect();
    if let Some(Some(cache)) = store.cache.into_inner() {
        cache.save();
    }
    Ok(DocumentContext {
        candidate: reported.into_iter().find(|c| c.content.is_some()),
        profiles,
        others,
        notes,
    })
}

/// Lints `text` as the document of `context` (see [`document_context`]), every finding
/// on its own (no group is collapsed: an editor marks each place).
pub fn lint_document(settings: &Settings, context: &DocumentContext, text: &[u8]) -> LintRun {
    let Some(found) = &context.candidate else {
        return LintRun::default();
    };
    let candidate = Candidate {
        content: Some(Arc::from(text)),
        ..found.clone()
    };
    let candidates = std::slice::from_ref(&candidate);
    let mut results = check_all(
        settings,
        &context.profiles,
        candidates,
        false,
        &ContextStore::none(),
    );
    results.extend(context.others.iter().map(|identity| {
        let mut result = FileResult::empty(&identity.0.path, false, false);
        result.identity = Some(identity.clone());
        result
    }));
    let mut run = finish(settings, candidates, results);
    run.notes = context.notes.clone();
    run
}

/// The edit that makes a document's Plan Status line agree with its Status field (see
/// [`status_line_fix`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLineFix {
    /// The Plan Status line.
    pub line: Span,
    /// The box marks to rewrite (the byte between `[` and `]`) and what to write there.
    pub marks: Vec<(Span, char)>,
    /// The status ticked, as its box names it.
    pub label: String,
}

/// How to tick the box of the Status field's status on the Plan Status line of `text`
/// (the document of `context`) and clear the others, when the line has boxes, the field
/// a known status, and exactly one box names it (its status, else its lifecycle class).
/// `None` when there is nothing to change or no one box to tick.
pub fn status_line_fix(
    settings: &Settings,
    context: &DocumentContext,
    text: &str,
) -> Option<StatusLineFix> {
    let candidate = context.candidate.as_ref()?;
    let matched = match_profile(settings, &context.profiles, candidate, text)?;
    let doc = parse_document(text, &matched.profile, &candidate.fs_path);
    let wanted = doc.status.as_ref()?.status?;
    let line = doc.status_line.as_ref()?;
    let exact: Vec<_> = line
        .boxes
        .iter()
        .filter(|b| b.status.is_some_and(|s| s.value == wanted.value))
        .collect();
    let same_class: Vec<_> = line
        .boxes
        .iter()
        .filter(|b| b.status.is_some_and(|s| s.class == wanted.class))
        .collect();
    let target = match (exact.as_slice(), same_class.as_slice()) {
        ([one], _) | ([], [one]) => *one,
        _ => return None,
    };
    let marks: Vec<(Span, char)> = line
        .boxes
        .iter()
        .filter(|b| b.checked != std::ptr::eq(*b, target))
        .map(|b| {
            let mark = Span::new(b.span.start + 1, b.span.start + 2);
            (mark, if std::ptr::eq(b, target) { 'x' } else { ' ' })
        })
        .collect();
    if marks.is_empty() {
        return None;
    }
    let label = text
        .get(target.span.start + 3..target.span.end)
        .unwrap_or_default()
        .trim()
        .to_string();
    Some(StatusLineFix {
        line: line.span,
        marks,
        label,
    })
}

/// The plans of the base tree the run's changes (`run`) are laid over that can change
/// what duplicate-id says about the reported plans (see [`rules::duplicate_id::Related`]),
/// as context results: from the tree's record when it was made with these profiles,
/// else read (through the Plan ID cache) and recorded for the next run.
fn base_context(
    settings: &Settings,
    profiles: &ProfileSet,
    base: discover::BaseTree,
    store: &ContextStore,
    run: &[FileResult],
) -> Result<Vec<FileResult>, Error> {
    let context_result = |identity: (PlanIdentity, LineCol, LineCol)| {
        let mut result = FileResult::empty(&identity.0.path, false, false);
        result.identity = Some(identity);
        result
    };
    let run_identities = || {
        run.iter()
            .filter_map(|r| r.identity.as_ref().map(|(id, _, _)| id))
    };
    let mut related = rules::duplicate_id::Related::new(
        run.iter()
            .filter(|r| r.report)
            .filter_map(|r| r.identity.as_ref().map(|(id, _, _)| id)),
    );
    let recorded = matches!(&base.source, discover::BaseSource::Recorded(record)
        if record.profiles == store.fingerprint);
    // Nothing reported holds an ID, and there is no record to make: no base plan matters.
    if related.is_empty() && (recorded || !base.recordable) {
        return Ok(Vec::new());
    }
    let candidates = match base.source {
        discover::BaseSource::Recorded(record) if recorded => {
            let Some(repo) = &store.repo else {
                return Ok(Vec::new());
            };
            let display = {
                let repo = repo.lock().unwrap_or_else(|e| e.into_inner());
                discover::display_in_repo(settings, &repo)
            };
            let sharing: Vec<_> = record
                .identities(
                    &base.overlaid,
                    |_, found| {
                        let (family, id) = found.family_and_id();
                        related.shares_id(family, id)
                    },
                    &display,
                )
                .collect();
            related.learn_folders(run_identities().chain(sharing.iter().map(|(id, _, _)| id)));
            let in_folders: Vec<_> = record
                .identities(
                    &base.overlaid,
                    |rel, found| {
                        let (family, id) = found.family_and_id();
                        !related.shares_id(family, id)
                            && related.looks_in_folders_of(family)
                            && related.in_folder(family, &display(rel))
                    },
                    &display,
                )
                .collect();
            return Ok(sharing
                .into_iter()
                .chain(in_folders)
                .map(context_result)
                .collect());
        }
        discover::BaseSource::Recorded(_) => {
            // Recorded with other profiles (a plan-lint built otherwise): list the tree.
            let Some(repo) = &store.repo else {
                return Ok(Vec::new());
            };
            let repo = repo.lock().unwrap_or_else(|e| e.into_inner());
            discover::list_tree(settings, &repo, base.tree)?.0
        }
        discover::BaseSource::Listed(candidates) => candidates,
    };
    let results = check_all(settings, profiles, &candidates, false, store);
    let relative: Vec<&str> = candidates
        .iter()
        .map(|c| store.relative(c).unwrap_or_default())
        .collect();
    if base.recordable
        && let Some(repo) = &store.repo
    {
        let plans = relative
            .iter()
            .zip(&results)
            .filter_map(|(rel, result)| {
                let found = result.identity.as_ref()?;
                Some((
                    rel.to_string(),
                    crate::cache::CachedIdentity::from_identity(found),
                ))
            })
            .collect();
        let record = crate::cache::TreeRecord {
            tree: base.tree.to_string(),
            settings: base.settings,
            profiles: store.fingerprint.clone(),
            templates: base
                .templates
                .iter()
                .map(|(rel, blob)| (rel.clone(), blob.to_string()))
                .collect(),
            plans,
        };
        let git_dir = repo
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .git_dir()
            .to_path_buf();
        crate::cache::save_tree_record(&git_dir, record);
    }
    let kept: Vec<FileResult> = relative
        .iter()
        .zip(results)
        .filter(|(rel, result)| !base.overlaid.contains(**rel) && result.identity.is_some())
        .map(|(_, result)| result)
        .collect();
    related.learn_folders(
        run_identities().chain(
            kept.iter()
                .filter_map(|r| r.identity.as_ref().map(|(id, _, _)| id)),
        ),
    );
    Ok(kept
        .into_iter()
        .filter(|r| {
            r.identity
                .as_ref()
                .is_some_and(|(id, _, _)| related.admits(&id.family, &id.id, &id.path))
        })
        .collect())
}

/// Where the plans a run does not report on come from: the repository (index blobs are
/// read from its object store) and the Plan ID cache kept in its git directory.
struct ContextStore {
    repo: Option<std::sync::Mutex<discover::GitRepo>>,
    workdir: std::path::PathBuf,
    /// What the cached identities depend on besides content (see
    /// [`crate::cache::fingerprint`]).
    fingerprint: String,
    use_cache: bool,
    /// The Plan ID cache, opened when the first context file needs it (a run served
    /// from a tree record never does).
    cache: std::sync::OnceLock<Option<IdCache>>,
}

impl ContextStore {
    /// No repository, no cache: every context file is read from the work tree.
    fn none() -> ContextStore {
        ContextStore {
            repo: None,
            workdir: std::path::PathBuf::new(),
            fingerprint: String::new(),
            use_cache: false,
            cache: std::sync::OnceLock::new(),
        }
    }

    fn new(
        settings: &Settings,
        profiles: &ProfileSet,
        repo: Option<discover::GitRepo>,
    ) -> ContextStore {
        ContextStore {
            workdir: repo.as_ref().map(|r| r.workdir.clone()).unwrap_or_default(),
            fingerprint: crate::cache::fingerprint(&[
                &profiles.identity_text(),
                &settings.include,
                &crate::cache::globs_base(settings),
            ]),
            use_cache: settings.use_cache && repo.is_some(),
            repo: repo.map(std::sync::Mutex::new),
            cache: std::sync::OnceLock::new(),
        }
    }

    /// The Plan ID cache, when the run keeps one.
    fn cache(&self) -> Option<&IdCache> {
        self.cache
            .get_or_init(|| {
                let repo = self.repo.as_ref().filter(|_| self.use_cache)?;
                let git_dir = repo
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .git_dir()
                    .to_path_buf();
                Some(IdCache::open(&git_dir, self.fingerprint.clone()))
            })
            .as_ref()
    }

    /// The path of a file of the repository, relative to its work tree.
    fn relative<'a>(&self, candidate: &'a Candidate) -> Option<&'a str> {
        if let Some(rel) = &candidate.repo_path {
            return Some(rel);
        }
        // Discovery joined the repository path to the work tree: a string strip is
        // enough (this runs for every file of the repository).
        Some(
            candidate
                .fs_path
                .to_str()?
                .strip_prefix(self.workdir.to_str()?)?
                .trim_start_matches(['/', '\\']),
        )
    }

    /// The cache key of a context file: its path in the repository and its blob id.
    fn key(&self, candidate: &Candidate) -> Option<(String, String)> {
        if !self.use_cache {
            return None;
        }
        let blob = candidate.blob?;
        Some((self.relative(candidate)?.to_string(), blob.to_string()))
    }

    /// The content of a context file: its index blob, or the work-tree file.
    fn read(&self, candidate: &Candidate) -> Option<Vec<u8>> {
        if let Some(content) = &candidate.content {
            return Some(content.to_vec());
        }
        if candidate.from_index {
            let repo = self
                .repo
                .as_ref()?
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            return repo.read_blob(candidate.blob?).ok();
        }
        read_bytes(&candidate.fs_path, false).ok()
    }
}

/// Lints the given candidates (already discovered).
pub fn lint_candidates(
    settings: &Settings,
    candidates: &[Candidate],
    keep_sources: bool,
) -> LintRun {
    let results = check_all(
        settings,
        &settings.profiles,
        candidates,
        keep_sources,
        &ContextStore::none(),
    );
    finish(settings, candidates, results)
}

fn check_all(
    settings: &Settings,
    profiles: &ProfileSet,
    candidates: &[Candidate],
    keep_sources: bool,
    store: &ContextStore,
) -> Vec<FileResult> {
    candidates
        .par_iter()
        .map(|c| {
            if c.report {
                check_candidate(settings, profiles, c, keep_sources)
            } else {
                context_file(settings, profiles, c, store)
            }
        })
        .collect()
}

/// A plan of the repository read only for its Plan ID: from the cache when its blob is
/// known there, else read (from the index or the work tree) and recorded.
fn context_file(
    settings: &Settings,
    profiles: &ProfileSet,
    candidate: &Candidate,
    store: &ContextStore,
) -> FileResult {
    let key = store.key(candidate);
    let cache = key.as_ref().and_then(|_| store.cache());
    if let (Some((path, blob)), Some(cache)) = (&key, cache)
        && let Some(identity) = cache.get(path, blob, &candidate.display)
    {
        let mut result = FileResult::empty(&candidate.display, false, false);
        result.identity = identity;
        return result;
    }
    let bytes = store.read(candidate).unwrap_or_default();
    let result = identity_only(settings, profiles, candidate, bytes);
    if let (Some((path, blob)), Some(cache)) = (&key, cache) {
        cache.put(path, blob, &result.identity);
    }
    result
}

/// The cross-file steps, once every file is linted: shared Plan IDs, suppression
/// bookkeeping, and one sorted list of diagnostics.
fn finish(settings: &Settings, candidates: &[Candidate], mut results: Vec<FileResult>) -> LintRun {
    // Only the plans related to a reported plan can change what is reported.
    let mut related = rules::duplicate_id::Related::new(
        results
            .iter()
            .filter(|r| r.report)
            .filter_map(|r| r.identity.as_ref().map(|(id, _, _)| id)),
    );
    related.learn_folders(
        results
            .iter()
            .filter_map(|r| r.identity.as_ref().map(|(id, _, _)| id)),
    );
    let identities: Vec<(usize, PlanIdentity)> = results
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.identity.as_ref().map(|(id, _, _)| (i, id)))
        .filter(|(_, id)| related.admits(&id.family, &id.id, &id.path))
        .map(|(i, id)| (i, id.clone()))
        .collect();
    let plain: Vec<PlanIdentity> = identities.iter().map(|(_, id)| id.clone()).collect();
    for (at, finding) in rules::find_duplicate_ids(&plain) {
        let result = &mut results[identities[at].0];
        if !result.report {
            continue;
        }
        let Some((identity, start, end)) = result.identity.clone() else {
            continue;
        };
        let located = Located {
            start,
            end,
            snippet: crate::diagnostic::snippet(&identity.id),
            related: Vec::new(),
        };
        let mut suppressions = std::mem::take(&mut result.suppressions);
        let found = result
            .sink(settings)
            .emit(vec![finding], &mut suppressions, &|_| located.clone());
        result.suppressions = suppressions;
        result.diagnostics.extend(found);
    }

    // The companion files of one plan (notes, phase files not named so) take the
    // header and the sign-offs they leave out from the plan that has them.
    for group in rules::duplicate_id::one_plan_groups(&plain) {
        let lacks_header =
            |r: &FileResult| r.diagnostics.iter().any(|d| d.rule == RuleId::MissingField);
        let members: Vec<usize> = group.iter().map(|&g| identities[g].0).collect();
        if !members.iter().any(|&m| !lacks_header(&results[m])) {
            continue;
        }
        for &m in &members {
            if !lacks_header(&results[m]) {
                continue;
            }
            results[m].diagnostics.retain(|d| {
                d.rule != RuleId::MissingField
                    && !(d.rule == RuleId::MissingSignoff
                        && d.message.ends_with(rules::missing_signoff::NO_SIGNOFF))
            });
        }
    }

    let mut run = LintRun {
        files_scanned: candidates.iter().filter(|c| c.report).count(),
        repo_paths: candidates
            .iter()
            .filter(|c| c.report)
            .filter_map(|c| {
                let rel = c.repo_path.as_deref()?;
                let rel = discover::names::show(rel);
                (rel != c.display).then(|| (c.display.clone(), rel.into_owned()))
            })
            .collect(),
        ..LintRun::default()
    };
    let mut not_plans = Vec::new();
    for mut result in results {
        if !result.report {
            continue;
        }
        if let Some(why) = result.not_a_plan.take() {
            not_plans.push((result.path.clone(), why));
        }
        if result.is_plan {
            run.plans.push(result.path.clone());
        }
        report_suppression_problems(settings, &mut result);
        if result.diagnostics.is_empty() {
            continue;
        }
        if let Some(text) = result.text.take() {
            run.sources.insert(result.path.clone(), text);
        }
        run.diagnostics.append(&mut result.diagnostics);
    }
    run.plans.sort();
    run.plans_checked = run.plans.len();
    if run.plans_checked == 0 && settings.mode == discover::Mode::WorkTree {
        not_plans.sort();
        run.nothing_linted = Some(why_nothing_linted(settings, run.files_scanned, &not_plans));
    }
    run.diagnostics.sort_by(|a, b| {
        (&a.path, a.span.start, a.rule, a.span.end, &a.message).cmp(&(
            &b.path,
            b.span.start,
            b.rule,
            b.span.end,
            &b.message,
        ))
    });
    run
}

/// Says why a full run found no plan: nothing to look at, an `include` that matches
/// nothing, named files that are not plans, or Markdown that does not look like plans.
fn why_nothing_linted(
    settings: &Settings,
    files_scanned: usize,
    not_plans: &[(String, String)],
) -> String {
    const NAMED: usize = 3;
    if !not_plans.is_empty() {
        let mut text = not_plans
            .iter()
            .take(NAMED)
            .map(|(path, why)| format!("{path} is not a plan ({why})"))
            .collect::<Vec<_>>()
            .join("; ");
        if not_plans.len() > NAMED {
            text.push_str(&format!("; and {} more", not_plans.len() - NAMED));
        }
        return text;
    }
    let include = if settings.include.is_some() {
        "no file matches the `include` globs of the configuration, and "
    } else {
        ""
    };
    if files_scanned == 0 {
        return format!("{include}no Markdown file was found under the given paths");
    }
    format!(
        "{include}none of the {} looks like a plan of any profile \
         (`plan-lint profiles --files` shows why)",
        crate::report::plural(files_scanned, "Markdown file")
    )
}

/// Adds the `unused-suppression` findings of a file, once every other finding is known.
fn report_suppression_problems(settings: &Settings, result: &mut FileResult) {
    let problems: Vec<(Finding, Located)> = result
        .suppressions
        .problems(settings.rule_options.today)
        .into_iter()
        .map(|(s, message)| {
            (
                Finding {
                    rule: RuleId::UnusedSuppression,
                    span: s.span,
                    message,
                    label: Some("remove or update this comment".to_string()),
                    secondary: Vec::new(),
                    help: Some("delete suppressions that no longer hide a finding".to_string()),
                    group: None,
                    warning_only: false,
                },
                Located {
                    start: s.position.0,
                    end: s.position.1,
                    snippet: s.text.clone(),
                    related: Vec::new(),
                },
            )
        })
        .collect();
    if problems.is_empty() {
        return;
    }
    let (findings, places): (Vec<Finding>, Vec<Located>) = problems.into_iter().unzip();
    let locate = |f: &Finding| {
        findings
            .iter()
            .position(|g| g.span == f.span && g.message == f.message)
            .map(|i| places[i].clone())
            .expect("a problem of this file")
    };
    let mut suppressions = std::mem::take(&mut result.suppressions);
    let found = result
        .sink(settings)
        .emit(findings.clone(), &mut suppressions, &locate);
    result.suppressions = suppressions;
    result.diagnostics.extend(found);
}

/// Why a file could not be linted.
enum ReadFailure {
    NotUtf8 {
        valid_up_to: usize,
        byte: u8,
        text: String,
    },
    TooLarge(u64),
    Io(String),
    /// A tracked file no longer in the work tree as a plain file (deleted, or now a
    /// link or a folder): nothing to lint, as `git status` would list it deleted.
    Gone,
    /// Both sides of an unresolved merge conflict: the opening marker, and the lines of
    /// the opening and closing markers.
    Conflict {
        marker: Span,
        first: usize,
        last: usize,
        text: String,
    },
}

/// Reads a document. A work-tree file git listed (`listed`) is read only as a plain
/// file: one that is gone, or is now a link or a folder, is [`ReadFailure::Gone`].
fn read_bytes(path: &std::path::Path, listed: bool) -> Result<Vec<u8>, ReadFailure> {
    let (file, meta) = if listed {
        open_listed(path)?
    } else {
        // Asked before opening: opening a FIFO would wait for a writer.
        let meta = std::fs::metadata(path).map_err(|e| ReadFailure::Io(io_reason(&e)))?;
        if !meta.is_file() {
            return Err(ReadFailure::Io("not a regular file".to_string()));
        }
        let file = std::fs::File::open(path).map_err(|e| ReadFailure::Io(io_reason(&e)))?;
        (file, meta)
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadFailure::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadFailure::Io(io_reason(&e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadFailure::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Opens a file git listed, as a plain file only: never through a link, and without
/// waiting on a FIFO (one system call less per file than asking first, which a full run
/// does 20,000 times).
#[cfg(unix)]
fn open_listed(path: &std::path::Path) -> Result<(std::fs::File, std::fs::Metadata), ReadFailure> {
    use std::os::unix::fs::OpenOptionsExt;
    let opened = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path);
    let file = match opened {
        Ok(file) => file,
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                || matches!(e.raw_os_error(), Some(libc::ELOOP | libc::ENOTDIR)) =>
        {
            return Err(ReadFailure::Gone);
        }
        Err(e) => return Err(ReadFailure::Io(io_reason(&e))),
    };
    let meta = file
        .metadata()
        .map_err(|e| ReadFailure::Io(io_reason(&e)))?;
    if !meta.is_file() {
        return Err(ReadFailure::Gone);
    }
    Ok((file, meta))
}

#[cfg(not(unix))]
fn open_listed(path: &std::path::Path) -> Result<(std::fs::File, std::fs::Metadata), ReadFailure> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() => {
            let file = std::fs::File::open(path).map_err(|e| ReadFailure::Io(io_reason(&e)))?;
            Ok((file, meta))
        }
        Ok(_) => Err(ReadFailure::Gone),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(ReadFailure::Gone),
        Err(e) => Err(ReadFailure::Io(io_reason(&e))),
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file (it may have been removed)".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

fn check_candidate(
    settings: &Settings,
    profiles: &ProfileSet,
    candidate: &Candidate,
    keep_sources: bool,
) -> FileResult {
    let bytes = match &candidate.content {
        Some(content) => content.to_vec(),
        None => match read_bytes(&candidate.fs_path, candidate.is_listed_work_tree_file()) {
            Ok(bytes) => bytes,
            Err(ReadFailure::Gone) => {
                let mut result = FileResult::empty(&candidate.display, false, false);
                result.gone = true;
                return result;
            }
            Err(failure) => {
                return unreadable(settings, profiles, candidate, failure, keep_sources);
            }
        },
    };
    check_bytes(settings, profiles, candidate, bytes, keep_sources)
}

/// A plan read only for its Plan ID (so `duplicate-id` sees every plan of the
/// repository): its header is parsed, nothing is reported.
fn identity_only(
    settings: &Settings,
    profiles: &ProfileSet,
    candidate: &Candidate,
    bytes: Vec<u8>,
) -> FileResult {
    let mut result = FileResult::empty(&candidate.display, false, false);
    let Ok(text) = String::from_utf8(bytes) else {
        return result;
    };
    let Some(matched) = match_profile(settings, profiles, candidate, &text) else {
        return result;
    };
    if matched.profile.field_with_role(FieldRole::Id).is_none() {
        return result;
    }
    // The header lies in the first lines; parsing only those keeps context cheap.
    let header_end = text
        .match_indices('\n')
        .nth(HEADER_LINES)
        .map_or(text.len(), |(at, _)| at + 1);
    let source = SourceFile::new(candidate.display.clone(), &text[..header_end]);
    let mut doc = parse_document(&source.text, &matched.profile, &candidate.fs_path);
    doc.is_part = matched.part;
    let index = LineIndex::new(&source.text);
    result.identity = plan_identity(&doc, &matched.profile, &source, &index);
    result
}

/// How many lines of a context plan are read for its Plan ID.
const HEADER_LINES: usize = 80;

/// Lints one file's content as if it had been read from `path`: the whole per-file
/// pipeline (UTF-8 check, plan detection, parse, rules, suppressions), without the
/// cross-plan `duplicate-id` check. For tests and fuzzing.
pub fn lint_bytes(settings: &Settings, path: &str, bytes: Vec<u8>) -> Vec<Diagnostic> {
    let candidate = Candidate {
        display: path.to_string(),
        fs_path: std::path::PathBuf::from(path),
        explicit: true,
        content: None,
        report: true,
        blob: None,
        from_index: false,
        repo_path: None,
    };
    let mut result = check_bytes(settings, &settings.profiles, &candidate, bytes, false);
    report_suppression_problems(settings, &mut result);
    result.diagnostics
}

fn check_bytes(
    settings: &Settings,
    profiles: &ProfileSet,
    candidate: &Candidate,
    bytes: Vec<u8>,
    keep_sources: bool,
) -> FileResult {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid_up_to = e.utf8_error().valid_up_to();
            let byte = e.as_bytes()[valid_up_to];
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            return unreadable(
                settings,
                profiles,
                candidate,
                ReadFailure::NotUtf8 {
                    valid_up_to,
                    byte,
                    text,
                },
                keep_sources,
            );
        }
    };
    let Some(matched) = match_profile(settings, profiles, candidate, &text) else {
        let mut result = FileResult::empty(&candidate.display, false, true);
        if candidate.explicit {
            result.not_a_plan = Some(
                profiles
                    .closest_miss(&candidate.fs_path, &text)
                    .map_or_else(
                        || "no profile matched".to_string(),
                        |c| format!("no profile matched; {c}"),
                    ),
            );
        }
        return result;
    };
    if let Some((marker, first, last)) = crate::parse::conflicts::first_conflict(&text) {
        let failure = ReadFailure::Conflict {
            marker,
            first,
            last,
            text,
        };
        return unreadable(settings, profiles, candidate, failure, keep_sources);
    }
    lint_text(settings, &matched, candidate, text, keep_sources)
}

fn unreadable(
    settings: &Settings,
    profiles: &ProfileSet,
    candidate: &Candidate,
    failure: ReadFailure,
    keep_sources: bool,
) -> FileResult {
    let mut out = FileResult::empty(&candidate.display, false, true);
    // A non-UTF-8 file that does not even look like a plan is someone else's Markdown.
    if let ReadFailure::NotUtf8 { text, .. } = &failure
        && !candidate.explicit
        && settings.include.is_none()
        && profiles.match_document(&candidate.fs_path, text).is_none()
    {
        return out;
    }
    let mut label = "plan-lint stopped reading here";
    let mut end_column = None;
    let mut help = "save the file as UTF-8 text under 10 MiB, or exclude it";
    let (message, span, start, text) = match failure {
        ReadFailure::Conflict {
            marker,
            first,
            last,
            text,
        } => {
            label = "the conflict starts here";
            help = "resolve the conflict (keep the right text, delete the marker lines), then lint again";
            let index = LineIndex::new(&text);
            let start = index.line_col(&text, marker.start);
            end_column = Some(start.column + text[marker.range()].chars().count());
            (
                format!(
                    "unresolved merge conflict (markers on lines {first} to {last}): the plan is not linted until it is resolved"
                ),
                marker,
                start,
                Some(text),
            )
        }
        ReadFailure::NotUtf8 {
            valid_up_to,
            byte,
            text,
        } => {
            let index = LineIndex::new(&text);
            let start = index.line_col(&text, valid_up_to);
            (
                format!("not valid UTF-8: byte 0x{byte:02X} at offset {valid_up_to}"),
                Span::new(valid_up_to, valid_up_to + 1),
                start,
                Some(text),
            )
        }
        ReadFailure::TooLarge(len) => (
            format!(
                "file is too large to lint ({:.1} MiB; the limit is {} MiB)",
                len as f64 / 1048576.0,
                MAX_FILE_BYTES / 1048576
            ),
            Span::empty(0),
            LineCol { line: 1, column: 1 },
            None,
        ),
        // Dropped before it gets here; said plainly should that ever change.
        ReadFailure::Gone => (
            "cannot read file: it is no longer a plain file".to_string(),
            Span::empty(0),
            LineCol { line: 1, column: 1 },
            None,
        ),
        ReadFailure::Io(reason) => (
            format!("cannot read file: {reason}"),
            Span::empty(0),
            LineCol { line: 1, column: 1 },
            None,
        ),
    };
    let finding = Finding {
        rule: RuleId::Unreadable,
        span,
        message,
        label: Some(label.to_string()),
        secondary: Vec::new(),
        help: Some(help.to_string()),
        group: None,
        warning_only: false,
    };
    let located = Located {
        start,
        end: LineCol {
            line: start.line,
            column: end_column.unwrap_or(start.column + usize::from(!span.is_empty())),
        },
        snippet: String::new(),
        related: Vec::new(),
    };
    let found = out
        .sink(settings)
        .emit(vec![finding], &mut Suppressions::default(), &|_| {
            located.clone()
        });
    out.diagnostics = found;
    if keep_sources {
        out.text = text.map(Arc::from);
    }
    out
}

/// Lints one document's text with its profile.
fn lint_text(
    settings: &Settings,
    matched: &ProfileMatch,
    candidate: &Candidate,
    text: String,
    keep_sources: bool,
) -> FileResult {
    let profile = &matched.profile;
    let path = candidate.display.as_str();
    let source = SourceFile::new(path, text);
    let mut doc = parse_document(&source.text, profile, &candidate.fs_path);
    doc.is_part = matched.part;
    let doc = doc;
    let index = LineIndex::new(&source.text);
    // Drafts are work in progress; withdrawn documents will never be finished.
    let draft = matches!(
        doc.header_status().map(|s| s.class),
        Some(StatusClass::Draft | StatusClass::Withdrawn)
    );

    let sink = FileSink {
        settings,
        path,
        draft,
        profile: Some(profile),
    };
    let mut cx = Context::new(&source, &doc, profile, &settings.rule_options);
    for rule in PLAN_RULES {
        if sink.enabled(rule.id()) {
            cx.run(*rule);
        }
    }
    let mut findings = cx.into_findings();
    // Metadata that cannot be read is reported where it breaks; the rest is still linted.
    findings.extend(doc.metadata_errors.iter().map(|(span, why)| Finding {
        rule: RuleId::Unreadable,
        span: *span,
        message: format!("the metadata is {why}"),
        label: Some("plan-lint could not read the metadata from here".to_string()),
        secondary: Vec::new(),
        help: Some("fix the syntax; the rest of the document was still checked".to_string()),
        group: None,
        warning_only: false,
    }));
    let mut suppressions = Suppressions::from_comments(&doc.comments, &source.text, &index);
    let diagnostics = sink.emit(findings, &mut suppressions, &|f| {
        Located::finding_in_text(&source.text, &index, f)
    });
    let identity = plan_identity(&doc, profile, &source, &index);
    FileResult {
        path: path.to_string(),
        is_plan: true,
        report: true,
        diagnostics,
        suppressions,
        identity,
        draft,
        text: keep_sources.then(|| Arc::from(source.text)),
        profile: Some(profile.clone()),
        not_a_plan: None,
        gone: false,
    }
}

/// Parses a document with its profile: a sibling metadata file as metadata, Markdown
/// with the status its sibling metadata file gives it.
fn parse_document(text: &str, profile: &Profile, fs_path: &std::path::Path) -> PlanDocument {
    if profile.is_metadata_file(fs_path) {
        let mut doc = parse::metadata::parse_metadata(text, profile);
        doc.is_metadata = true;
        return doc;
    }
    let mut doc = parse::parse(text, &ParseOptions { profile });
    if let Some(name) = &profile.metadata.sibling
        && let Some(dir) = fs_path.parent()
        && let Ok(sibling) = crate::settings::read_template(&dir.join(name))
    {
        doc.external_status = parse::metadata::sibling_status(&sibling, profile);
    }
    doc
}

fn plan_identity(
    doc: &PlanDocument,
    profile: &Profile,
    source: &SourceFile,
    index: &LineIndex,
) -> Option<(PlanIdentity, LineCol, LineCol)> {
    let field = doc.header(FieldRole::Id)?;
    let label = field
        .def
        .and_then(|d| profile.fields.get(d))
        .map_or_else(|| "ID".to_string(), |d| d.label.clone());
    let family = profile
        .extends
        .clone()
        .unwrap_or_else(|| profile.name.clone());
    let span = field.value_span;
    let id = source.slice(span).trim();
    if id.is_empty() || doc.is_placeholder(span) {
        return None;
    }
    Some((
        PlanIdentity {
            path: source.path.clone(),
            id: id.to_string(),
            span,
            family,
            label,
            part: doc.is_part,
            complete: profile
                .fields
                .iter()
                .enumerate()
                .filter(|(_, def)| def.required)
                .all(|(i, def)| {
                    doc.header_field(i).is_some()
                        || def.role == FieldRole::Title && doc.title.is_some()
                }),
        },
        index.line_col(&source.text, span.start),
        index.line_col(&source.text, span.end),
    ))
}
