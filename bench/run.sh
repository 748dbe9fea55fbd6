#!/usr/bin/env bash
# Benchmark plan-lint side by side with ripgrep, rumdl and markdownlint-cli2 on the same
# generated monorepo. One command: `bash bench/run.sh` (SIZE=small for a quick run).
# Writes bench/results.md (the tables BENCHMARKS.md quotes) and prints it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
# shellcheck source=bench/common.sh
source bench/common.sh
TOOLS="$WORK/tools"
mkdir -p "$TOOLS"
if [ ! -x "$TOOLS/node_modules/.bin/markdownlint-cli2" ]; then
  (cd "$TOOLS" && npm install --silent --no-audit --no-fund markdownlint-cli2 >/dev/null)
fi
if [ ! -x "$TOOLS/venv/bin/rumdl" ]; then
  python3 -m venv "$TOOLS/venv" && "$TOOLS/venv/bin/pip" install -q rumdl
fi
MDL="$TOOLS/node_modules/.bin/markdownlint-cli2"
RUMDL="$TOOLS/venv/bin/rumdl"

# --- the corpus ---------------------------------------------------------------------------
cd "$CORPUS"
git checkout -q -- . && git clean -qfd -e target -e node_modules
# markdownlint-cli2 and rumdl lint the same Markdown plan-lint looks at: the tracked
# files (ignored folders excluded the way each tool supports).
printf '{ "gitignore": true }\n' > .markdownlint-cli2.jsonc
git update-index --assume-unchanged .gitignore 2>/dev/null || true

RG_PATTERN='\[(Name|Date|YYYY-MM-DD)\]|PLAN-XXX|TBD'
declare -A CMD=(
  [plan-lint]="$PL --isolated --today 2025-06-01 --format json ."
  [ripgrep]="rg -c '$RG_PATTERN' -g '*.md'"
  [rumdl]="$RUMDL check --no-cache ."
  [markdownlint-cli2]="$MDL '**/*.md' '#node_modules' '#target'"
)

# REUSE=1 keeps the timings and memory figures of the previous run (markdownlint-cli2
# alone takes minutes) and redoes only the rest.
if [ "${REUSE:-0}" != 1 ] || [ ! -s "$WORK/slow.json" ] || [ ! -s "$WORK/rss.txt" ]; then
  echo "== timing (hyperfine, $RUNS runs; markdownlint-cli2 2 runs)"
  hyperfine -N --warmup 1 --runs "$RUNS" -i --export-json "$WORK/fast.json" \
    -n plan-lint "${CMD[plan-lint]}" \
    -n ripgrep "${CMD[ripgrep]}" \
    -n rumdl "${CMD[rumdl]}" >/dev/null 2>&1 || true
  hyperfine --warmup 0 --runs 2 -i --export-json "$WORK/slow.json" \
    -n markdownlint-cli2 "${CMD[markdownlint-cli2]}" >/dev/null 2>&1 || true

  echo "== peak memory (/usr/bin/time -v)"
  : > "$WORK/rss.txt"
  for name in plan-lint ripgrep rumdl markdownlint-cli2; do
    # The tools exit 1 when they find something; only the measurement matters here.
    kib=$( { /usr/bin/time -v bash -c "${CMD[$name]} >/dev/null 2>&1" || true; } 2>&1 \
      | awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}' || true)
    echo "$name $kib" >> "$WORK/rss.txt"
  done
fi
declare -A RSS
while read -r name kib; do RSS[$name]=$kib; done < "$WORK/rss.txt"

echo "== --changed-since on a one-plan change"
first_plan=$(git ls-files 'services/*/docs/plans/*.md' | sed -n 1p)
printf '\nOne more line with [Name].\n' >> "$first_plan"
hyperfine -N --warmup 2 --runs "$RUNS" -i --export-json "$WORK/changed.json" \
  -n changed-since "$PL --isolated --today 2025-06-01 --format json --changed-since HEAD" >/dev/null 2>&1 || true
CHANGED_FINDINGS=$("$PL" --isolated --today 2025-06-01 --format json --changed-since HEAD | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["files_scanned"], len(d["diagnostics"]))' || true)
git checkout -q -- "$first_plan"

echo "== ignored files: 20,000 vs 120,000"
hyperfine -N --warmup 1 --runs "$RUNS" -i --export-json "$WORK/ignored-before.json" \
  -n base "${CMD[plan-lint]}" >/dev/null 2>&1 || true
mkdir -p target/extra
python3 - <<'PY'
import os
for i in range(100000):
    d = f"target/extra/d{i // 1000}"
    os.makedirs(d, exist_ok=True)
    with open(f"{d}/f{i}.md", "w") as f:
        f.write("# Plan\n\n## Plan ID: PLAN-IGNORED\n## Status: Draft\n[Name]\n")
PY
hyperfine -N --warmup 1 --runs "$RUNS" -i --export-json "$WORK/ignored-after.json" \
  -n plus-100k-ignored "${CMD[plan-lint]}" >/dev/null 2>&1 || true
rm -rf target/extra

python3 - "$WORK" "$ROOT/bench/results.md" "$CHANGED_FINDINGS" \
  "${RSS[plan-lint]}" "${RSS[ripgrep]}" "${RSS[rumdl]}" "${RSS[markdownlint-cli2]}" "$SIZE" <<'PY'
import json, os, platform, subprocess, sys
work, out, changed, *rss, size = sys.argv[1:]
rss = dict(zip(["plan-lint", "ripgrep", "rumdl", "markdownlint-cli2"], rss))
res = {}
for f in ["fast.json", "slow.json", "changed.json", "ignored-before.json", "ignored-after.json"]:
    p = os.path.join(work, f)
    if os.path.exists(p):
        for r in json.load(open(p))["results"]:
            res[r["command"]] = r
def ms(x): return f"{x * 1000:.0f} ms"
base = res["plan-lint"]["median"]
lines = [f"Corpus: `{size}`. Machine: {os.cpu_count()} cores, {platform.machine()}, "
         f"{platform.platform()}.", "",
         "| tool | median | min – max | vs plan-lint | peak RSS |", "|---|---|---|---|---|"]
for name in ["plan-lint", "ripgrep", "rumdl", "markdownlint-cli2"]:
    if name not in res: continue
    r = res[name]
    ratio = r["median"] / base
    kib = rss.get(name) or "?"
    mib = f"{int(kib) / 1024:.1f} MiB" if kib.isdigit() else kib
    lines.append(f"| {name} | {ms(r['median'])} | {ms(r['min'])} – {ms(r['max'])} | {ratio:.2f}× | {mib} |")
lines.append("")
if "changed-since" in res:
    r = res["changed-since"]
    lines.append(f"`--changed-since HEAD` after editing one plan: median {ms(r['median'])} "
                 f"(min {ms(r['min'])}, max {ms(r['max'])}); files scanned, findings: {changed}.")
if "base" in res and "plus-100k-ignored" in res:
    a, b = res["base"]["median"], res["plus-100k-ignored"]["median"]
    lines.append(f"Ignored files: 20,000 → {ms(a)}; 120,000 → {ms(b)} ({b / a:.2f}×).")
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
