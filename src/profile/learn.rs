//! Learning a profile from a template file.
//!
//! From any Markdown template plan-lint learns: the placeholder groups of every syntax
//! the template uses, the status vocabulary from a choice list in its status position,
//! its header and front-matter fields, its headings (to recognise documents written
//! from it) and each section's prompt text. A template of a built-in family extends
//! that built-in: the family's vocabulary stays, the template's own text is added.

use super::{
    FieldDef, FieldRole, KeyPlace, Origin, Profile, ProfileSet, SectionPrompt, Signature,
    StatusClass, StatusValue, builtin, normalize_heading, normalize_status,
};
use crate::model::{DateFormat, FieldStyle};
use crate::parse::placeholders::{PlaceholderMatcher, Syntax, is_choice};
use crate::parse::{self, ParseOptions};
use std::path::Path;

/// Templates larger than this are not learned.
pub const MAX_TEMPLATE_BYTES: usize = 1024 * 1024;

/// Why a template could not be learned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LearnError {
    /// Larger than [`MAX_TEMPLATE_BYTES`].
    TooLarge(usize),
    /// Not UTF-8.
    NotUtf8,
    /// Too little structure to recognise documents by (no header fields, few headings).
    NoStructure,
}

impl std::fmt::Display for LearnError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LearnError::TooLarge(n) => write!(
                f,
                "too large to learn ({n} bytes; the limit is {MAX_TEMPLATE_BYTES})"
            ),
            LearnError::NotUtf8 => f.write_str("not UTF-8 text"),
            LearnError::NoStructure => f.write_str(
                "too little structure to learn (fewer than three sections and no header fields)",
            ),
        }
    }
}

/// Whether a repository path names a template: a file name containing `template`, or
/// the `README.md` of a `NNNN-*-template/` folder. Issue and pull-request templates
/// (under `.github/`) are forms for GitHub, not document families.
pub fn is_template_path(rel: &str) -> bool {
    // Most paths are no template: rule them out before allocating.
    let ends = |suffix: &str| {
        rel.len() >= suffix.len()
            && rel.as_bytes()[rel.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
    };
    if !(ends(".md") || ends(".markdown"))
        || !rel
            .as_bytes()
            .windows(8)
            .any(|w| w.eq_ignore_ascii_case(b"template"))
    {
        return false;
    }
    let lower = rel.to_lowercase();
    if lower.starts_with(".github/") || lower.contains("/.github/") {
        return false;
    }
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    if name.contains("template") {
        return crate::discover::is_template_name(Path::new(name));
    }
    lower.rsplit('/').nth(1).is_some_and(|dir| {
        crate::discover::is_template_folder(dir)
            && matches!(name, "readme.md" | "readme.markdown" | "index.md")
    })
}

/// Words in status values and the lifecycle class they mean, for values a template
/// lists that the built-in vocabularies do not know.
const CLASS_WORDS: &[(&str, StatusClass)] = &[
    ("draft", StatusClass::Draft),
    ("proposed", StatusClass::Draft),
    ("proposal", StatusClass::Draft),
    ("provisional", StatusClass::Draft),
    ("wip", StatusClass::Draft),
    ("idea", StatusClass::Draft),
    ("review", StatusClass::Review),
    ("discussion", StatusClass::Review),
    ("pending", StatusClass::Review),
    ("open", StatusClass::Review),
    ("accepted", StatusClass::Approved),
    ("approved", StatusClass::Approved),
    ("implementable", StatusClass::Approved),
    ("final", StatusClass::Approved),
    ("decided", StatusClass::Approved),
    ("active", StatusClass::Active),
    ("running", StatusClass::Active),
    ("progress", StatusClass::Active),
    ("implementing", StatusClass::Active),
    ("started", StatusClass::Active),
    ("done", StatusClass::Done),
    ("complete", StatusClass::Done),
    ("completed", StatusClass::Done),
    ("implemented", StatusClass::Done),
    ("finished", StatusClass::Done),
    ("shipped", StatusClass::Done),
    ("released", StatusClass::Done),
    ("rejected", StatusClass::Withdrawn),
    ("withdrawn", StatusClass::Withdrawn),
    ("deprecated", StatusClass::Withdrawn),
    ("superseded", StatusClass::Withdrawn),
    ("replaced", StatusClass::Withdrawn),
    ("cancelled", StatusClass::Withdrawn),
    ("canceled", StatusClass::Withdrawn),
    ("postponed", StatusClass::Withdrawn),
    ("deferred", StatusClass::Withdrawn),
    ("abandoned", StatusClass::Withdrawn),
    ("obsolete", StatusClass::Withdrawn),
    // Sent back to its author (`Returned for revision`) or left to lapse: no longer
    // under way in this form.
    ("returned", StatusClass::Withdrawn),
    ("expired", StatusClass::Withdrawn),
    ("retired", StatusClass::Withdrawn),
];

/// The class a status value's words suggest; a value no word explains is treated as
/// under review (it neither softens findings nor demands sign-offs).
pub fn guess_class(value: &str) -> StatusClass {
    class_of_words(value).unwrap_or(StatusClass::Review)
}

/// The class the first status word of `value` names (`Implemented (Swift 5.9)` → done),
/// if any word is one.
pub fn class_of_words(value: &str) -> Option<StatusClass> {
    let norm = normalize_status(value);
    norm.split(' ')
        .find_map(|w| CLASS_WORDS.iter().find(|(k, _)| *k == w).map(|(_, c)| *c))
}

/// Key words and the role a field named with them plays.
const ROLE_WORDS: &[(&str, FieldRole)] = &[
    ("status", FieldRole::Status),
    ("state", FieldRole::Status),
    ("author", FieldRole::Author),
    ("authors", FieldRole::Author),
    ("owner", FieldRole::Author),
    ("owners", FieldRole::Author),
    ("approvers", FieldRole::Approvers),
    ("approver", FieldRole::Approvers),
    ("deciders", FieldRole::Approvers),
    ("decision-makers", FieldRole::Approvers),
    ("version", FieldRole::Version),
    ("title", FieldRole::Title),
    ("date", FieldRole::Date),
    ("created", FieldRole::Date),
    ("id", FieldRole::Id),
];

/// The role a template's field plays, from its key.
pub fn guess_role(key: &str) -> FieldRole {
    if let Some((_, role)) = ROLE_WORDS.iter().find(|(k, _)| *k == key) {
        return *role;
    }
    let words: Vec<&str> = key.split([' ', '-', '_']).collect();
    match words.last().copied() {
        Some("id" | "number") if words.len() <= 3 => FieldRole::Id,
        Some("status") => FieldRole::Status,
        Some("date") if words.len() <= 2 && !key.contains("review") && !key.contains("end") => {
            FieldRole::Date
        }
        _ => FieldRole::Other,
    }
}

/// Which placeholder syntaxes a template uses, judged from its prose.
fn syntaxes_of(text: &str) -> Vec<Syntax> {
    let mut out = vec![Syntax::Square];
    let blocks = parse::scan_blocks(text, builtin::plan_profile());
    let prose: String = blocks
        .prose
        .iter()
        .map(|s| &text[s.range()])
        .collect::<Vec<_>>()
        .join("\n");
    let groups = |open: char, close: char| {
        let mut count = 0;
        let mut depth_start: Option<usize> = None;
        for (i, c) in prose.char_indices() {
            if c == open {
                depth_start = Some(i);
            } else if c == close
                && let Some(start) = depth_start.take()
                && prose[start + 1..i].contains(' ')
            {
                count += 1;
            }
        }
        count
    };
    if groups('{', '}') >= 2 {
        out.push(Syntax::Curly);
    }
    if groups('<', '>') >= 2 {
        out.push(Syntax::Angle);
    }
    if prose.to_lowercase().contains("(fill ") {
        out.push(Syntax::FillMeIn);
    }
    if blocks.links.iter().any(|l| l.dest.contains("0000")) {
        out.push(Syntax::ZeroLink);
    }
    out
}

/// A display name for a learned profile: the template's file name, or its folder when
/// the file is a README (`keps/NNNN-kep-template/README.md` → `NNNN-kep-template`).
fn profile_name(display: &str) -> String {
    let path = Path::new(display);
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("template");
    if stem.eq_ignore_ascii_case("readme")
        && let Some(dir) = path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|d| d.to_str())
    {
        return dir.to_string();
    }
    stem.to_string()
}

/// Learns a profile from the template `text`. `display` is the template's path as shown
/// to users; `builtins` are the families a template may extend.
pub fn learn(
    text: &str,
    display: &str,
    origin: Origin,
    builtins: &ProfileSet,
) -> Result<Profile, LearnError> {
    if text.len() > MAX_TEMPLATE_BYTES {
        return Err(LearnError::TooLarge(text.len()));
    }
    let shape = super::DocumentShape::of(text);
    let family = builtins
        .match_shape(Path::new(display), &shape)
        .map(|m| m.profile);
    let syntaxes = syntaxes_of(text);
    let mut profile = match &family {
        Some(base) => {
            let mut p = (**base).clone();
            p.extends = Some(base.name.clone());
            p
        }
        None => builtin::blank(&profile_name(display), "document"),
    };
    profile.name = profile_name(display);
    if family.is_none() {
        profile.noun = "document".to_string();
    }
    profile.origin = origin;
    let mut all_syntaxes = syntaxes.clone();
    for s in profile.placeholders.syntaxes() {
        if !all_syntaxes.contains(s) {
            all_syntaxes.push(*s);
        }
    }
    let loose = profile.placeholders.loose_instructions();
    profile.placeholders =
        PlaceholderMatcher::from_template(text, &all_syntaxes).with_loose_instructions(loose);

    // Parse the template with what is known so far, to read its fields and sections.
    let doc = parse::parse(text, &ParseOptions { profile: &profile });
    let front_matter = !shape.front_keys.is_empty();
    let field_lines: Vec<usize> = doc
        .fields
        .iter()
        .map(|f| line_start_of(text, f.key_span.start))
        .collect();
    let header_fields: Vec<&crate::model::Field> = doc
        .fields
        .iter()
        .filter(|f| {
            f.in_header
                || f.style == FieldStyle::FrontMatter
                || f.key_span.start < doc.header_end
                || family.is_none()
                    && f.key_span.start < first_section_start(&doc)
                    && !continues_prose(text, f, &field_lines)
        })
        .collect();
    let mut optional_keys = Vec::new();
    if family.is_none() {
        for f in &header_fields {
            if profile.field_for_key(&f.key).is_some() || f.key.is_empty() {
                continue;
            }
            let line_end = text[f.value_span.end..]
                .find('\n')
                .map_or(text.len(), |i| f.value_span.end + i);
            let hint = text[f.value_span.start..line_end].to_lowercase();
            let optional = OPTIONAL_HINTS.iter().any(|h| hint.contains(h))
                || introduced_as_optional(text, f.key_span.start, &field_lines);
            if optional {
                optional_keys.push(f.key.clone());
            }
            // `Author` for the template's `Authors` (and `Bugs` for `Bug`): the same field,
            // unless the template has both.
            let keys = number_variants(&f.key)
                .into_iter()
                .filter(|k| *k == f.key || !header_fields.iter().any(|other| other.key == *k))
                .collect();
            profile.fields.push(FieldDef {
                label: text[f.key_span.range()]
                    .trim_matches(['*', '_', ' '])
                    .to_string(),
                keys,
                role: guess_role(&f.key),
                required: !optional && !front_matter,
            });
        }
    }

    // A `YYYY-MM-DD` hint in a header field: dates are written that way, or in words
    // (`March 3, 2025` is unambiguous); other numeric forms are not what it asks for.
    if header_fields.iter().any(|f| {
        text[f.value_span.range()]
            .to_ascii_lowercase()
            .contains("yyyy-mm-dd")
    }) {
        profile.date_formats = Some(vec![DateFormat::Iso, DateFormat::Long]);
    }

    // The status vocabulary: a choice list in the status position.
    if let Some(status) = header_fields.iter().find(|f| {
        profile
            .field_for_key(&f.key)
            .is_some_and(|(_, d)| d.role == FieldRole::Status)
    }) {
        learn_statuses(&mut profile, &text[status.value_span.range()]);
    }

    // The sign-off section's shape: a section whose body asks for names and dates
    // (`| Role | Name | Date |`, `- **Lead**: [Name] - [Date]`) under a heading the
    // usual sign-off words miss (`Decision makers`) is a sign-off section of this family.
    let bodies = parse::section_bodies(text, &profile);
    let mut signoff_headings = Vec::new();
    for (i, heading) in doc.headings.iter().enumerate() {
        // A change log and a milestone list ask for names and dates too; they are not
        // sign-offs.
        if heading.is_field
            || profile.sections.signoff.is_match(&heading.text)
            || profile.sections.change_log.is_match(&heading.text)
            || profile.sections.milestones.is_match(&heading.text)
        {
            continue;
        }
        let Some(body) = bodies.get(i) else { continue };
        let lower = text[body.range()].to_lowercase();
        let asks_names = lower.contains("[name]")
            || lower.contains("<name>")
            || lower.contains("{name}")
            || lower.contains("| name");
        let asks_dates = lower.contains("date");
        if asks_names && asks_dates && !heading.text.trim().is_empty() {
            signoff_headings.push(regex::escape(heading.text.trim()));
        }
    }
    if !signoff_headings.is_empty() {
        let pattern = format!(
            "{}|(?i:^(?:{})$)",
            profile.sections.signoff.as_str(),
            signoff_headings.join("|")
        );
        if let Ok(re) = regex::Regex::new(&pattern) {
            profile.sections.signoff = re;
        }
    }

    // Headings and prompts.
    let mut headings = Vec::new();
    for (i, heading) in doc.headings.iter().enumerate() {
        if heading.is_field || doc.placeholders_in(heading.text_span).next().is_some() {
            continue;
        }
        let name = normalize_heading(&heading.text);
        if name.is_empty() || heading.level == 1 && i == 0 {
            continue;
        }
        headings.push(name.clone());
        if let Some(body) = bodies.get(i) {
            let said = parse::body_text(text, *body, &doc.comments);
            // A checklist is kept and ticked, not replaced: it is no prompt. Nor is a
            // table of contents, which every document of the family lists alike.
            let checklist = said.contains("[ ]") || said.contains("[x]");
            if !said.is_empty()
                && !checklist
                && !names_a_status(&profile, &said)
                && !is_table_of_contents(&text[body.range()])
                && !profile.prompts.iter().any(|p| p.heading == name)
            {
                profile.prompts.push(SectionPrompt {
                    heading: name,
                    text: said,
                });
            }
        }
    }
    headings.sort();
    headings.dedup();
    for h in &headings {
        if !profile.known_headings.contains(h) {
            profile.known_headings.push(h.clone());
        }
    }
    profile.known_headings.sort();
    let keys: Vec<String> = header_fields.iter().map(|f| f.key.clone()).collect();
    if family.is_none() && keys.is_empty() && headings.len() < 3 {
        return Err(LearnError::NoStructure);
    }
    profile.signature = match &family {
        // Documents of a built-in family are recognised as the family's are; the
        // template's own headings and keys count as more evidence.
        Some(base) => {
            let mut sig = base.signature.clone();
            for k in keys {
                if !sig.keys.contains(&k) {
                    sig.keys.push(k);
                }
            }
            for h in headings {
                if !sig.headings.contains(&h) {
                    sig.headings.push(h);
                }
            }
            sig.min_share = 0.0;
            // A family recognised only by its decisive key or title (the plan) gets a
            // structural reading from its template; it needs a real overlap, not three
            // common keys such as Status, Author and Date.
            if base.signature.keys.is_empty() && base.signature.headings.is_empty() {
                sig.min_keys = sig.keys.len().min(2);
                sig.min_headings = sig.headings.len().min(3);
                sig.min_share = 0.3;
            }
            sig
        }
        None => Signature {
            optional_keys,
            min_keys: keys.len().min(2),
            min_headings: headings.len().min(3),
            min_share: 0.5,
            key_place: if front_matter {
                KeyPlace::FrontMatter
            } else {
                KeyPlace::Any
            },
            keys,
            headings,
            ..Signature::default()
        },
    };
    Ok(profile)
}

/// The byte offset where the line holding `at` starts.
fn line_start_of(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// Whether a plain `key: value` line continues a paragraph of prose (`…you can find
/// this link by\nbrowsing the PR branch: from the PR page…`): the line before it is
/// text but no field. A template's instructions wrap like that; its fields do not.
fn continues_prose(text: &str, field: &crate::model::Field, field_lines: &[usize]) -> bool {
    if field.style != FieldStyle::Plain {
        return false;
    }
    let start = line_start_of(text, field.key_span.start);
    let Some(previous_end) = start.checked_sub(1) else {
        return false;
    };
    let previous_start = line_start_of(text, previous_end);
    !text[previous_start..previous_end].trim().is_empty() && !field_lines.contains(&previous_start)
}

/// Whether the list of fields `at` stands in follows a line that calls them optional
/// (`*During the review, add the following fields as needed:*`).
fn introduced_as_optional(text: &str, at: usize, field_lines: &[usize]) -> bool {
    let mut line = line_start_of(text, at);
    while let Some(end) = line.checked_sub(1) {
        let start = line_start_of(text, end);
        let above = &text[start..end];
        if !above.trim().is_empty() && !field_lines.contains(&start) {
            let above = above.to_lowercase();
            return OPTIONAL_HINTS.iter().any(|h| above.contains(h));
        }
        line = start;
    }
    false
}

/// What a template writes in a field's value to say it may be left out
/// (`*if applicable* [Vision Name](…)`, `[optional]`).
const OPTIONAL_HINTS: &[&str] = &[
    "optional",
    "if applicable",
    "where applicable",
    "if any",
    "if relevant",
    "if needed",
    "if appropriate",
    "as needed",
];

/// A normalised key and its other grammatical number: `authors` → `author`,
/// `author(s)`; `bug` → `bugs`, `bug(s)`; `author(s)` → `author`, `authors`. The key
/// itself comes first.
fn number_variants(key: &str) -> Vec<String> {
    let base = if let Some(stem) = key.strip_suffix("(s)") {
        stem.trim_end()
    } else if key.len() > 3 && key.ends_with('s') && !key.ends_with("ss") {
        &key[..key.len() - 1]
    } else {
        key
    };
    let mut out = vec![key.to_string()];
    if base.is_empty() || !base.ends_with(|c: char| c.is_alphabetic()) {
        return out;
    }
    for variant in [base.to_string(), format!("{base}s"), format!("{base}(s)")] {
        if !out.contains(&variant) {
            out.push(variant);
        }
    }
    out
}

/// Whether a section body is no more than a status value (`## Status` then `Proposed`):
/// what a template fills in for the writer, which a document may well keep, not a
/// prompt to replace.
fn names_a_status(profile: &Profile, said: &str) -> bool {
    let normal = normalize_status(said);
    normal.split(' ').count() <= 3
        && (profile.statuses.read(said).is_some()
            || normal
                .split(' ')
                .any(|w| CLASS_WORDS.iter().any(|(word, _)| *word == w)))
}

/// Whether a section body is a table of contents: every line a list item that links
/// within the document (`- [Summary](#summary)`), HTML comments and blank lines aside.
fn is_table_of_contents(body: &str) -> bool {
    let mut links = 0;
    for line in body.lines().map(str::trim) {
        if line.is_empty() || line.starts_with("<!--") || line.ends_with("-->") {
            continue;
        }
        let item = line.trim_start_matches(['-', '*', '+', ' ']);
        if !(item.starts_with('[') && item.contains("](#")) {
            return false;
        }
        links += 1;
    }
    links > 0
}

fn first_section_start(doc: &crate::model::PlanDocument) -> usize {
    doc.headings
        .iter()
        .find(|h| h.level >= 2 && !h.is_field)
        .map_or(usize::MAX, |h| h.span.start)
}

/// Adds the values of a status choice list (`[Draft/Review/…]`,
/// `{proposed | rejected | … }`, `a|b|c`) to the profile's vocabulary; a `…` makes it open.
fn learn_statuses(profile: &mut Profile, value: &str) {
    let inner = value.trim_matches(|c: char| "[]{}()\"'<> ".contains(c));
    if !is_choice(inner) {
        return;
    }
    let piped = inner.contains('|');
    for part in inner.split(if piped { '|' } else { '/' }) {
        let part = part.trim();
        if matches!(part, "…" | "...") {
            profile.statuses.open = true;
            continue;
        }
        if part.is_empty() {
            continue;
        }
        // `superseded by ADR-0123`: the words before the reference are the status.
        let words: Vec<&str> = part
            .split_whitespace()
            .take_while(|w| w.chars().all(char::is_alphabetic))
            .collect();
        let phrase = normalize_status(&words.join(" "));
        if phrase.is_empty() || profile.statuses.read(&phrase).is_some() {
            continue;
        }
        profile.statuses.values.push(StatusValue {
            label: words.join(" "),
            phrases: vec![phrase],
            class: guess_class(part),
        });
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_table_of_contents_is_no_prompt() {
        use super::is_table_of_contents;
        assert!(is_table_of_contents(
            "\n<!-- toc -->\n- [Summary](#summary)\n  - [Goals](#goals)\n<!-- /toc -->\n"
        ));
        assert!(!is_table_of_contents(
            "Describe the [goals](#goals) of this change.\n"
        ));
        assert!(!is_table_of_contents("\n"));
    }

    use super::*;

    #[test]
    fn a_status_a_template_fills_in_is_no_prompt() {
        let builtins = ProfileSet::new(builtin::all().to_vec(), std::path::PathBuf::new());
        let template = "# Decision: [Title]\n\n## Status\n\nProposed\n\n## Context\n\n\
                        What is the issue that we are seeing?\n\n## Decision\n\n\
                        What change are we making?\n\n## Consequences\n\nWhat follows?\n";
        let profile = learn(
            template,
            "adr-template.md",
            Origin::Discovered("adr-template.md".into()),
            &builtins,
        )
        .expect("learned");
        let headings: Vec<&str> = profile.prompts.iter().map(|p| p.heading.as_str()).collect();
        assert!(!headings.contains(&"status"), "{headings:?}");
        assert!(headings.contains(&"context"), "{headings:?}");
        // A status prompt that asks a question is a prompt.
        let asking = template.replace(
            "Proposed",
            "What is the status, such as proposed, accepted, rejected or superseded?",
        );
        let profile = learn(
            &asking,
            "adr-template.md",
            Origin::Discovered("adr-template.md".into()),
            &builtins,
        )
        .expect("learned");
        assert!(profile.prompts.iter().any(|p| p.heading == "status"));
    }

    #[test]
    fn template_paths() {
        assert!(is_template_path("0000-template.md"));
        assert!(is_template_path("docs/adr/adr-template.md"));
        assert!(is_template_path("keps/NNNN-kep-template/README.md"));
        assert!(!is_template_path(
            "keps/sig-node/5978-claim-template/README.md"
        ));
        assert!(!is_template_path(".github/PULL_REQUEST_TEMPLATE.md"));
        assert!(!is_template_path("docs/templates.txt"));
        assert!(!is_template_path("docs/plan.md"));
    }

    #[test]
    fn classes_and_roles_from_words() {
        assert_eq!(
            guess_class("superseded by ADR-0005"),
            StatusClass::Withdrawn
        );
        assert_eq!(guess_class("Implementable"), StatusClass::Approved);
        assert_eq!(guess_class("on hold"), StatusClass::Review);
        assert_eq!(guess_role("owner"), FieldRole::Author);
        assert_eq!(guess_role("decision id"), FieldRole::Id);
        assert_eq!(guess_role("review date"), FieldRole::Other);
    }
}
