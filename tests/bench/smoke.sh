#!/usr/bin/env bash
# The ctest smoke test of one benchmark (tests/bench/CMakeLists.txt): runs
# ENTRY of benchmarks.list once at --size tiny and checks that it exited 0
# and printed at least one row, every stdout line a well-formed row
# (README.md). Does not time anything. Exit 77 (skipped) passes through.
#   tests/bench/smoke.sh ENTRY
set -uo pipefail
source "$(dirname "$0")/lib.sh"
[ $# = 1 ] || { echo "usage: smoke.sh ENTRY" >&2; exit 2; }
command=$(bench_command "$1")
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$command" --size tiny >"$out"
status=$?
[ "$status" = 77 ] && exit 77
cat "$out"
if [ "$status" != 0 ]; then
  echo "smoke: $1 exited $status" >&2
  exit 1
fi
if ! [ -s "$out" ]; then
  echo "smoke: $1 printed no row" >&2
  exit 1
fi
bad=$(grep -cvE "$BENCH_ROW_PATTERN" "$out")
bad_verdicts=$(grep -cvE "$BENCH_VERDICT_PATTERN" "$out")
if [ "$bad" != 0 ] || [ "$bad_verdicts" != 0 ]; then
  echo "smoke: $1 printed lines that are not well-formed BENCH rows (README.md):" >&2
  grep -vE "$BENCH_ROW_PATTERN" "$out" >&2
  grep -vE "$BENCH_VERDICT_PATTERN" "$out" >&2
  exit 1
fi
echo "smoke: $1: $(wc -l <"$out") well-formed rows"
