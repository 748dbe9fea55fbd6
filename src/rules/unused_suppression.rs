//! PL010 `unused-suppression`: decided by the suppression bookkeeping, documented here.

pub(super) const DOC: &str = r#"# unused-suppression (PL010)

## What it does
Flags an inline `plan-lint-disable…` comment that suppressed nothing, one whose
`until=` date has passed (it no longer suppresses), and one that names a rule plan-lint
does not know.

## Why
Suppressions outlive the problems they hid. Reporting the idle ones keeps them from
piling up and hiding the next real problem.

## Example
```markdown
<!-- plan-lint-disable-next-line placeholder -- legal is drafting it until=2025-01-31 -->
**Data retention**: 30 days
```

## How to fix
Delete the comment, or move it to the line it was meant for. For an expired one, fix the
finding it was hiding or set a new `until=` date with a reason.
"#;
