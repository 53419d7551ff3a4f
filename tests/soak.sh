#!/usr/bin/env bash
# Soak test: runs the whole CTest suite of a build N times in a row while another job keeps
# every core busy (a parallel build of gecl into a scratch directory, restarted as it ends), and
# stops at the first failing run. Flaky tests show up here: timing grace periods, lock-order
# races and lost wake-ups that an idle machine hides.
#   bash tests/soak.sh [runs=20] [build-dir=build] [ctest-regex]
# With a regex, only the matching tests run (the stress and fault tests of issue 14, say:
# 'stress|misuse|finalize|threads|hardening|leaks|lifetime|ops_index|edge_cases|mutated|regress').
# GECL_SOAK_LOAD=0 leaves out the build load (when something else keeps the cores busy).
# Prints one line per run (passed/failed counts, seconds) and leaves each run's log in
# <build-dir>/soak/run-<k>.log.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
build=${2:-build}
filter=${3:-}
jobs=$(nproc)
[ -f "$build/CTestTestfile.cmake" ] || { echo "soak: no CTest build in $build" >&2; exit 2; }
mkdir -p "$build/soak"
load_dir=$(mktemp -d)

# The load: a parallel build on every core, again and again, in its own process group so that
# it can be stopped as a whole (GECL_SOAK_LOAD=0: an idle placeholder instead).
if [ "${GECL_SOAK_LOAD:-1}" = 0 ]; then
  setsid sleep infinity &
else
  setsid bash -c '
    cmake -S . -B "$1" > /dev/null 2>&1
    while :; do cmake --build "$1" -j"$2" --clean-first > /dev/null 2>&1; done' soak-load "$load_dir" "$jobs" &
fi
load_pid=$!
stop_load() {
  kill -- -"$load_pid" 2> /dev/null
  wait "$load_pid" 2> /dev/null
  rm -rf "$load_dir"
}
trap stop_load EXIT

echo "soak: $runs runs of the CTest suite in $build${filter:+ (tests matching $filter)}, load: $([ "${GECL_SOAK_LOAD:-1}" = 0 ] && echo none || echo "a -j$jobs build restarted as it ends")"
for k in $(seq 1 "$runs"); do
  t0=$(date +%s)
  ctest --test-dir "$build" --output-on-failure -j"$jobs" ${filter:+-R "$filter"} > "$build/soak/run-$k.log" 2>&1
  rc=$?
  summary=$(grep -E "tests passed|tests failed" "$build/soak/run-$k.log" | tail -1)
  echo "run $k/$runs: rc=$rc, $summary, $(( $(date +%s) - t0 )) s, load $(cut -d' ' -f1 /proc/loadavg)"
  if [ "$rc" -ne 0 ]; then
    grep -E "\(Failed\)|\(Timeout\)|\(SEGFAULT\)|\(Subprocess aborted\)|\*\*\*" "$build/soak/run-$k.log" | head -20
    echo "soak: run $k failed; log in $build/soak/run-$k.log"
    exit 1
  fi
done
echo "soak: all $runs runs passed"
