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
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// Whether the document is one part of a split plan (a phase file).
    pub part: bool,
    /// Whether its header has every required field: a whole plan, not a companion
    /// file that repeats the plan's ID.
    pub complete: bool,
}

impl PlanIdentity {
    /// What two plans must share to share an ID: the family, and the ID ignoring case
    /// and surrounding space (empty for an empty ID, which is never shared).
    pub fn shared_key(&self) -> (&str, String) {
        (self.family.as_str(), self.id.trim().to_lowercase())
    }
}

/// Finds shared Plan IDs. Returns, for each affected plan (by index into `plans`), the
/// finding to add to it. IDs compare ignoring case and surrounding space.
pub fn find_duplicate_ids(plans: &[PlanIdentity]) -> Vec<(usize, Finding)> {
    let mut out = Vec::new();
    for ((family, id), group) in shared_ids(plans) {
        if one_plans_folder(plans, &group, family, &id) {
            continue;
        }
        for &i in &group {
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
                    group: None,
                    warning_only: false,
                },
            ));
        }
    }
    out
}

/// The plans that are the files of one plan (a plan with its phase files and notes,
/// sharing its ID in its own folder), as groups of indexes into `plans`.
pub fn one_plan_groups(plans: &[PlanIdentity]) -> Vec<Vec<usize>> {
    shared_ids(plans)
        .into_iter()
        .filter(|((family, id), g)| one_plans_folder(plans, g, family, id))
        .map(|(_, g)| g)
        .collect()
}

/// The IDs more than one plan of a family holds (compared ignoring case and
/// surrounding space), with the plans that hold each.
fn shared_ids(plans: &[PlanIdentity]) -> BTreeMap<(&str, String), Vec<usize>> {
    let mut by_id: BTreeMap<(&str, String), Vec<usize>> = BTreeMap::new();
    for (i, plan) in plans.iter().enumerate() {
        let key = plan.shared_key();
        if !key.1.is_empty() {
            by_id.entry(key).or_default().push(i);
        }
    }
    by_id.retain(|_, g| g.len() > 1);
    by_id
}

/// The folder a path lies in (`docs/plans/a.md` → `docs/plans`; `a.md` → ``).
fn folder(path: &str) -> &str {
    path.rfind('/').map_or("", |at| &path[..at])
}

/// Whether `path` lies in `dir` or below it.
fn is_under(path: &str, dir: &str) -> bool {
    dir.is_empty()
        || path
            .strip_prefix(dir)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Whether the files of `group` (which share `id`) are the files of one plan. Two whole
/// plans (not phase files, every required field in the header) are two plans. Else
/// they are one when the files lie in or under the whole plan's folder, or when the
/// deepest folder holding them all is not the top of the run and holds no plan of the
/// family with another ID: a plan keeps its phase files and notes in its own folder,
/// while unrelated plans that claim one ID sit among other plans.
fn one_plans_folder(plans: &[PlanIdentity], group: &[usize], family: &str, id: &str) -> bool {
    let principals: Vec<usize> = group
        .iter()
        .copied()
        .filter(|&i| !plans[i].part && plans[i].complete)
        .collect();
    match principals.as_slice() {
        [] if group.iter().all(|&i| plans[i].part) => return true,
        [] => {}
        [one] => {
            let home = folder(&plans[*one].path);
            if group.iter().all(|&i| is_under(&plans[i].path, home)) {
                return true;
            }
        }
        _ => return false,
    }
    let mut common = folder(&plans[group[0]].path);
    for &i in &group[1..] {
        let dir = folder(&plans[i].path);
        while !(dir == common || is_under(dir, common)) {
            common = folder(common);
        }
    }
    if common.is_empty() || common == "." || common.ends_with("..") {
        return false;
    }
    plans.iter().all(|p| {
        p.family != family || !is_under(&p.path, common) || p.id.trim().to_lowercase() == id
    })
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
            part: path.contains("phase"),
            complete: path.ends_with("plan.md"),
        }
    }

    #[test]
    fn long_lists_are_cut() {
        let mut plans: Vec<_> = (0..6).map(|i| plan(&format!("p{i}.md"), "X-1")).collect();
        plans.push(plan("other.md", "X-2"));
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

    #[test]
    fn the_files_of_one_plans_folder_share_its_id() {
        let plans = [
            plan("docs/plans/billing/plan.md", "PLAN-1"),
            plan("docs/plans/billing/01-foundation.md", "PLAN-1"),
            plan("docs/plans/billing/phases/api.md", "PLAN-1"),
            plan("docs/plans/search/plan.md", "PLAN-2"),
        ];
        assert!(find_duplicate_ids(&plans).is_empty());
    }

    #[test]
    fn unrelated_plans_in_different_folders_collide() {
        let plans = [
            plan("docs/plans/billing/plan.md", "PLAN-1"),
            plan("docs/plans/billing/01-foundation.md", "PLAN-1"),
            plan("docs/plans/search/plan.md", "PLAN-1"),
            plan("docs/plans/search/notes/x.md", "PLAN-2"),
        ];
        let found = find_duplicate_ids(&plans);
        let flagged: Vec<usize> = found.iter().map(|(i, _)| *i).collect();
        assert_eq!(flagged, vec![0, 1, 2]);
    }
}
