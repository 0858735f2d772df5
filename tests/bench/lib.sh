# Sourced by the benchmark scripts of tests/bench (and tests/bench/http,
# tests/bench/pg): the options every benchmark accepts and the row protocol
# of README.md. After `bench_parse_options "$@"`:
#   BENCH_SIZE    tiny | small | full (--size; default full)
#   BENCH_RUNS    runs to take the median of (--runs; 1 at --size tiny)
#   BENCH_SCRATCH a fresh folder for files, deleted on exit
#   BENCH_BIN     the built benchmark programs (tests/bench of the build folder)
#   BENCH_WAGEFLOW the built `wageflow` binary
#   BENCH_SOURCE  the repository root
# run.sh and the ctest smoke tests export WAGEFLOW_BENCH_BUILD (the build
# folder); without it, build/ of the repository is used.

BENCH_SOURCE=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH_BUILD=${WAGEFLOW_BENCH_BUILD:-$BENCH_SOURCE/build}
BENCH_BIN=$BENCH_BUILD/tests/bench
BENCH_WAGEFLOW=$BENCH_BUILD/adapters/cli/wageflow

bench_parse_options() {
  BENCH_SIZE=full
  BENCH_RUNS=5
  local parent=${TMPDIR:-/tmp}
  while [ $# -gt 0 ]; do
    case "$1" in
      --size) BENCH_SIZE=$2; shift 2 ;;
      --runs) BENCH_RUNS=$2; shift 2 ;;
      --scratch) parent=$2; shift 2 ;;
      *) echo "usage: $0 [--size tiny|small|full] [--runs N] [--scratch DIR]" >&2; exit 2 ;;
    esac
  done
  case "$BENCH_SIZE" in
    tiny) BENCH_RUNS=1 ;;
    small|full) ;;
    *) echo "$0: --size takes tiny, small or full" >&2; exit 2 ;;
  esac
  BENCH_SCRATCH=$(mktemp -d "$parent/wageflow-bench.XXXXXX")
  trap 'rm -rf "$BENCH_SCRATCH"' EXIT
}

# bench_sized TINY SMALL FULL: the value for BENCH_SIZE.
bench_sized() {
  case "$BENCH_SIZE" in
    tiny) echo "$1" ;;
    small) echo "$2" ;;
    *) echo "$3" ;;
  esac
}

# bench_median NUMBER...: the median.
bench_median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# bench_rate NUMBER UNIT: "812k tr/s".
bench_rate() {
  awk -v n="$1" -v u="$2" 'BEGIN {
    if (n >= 1e9) printf "%.3gG %s\n", n / 1e9, u; else if (n >= 1e6) printf "%.3gM %s\n", n / 1e6, u;
    else if (n >= 1e3) printf "%.3gk %s\n", n / 1e3, u; else printf "%.3g %s\n", n, u }'
}

# bench_row WORKLOAD FIGURE BASELINE RATIO TARGET VERDICT: one result row.
bench_row() {
  local fields=() f
  for f in "$1" "$2" "$3" "$4" "$5"; do fields+=("${f:--}"); done
  printf 'BENCH\t%s\t%s\t%s\t%s\t%s\t%s\n' "${fields[@]}" "$6"
}

# bench_compared_row WORKLOAD FIGURE BASELINE UNIT MIN_RATIO: a row of two
# rates (plain numbers) and the verdict of FIGURE/BASELINE >= MIN_RATIO.
bench_compared_row() {
  local ratio verdict
  ratio=$(awk -v a="$2" -v b="$3" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print 0 }')
  verdict=$(awk -v r="$ratio" -v t="$5" 'BEGIN { print (r >= t) ? "pass" : "miss" }')
  bench_row "$1" "$(bench_rate "$2" "$4")" "$(bench_rate "$3" "$4")" "${ratio}x" ">= ${5}x" \
    "$verdict"
}

# bench_command ENTRY: the executable of an entry of benchmarks.list (a
# script under tests/bench, or a program of the build folder).
bench_command() {
  if [ -f "$BENCH_SOURCE/tests/bench/$1" ]; then
    echo "$BENCH_SOURCE/tests/bench/$1"
  else
    echo "$BENCH_BIN/$1"
  fi
}

# bench_entries: the entries of benchmarks.list, one a line.
bench_entries() {
  sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^[[:space:]]*$/d' \
    "$BENCH_SOURCE/tests/bench/benchmarks.list"
}

# A well-formed result row (README.md).
BENCH_ROW_PATTERN=$'^BENCH(\t[^\t]+){6}$'
BENCH_VERDICT_PATTERN=$'\t(pass|miss|info)$'
