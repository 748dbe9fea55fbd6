//! PL000 `unreadable`: decided while reading files, documented here.

pub(super) const DOC: &str = r#"# unreadable (PL000)

## What it does
Flags a candidate plan file that cannot be linted: it is not UTF-8 (the finding points
at the first bad byte), it is larger than 10 MiB, it cannot be opened (permission
denied), it is not a regular file, or it vanished between discovery and reading. The
run goes on with the other files.

## Why
A plan plan-lint cannot read is a plan nobody checked. Saying so is better than passing
in silence.

## Example
```text
docs/plans/legacy.md: not valid UTF-8 (byte 0xE9 at offset 1024)
```

## How to fix
Save the file as UTF-8, split a huge file, fix its permissions, or exclude it with
`exclude = ["docs/plans/legacy.md"]` in `plan-lint.toml`.
"#;
