#!/usr/bin/env bash
# Runs the browser tests (node --test) against a real `wageflow serve`.
# CTest runs it (tests/browser/CMakeLists.txt) with:
#   WAGEFLOW_BIN               the wageflow program
#   WAGEFLOW_SOURCE_DIR        the repository (workflows/, adapters/web/)
#   WAGEFLOW_BROWSER_NODE_DIR  where playwright-core is installed (npm ci of
#                              package-lock.json; redone when the lock changes)
#   WAGEFLOW_SCREENSHOTS       where the screenshots go
#   WAGEFLOW_CHROMIUM          the browser (default /usr/bin/chromium)
# Without Chromium, Node or npm the tests are skipped (exit 77, which CTest
# shows as skipped) with the reason; with CI=true they fail instead.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

unavailable() {
  if [ "${CI:-}" = "true" ]; then
    echo "browser tests: FAILED: $1 (CI must run them)" >&2
    exit 1
  fi
  echo "browser tests: SKIPPED: $1"
  exit 77
}

chromium=${WAGEFLOW_CHROMIUM:-/usr/bin/chromium}
command -v node >/dev/null || unavailable "node is not installed (apt-get install nodejs npm)"
command -v npm >/dev/null || unavailable "npm is not installed (apt-get install npm)"
[ -x "$chromium" ] || unavailable "Chromium is not installed at $chromium (apt-get install chromium)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 18 ] || unavailable "node $(node --version) is too old; the tests need Node 18 or newer"

: "${WAGEFLOW_BIN:?set WAGEFLOW_BIN to the wageflow program}"
: "${WAGEFLOW_SOURCE_DIR:?set WAGEFLOW_SOURCE_DIR to the repository}"
node_dir=${WAGEFLOW_BROWSER_NODE_DIR:?set WAGEFLOW_BROWSER_NODE_DIR}
export WAGEFLOW_CHROMIUM=$chromium
export WAGEFLOW_SCREENSHOTS=${WAGEFLOW_SCREENSHOTS:-$PWD/screenshots}

# playwright-core, pinned by package-lock.json; it downloads no browser.
mkdir -p "$node_dir"
stamp="$node_dir/node_modules/.wageflow-package-lock.json"
if ! cmp -s "$here/package-lock.json" "$stamp"; then
  echo "browser tests: installing playwright-core into $node_dir (npm ci)"
  cp "$here/package.json" "$here/package-lock.json" "$node_dir/"
  (cd "$node_dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  cp "$here/package-lock.json" "$stamp"
fi

mkdir -p "$WAGEFLOW_SCREENSHOTS"
rm -f "$WAGEFLOW_SCREENSHOTS"/*.png
cd "$here"
node --test --test-reporter=spec pages.test.mjs demo.test.mjs dashboard.test.mjs
echo "browser tests: screenshots in $WAGEFLOW_SCREENSHOTS"
