#!/usr/bin/env bash
# The README's `language: python` pre-commit mirror, run by the real pre-commit framework:
# a scratch mirror repository holding `.pre-commit-hooks.yaml` and a `pyproject.toml`
# whose only dependency is the plan-lint wheel (here the wheel just built, by path, where
# a real mirror pins `plan-lint==X.Y.Z` from PyPI); pre-commit `pip install`s the mirror. `pre-commit try-repo` on it must fail on a plan with a
# placeholder, with plan-lint's concise line, and pass once the plan is fixed.
#
# Usage: precommit_wheel_test.sh WHEEL   (pre-commit on PATH)
set -euo pipefail
if [ ! -f "${1:-}" ]; then
  echo "  FAIL: wheel hook: no wheel at '${1:-}'"
  exit 1
fi
wheel=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$(mktemp -d "${TMPDIR:-/tmp}/plan-lint-wheel-hook.XXXXXX")
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"

mirror="$work/mirror"
mkdir -p "$mirror"
printf '%s\n' \
  '- id: plan-lint' \
  '  name: plan-lint' \
  '  entry: plan-lint --force-exclude' \
  '  language: python' \
  '  types: [markdown]' \
  '  require_serial: true' > "$mirror/.pre-commit-hooks.yaml"
printf '%s\n' \
  '[build-system]' \
  'requires = ["setuptools>=61"]' \
  'build-backend = "setuptools.build_meta"' \
  '' \
  '[project]' \
  'name = "plan-lint-pre-commit"' \
  'version = "0.1.0"' \
  "dependencies = [\"plan-lint @ file://$wheel\"]" \
  '' \
  '[tool.setuptools]' \
  'packages = []' > "$mirror/pyproject.toml"
git -C "$mirror" init -q
git -C "$mirror" add -A
git -C "$mirror" -c user.name=t -c user.email=t@example.com commit -q -m "mirror"

project="$work/project"
mkdir -p "$project/docs/plans"
cd "$project"
git init -q
plan() {
  printf '# Implementation Plan: Billing\n\n## Plan ID: PLAN-101\n## Title: Billing\n'
  printf '## Version: 1\n## Date: 2025-03-03\n## Author: Jane Roe\n## Status: In Review\n\n'
  printf '## 1. Overview\n%s\n' "$1"
}
plan "Owner: [Name]." > docs/plans/billing.md
git add -A

status=0
pre-commit try-repo "$mirror" plan-lint --all-files --color never > "$work/out" 2>&1 || status=$?
sed 's/^/    | /' "$work/out" | tail -n 20
if [ "$status" -ne 1 ] || ! grep -q 'docs/plans/billing.md:11:8: error PL001 \[placeholder\]' "$work/out"; then
  echo "  FAIL: wheel hook: expected exit 1 and the PL001 line (exit $status)"
  exit 1
fi
echo "  ok: wheel hook fails on a placeholder"
plan "Owner: Jane Roe." > docs/plans/billing.md
git add -A
if ! pre-commit try-repo "$mirror" plan-lint --all-files --color never > "$work/out" 2>&1; then
  sed 's/^/    | /' "$work/out" | tail -n 20
  echo "  FAIL: wheel hook: expected a pass once the plan is fixed"
  exit 1
fi
echo "  ok: wheel hook passes once fixed"
