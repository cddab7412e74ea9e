#!/usr/bin/env bash
# CPU profile of the overhead test with Linux perf: one recorded window in the middle of an interview phase, one in an
# echo-with-state phase and one in a plain echo phase, each read with `perf-parts` (CPU per turn by part, kernel included).
#
#   bash benchmarks/perf-overhead.sh OUT-DIR [overhead options ...]
#
# Needs perf (linux-tools) and the right to profile (root, or kernel.perf_event_paranoid <= 1). EventPipe's sampler
# (`overhead --profile`) needs neither, but it stops threads at safe points and counts threads waiting in SQLite's native code;
# perf counts only CPU time, wherever it is spent.
set -euo pipefail

out=${1:?usage: bash benchmarks/perf-overhead.sh OUT-DIR [overhead options ...]}
shift
command -v perf >/dev/null || { echo "perf is not installed (apt-get install linux-tools-common linux-tools-generic)" >&2; exit 2; }

root=$(cd "$(dirname "$0")/.." && pwd)
dll="$root/benchmarks/PmOpsBot.LoadTests/bin/Release/net10.0/PmOpsBot.LoadTests.dll"
dotnet build -c Release "$root/benchmarks/PmOpsBot.LoadTests" -v q -nologo >/dev/null
mkdir -p "$out"

# Perf maps name the JIT-compiled methods; without W^X the code is not behind a file mapping perf skips.
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 dotnet "$dll" overhead --rounds 2 --sequential 5 "$@" \
  >"$out/overhead.md" 2>"$out/progress.txt" &
test_pid=$!
trap 'kill $test_pid 2>/dev/null || true' EXIT

wait_for() {
  until grep -q "$1" "$out/progress.txt" 2>/dev/null; do
    kill -0 $test_pid 2>/dev/null || { echo "the overhead test ended before \"$1\"" >&2; exit 1; }
    sleep 0.05
  done
}

# Phase order at concurrency 16: round 1 echo, INTERVIEW, echo with state, adapter only; round 2 adapter only,
# ECHO WITH STATE, interview, ECHO. Each window starts when the phase before it ends and stays inside the phase.
record() { # name, the progress line that starts it, seconds
  wait_for "$2"
  perf record -F 999 -g -p $test_pid -o "$out/$1.data" -- sleep "$3" >/dev/null 2>&1
}
record interview "round 1, echo, same endpoint, concurrency 16" 5
record echo-with-state "round 2, echo, adapter only, concurrency 16" 2.5
record echo "round 2, interview, concurrency 16" 1
wait $test_pid
trap - EXIT

# Turns in a window: the phase's rate (from its progress line) times the window's length.
turns() { # the phase's progress line, seconds
  grep "$1" "$out/progress.txt" | sed -E 's/.* ([0-9]+) turns\/s.*/\1/' | awk -v s="$2" '{ printf "%d", $1 * s }'
}
report() { # name, the phase's progress line, seconds
  perf script -i "$out/$1.data" -F comm,tid,ip,sym,dso 2>/dev/null >"$out/$1.txt"
  echo "## $1"
  dotnet "$dll" perf-parts "$out/$1.txt" --turns "$(turns "$2" "$3")"
  echo
}
{
  report interview "round 1, interview, concurrency 16" 5
  report echo-with-state "round 2, echo with state, same endpoint, concurrency 16" 2.5
  report echo "round 2, echo, same endpoint, concurrency 16" 1
} | tee "$out/parts.md"
