#!/usr/bin/env bash
# Installs what is missing, builds wageflow, creates a demo database on the
# embedded SQLite default (demo users of every role with their offices and
# tokens, and demo cases of the shipped workflows: examples/web-demo.sh) and
# serves the staff pages and the JSON API in the foreground. It prints the
# address and the demo users' tokens first; Ctrl-C stops the server.
# Usage: ./run.sh [demo folder]   (default: a fresh temp folder)
#   WAGEFLOW_LISTEN=HOST:PORT  where to listen (default 127.0.0.1:8080)
# The scripted command-line tour is examples/demo.sh.
set -euo pipefail
cd "$(dirname "$0")"
source .ci/install-packages.sh
wageflow_install_packages

jobs=$(nproc 2>/dev/null || echo 2)
echo "==> configuring and building (build/)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWAGEFLOW_TESTS=OFF >/dev/null
cmake --build build --target wageflow -j"$jobs"
wageflow="$PWD/build/adapters/cli/wageflow"

folder=${1:-}
if [[ -z "$folder" ]]; then
  folder=$(mktemp -d "${TMPDIR:-/tmp}/wageflow-demo.XXXXXX")
fi
echo "==> creating the demo database"
bash examples/web-demo.sh "$wageflow" "$folder"

listen=${WAGEFLOW_LISTEN:-127.0.0.1:8080}
cat <<TEXT

==> wageflow serves the staff pages at http://$listen/
    Log in with a demo user's name and token (all of them: $folder/demo-users.txt):

$(sed 's/^/      /' "$folder/demo-users.txt")

    The arbitration users see the cases of 长春市劳动人事争议仲裁院, the legal-aid users
    those of 长春市职工法律援助中心, 张处长 (province-wide) those of every office; the
    directors also have the Workflows page. The API takes the same tokens: curl -H 'Authorization: Bearer TOKEN'
    http://$listen/api/cases (described at http://$listen/openapi.json).
    Database: $folder/wageflow-demo.db. Ctrl-C stops the server.

TEXT
exec "$wageflow" --db "$folder/wageflow-demo.db" --workflows "$PWD/workflows" \
  serve --listen "$listen" --web "$PWD/adapters/web"
