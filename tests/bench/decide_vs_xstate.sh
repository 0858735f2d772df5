#!/usr/bin/env bash
# Item 2 of docs/performance.md: full `decide` (Outcome with timers on the
# holiday calendar and audit records) against xstate 5 on Node.js running
# the same reference machine, runs interleaved, medians. Installs the npm
# package xstate into the build folder (tests/bench/node) on first use.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_parse_options "$@"
lives=$(bench_sized 200 20000 100000)

node_dir=$BENCH_BIN/node
if [ ! -d "$node_dir/node_modules/xstate" ]; then
  echo "installing xstate 5 into $node_dir" >&2
  mkdir -p "$node_dir"
  npm install --prefix "$node_dir" --no-audit --no-fund --loglevel=error xstate@5 >&2
fi
cp "$BENCH_SOURCE/tests/bench/xstate_reference.mjs" "$node_dir/"
echo "xstate $(node -p "require('$node_dir/node_modules/xstate/package.json').version")" >&2

ours=() theirs=()
for run in $(seq "$BENCH_RUNS"); do
  ours+=("$("$BENCH_BIN/decide_rate" "$lives")")
  theirs+=("$(node "$node_dir/xstate_reference.mjs" "$lives")")
  echo "run $run: decide ${ours[-1]}/s, xstate ${theirs[-1]}/s" >&2
done
bench_compared_row "2 full decide vs xstate 5 (${lives} lives)" \
  "$(bench_median "${ours[@]}")" "$(bench_median "${theirs[@]}")" "tr/s" 5
