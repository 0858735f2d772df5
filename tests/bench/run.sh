#!/usr/bin/env bash
# Runs the benchmarks of tests/bench/benchmarks.list (docs/performance.md)
# and prints one aligned table of all their rows, with the machine and the
# date. Build first (RelWithDebInfo; ./test.sh --bench does both).
#   tests/bench/run.sh [--quick] [--only NAME] [--runs N] [--build DIR]
#     --quick     --size small instead of full (minutes instead of tens)
#     --only NAME one benchmark (its file name without extension,
#                 e.g. bench_dispatch, decide_vs_xstate); may be repeated
#     --runs N    runs per figure (default 5; the median is shown)
#     --build DIR the build folder (default build/)
# Exit status: 0 when every benchmark ran (a missed target is not a
# failure: the table says so), 1 when one failed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

size=full only="" runs="" build=$BENCH_SOURCE/build
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) size=small; shift ;;
    --only) only="$only $2"; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --build) build=$(cd "$2" && pwd); shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
export WAGEFLOW_BENCH_BUILD=$build
BENCH_BIN=$build/tests/bench

work=$(mktemp -d "${TMPDIR:-/tmp}/wageflow-bench-run.XXXXXX")
trap 'rm -rf "$work"' EXIT
: >"$work/rows"
failed=() skipped=() ran=0
while read -r entry; do
  name=$(basename "$entry")
  name=${name%.*}
  [ -n "$only" ] && [[ " $only " != *" $name "* ]] && continue
  ran=$((ran + 1))
  command=$(bench_command "$entry")
  echo "==> $name ($command --size $size${runs:+ --runs $runs})" >&2
  started=$SECONDS
  status=0
  "$command" --size "$size" ${runs:+--runs "$runs"} --scratch "$work" >"$work/out" || status=$?
  if [ "$status" = 77 ]; then
    skipped+=("$name")
  elif [ "$status" != 0 ]; then
    failed+=("$name (exit $status)")
  fi
  grep -E "$BENCH_ROW_PATTERN" "$work/out" >>"$work/rows" || true
  grep -vE "$BENCH_ROW_PATTERN" "$work/out" >&2 || true
  echo "    $name: $((SECONDS - started)) s" >&2
done < <(bench_entries)
if [ "$ran" = 0 ]; then
  echo "run.sh: no benchmark named${only} in tests/bench/benchmarks.list" >&2
  exit 2
fi

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
ram=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
commit=$(git -C "$BENCH_SOURCE" rev-parse --short HEAD 2>/dev/null || echo unknown)
echo
echo "wageflow benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit, --size $size," \
  "median of ${runs:-5} runs"
echo "machine: $(nproc) CPUs ($cpu), $ram RAM, $(uname -sr)"
echo
{
  printf 'workload\twageflow\tbaseline\tratio\ttarget\tresult\n'
  cut -f2- "$work/rows"
} | column -t -s $'\t'
[ ${#skipped[@]} = 0 ] || echo "skipped (see above why): ${skipped[*]}"
if [ ${#failed[@]} != 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
