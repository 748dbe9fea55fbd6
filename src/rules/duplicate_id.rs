//! PL008 `duplicate-id`: a check across every plan of the repository.

use super::{Finding, RuleId};
use crate::source::Span;
use std::collections::BTreeMap;

pub(super) const DOC: &str = r#"# duplicate-id (PL008)

## What it does
Flags two or more plans in the repository that share a Plan ID. Each is flagged at its
Plan ID and names the other files. With `--changed-since` or named files, the changed
plans are still compared against every plan in the repository.

## Why
Plans are cited by ID in tickets, commits and other plans. Two plans with one ID make
every such reference ambiguous — usually a plan was copied and its ID never changed.

## Example
```markdown
<!-- docs/plans/billing.md -->
## Plan ID: PLAN-014
<!-- docs/plans/search.md -->
## Plan ID: PLAN-014
```

## How to fix
Give the newer plan the next free ID.
"#;

/// How many other plans a finding names.
const NAMED: usize = 3;

/// One plan's ID, as the cross-plan check needs it.
#[derive(Debug, Clone)]
pub struct PlanIdentity {
    /// Display path of the plan.
    pub path: String,
    /// The Plan ID as written.
    pub id: String,
    /// Where it is written.
    pub span: Span,
    /// The family whose IDs it shares a name space with (the profile, or the built-in
    /// it extends): a KEP number never collides with a plan's ID.
    pub family: String,
    /// The ID field's name in that family (`Plan ID`, `kep-number`).
    pub label: String,
}

/// Finds shared Plan IDs. Returns, for each affected plan (by index into `plans`), the
/// finding to add to it. IDs compare ignoring case and surrounding space.
pub fn find_duplicate_ids(plans: &[PlanIdentity]) -> Vec<(usize, Finding)> {
    let mut by_id: BTreeMap<(&str, String), Vec<usize>> = BTreeMap::new();
    for (i, plan) in plans.iter().enumerate() {
        let key = plan.id.trim().to_lowercase();
        if !key.is_empty() {
            by_id
                .entry((plan.family.as_str(), key))
                .or_default()
                .push(i);
        }
    }
    let mut out = Vec::new();
    for group in by_id.values().filter(|g| g.len() > 1) {
        for &i in group {
            let others: Vec<&str> = group
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| plans[j].path.as_str())
                .collect();
            // A handful of names says what to fix; a long list only buries the message.
            let mut listed = others
                .iter()
                .take(NAMED)
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ");
            if others.len() > NAMED {
                listed.push_str(&format!(" and {} more", others.len() - NAMED));
            }
            out.push((
                i,
                Finding {
                    rule: RuleId::DuplicateId,
                    span: plans[i].span,
                    message: format!(
                        "{} `{}` is also used by {listed}",
                        plans[i].label,
                        plans[i].id.trim()
                    ),
                    label: Some(format!("duplicate {}", plans[i].label)),
                    secondary: Vec::new(),
                    help: Some("give each plan its own ID".to_string()),
                },
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(path: &str, id: &str) -> PlanIdentity {
        PlanIdentity {
            path: path.into(),
            id: id.into(),
            span: Span::new(0, id.len()),
            family: "plan".into(),
            label: "Plan ID".into(),
        }
    }

    #[test]
    fn long_lists_are_cut() {
        let plans: Vec<_> = (0..6).map(|i| plan(&format!("p{i}.md"), "X-1")).collect();
        let found = find_duplicate_ids(&plans);
        assert!(
            found[0]
                .1
                .message
                .ends_with("`p1.md`, `p2.md`, `p3.md` and 2 more")
        );
    }

    #[test]
    fn each_duplicate_names_the_others() {
        let plans = [
            plan("a.md", "PLAN-1"),
            plan("b.md", "plan-1"),
            plan("c.md", "PLAN-2"),
        ];
        let found = find_duplicate_ids(&plans);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, 0);
        assert!(found[0].1.message.contains("`b.md`"));
        assert!(found[1].1.message.contains("`a.md`"));
    }
}
