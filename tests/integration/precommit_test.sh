#!/usr/bin/env bash
# The pre-commit hook, run by the real pre-commit framework:
#   pre-commit try-repo <this repository> plan-lint --all-files
# in a scratch repository fails on a plan with a placeholder (exit 1, one concise,
# uncoloured line per finding) and passes once the plan is fixed. The same repository holds
# a template and a plan excluded by its plan-lint.toml: pre-commit names them on the command
# line, and the hook's --force-exclude must skip them.
#
# try-repo installs the hook with `cargo install --path` from a commit of the hook
# repository. This repository's work tree may hold uncommitted or untracked files (the
# hook file itself, before it is committed), so a snapshot of the work tree is committed
# into a scratch repository and that is what try-repo installs. Set CARGO_TARGET_DIR to a
# target directory holding a release build to reuse its compiled dependencies.
#
# Usage: precommit_test.sh [REPO]   (pre-commit on PATH)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "${1:-$here/../..}" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/plan-lint-pre-commit.XXXXXX")
trap 'rm -rf "$work"' EXIT

failures=0
ok() { echo "  ok: pre-commit: $*"; }
fail() {
  echo "  FAIL: pre-commit: $*"
  failures=$((failures + 1))
}
show() { sed 's/^/    | /' "$1" | tail -n 60; }

bash "$here/snapshot.sh" "$repo" "$work/hook-repo"

project="$work/project"
mkdir -p "$project/docs/plans" "$project/archive"
cd "$project"
git init -q -b main .
header() {
  cat <<EOF
# Implementation Plan: $1

## Plan ID: $2
## Title: $1
## Version: 1.2
## Date: 2025-03-03
## Author: Jane Roe
## Status: In Review

## 1. Overview
EOF
}
{ header "Billing Export" PLAN-101; echo "Export invoices nightly. Owner: [Name]."; } > docs/plans/billing.md
{ header "[Plan Title]" PLAN-XXX; echo "Owner: [Name]. Budget: TBD."; } > docs/plans/plan-template.md
{ header "Legacy Import" PLAN-090; echo "Owner: TBD."; } > archive/legacy.md
printf 'exclude = ["archive/**"]\n' > plan-lint.toml
printf '# Docs\n\nNot a plan: [Name] is fine here.\n' > README.md
git add -A

try_repo() {
  # PRE_COMMIT_COLOR / --color never: pre-commit's own colours off; plan-lint must not
  # colour anything either (it sees PRE_COMMIT=1 and no terminal).
  local status=0
  pre-commit try-repo "$work/hook-repo" plan-lint --all-files --color never > "$1" 2>&1 || status=$?
  return "$status"
}

# 1. A placeholder: the hook fails with exit 1 and a concise line.
start=$SECONDS
status=0
try_repo "$work/fail.log" || status=$?
echo "  (try-repo with the bad plan took $((SECONDS - start)) s, including cargo install)"
if [ "$status" -eq 1 ] && grep -q '^plan-lint\.*Failed' "$work/fail.log" &&
  grep -q -- '- exit code: 1$' "$work/fail.log"; then
  ok "try-repo fails on a plan with a placeholder (hook exit code 1)"
else
  fail "try-repo should fail with hook exit code 1 (try-repo exit $status)"
  show "$work/fail.log"
fi
finding=$(grep -E '^docs/plans/billing\.md:11:33' "$work/fail.log" || true)
if [ -n "$finding" ] && [ "$(printf '%s\n' "$finding" | wc -l)" -eq 1 ] &&
  grep -qF '[Name]' <<<"$finding"; then
  ok "one concise line for the finding: $finding"
else
  fail "expected one line starting docs/plans/billing.md:11:33 that quotes [Name]"
  show "$work/fail.log"
fi
if grep -q $'\x1b' "$work/fail.log" || grep -qE '╭|│|─' "$work/fail.log"; then
  fail "the output holds colour codes or miette's box drawing"
  show "$work/fail.log"
else
  ok "no colour codes and no graphical report in the output"
fi
if grep -qE 'plan-template\.md|archive/legacy\.md' "$work/fail.log"; then
  fail "--force-exclude should skip the template and the excluded plan"
  show "$work/fail.log"
else
  ok "the template and the plan excluded by plan-lint.toml are skipped (--force-exclude)"
fi

# 2. Fixed: the hook passes.
sed -i 's/Owner: \[Name\]\./Owner: Jane Roe./' docs/plans/billing.md
git add -A
start=$SECONDS
status=0
try_repo "$work/pass.log" || status=$?
echo "  (try-repo with the fixed plan took $((SECONDS - start)) s)"
if [ "$status" -eq 0 ] && grep -q '^plan-lint\.*Passed' "$work/pass.log"; then
  ok "try-repo passes once the placeholder is filled in"
else
  fail "try-repo should pass once the plan is fixed (exit $status)"
  show "$work/pass.log"
fi

exit $((failures > 0))
