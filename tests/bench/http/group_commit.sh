#!/usr/bin/env bash
# Group commit of item 3 of docs/performance.md: durable commands per
# second of `wageflow serve` on SQLite (WAL, synchronous=FULL) with 32
# clients (wrk, 32 connections) firing suspend/resume commands at distinct
# cases, every answered command checked against the audit trail, against
# the raw single-row commit rate of the same disk (bench_raw_commits:
# single-row INSERT transactions, sqlite3 C API, WAL, synchronous=FULL),
# measured interleaved in the same run. Also the same load with group
# commit turned off (WAGEFLOW_GROUP_COMMIT=off: one transaction per
# command), for the record.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_parse_options "$@"
source "$(dirname "$0")/serve_lib.sh"
serve_require_wrk
serve_clean_up_on_exit
raw_program=$BENCH_BIN/http/bench_raw_commits
[ -x "$raw_program" ] || { echo "$0: no $raw_program (build the bench targets)" >&2; exit 1; }

cases=$(bench_sized 1000 4000 8000)
seconds=$(bench_sized 1 5 10)
raw_count=$(bench_sized 100 1000 3000)
serve_seed "$cases"
db=$BENCH_SCRATCH/run.db

grouped=() single=() raw=()
for run in $(seq "$BENCH_RUNS"); do
  rm -f "$BENCH_SCRATCH/raw.db"*
  raw+=("$("$raw_program" "$BENCH_SCRATCH/raw.db" "$raw_count" 512)")
  serve_copy_seed "$db"
  serve_fire_run "$db" "$seconds"
  grouped+=("$(wrk_value rps)")
  serve_copy_seed "$db"
  WAGEFLOW_GROUP_COMMIT=off serve_fire_run "$db" "$seconds"
  single+=("$(wrk_value rps)")
  echo "run $run: group commit ${grouped[-1]} cmd/s, without ${single[-1]} cmd/s," \
    "raw ${raw[-1]} tx/s" >&2
done

bench_compared_row "3 group commit: serve, 32 clients, commands on distinct cases vs raw INSERT tx (FULL)" \
  "$(bench_median "${grouped[@]}")" "$(bench_median "${raw[@]}")" ev/s 3
bench_compared_row "3 serve without group commit (WAGEFLOW_GROUP_COMMIT=off) vs raw INSERT tx" \
  "$(bench_median "${single[@]}")" "$(bench_median "${raw[@]}")" ev/s 0 | sed 's/\t>= 0x\t[a-z]*$/\t-\tinfo/'
