#!/usr/bin/env bash
# Item 7 of docs/performance.md (and the load test of issue #4): wrk on
# loopback against a real `wageflow serve` (SQLite, WAL, synchronous=FULL,
# 32 worker threads) with CASES fast-track cases opened through the API;
# 32 connections (2 wrk threads), each run on a fresh copy of the seeded
# database and a fresh server:
#   (a) GET /api/cases/{id}, rotating over every case;
#   (b) suspend/resume commands on distinct cases (fire_events.lua), each a
#       durable event; every answer must be 2xx, and the database must hold
#       an audit record for every answered command.
# Rows: requests per second, p50 and p99 (info: no target). Medians of runs.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_parse_options "$@"
source "$(dirname "$0")/serve_lib.sh"
serve_require_wrk
trap 'serve_stop_quietly; rm -rf "$BENCH_SCRATCH"' EXIT
serve_stop_quietly() { [ -z "$SERVE_PID" ] || { kill "$SERVE_PID" 2>/dev/null; wait "$SERVE_PID" 2>/dev/null; } || true; }

cases=$(bench_sized 1000 4000 8000)
seconds=$(bench_sized 1 5 10)

seed=$BENCH_SCRATCH/seed.db
serve_setup "$seed"
serve_start "$seed"
serve_open_cases "$seed" "$cases"
serve_stop
echo "wrk: $cases cases in $seed" >&2

# run_load SCRIPT ARGS...: one run on a fresh copy; sets rps, p50, p99.
db=$BENCH_SCRATCH/run.db
run_load() {
  rm -f "$db" "$db-wal" "$db-shm"
  cp "$seed" "$db"
  serve_start "$db"
  serve_wrk "$seconds" "$@"
  serve_stop
  local non2xx errors requests
  non2xx=$(wrk_value non2xx)
  errors=$(wrk_value errors)
  requests=$(wrk_value requests)
  # A command that overtook its case's previous one (fire_events.lua) is
  # refused (422): reported, and tolerated up to 1 in 100.
  if [ "$non2xx" != 0 ] || [ "$errors" != 0 ]; then
    echo "$0: $1: $non2xx of $requests answers were not 2xx; $errors requests failed" >&2
  fi
  if [ "$errors" != 0 ] || [ $((non2xx * 100)) -gt "$requests" ]; then exit 1; fi
  failed[$1]=$(( ${failed[$1]:-0} + non2xx ))
}
declare -A failed

declare -A rps p50 p99
for run in $(seq "$BENCH_RUNS"); do
  run_load read_case.lua "$ARBITRATOR_TOKEN" "$cases"
  rps[read]+=" $(wrk_value rps)" p50[read]+=" $(wrk_value p50_us)" p99[read]+=" $(wrk_value p99_us)"
  echo "run $run: read $(wrk_value rps) req/s" >&2

  run_load fire_events.lua "$ARBITRATOR_TOKEN" "$cases" 2
  answered=$(wrk_value ok)
  stored=$(serve_count "$db" "SELECT COUNT(*) FROM audit_log WHERE kind IN ('suspend', 'resume')")
  # wrk stops with up to 32 commands in flight: the server finishes them
  # (SIGTERM waits), so the database may hold a few more than were answered.
  if [ "$stored" -lt "$answered" ] || [ "$stored" -gt $((answered + SERVE_CONNECTIONS)) ]; then
    echo "$0: $answered commands answered but $stored audit records stored" >&2
    exit 1
  fi
  verify=$(serve_cli "$db" audit verify 2>&1) || {
    echo "$0: audit verify failed: $verify" >&2
    exit 1
  }
  rps[fire]+=" $(wrk_value rps)" p50[fire]+=" $(wrk_value p50_us)" p99[fire]+=" $(wrk_value p99_us)"
  echo "run $run: fire $(wrk_value rps) req/s, $answered answered, $stored stored; $verify" >&2
done

for kind in read fire; do
  if [ "$kind" = read ]; then
    workload="7 HTTP GET /api/cases/{id}, 32 connections, ${seconds} s ($cases cases)"
  else
    workload="7 HTTP suspend/resume commands on distinct cases, 32 connections, ${seconds} s"
  fi
  # shellcheck disable=SC2086
  script=read_case.lua
  [ "$kind" = fire ] && script=fire_events.lua
  bench_row "$workload" "$(bench_rate "$(bench_median ${rps[$kind]})" req/s), ${failed[$script]} non-2xx" \
    - - - info
  # shellcheck disable=SC2086
  bench_row "$workload latency" "p50 $(serve_ms "$(bench_median ${p50[$kind]})"), p99 $(serve_ms \
    "$(bench_median ${p99[$kind]})")" - - - info
done
