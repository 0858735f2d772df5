#!/usr/bin/env bash
# Item 4 of docs/performance.md: `wageflow import` (batched, default batch
# size) of a generated export file of reference-workflow cases, at two
# stream lengths (a quarter and the whole), into a fresh SQLite database
# each run. Events per second (audit records / wall time of the whole
# command, both passes) and peak RSS (/usr/bin/time) at each length: the
# peak must not grow with the length.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_parse_options "$@"
events=$(bench_sized 400 200000 1000000)
runs=$BENCH_RUNS
[ "$BENCH_SIZE" = full ] && [ "$runs" -gt 3 ] && runs=3

mkdir -p "$BENCH_SCRATCH/workflows"
cp -r "$BENCH_SOURCE/workflows/calendars" "$BENCH_SCRATCH/workflows/"

declare -A rate rss records
for length in $((events / 4)) "$events"; do
  file=$BENCH_SCRATCH/stream-$length.jsonl
  read -r cases records[$length] < <("$BENCH_BIN/make_import_stream" "$length" "$file")
  echo "import: $file: $cases cases, ${records[$length]} audit records," \
    "$(du -h "$file" | cut -f1)" >&2
  rates=() peaks=()
  for run in $(seq "$runs"); do
    db=$BENCH_SCRATCH/import.db
    rm -f "$db" "$db-wal" "$db-shm"
    /usr/bin/time -f '%e %M' -o "$BENCH_SCRATCH/time" \
      "$BENCH_WAGEFLOW" --db "sqlite:$db" --workflows "$BENCH_SCRATCH/workflows" import "$file" \
      >"$BENCH_SCRATCH/out" 2>"$BENCH_SCRATCH/err" || {
      cat "$BENCH_SCRATCH/err" >&2
      exit 1
    }
    read -r seconds peak_kb < <(tail -n 1 "$BENCH_SCRATCH/time")
    rates+=("$(awk -v n="${records[$length]}" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')")
    peaks+=("$peak_kb")
    echo "run $run: $(cat "$BENCH_SCRATCH/out") in $seconds s, peak RSS $peak_kb KB" >&2
  done
  rate[$length]=$(bench_median "${rates[@]}")
  rss[$length]=$(bench_median "${peaks[@]}")
  rm -f "$file"
done

short=$((events / 4))
for length in "$short" "$events"; do
  verdict=$(awk -v r="${rate[$length]}" 'BEGIN { print (r >= 100000) ? "pass" : "miss" }')
  bench_row "4 import ${records[$length]} events (SQLite)" "$(bench_rate "${rate[$length]}" ev/s)" \
    "" "" ">= 100k ev/s" "$verdict"
done
# Peak memory must not depend on the length: within 20% (and 8 MB) of the
# quarter-length run's.
growth=$(awk -v a="${rss[$short]}" -v b="${rss[$events]}" 'BEGIN { printf "%.2f", b / a }')
verdict=$(awk -v a="${rss[$short]}" -v b="${rss[$events]}" \
  'BEGIN { print (b <= a * 1.2 || b - a <= 8192) ? "pass" : "miss" }')
bench_row "4 import peak RSS, ${records[$events]} vs ${records[$short]} events" \
  "$((rss[$events] / 1024)) MB" "$((rss[$short] / 1024)) MB" "${growth}x" "flat (<= 1.2x)" \
  "$verdict"
