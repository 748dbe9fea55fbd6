//! PL008 `duplicate-id`: a check across every plan of the repository.

use super::{Finding, RuleId};
use crate::source::Span;
use std::collections::{BTreeMap, HashSet};

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

/// The plans that can change what `duplicate-id` says about a run's reported plans, so
/// that a run over a few plans compares them without reading every other one: the plans
/// that share a reported plan's ID, and every plan of the family under the common folder
/// of a shared ID's holders (whether those holders are the files of one plan depends on
/// which other IDs that folder holds).
#[derive(Debug, Default)]
pub struct Related {
    keys: HashSet<(String, String)>,
    folders: Vec<(String, String)>,
}

impl Related {
    /// The IDs of the `reported` plans (their folders come from [`Related::learn_folders`]).
    pub fn new<'a>(reported: impl IntoIterator<Item = &'a PlanIdentity>) -> Related {
        Related {
            keys: reported
                .into_iter()
                .map(|plan| {
                    let (family, key) = plan.shared_key();
                    (family.to_string(), key)
                })
                .filter(|(_, key)| !key.is_empty())
                .collect(),
            folders: Vec::new(),
        }
    }

    /// Whether nothing is reported (no other plan can matter).
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Whether a plan of `family` holding `id` shares a reported plan's ID.
    pub fn shares_id(&self, family: &str, id: &str) -> bool {
        !self.keys.is_empty()
            && self
                .keys
                .contains(&(family.to_string(), id.trim().to_lowercase()))
    }

    /// Learns the folders to look in from the plans among `plans` that share a reported
    /// ID (every such plan, in one call).
    pub fn learn_folders<'a>(&mut self, plans: impl IntoIterator<Item = &'a PlanIdentity>) {
        let mut by_key: BTreeMap<(&str, String), Vec<&str>> = BTreeMap::new();
        for plan in plans
            .into_iter()
            .filter(|p| self.shares_id(&p.family, &p.id))
        {
            by_key
                .entry(plan.shared_key())
                .or_default()
                .push(plan.path.as_str());
        }
        self.folders = by_key
            .into_iter()
            .filter(|(_, paths)| paths.len() > 1)
            .filter_map(|((family, _), paths)| {
                let common = common_folder(&paths)?;
                Some((family.to_string(), common.to_string()))
            })
            .collect();
    }

    /// Whether any folder of `family` is to be looked in (else only shared IDs matter).
    pub fn looks_in_folders_of(&self, family: &str) -> bool {
        self.folders.iter().any(|(f, _)| f == family)
    }

    /// Whether a plan of `family` at display path `path` lies in a folder to look in.
    pub fn in_folder(&self, family: &str, path: &str) -> bool {
        self.folders
            .iter()
            .any(|(f, dir)| f == family && is_under(path, dir))
    }

    /// Whether a plan of `family` holding `id` at display path `path` is related.
    pub fn admits(&self, family: &str, id: &str, path: &str) -> bool {
        self.shares_id(family, id) || self.in_folder(family, path)
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
                .map(|p| crate::diagnostic::code(p))
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
                        "{} {} is also used by {listed}",
                        plans[i].label,
                        crate::diagnostic::code(plans[i].id.trim())
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

/// The deepest folder holding every one of `paths`, unless that is the top of the run
/// (the current folder or above it), where plans are never one plan's files.
fn common_folder<'a>(paths: &[&'a str]) -> Option<&'a str> {
    let (first, rest) = paths.split_first()?;
    let mut common = folder(first);
    for path in rest {
        let dir = folder(path);
        while !(dir == common || is_under(dir, common)) {
            common = folder(common);
        }
    }
    (!(common.is_empty() || common == "." || common.ends_with(".."))).then_some(common)
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
    let paths: Vec<&str> = group.iter().map(|&i| plans[i].path.as_str()).collect();
    let Some(common) = common_folder(&paths) else {
        return false;
    };
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

    /// What `find_duplicate_ids` says about the plan at `reported` when it is given only
    /// the plans [`Related`] admits, and when it is given every plan.
    fn findings_alone_and_among_all(plans: &[PlanIdentity], reported: usize) -> [Vec<String>; 2] {
        let mut related = Related::new([&plans[reported]]);
        related.learn_folders(plans);
        let admitted: Vec<PlanIdentity> = plans
            .iter()
            .filter(|p| related.admits(&p.family, &p.id, &p.path))
            .cloned()
            .collect();
        let about = |among: &[PlanIdentity]| -> Vec<String> {
            find_duplicate_ids(among)
                .into_iter()
                .filter(|(i, _)| among[*i].path == plans[reported].path)
                .map(|(_, f)| f.message)
                .collect()
        };
        [about(&admitted), about(plans)]
    }

    #[test]
    fn the_related_plans_decide_as_every_plan_does() {
        let layouts = [
            // A draft that reuses another folder's ID, beside a plan of its own folder
            // with another ID: not one plan's files, whichever plan is reported.
            vec![
                plan("docs/plans/billing/plan.md", "PLAN-1"),
                plan("docs/plans/search/plan.md", "PLAN-2"),
                plan("docs/plans/search/draft.md", "PLAN-1"),
            ],
            vec![
                plan("docs/plans/billing/plan.md", "PLAN-1"),
                plan("docs/plans/billing/notes.md", "PLAN-1"),
                plan("docs/plans/search/plan.md", "PLAN-2"),
            ],
            vec![
                plan("docs/a/x.md", "PLAN-7"),
                plan("docs/b/y.md", "PLAN-7"),
                plan("docs/c/z.md", "PLAN-8"),
                plan("top.md", "PLAN-7"),
            ],
        ];
        let mut compared = 0;
        for plans in &layouts {
            for reported in 0..plans.len() {
                let [alone, among_all] = findings_alone_and_among_all(plans, reported);
                assert_eq!(alone, among_all, "{} in {plans:?}", plans[reported].path);
                compared += usize::from(!among_all.is_empty());
            }
        }
        // The layouts hold findings, so the comparison is not of empty lists only.
        assert!(compared >= 3, "{compared}");
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
