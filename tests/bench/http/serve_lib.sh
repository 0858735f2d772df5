# Sourced by the benchmarks of tests/bench/http (after ../lib.sh and
# bench_parse_options): a real `wageflow serve` on a fresh SQLite database
# in BENCH_SCRATCH with two demo users of one office, cases of the shipped
# fast-track workflow opened through the API, and wrk runs against it.
#   serve_setup DB                 users (tokens in CLERK_TOKEN, ARBITRATOR_TOKEN)
#   serve_start DB [OPTIONS...]    starts serve (32 threads); SERVE_URL, SERVE_PID
#   serve_stop                     SIGTERM, waits; fails when serve failed
#   serve_open_cases DB COUNT      opens cases 2025-000001.. until COUNT exist
#   serve_seed COUNT               SEED_DB: users and COUNT cases, server stopped
#   serve_copy_seed DB             DB: a fresh copy of SEED_DB
#   serve_wrk SECONDS SCRIPT ARGS  wrk -t2 -c32 --latency; its last line
#                                  "RESULT key=value..." in WRK_RESULT
# The server's clock stands at 2025-01-24 09:30 (a Friday) in Changchun,
# so case ids are 2025-NNNNNN and every run sees the same deadlines.

HTTP_BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SERVE_NOW=2025-01-24T09:30:00+08:00
SERVE_OFFICE=长春市劳动人事争议仲裁院
SERVE_CONNECTIONS=32
SERVE_THREADS=32
SERVE_URL="" SERVE_PID=""

serve_require_wrk() {
  if ! command -v wrk >/dev/null 2>&1; then
    echo "$0: wrk is not installed (Debian package wrk; .ci/install-packages.sh)" >&2
    exit 77
  fi
  if ! command -v sqlite3 >/dev/null 2>&1; then
    echo "$0: the sqlite3 command is not installed (Debian package sqlite3)" >&2
    exit 77
  fi
  [ -x "$BENCH_WAGEFLOW" ] || { echo "$0: no wageflow binary at $BENCH_WAGEFLOW" >&2; exit 1; }
}

# wageflow DB ARGS...: the CLI on DB with the shipped workflows.
serve_cli() {
  local db=$1
  shift
  "$BENCH_WAGEFLOW" --db "sqlite:$db" --workflows "$BENCH_SOURCE/workflows" --now "$SERVE_NOW" "$@"
}

serve_setup() {
  local db=$1
  rm -f "$db" "$db-wal" "$db-shm"
  CLERK_TOKEN=$(serve_cli "$db" user add 李明 --role intake_clerk --office "$SERVE_OFFICE" |
    tail -n 1)
  ARBITRATOR_TOKEN=$(serve_cli "$db" user add 孙伟 --role arbitrator --office "$SERVE_OFFICE" |
    tail -n 1)
}

serve_start() {
  local db=$1
  shift
  local log=$BENCH_SCRATCH/serve.log
  mkdir -p "$BENCH_SCRATCH/web"
  : >"$log"
  "$BENCH_WAGEFLOW" --db "sqlite:$db" --workflows "$BENCH_SOURCE/workflows" --now "$SERVE_NOW" \
    serve --listen 127.0.0.1:0 --threads "$SERVE_THREADS" --tick-interval 0 \
    --web "$BENCH_SCRATCH/web" --access-log "$BENCH_SCRATCH/access.log" "$@" \
    >"$log" 2>"$BENCH_SCRATCH/serve.err" &
  SERVE_PID=$!
  SERVE_URL=""
  for _ in $(seq 1 200); do
    SERVE_URL=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$log")
    [ -n "$SERVE_URL" ] && return 0
    kill -0 "$SERVE_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "$0: wageflow serve did not start:" >&2
  cat "$log" "$BENCH_SCRATCH/serve.err" >&2
  exit 1
}

serve_stop() {
  [ -n "$SERVE_PID" ] || return 0
  kill -TERM "$SERVE_PID"
  local status=0
  wait "$SERVE_PID" || status=$?
  SERVE_PID=""
  if [ "$status" != 0 ]; then
    echo "$0: wageflow serve exited $status:" >&2
    tail -n 20 "$BENCH_SCRATCH/serve.err" >&2
    exit 1
  fi
}

# Stops a server still running when the script ends (a failure part-way)
# and removes the scratch folder: every benchmark here calls it once.
serve_clean_up_on_exit() {
  serve_stop_quietly() {
    [ -z "$SERVE_PID" ] || { kill "$SERVE_PID" && wait "$SERVE_PID"; } 2>/dev/null || true
  }
  trap 'serve_stop_quietly; rm -rf "$BENCH_SCRATCH"' EXIT
}

# serve_count DB SQL: one number from the database.
serve_count() { sqlite3 -readonly "$1" "$2"; }

serve_wrk() {
  local seconds=$1 script=$2
  shift 2
  local out=$BENCH_SCRATCH/wrk.out
  wrk -t2 -c"$SERVE_CONNECTIONS" -d"${seconds}s" --timeout 10s --latency \
    -s "$HTTP_BENCH_DIR/$script" "$SERVE_URL" -- "$@" >"$out" 2>&1 || {
    cat "$out" >&2
    echo "$0: wrk failed" >&2
    exit 1
  }
  grep -v '^RESULT' "$out" >&2
  WRK_RESULT=$(grep '^RESULT' "$out" | tail -n 1)
  [ -n "$WRK_RESULT" ] || { echo "$0: wrk printed no RESULT line" >&2; exit 1; }
}

# wrk_value KEY: a value of WRK_RESULT.
wrk_value() { printf '%s\n' "$WRK_RESULT" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

serve_open_cases() {
  local db=$1 wanted=$2 have
  for _ in $(seq 1 50); do
    have=$(serve_count "$db" "SELECT COUNT(*) FROM cases")
    [ "$have" -ge "$wanted" ] && return 0
    serve_wrk 2 open_cases.lua "$CLERK_TOKEN" $(((wanted - have + 1) / 2))
  done
  echo "$0: could not open $wanted cases (have $have)" >&2
  exit 1
}

# ms MICROSECONDS: "4.1 ms".
serve_ms() { awk -v us="$1" 'BEGIN { printf "%.3g ms\n", us / 1000 }'; }

serve_seed() {
  SEED_DB=$BENCH_SCRATCH/seed.db
  serve_setup "$SEED_DB"
  serve_start "$SEED_DB"
  serve_open_cases "$SEED_DB" "$1"
  serve_stop
  echo "$0: $1 cases in $SEED_DB" >&2
}

serve_copy_seed() {
  rm -f "$1" "$1-wal" "$1-shm"
  cp "$SEED_DB" "$1"
}

# serve_fire_run DB SECONDS: the suspend/resume load of fire_events.lua on a
# fresh server on DB; fails unless every answered command is in the audit
# trail and the chains verify. WRK_RESULT as serve_wrk.
serve_fire_run() {
  local db=$1 seconds=$2 answered stored verify
  serve_start "$db"
  serve_wrk "$seconds" fire_events.lua "$ARBITRATOR_TOKEN" "$(serve_count "$db" \
    "SELECT COUNT(*) FROM cases")" 2
  serve_stop
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
  echo "$0: $answered commands answered, $stored stored; $verify" >&2
}
