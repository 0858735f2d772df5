#!/usr/bin/env bash
# Builds the libFuzzer targets with clang++ and runs each for a bounded time
# on its seed corpus (tests/fuzz/corpus/<target>/; the loader also gets every
# shipped workflow). New inputs go to BUILD_DIR/corpus, never into the repo.
# A crash stops the run with exit 1 and names the input that caused it
# (BUILD_DIR/artifacts/...): add it as a regression test (docs/fuzzing.md).
#
# Usage: tests/fuzz/run.sh [--seconds N] [--build-dir DIR] [TARGET...]
#   --seconds N     run each target N seconds (default 10)
#   --build-dir DIR where to configure and build (default build-fuzz/)
#   TARGET          workflow_loader, expression, field_value (default: all)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=10
build="$root/build-fuzz"
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --build-dir) build=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(workflow_loader expression field_value)
case "$seconds" in ''|*[!0-9]*) echo "run.sh: --seconds needs a whole number" >&2; exit 2 ;; esac

if ! command -v clang++ >/dev/null; then
  echo "run.sh: clang++ is not installed: apt-get install clang libclang-rt-14-dev" >&2
  exit 2
fi
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi

echo "==> configuring $build (clang++, libFuzzer, ASan, UBSan)"
cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DWAGEFLOW_FUZZ=ON -DWAGEFLOW_TESTS=OFF "${launcher[@]}" >/dev/null
echo "==> building ${targets[*]}"
cmake --build "$build" -j2 --target "${targets[@]/#/fuzz_}" >"$build/fuzz-build.log" 2>&1 || {
  tail -40 "$build/fuzz-build.log" >&2
  echo "run.sh: the fuzz targets did not build (log: $build/fuzz-build.log)" >&2
  exit 1
}

# Leak checks stay on; aborts make ASan reports and libFuzzer crashes alike.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=0
for target in "${targets[@]}"; do
  binary="$build/tests/fuzz/fuzz_$target"
  seeds="$root/tests/fuzz/corpus/$target"
  [ -x "$binary" ] || { echo "run.sh: unknown target $target" >&2; exit 2; }
  [ -d "$seeds" ] || { echo "run.sh: no seed corpus $seeds" >&2; exit 2; }
  work="$build/corpus/$target"
  mkdir -p "$work" "$build/artifacts"
  extra=()
  if [ "$target" = workflow_loader ]; then
    shipped="$build/seeds/shipped_workflows"
    mkdir -p "$shipped"
    cp "$root"/workflows/*.yaml "$shipped/"
    extra+=("$shipped")
  fi
  dict=()
  [ -f "$root/tests/fuzz/$target.dict" ] && dict=(-dict="$root/tests/fuzz/$target.dict")
  echo "==> fuzzing $target for ${seconds}s"
  if "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$build/artifacts/$target-" "${dict[@]}" "$work" "$seeds" "${extra[@]}" \
      >"$build/$target.log" 2>&1; then
    grep -E "^(stat::number_of_executed_units|stat::new_units_added)" "$build/$target.log" \
      | sed "s/^/    $target: /"
  else
    failed=1
    tail -60 "$build/$target.log" >&2
    echo "run.sh: $target crashed; the input is in $build/artifacts/ (log: $build/$target.log)" >&2
  fi
done
if [ "$failed" -ne 0 ]; then exit 1; fi
echo "==> every fuzz target ran ${seconds}s without a crash"
