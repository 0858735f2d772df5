#!/usr/bin/env bash
# Installs the Debian 12 packages wageflow builds and tests with, when any
# is missing. Idempotent; needs root (apt-get). Sourced by run.sh and test.sh.
set -euo pipefail

WAGEFLOW_PACKAGES=(
  build-essential cmake pkg-config git
  libboost-dev libsoci-dev libsqlite3-dev libpq-dev sqlite3 postgresql-15
  libyaml-cpp-dev libspdlog-dev libfmt-dev libgtest-dev libgmock-dev
  libcpp-httplib-dev nlohmann-json3-dev libcli11-dev libssl-dev
  graphviz clang libclang-rt-14-dev
  chromium fonts-noto-cjk curl
  wrk
)

wageflow_install_packages() {
  local missing=()
  local package
  for package in "${WAGEFLOW_PACKAGES[@]}" "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  # Node and npm (the browser tests): whatever provides the commands will do
  # (a machine may carry a newer Node than Debian's); Debian's otherwise.
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "==> installing: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: packages missing and not root: run as root or install: ${missing[*]}" >&2
    return 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
