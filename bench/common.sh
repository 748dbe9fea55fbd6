# Shared set-up of the benchmark scripts (sourced, from the repository root): the corpus
# size (SIZE=large|small), hyperfine / ripgrep / time from Debian's packages, the release
# build of plan-lint, and the generated corpus. Sets WORK, CORPUS, RUNS and PL.
# shellcheck shell=bash
SIZE=${SIZE:-large}
WORK=${BENCH_DIR:-/tmp/plan-lint-bench}
RUNS=${RUNS:-10}
case "$SIZE" in
  large) PLANS=5000; OTHERS=50000; IGNORED=20000 ;;
  small) PLANS=500; OTHERS=5000; IGNORED=2000 ;;
  *) echo "SIZE is large or small" >&2; exit 2 ;;
esac
CORPUS="$WORK/corpus-$SIZE"
mkdir -p "$WORK"

need_apt=()
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
command -v rg >/dev/null || need_apt+=(ripgrep)
[ -x /usr/bin/time ] || need_apt+=(time)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

cargo build --release --locked -q
PL="$(pwd)/target/release/plan-lint"

if [ ! -d "$CORPUS/.git" ]; then
  rm -rf "$CORPUS"
  python3 bench/gen_corpus.py "$CORPUS" --plans "$PLANS" --others "$OTHERS" --ignored "$IGNORED"
fi
export WORK CORPUS RUNS PL
