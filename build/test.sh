#!/usr/bin/env bash
# The whole test suite: installs the pinned npm validators the tests call, starts a PostgreSQL server for the
# tests (stopped again at the end), then runs every test project.
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --prefix tools/validators --no-audit --no-fund --loglevel=error

# A throwaway PostgreSQL on loopback: the storage and multi-instance tests run against it as well as SQLite.
# Without it a third of the suite would fail for want of a server, so say why and stop here instead.
trap 'bash build/postgres.sh stop' EXIT
if ! pg_env=$(bash build/postgres.sh start); then
  echo "The tests need a PostgreSQL server on loopback and none could be started (see above); no tests were run." >&2
  exit 1
fi
eval "$pg_env"

log=$(mktemp)
status=0
dotnet test PmOpsBot.sln --nologo 2>&1 | tee "$log" || status=$?

# One plain closing line for the whole run, summed over the test projects.
awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { gsub(",", "", p); printf "total: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit $status
