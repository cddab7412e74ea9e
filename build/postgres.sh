#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the tests: `start` prints the connection string, `stop` removes it.
# Usage: pg_env=$(bash build/postgres.sh start) && eval "$pg_env"  ...  bash build/postgres.sh stop
# On failure `start` exits non-zero and says why on stderr, with the server's own log.
set -euo pipefail
PORT="${PMOPSBOT_PG_PORT:-55432}"
# PostgreSQL runs as an unprivileged user when we are root: that user must reach the folder, so root keeps it
# in /tmp rather than a TMPDIR that may sit under a private home.
if [ "$(id -u)" = "0" ]; then BASE=/tmp; else BASE="${TMPDIR:-/tmp}"; fi
STATE="$BASE/pmopsbot-postgres-$PORT"
CONNECTION="Host=127.0.0.1;Port=$PORT;Username=postgres"

pg_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -n "$found" ] && [ -x "$found/initdb" ]; then echo "$found"; return; fi
  command -v pg_ctl >/dev/null 2>&1 && { dirname "$(command -v pg_ctl)"; return; }
  echo "PostgreSQL's server programs (initdb, pg_ctl) are not installed: apt-get install postgresql" >&2
  exit 1
}

# initdb and postgres refuse to run as root. As real root we switch to the postgres user; where root cannot
# switch users (a container whose user namespace maps only root), a nested user namespace runs them as "nobody"
# while the files stay ours.
pick_runner() {
  if [ "$(id -u)" != "0" ]; then RUNNER=self; return; fi
  if id postgres >/dev/null 2>&1 && chown postgres: "$STATE" 2>/dev/null \
     && (cd / && runuser -u postgres -- true) 2>/dev/null; then
    RUNNER=postgres; return
  fi
  chown 0:0 "$STATE" 2>/dev/null || true
  if (cd / && unshare --user true) 2>/dev/null; then RUNNER=userns; return; fi
  echo "PostgreSQL cannot run here: we are root, yet neither switching to the postgres user nor a user namespace works." >&2
  exit 1
}

unprivileged() {
  case "$RUNNER" in
    self) bash -c "$1" ;;
    postgres) (cd / && runuser -u postgres -- bash -c "$1") ;;
    userns) (cd / && unshare --user bash -c "$1") ;;
  esac
}

server_pid() {
  [ -f "$STATE/data/postmaster.pid" ] || return 1
  local pid
  pid=$(head -1 "$STATE/data/postmaster.pid")
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

fail_with_log() {
  echo "PostgreSQL for the tests did not start ($1)." >&2
  [ -f "$STATE/setup.log" ] && tail -6 "$STATE/setup.log" | sed 's/^/  setup: /' >&2
  [ -f "$STATE/log" ] && tail -20 "$STATE/log" | sed 's/^/  server: /' >&2
  exit 1
}

case "${1:-}" in
  start)
    BIN=$(pg_bin)
    if server_pid >/dev/null; then echo "export PMOPSBOT_TEST_POSTGRES='$CONNECTION'"; exit 0; fi
    rm -rf "$STATE"; mkdir -p "$STATE"; chmod 755 "$STATE"
    pick_runner
    unprivileged "'$BIN/initdb' -D '$STATE/data' -U postgres -A trust --no-sync -E UTF8" >"$STATE/setup.log" 2>&1 \
      || fail_with_log "initdb failed, running as $RUNNER"
    unprivileged "'$BIN/pg_ctl' -D '$STATE/data' -l '$STATE/log' -w -t 60 -o \"-p $PORT -k $STATE -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300\" start" \
      >>"$STATE/setup.log" 2>&1 || fail_with_log "pg_ctl start failed, running as $RUNNER"
    echo "export PMOPSBOT_TEST_POSTGRES='$CONNECTION'"
    ;;
  stop)
    # A fast shutdown by signal works whichever way the server was started.
    if pid=$(server_pid); then
      kill -INT "$pid" 2>/dev/null || true
      for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$STATE"
    ;;
  *)
    echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
