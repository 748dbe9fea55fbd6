//! PL002 `missing-signoff`.

use super::{Context, Rule, RuleId};
use crate::model::DateValue;
use crate::profile::FieldRole;

pub(super) const DOC: &str = r#"# missing-signoff (PL002)

## What it does
Flags a review or sign-off entry that has no real name or no real date (empty, or still
template text), and a plan whose Status is Approved, In Progress or Completed that has
no sign-off entries at all (reported at the Status field). Entries are the list items,
checkbox items and table rows under headings such as `Review Process`, `Sign-off` or
`Approvals`, and the `Approved By` field. With `required-roles` configured, a role with
no entry is flagged too.

## Why
An approval that names nobody, or was never dated, is no approval: the plan looks
signed off when it is not.

## Example
```markdown
### 12.2 Sign-off
- **Technical Lead**: [Name] - [Date]
- **Product Owner**: Jane Roe -
```

## How to fix
Write who signed and when: `- **Technical Lead**: Jane Roe - 2025-03-01`. If the
sign-off has not happened yet, keep the plan's Status at Draft or In Review.
"#;

/// Checks every sign-off entry, the presence of sign-offs, and required roles.
pub struct MissingSignoff;

/// The end of the message for a document that records no sign-off at all: a companion
/// file of a plan (its parent holds the sign-offs) drops these.
pub const NO_SIGNOFF: &str = "records no sign-off";

impl Rule for MissingSignoff {
    fn id(&self) -> RuleId {
        RuleId::MissingSignoff
    }

    fn check(&self, cx: &mut Context<'_>) {
        let doc = cx.doc;
        for entry in &doc.signoffs {
            // Under review, the final approval cannot be given yet.
            if doc.signoff_not_due(entry, &cx.profile.sections.final_roles) {
                continue;
            }
            let role = cx.text(entry.role_span).trim_matches(['*', '_', ' ']);
            let no_date = entry
                .date
                .and_then(|i| doc.dates.get(i))
                .is_some_and(|d| d.value == DateValue::Missing);
            let no_name = if entry.names_no_one {
                "names a role or a topic, not who signed off"
            } else {
                "has no name"
            };
            let role = crate::diagnostic::code(role);
            let message = match (entry.name.is_none(), no_date) {
                (true, true) if entry.names_no_one => {
                    format!("sign-off {role} {no_name}, and has no date")
                }
                (true, true) => format!("sign-off {role} has no name and no date"),
                (true, false) => format!("sign-off {role} {no_name}"),
                (false, true) => format!("sign-off {role} has no date"),
                (false, false) => continue,
            };
            let unsigned = entry.name.is_none() && no_date;
            let title_is_h1 = cx.profile.title_is_h1;
            let finding = cx.report(entry.span, message);
            finding
                .label("not signed off")
                .help("write who signed off and the date, e.g. `Jane Roe - 2025-03-01`");
            // Entries of one section that nobody has signed yet are one finding when many.
            if unsigned {
                let (key, name) = doc.top_section_of(entry.span.start, title_is_h1);
                finding.group = Some(crate::diagnostic::Group {
                    key,
                    name,
                    noun: "sign-offs not given",
                    help: "write who signed off and when, e.g. `Jane Roe - 2025-03-01`",
                    item: role.to_string(),
                    suffix: String::new(),
                });
            }
        }

        let status = doc.status.as_ref().and_then(|s| s.status);
        // A phase file's sign-offs are its parent plan's.
        if doc.signoffs.is_empty()
            && !doc.is_part
            && cx.profile.requires_signoff
            && let Some(status) = status
            && status.class.needs_signoff()
            && let Some(field) = doc.header(FieldRole::Status)
        {
            let label = cx.profile.statuses.label(status);
            cx.report(
                field.key_span,
                format!("the {} is {label} but {NO_SIGNOFF}", cx.profile.noun),
            )
            .label("no review or sign-off entries in this plan")
            .help("add a Sign-off section naming who approved the plan and when");
        }

        let required = &cx.options.required_roles;
        for role in required {
            let wanted = role.to_lowercase();
            if doc.signoffs.iter().any(|s| s.role.contains(&wanted)) {
                continue;
            }
            let at = doc
                .headings
                .iter()
                .find(|h| h.is(crate::model::SectionKind::SignOff))
                .map(|h| h.text_span)
                .or_else(|| doc.header(FieldRole::Status).map(|f| f.key_span))
                .or_else(|| doc.title.as_ref().map(|t| t.text_span))
                .unwrap_or_default();
            cx.report(
                at,
                format!(
                    "no sign-off from the required role {}",
                    crate::diagnostic::code(role)
                ),
            )
            .help(
                "add an entry such as `- **Role**: Name - YYYY-MM-DD`, or change `required-roles`",
            );
        }
    }
}
