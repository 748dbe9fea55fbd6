#!/usr/bin/env bash
# The hook targets of issue 9, side by side with git itself, in one hyperfine run each
# (ratios, not absolute times, are what count on a shared machine):
#   --staged, one staged plan         vs  git diff --cached --name-only   (target <= 4x)
#   --staged, nothing staged          vs  git diff --cached --name-only   (target <= 2x)
#   --changed-since HEAD, one plan    vs  git diff --name-only HEAD       (target <= 3x)
#   full run                          vs  ripgrep's placeholder scan      (target <= 1.5x)
# plus plan-lint's peak memory in each case.
#
# Usage: bash bench/hooks.sh   (SIZE=small for a quick run; BENCH_DIR, RUNS as in run.sh)
# Writes bench/hooks.md and prints it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
# shellcheck source=bench/common.sh
source bench/common.sh
cd "$CORPUS"
git reset -q && git checkout -q -- . && git clean -qfd -e target -e node_modules
rm -rf .git/plan-lint
# Start without git's untracked cache; the last --changed-since case turns it on.
git config --unset core.untrackedCache || true
git update-index --no-untracked-cache
LINT="$PL --isolated --today 2025-06-01 --format json"
RG="rg -c '\[(Name|Date|YYYY-MM-DD)\]|PLAN-XXX|TBD' -g '*.md' ."

# peak RSS in MiB of a command (its exit status does not matter here)
rss() {
  { /usr/bin/time -f '%M' bash -c "$1 >/dev/null 2>&1 </dev/null" || true; } 2>&1 | tail -n 1 |
    awk '{ printf "%.1f", $1 / 1024 }'
}
# hyperfine NAME-A CMD-A NAME-B CMD-B: medians in seconds, written to $WORK/hooks-NAME-A.json
pair() {
  hyperfine -N --warmup 2 --runs "$RUNS" -i --export-json "$WORK/hooks-$1.json" \
    -n "$1" "$2" -n "$3" "$4" >/dev/null 2>&1 || true
}

plan=$(git ls-files 'services/*/docs/plans/*.md' | sed -n 1p)

echo "== --staged, nothing staged"
$LINT --staged >/dev/null || true # writes nothing: no document staged
pair staged-nothing "$LINT --staged" git-diff-cached "git diff --cached --name-only"
RSS_NOTHING=$(rss "$LINT --staged")

echo "== --staged, one staged plan (the first run fills the Plan ID cache)"
printf '\nOne more line with [Name].\n' >> "$plan"
git add "$plan"
$LINT --staged >/dev/null || true
pair staged-one "$LINT --staged" git-diff-cached-one "git diff --cached --name-only"
RSS_ONE=$(rss "$LINT --staged")
pair staged-one-nocache "$LINT --staged --no-cache" git-diff-cached-two "git diff --cached --name-only"
git reset -q && git checkout -q -- "$plan"

echo "== --changed-since HEAD, one plan edited"
printf '\nOne more line with [Name].\n' >> "$plan"
$LINT --changed-since HEAD >/dev/null || true
pair changed-one "$LINT --changed-since HEAD" git-diff-head "git diff --name-only HEAD"
RSS_CHANGED=$(rss "$LINT --changed-since HEAD")
# The floor: --changed-since includes untracked files, and git's own listing of them
# walks every folder git does not ignore.
pair untracked-floor "git ls-files --others --exclude-standard -z" git-diff-head-two "git diff --name-only HEAD"

echo "== --changed-since HEAD, one plan edited, git's untracked cache on"
# What feature.manyFiles turns on for a large repository; git status writes the cache.
git config core.untrackedCache true
git status --porcelain >/dev/null
$LINT --changed-since HEAD >/dev/null || true
pair changed-one-ucache "$LINT --changed-since HEAD" git-diff-head-three "git diff --name-only HEAD"
RSS_UCACHE=$(rss "$LINT --changed-since HEAD")
git config --unset core.untrackedCache
git update-index --no-untracked-cache
git checkout -q -- "$plan"

echo "== full run against ripgrep"
pair full "$LINT ." ripgrep "$RG"
RSS_FULL=$(rss "$LINT .")

python3 - "$WORK" "$ROOT/bench/hooks.md" "$SIZE" "$RSS_NOTHING" "$RSS_ONE" "$RSS_CHANGED" "$RSS_UCACHE" "$RSS_FULL" <<'PY'
import json, os, platform, sys
work, out, size, *rss = sys.argv[1:]
def medians(name):
    data = json.load(open(os.path.join(work, f"hooks-{name}.json")))["results"]
    return [r["median"] for r in data]
rows = [
    ("`--staged`, nothing staged", "staged-nothing", "`git diff --cached --name-only`", 2.0, rss[0]),
    ("`--staged`, one staged plan", "staged-one", "`git diff --cached --name-only`", 4.0, rss[1]),
    ("`--staged`, one staged plan, `--no-cache`", "staged-one-nocache", "`git diff --cached --name-only`", None, ""),
    ("`--changed-since HEAD`, one plan edited", "changed-one", "`git diff --name-only HEAD`", 3.0, rss[2]),
    ("(its floor: `git ls-files --others --exclude-standard`)", "untracked-floor", "`git diff --name-only HEAD`", None, ""),
    ("`--changed-since HEAD`, one plan edited, git's untracked cache on", "changed-one-ucache", "`git diff --name-only HEAD`", 3.0, rss[3]),
    ("full run (`plan-lint .`)", "full", "ripgrep's placeholder scan", 1.5, rss[4]),
]
lines = [f"Corpus: `{size}`. Machine: {os.cpu_count()} cores, {platform.machine()}. "
         "Each row is one hyperfine run of both commands (medians).", "",
         "| case | plan-lint | peer | peer's time | ratio | target | met? | plan-lint peak RSS |",
         "| --- | --- | --- | --- | --- | --- | --- | --- |"]
for label, name, peer, target, mem in rows:
    ours, theirs = medians(name)
    ratio = ours / theirs
    met = "" if target is None else ("yes" if ratio <= target else "**no**")
    goal = "" if target is None else f"≤ {target:g}×"
    lines.append(f"| {label} | {ours * 1000:.0f} ms | {peer} | {theirs * 1000:.0f} ms | "
                 f"{ratio:.1f}× | {goal} | {met} | {mem + ' MiB' if mem else ''} |")
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
