#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the tests: `start` prints the connection string, `stop` removes it.
# Usage: eval "$(bash build/postgres.sh start)"  ...  bash build/postgres.sh stop
set -euo pipefail
PORT="${PMOPSBOT_PG_PORT:-55432}"
STATE="${TMPDIR:-/tmp}/pmopsbot-postgres-$PORT"

pg_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$found" ] && { echo "$found"; return; }
  dirname "$(command -v pg_ctl)"
}

as_owner() {
  # initdb refuses to run as root: the cluster belongs to the postgres user then.
  if [ "$(id -u)" = "0" ]; then su postgres -s /bin/bash -c "$1"; else bash -c "$1"; fi
}

case "${1:-}" in
  start)
    BIN=$(pg_bin)
    if [ -f "$STATE/data/postmaster.pid" ] && as_owner "'$BIN/pg_ctl' -D '$STATE/data' status" >/dev/null 2>&1; then
      echo "export PMOPSBOT_TEST_POSTGRES='Host=127.0.0.1;Port=$PORT;Username=postgres'"
      exit 0
    fi
    rm -rf "$STATE"; mkdir -p "$STATE"
    [ "$(id -u)" = "0" ] && chown postgres: "$STATE"
    as_owner "'$BIN/initdb' -D '$STATE/data' -U postgres -A trust --no-sync -E UTF8" >/dev/null
    as_owner "'$BIN/pg_ctl' -D '$STATE/data' -l '$STATE/log' -w -o \"-p $PORT -k $STATE -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300\" start" >/dev/null
    echo "export PMOPSBOT_TEST_POSTGRES='Host=127.0.0.1;Port=$PORT;Username=postgres'"
    ;;
  stop)
    BIN=$(pg_bin)
    [ -d "$STATE/data" ] && as_owner "'$BIN/pg_ctl' -D '$STATE/data' -m fast -w stop" >/dev/null 2>&1 || true
    rm -rf "$STATE"
    ;;
  *)
    echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
