#!/usr/bin/env bash
# Item 8 of docs/performance.md: peak RSS (VmHWM of /proc/PID/status) of
# `wageflow serve` (32 worker threads) on SQLite databases of SMALL and
# LARGE cases (1M at full size), each after a warm-up of wrk reads (32
# connections, read_case.lua: strides across all the cases). The target:
# the peak does not grow with the number of cases (LARGE / SMALL <= 1.2x).
# The cases are copies of one fast-track case opened through the API, made
# in SQL (cases, timers and audit rows under new ids: their audit hashes
# then do not verify, which reads of serve never check) - generating 1M
# cases through wageflow would take most of an hour here.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_parse_options "$@"
source "$(dirname "$0")/serve_lib.sh"
serve_require_wrk
serve_clean_up_on_exit

small=$(bench_sized 1000 50000 250000)
large=$(bench_sized 4000 200000 999999)
seconds=$(bench_sized 1 5 10)

# columns TABLE KEY EXPRESSION: the table's columns, KEY replaced by EXPRESSION.
columns() {
  sqlite3 "$db" "PRAGMA table_info($1)" | cut -d'|' -f2 |
    sed "s/^$2\$/$3/" | paste -sd, -
}

# make_database COUNT: DB with COUNT cases 2025-000001.. (copies of the first).
db=$BENCH_SCRATCH/memory.db
make_database() {
  serve_setup "$db"
  serve_start "$db"
  serve_open_cases "$db" 1
  serve_stop
  local id="printf('2025-%06d', n.i)" names
  names=$(sqlite3 "$db" "PRAGMA table_info(cases)" | cut -d'|' -f2 | paste -sd, -)
  sqlite3 "$db" <<SQL
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE n (i INTEGER PRIMARY KEY);
WITH RECURSIVE k(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM k WHERE i < $1)
INSERT INTO n SELECT i FROM k;
INSERT INTO cases ($names) SELECT $(columns cases id "$id") FROM n, cases
  WHERE cases.id = '2025-000001';
INSERT INTO timers SELECT $(columns timers case_id "$id") FROM n, timers
  WHERE timers.case_id = '2025-000001';
INSERT INTO audit_log SELECT $(columns audit_log case_id "$id") FROM n, audit_log
  WHERE audit_log.case_id = '2025-000001';
UPDATE case_numbers SET last = $1 WHERE prefix = '2025-';
COMMIT;
SQL
  echo "$0: $(serve_count "$db" 'SELECT COUNT(*) FROM cases') cases," \
    "$(du -h "$db" | cut -f1) in $db" >&2
}

declare -A peak
for count in "$small" "$large"; do
  make_database "$count"
  peaks=()
  for run in $(seq "$BENCH_RUNS"); do
    serve_start "$db"
    serve_wrk "$seconds" read_case.lua "$ARBITRATOR_TOKEN" "$count"
    [ "$(wrk_value non2xx)" = 0 ] || { echo "$0: reads were not answered 200" >&2; exit 1; }
    peaks+=("$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$SERVE_PID/status")")
    serve_stop
    echo "$0: $count cases, run $run: $(wrk_value rps) reads/s, peak RSS ${peaks[-1]} kB" >&2
  done
  peak[$count]=$(bench_median "${peaks[@]}")
done

mb() { awk -v kb="$1" 'BEGIN { printf "%.1f MB\n", kb / 1024 }'; }
for count in "$small" "$large"; do
  bench_row "8 peak RSS of serve after ${seconds} s of reads, $count cases" "$(mb "${peak[$count]}")" \
    - - - info
done
ratio=$(awk -v a="${peak[$large]}" -v b="${peak[$small]}" 'BEGIN { printf "%.2f", a / b }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 1.2) ? "pass" : "miss" }')
bench_row "8 peak RSS of serve, $large cases vs $small cases" "$(mb "${peak[$large]}")" \
  "$(mb "${peak[$small]}")" "${ratio}x" "<= 1.2x" "$verdict"
