#!/usr/bin/env bash
# Item 5 of docs/performance.md: PostgreSQL, 8 concurrent clients firing
# commands at distinct cases through wageflow's storage (bench_pg_events:
# CaseService on open_store, a connection per client; each command one
# transaction with the case row, its timers and a hashed audit record)
# against raw single-row INSERT commits from 8 clients (pgbench -c 8 with a
# custom script: one INSERT of a 512-byte row per transaction) on the same
# server, interleaved, in the same run.
# The server: WAGEFLOW_TEST_POSTGRES when set (used as it is configured),
# else a throwaway one (.ci/postgres.sh) with fsync and full_page_writes
# turned back on (the test server runs without them), stopped at the end.
# Each side gets a fresh database per run.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_parse_options "$@"
program=$BENCH_BIN/pg/bench_pg_events
[ -x "$program" ] || { echo "$0: no $program (build the bench targets)" >&2; exit 1; }
for tool in psql pgbench; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$0: no $tool (postgresql-client)" >&2; exit 77; }
done

pg_dir=""
cleanup() {
  [ -z "$pg_dir" ] || "$BENCH_SOURCE/.ci/postgres.sh" stop "$pg_dir" >/dev/null 2>&1 || true
  rm -rf "$BENCH_SCRATCH"
}
trap cleanup EXIT
if [ -n "${WAGEFLOW_TEST_POSTGRES:-}" ]; then
  admin=$WAGEFLOW_TEST_POSTGRES
else
  pg_dir=$(mktemp -d /tmp/wageflow-bench-pg.XXXXXX)
  rmdir "$pg_dir"
  port=$("$BENCH_SOURCE/.ci/postgres.sh" start "$pg_dir") || {
    echo "$0: no PostgreSQL server (set WAGEFLOW_TEST_POSTGRES or install postgresql-15)" >&2
    pg_dir=""
    exit 77
  }
  admin=postgresql://postgres@127.0.0.1:$port/postgres
  psql -q "$admin" -c "ALTER SYSTEM SET fsync = on" -c "ALTER SYSTEM SET full_page_writes = on" \
    -c "SELECT pg_reload_conf()" >/dev/null
fi
fsync=$(psql -Atq "$admin" -c "SHOW fsync")
commit=$(psql -Atq "$admin" -c "SHOW synchronous_commit")
echo "$0: server $(psql -Atq "$admin" -c 'SHOW server_version'), fsync=$fsync," \
  "synchronous_commit=$commit" >&2

clients=8
seconds=$(bench_sized 1 5 10)
cases=$(bench_sized 20 200 500)  # per client
database=wageflow_bench_$$
url=${admin%/*}/$database
fresh_database() {
  psql -q "$admin" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" \
    -c "CREATE DATABASE $database" >/dev/null
}
cat >"$BENCH_SCRATCH/insert.sql" <<'SQL'
INSERT INTO bench_rows (payload) VALUES (repeat('x', 512));
SQL

ours=() raw=()
for run in $(seq "$BENCH_RUNS"); do
  fresh_database
  ours+=("$("$program" "$url" "$clients" "$seconds" "$cases")")
  fresh_database
  psql -q "$url" -c "CREATE TABLE bench_rows (id bigserial PRIMARY KEY, payload text)" >/dev/null
  pgbench -n -c "$clients" -j 2 -T "$seconds" -f "$BENCH_SCRATCH/insert.sql" "$url" \
    >"$BENCH_SCRATCH/pgbench.out" 2>&1 || { cat "$BENCH_SCRATCH/pgbench.out" >&2; exit 1; }
  raw+=("$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$BENCH_SCRATCH/pgbench.out" | tail -n 1)")
  echo "run $run: wageflow ${ours[-1]} ev/s, pgbench ${raw[-1]} tx/s" >&2
done
psql -q "$admin" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null

bench_compared_row "5 PostgreSQL, 8 clients, commands on distinct cases vs pgbench INSERT tx (fsync=$fsync)" \
  "$(bench_median "${ours[@]}")" "$(bench_median "${raw[@]}")" ev/s 0.6
