//! PL005 `status-mismatch`.

use super::{Context, Rule, RuleId};
use crate::profile::{Status, StatusClass};
use crate::source::Span;

pub(super) const DOC: &str = r#"# status-mismatch (PL005)

## What it does
Flags a plan whose status contradicts itself:

- the `Status` field and the `**Plan Status**:` line disagree;
- none, or several, of the Plan Status boxes are ticked;
- the Status is not a known value (Draft, In Review, Approved, In Progress, Completed;
  case and emoji are ignored, so `✅ COMPLETE` is Completed);
- the Status is Completed while checklist items (tasks, deliverables, milestones, gates)
  are unchecked — one finding at the Status field, with a label on each unchecked item;
- a section heading says its phase or milestone is complete (`### Phase 1: Foundation —
  COMPLETE`, `## Milestone 2 (✅ Done)`) while checklist items under it are unchecked;
- a warning when the status was never updated: every one of three or more checklist
  items is ticked while the Status is still Draft, In Review or Approved.

Statuses read generously: `Accepted` and `Ready to Begin` are Approved, `Proposal` is
Draft, `Blocked` and `On hold` are On Hold (active), `PASS` and `Implemented` are
Completed, `Cancelled` and `Superseded` are withdrawn. A status that is still unknown
can be declared with its lifecycle class in a `[[profile]]` table.

## Why
Readers trust the header. A header that says Completed over an unfinished checklist
sends them the wrong way.

## Example
```markdown
## Status: Completed
...
- [ ] Load test the new endpoint
```

## How to fix
Tick what is done, or set the Status to what is true, and keep the Plan Status line in
step with the Status field.
"#;

/// Reports a Plan Status line that says another status than the Status field.
fn disagreement(
    cx: &mut Context<'_>,
    at: Span,
    line_status: Status,
    field_status: Status,
    field: Span,
) {
    let statuses = &cx.profile.statuses;
    let message = format!(
        "the Plan Status line says {} but the Status field says {}",
        statuses.label(line_status),
        statuses.label(field_status)
    );
    cx.report(at, message)
        .label("disagrees with the Status field")
        .secondary(field, "Status field")
        .help("make the Status field and the Plan Status line agree");
}

/// Checks the status field against the status line and the checklist.
pub struct StatusMismatch;

/// How many unchecked items get their own label before the rest are only counted.
const MAX_ITEM_LABELS: usize = 10;

/// How many checklist items, all ticked, show that a Draft or Approved status is stale
/// (one or two ticked boxes say little).
const MIN_ITEMS_FOR_STALE: usize = 3;

/// The status a section heading claims for its phase or milestone: the words after
/// its last `:`, ` - `, ` — `, `(` or `[`, or after a ✅, read as a status
/// (`Phase 1: Foundation — COMPLETE`). A heading that is only a sentence ("Complete the
/// migration") claims nothing.
fn heading_claim(text: &str) -> Option<&str> {
    const SEPARATORS: [&str; 8] = [":", " - ", " – ", " — ", "(", "[", "✅", "|"];
    // The claim follows the separator that ends last: found scanning back from the end
    // (one pass, where a search per separator cost 2% of a full run).
    let cut = (1..=text.len()).rev().find(|&end| {
        SEPARATORS
            .iter()
            .any(|sep| text.as_bytes()[..end].ends_with(sep.as_bytes()))
    })?;
    let claim = text[cut..].trim_matches(|c: char| !c.is_alphanumeric());
    (!claim.is_empty() && claim.split_whitespace().count() <= 2).then_some(claim)
}

/// Flags phase and milestone headings that say complete over unchecked items. Each
/// unchecked item counts for the nearest heading above it that claims completion, so a
/// step and its phase marked complete over one open item make one finding.
fn phases_marked_complete(cx: &mut Context<'_>) {
    let doc = cx.doc;
    let statuses = &cx.profile.statuses;
    let claims: Vec<Option<Status>> = doc
        .headings
        .iter()
        .map(|heading| {
            if heading.is_field || heading.level == 1 && cx.profile.title_is_h1 {
                return None;
            }
            let claim = heading_claim(&heading.text)?;
            let status = statuses.read(claim)?;
            // Only a claim that is wholly a status (`Done`), not one that starts with
            // one (`Done criteria`).
            let exact = crate::profile::normalize_status(claim);
            (status.class == StatusClass::Done
                && statuses.values[status.value].phrases.contains(&exact))
            .then_some(status)
        })
        .collect();
    let mut open: Vec<Vec<Span>> = vec![Vec::new(); doc.headings.len()];
    for item in doc.checklist.iter().filter(|c| !c.checked) {
        let Some(section) = item.section else {
            continue;
        };
        let claimed = doc.section_and_ancestors(section).find_map(|h| {
            let i = doc.headings.iter().position(|x| std::ptr::eq(x, h))?;
            claims[i].is_some().then_some(i)
        });
        if let Some(i) = claimed {
            open[i].push(item.span);
        }
    }
    for (i, items) in open.iter().enumerate() {
        let (Some(status), false) = (claims[i], items.is_empty()) else {
            continue;
        };
        let heading = &doc.headings[i];
        let label = statuses.label(status).to_string();
        let finding = cx
            .report(
                heading.text_span,
                format!(
                    "section {} says {label}, but {} checklist item{} under it still unchecked",
                    crate::diagnostic::code(&heading.text),
                    items.len(),
                    if items.len() == 1 { " is" } else { "s are" }
                ),
            )
            .label(format!("says {label}"))
            .help("tick the items that are done, or take the claim off the heading");
        for span in items.iter().take(MAX_ITEM_LABELS) {
            finding.secondary(*span, "unchecked");
        }
    }
}

impl Rule for StatusMismatch {
    fn id(&self) -> RuleId {
        RuleId::StatusMismatch
    }

    fn check(&self, cx: &mut Context<'_>) {
        let doc = cx.doc;
        let field = doc.status.as_ref().filter(|s| !s.is_placeholder);
        let statuses = &cx.profile.statuses;
        if let Some(f) = field
            && f.status.is_none()
            && !statuses.open
            && !statuses.values.is_empty()
            && !cx.text(f.span).trim().is_empty()
        {
            let known = statuses.labels().join(", ");
            let value = cx.text(f.span).trim();
            let family = cx.profile.extends.as_deref().unwrap_or(&cx.profile.name);
            let help = format!(
                "use one of: {known}; or declare it with its lifecycle class in plan-lint.toml: \
                 `[[profile]]` `name = \"team\"`, `extends = \"{family}\"`, \
                 `statuses = {{ \"{}\" = \"active\" }}` (draft, review, approved, active, \
                 done or withdrawn)",
                crate::profile::normalize_status(value),
            );
            cx.report(
                f.span,
                format!(
                    "unknown status {}: not one of the {} profile's statuses",
                    crate::diagnostic::code(value),
                    cx.profile.name
                ),
            )
            .label("not a known status")
            .help(help);
        }
        let field_status = field.and_then(|f| f.status);

        if let Some(line) = &doc.status_line {
            let ticked: Vec<_> = line.boxes.iter().filter(|b| b.checked).collect();
            if !line.boxes.is_empty() {
                match ticked.as_slice() {
                    [] => {
                        cx.report(line.span, "no box is ticked on the Plan Status line")
                            .label("tick the one box that is true")
                            .help("tick exactly one status, matching the Status field");
                    }
                    [one] => {
                        if let (Some(f), Some(line_status), Some(fs)) =
                            (field, one.status, field_status)
                            && line_status.class != fs.class
                        {
                            disagreement(cx, one.span, line_status, fs, f.span);
                        }
                    }
                    [first, rest @ ..] => {
                        let finding = cx
                            .report(
                                line.span,
                                format!(
                                    "{} boxes are ticked on the Plan Status line",
                                    ticked.len()
                                ),
                            )
                            .label("only one status can be true")
                            .help("tick exactly one status");
                        finding.secondary(first.span, "ticked");
                        for b in rest {
                            finding.secondary(b.span, "ticked");
                        }
                    }
                }
            } else if let (Some(f), Some(line_status), Some(fs)) = (field, line.value, field_status)
                && line_status.class != fs.class
            {
                disagreement(cx, line.span, line_status, fs, f.span);
            }
        }

        phases_marked_complete(cx);
        if let (Some(f), Some(status)) = (field, field_status)
            && matches!(
                status.class,
                StatusClass::Draft | StatusClass::Review | StatusClass::Approved
            )
            && cx.profile.sections.done_checklist.is_none()
            && doc.checklist.len() >= MIN_ITEMS_FOR_STALE
            && doc.checklist.iter().all(|c| c.checked)
        {
            let label = cx.profile.statuses.label(status).to_string();
            let done = cx
                .profile
                .statuses
                .values
                .iter()
                .find(|v| v.class == StatusClass::Done)
                .map_or("done", |v| v.label.as_str())
                .to_string();
            let noun = cx.profile.noun.clone();
            cx.report(
                f.span,
                format!(
                    "every one of the {} checklist items is ticked, but the {noun} is still {label}",
                    doc.checklist.len()
                ),
            )
            .label("status never updated?")
            .help(format!(
                "set the Status to what is true ({done}, if the work is finished)"
            ))
            .warning_only();
        }

        let Some(done) = field_status
            .or(doc.external_status)
            .filter(|s| s.class == StatusClass::Done)
        else {
            return;
        };
        let done_label = cx.profile.statuses.label(done).to_string();
        // A phase file's status is its own, not the plan's.
        let noun = if doc.is_part {
            "phase"
        } else {
            cx.profile.noun.as_str()
        };
        let statuses = &cx.profile.statuses.values;
        let not_done = statuses
            .iter()
            .find(|v| v.class == StatusClass::Active)
            .or_else(|| statuses.iter().find(|v| v.class == StatusClass::Approved))
            .map_or("what is true", |v| v.label.as_str());
        let must_be_ticked = |section: Option<usize>| match &cx.profile.sections.done_checklist {
            None => true,
            Some(pattern) => section.is_some_and(|i| {
                doc.section_and_ancestors(i)
                    .any(|h| pattern.is_match(&h.text))
            }),
        };
        let open: Vec<_> = doc
            .checklist
            .iter()
            .filter(|c| !c.checked && must_be_ticked(c.section))
            .collect();
        // The finding stands at the Status field, or (metadata beside the document) at
        // the checklist's heading.
        let at = field.map(|f| f.span).or_else(|| {
            open.first()
                .and_then(|c| c.section)
                .and_then(|i| doc.headings.get(i))
                .map(|h| h.text_span)
                .or_else(|| open.first().map(|c| c.span))
        });
        if let Some(at) = at
            && !open.is_empty()
        {
            let finding = cx
                .report(
                    at,
                    format!(
                        "the {noun} is {done_label} but {} checklist item{} still unchecked",
                        open.len(),
                        if open.len() == 1 { " is" } else { "s are" }
                    ),
                )
                .label(format!("status says {done_label}"))
                .help(format!(
                    "tick the items that are done, or set the Status to {not_done}"
                ));
            for item in open.iter().take(MAX_ITEM_LABELS) {
                finding.secondary(item.span, "unchecked");
            }
        }
        for marker in &doc.unresolved {
            cx.report(
                *marker,
                format!("an UNRESOLVED block remains, but the {noun} is {done_label}"),
            )
            .label("open question")
            .help("resolve the question and remove the block, or move the status back");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::heading_claim;

    #[test]
    fn a_heading_claims_the_words_after_its_last_separator() {
        assert_eq!(
            heading_claim("Phase 1: Foundation — COMPLETE"),
            Some("COMPLETE")
        );
        assert_eq!(heading_claim("Step 2 (Done)"), Some("Done"));
        assert_eq!(heading_claim("Rollout | ✅ Done"), Some("Done"));
        assert_eq!(heading_claim("Milestones ✅"), None);
        assert_eq!(heading_claim("Phase 3 - In Progress"), Some("In Progress"));
        assert_eq!(heading_claim("Phase 4: Wire the new billing path"), None);
        assert_eq!(heading_claim("Complete the migration"), None);
        assert_eq!(heading_claim("Étape 1 : Terminé"), Some("Terminé"));
    }
}
