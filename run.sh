#!/usr/bin/env bash
# Installs what is missing, builds wageflow, and runs the main job on the
# embedded SQLite default: the scripted demo (examples/demo.sh), which opens
# cases on the shipped workflows and prints their states, deadlines and
# audit trails. Usage: ./run.sh [demo folder]   (default: a fresh temp folder)
set -euo pipefail
cd "$(dirname "$0")"
source .ci/install-packages.sh
wageflow_install_packages

jobs=$(nproc 2>/dev/null || echo 2)
echo "==> configuring and building (build/)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWAGEFLOW_TESTS=OFF >/dev/null
cmake --build build --target wageflow -j"$jobs"

echo "==> running the demo on SQLite"
exec bash examples/demo.sh "$PWD/build/adapters/cli/wageflow" "${1:-}"
