#!/usr/bin/env bash
# Installs what is missing, builds wageflow and runs every test with CTest:
# first a normal build (build/), then the whole suite again under
# AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/).
# Options: --no-asan   skip the sanitizer pass (quicker local runs)
set -euo pipefail
cd "$(dirname "$0")"
source .ci/install-packages.sh
wageflow_install_packages

asan=1
for arg in "$@"; do
  case "$arg" in
    --no-asan) asan=0 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

jobs=$(nproc 2>/dev/null || echo 2)
run_suite() {
  local dir=$1; shift
  echo "==> configuring $dir $*"
  cmake -S . -B "$dir" "$@" >/dev/null
  echo "==> building $dir"
  cmake --build "$dir" -j"$jobs"
  echo "==> testing $dir"
  (cd "$dir" && ctest --output-on-failure -j"$jobs" --timeout 600)
}

run_suite build -DCMAKE_BUILD_TYPE=RelWithDebInfo
if [ "$asan" = 1 ]; then
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  run_suite build-asan -DCMAKE_BUILD_TYPE=Debug -DWAGEFLOW_SANITIZE=ON
fi
echo "==> all tests passed"
