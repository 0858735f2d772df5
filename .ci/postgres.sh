#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the tests, on 127.0.0.1 and a free port.
#
#   .ci/postgres.sh start DIR   initdb into DIR (empty or absent; under /tmp or
#                               another folder user postgres can enter), start
#                               the server, print its port on stdout. Exit 1
#                               with the reason on stderr when it cannot.
#   .ci/postgres.sh stop DIR    fast stop, then delete DIR (only a folder that
#                               `start` made). Quiet and exit 0 when nothing runs.
#
# The server trusts every local TCP login (tests connect as postgres without a
# password) except the role wageflow_password_test, which must give its
# SCRAM password: that is how the tests see a real wrong-password refusal.
# Its settings live in DIR/postgresql.conf, so a plain restart keeps them:
#   runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D DIR -m fast -w restart
# (without runuser when not root). Its log is DIR/server.log.
set -euo pipefail

PG_BIN=${WAGEFLOW_PG_BIN:-/usr/lib/postgresql/15/bin}
MARKER=wageflow-throwaway-server

die() {
  echo "$*" >&2
  exit 1
}

# Runs a PostgreSQL program as postgres when root (initdb and postgres refuse
# to run as root), else as the current user. Runs in / so that postgres never
# needs to read the caller's working folder.
as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

port_is_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pick_port() {
  local port tries
  for tries in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if port_is_free "$port"; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

start() {
  local dir=$1
  [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] ||
    die "PostgreSQL 15 server programs not found in $PG_BIN (install postgresql-15)"
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    die "user postgres does not exist (install postgresql-15)"
  fi
  mkdir -p "$dir"
  [ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
    as_server_user test -x "$dir" || die "user postgres cannot enter $dir (use a folder under /tmp)"
  fi
  if ! as_server_user "$PG_BIN/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 >"$dir.initdb.log" 2>&1; then
    local why
    why=$(tail -n 3 "$dir.initdb.log" | tr '\n' ' ')
    rm -f "$dir.initdb.log"
    die "initdb failed: $why"
  fi
  rm -f "$dir.initdb.log"
  touch "$dir/$MARKER"

  # One role must log in with a password, for the wrong-password test.
  local hba="$dir/pg_hba.conf"
  {
    echo "host all wageflow_password_test 127.0.0.1/32 scram-sha-256"
    cat "$hba"
  } >"$hba.new"
  mv "$hba.new" "$hba"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$hba"

  local attempt port
  for attempt in 1 2 3 4 5; do
    port=$(pick_port) || die "no free TCP port found on 127.0.0.1"
    cat >"$dir/postgresql.auto.conf" <<EOF
# Written by .ci/postgres.sh: a throwaway test server.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
fsync = off
full_page_writes = off
password_encryption = 'scram-sha-256'
EOF
    [ "$(id -u)" -ne 0 ] || chown postgres: "$dir/postgresql.auto.conf"
    if as_server_user "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir" \
      start >/dev/null 2>&1; then
      echo "$port"
      return 0
    fi
    # Another process may have taken the port between the check and start.
    grep -q "could not bind\|Address already in use" "$dir/server.log" 2>/dev/null || break
  done
  die "the PostgreSQL server did not start: $(tail -n 3 "$dir/server.log" 2>/dev/null | tr '\n' ' ')"
}

stop() {
  local dir=$1
  [ -d "$dir" ] || return 0
  if [ -f "$dir/postmaster.pid" ]; then
    as_server_user "$PG_BIN/pg_ctl" -D "$dir" -m fast -w -t 60 stop >/dev/null 2>&1 ||
      echo "warning: pg_ctl stop failed for $dir; see $dir/server.log" >&2
  fi
  if [ -f "$dir/$MARKER" ] && [ ! -f "$dir/postmaster.pid" ]; then
    rm -rf "$dir"
  fi
}

case "${1:-}" in
  start) [ $# -eq 2 ] || die "usage: $0 start DIR"; start "$2" ;;
  stop) [ $# -eq 2 ] || die "usage: $0 stop DIR"; stop "$2" ;;
  *) die "usage: $0 start DIR | stop DIR" ;;
esac
