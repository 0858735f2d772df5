#!/usr/bin/env bash
# Installs what is missing, builds wageflow and runs every test with CTest:
# first an optimised build (build/), then the whole suite again under
# AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/), the fuzz run
# aside (its targets are sanitized builds of their own).
# Both passes run the PostgreSQL tests against a throwaway PostgreSQL 15
# server on 127.0.0.1 (.ci/postgres.sh), stopped and deleted on exit, also
# when a test fails or the run is interrupted. Tests find it through
#   WAGEFLOW_TEST_POSTGRES=postgresql://postgres@127.0.0.1:PORT/postgres
#   WAGEFLOW_TEST_POSTGRES_DATA=DIR  (restart: runuser -u postgres --
#     /usr/lib/postgresql/15/bin/pg_ctl -D DIR -m fast -w restart)
# When no server can start, those tests are skipped and the reason printed
# (with CI=true they fail instead: CI must run them).
# Options: --no-asan      skip the sanitizer pass (quicker local runs)
#          --no-postgres  skip the PostgreSQL tests
#          --bench        instead of the tests: build build/ (RelWithDebInfo)
#                         and run the benchmarks, tests/bench/run.sh
#                         (docs/performance.md)
set -euo pipefail
cd "$(dirname "$0")"
# "==> [MM:SS] step": minutes and seconds since test.sh started, so that a
# slow CI run shows which step took the time (CI stops a run at 90 minutes).
step() { printf '==> [%02d:%02d] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

asan=1
postgres=1
bench=0
for arg in "$@"; do
  case "$arg" in
    --no-asan) asan=0 ;;
    --no-postgres) postgres=0 ;;
    --bench) bench=1 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

source .ci/install-packages.sh
wageflow_install_packages
step "packages ready"

if [ "$bench" = 1 ]; then
  step "configuring build (RelWithDebInfo) for the benchmarks"
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  step "building build"
  cmake --build build -j"$(nproc 2>/dev/null || echo 2)"
  exec tests/bench/run.sh --build build
fi

pg_dir=""
stop_postgres() {
  if [ -n "$pg_dir" ]; then
    .ci/postgres.sh stop "$pg_dir" || true
    [ -f "$pg_dir/postmaster.pid" ] || rm -rf "$pg_dir"
    pg_dir=""
  fi
}
trap stop_postgres EXIT
trap 'exit 130' INT TERM

unset WAGEFLOW_TEST_POSTGRES WAGEFLOW_TEST_POSTGRES_DATA
if [ "$postgres" = 0 ]; then
  postgres_line="PostgreSQL tests: SKIPPED: --no-postgres given"
else
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/wageflow-pg.XXXXXX")
  chmod 755 "$pg_dir"
  pg_why=$(mktemp)
  if pg_port=$(.ci/postgres.sh start "$pg_dir" 2>"$pg_why"); then
    export WAGEFLOW_TEST_POSTGRES="postgresql://postgres@127.0.0.1:$pg_port/postgres"
    export WAGEFLOW_TEST_POSTGRES_DATA="$pg_dir"
    postgres_line="PostgreSQL tests: server on 127.0.0.1:$pg_port"
  else
    postgres_line="PostgreSQL tests: SKIPPED: $(tail -n 1 "$pg_why")"
    stop_postgres
  fi
  rm -f "$pg_why"
fi
echo "$postgres_line"

jobs=$(nproc 2>/dev/null || echo 2)
# run_suite DIR "CTEST OPTIONS" CMAKE OPTIONS...
run_suite() {
  local dir=$1 ctest_options=$2; shift 2
  step "configuring $dir $*"
  cmake -S . -B "$dir" "$@" >/dev/null
  step "building $dir"
  cmake --build "$dir" -j"$jobs"
  step "testing $dir"
  # shellcheck disable=SC2086  # the options are words
  (cd "$dir" && ctest --output-on-failure -j"$jobs" --timeout 600 $ctest_options)
}

# The optimised build of RelWithDebInfo (what ./run.sh ships) without its
# debug information, a third of the compile time: a failing test names its
# file and line without it.
run_suite build "" -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG"
if [ "$asan" = 1 ]; then
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  # The fuzz targets are sanitized builds of their own (build-fuzz/), run by
  # the first pass: not run twice.
  run_suite build-asan "-LE fuzz" -DCMAKE_BUILD_TYPE=Debug -DWAGEFLOW_SANITIZE=ON
fi
step "all tests passed ($postgres_line)"
