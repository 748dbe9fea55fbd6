#!/usr/bin/env bash
# A real LSP client: Neovim headless (Debian's neovim package) starts `plan-lint server`,
# opens a plan with an unfilled placeholder after non-ASCII text, and the diagnostics
# Neovim received are compared with the exact expected ones; then the placeholder is
# filled in and they must clear.
# Usage: bash tests/integration/neovim_test.sh PLAN_LINT_BINARY
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
binary=$1
command -v nvim >/dev/null || { echo "nvim is not installed"; exit 1; }
nvim --version | head -n 1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/repo/docs/plans"
cat > "$work/repo/docs/plans/x.md" <<'PLAN'
# Implementation Plan: X

## Plan ID: PLAN-1
## Title: X
## Version: 1
## Date: 2025-03-03
## Author: A
## Status: In Review

## 1. Overview
Ownér 𝄞 [Owner].
PLAN
export PLAN_LINT=$binary PLAN_FILE="$work/repo/docs/plans/x.md" ROOT="$work/repo" \
  OUT_FILE="$work/seen.json"
timeout 120 nvim --headless --clean -c "luafile $here/neovim_lsp.lua" </dev/null
python3 - "$work/seen.json" <<'CHECK'
import json, sys
seen = json.load(open(sys.argv[1], encoding="utf-8"))
print(json.dumps(seen, ensure_ascii=False))
# Neovim's columns are bytes: it converted the server's UTF-16 column 9 to byte 12.
expected = [{
    "lnum": 10, "col": 12, "end_lnum": 10, "end_col": 19, "severity": 1,
    "source": "plan-lint", "code": "PL001",
    "message": "unfilled placeholder `[Owner]` (placeholder)\nhelp: replace it with the real value",
}]
assert "error" not in seen, seen
assert seen["client"] == "plan-lint", seen
assert seen["received"], "no diagnostics reached Neovim"
assert seen["diagnostics"] == expected, seen["diagnostics"]
assert seen["cleared"], "the diagnostics did not clear after the fix"
print("  ok: Neovim received the exact diagnostic and saw it clear")
CHECK
