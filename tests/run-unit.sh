#!/bin/sh
# Runs the cmocka test binaries given after BUILD, keeps each log under BUILD/results/,
# and records the totals for tests/summary.sh. Exit status 1 when any test failed.
set -u
build=$1; shift
mkdir -p "$build/results"
passed=0; failed=0; bad=""
for t in "$@"; do
  name=$(basename "$t")
  log="$build/results/$name.log"
  "$t" >"$log" 2>&1
  rc=$?
  p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
  f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
  p=${p:-0}; f=${f:-0}
  # A crash (sanitizer report, signal) fails the binary even if cmocka printed nothing.
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f))
  # A failure is printed in full; a pass only with V=1.
  if [ "$f" -ne 0 ]; then bad="$bad $name"; echo "FAIL $name (log: $log)"; cat "$log"
  elif [ "${V:-0}" = 1 ]; then echo "ok   $name ($p)"; fi
done
echo "unit $passed $failed" > "$build/results/unit.counts"
echo "unit tests ($build): $passed passed, $failed failed"
[ "$failed" -eq 0 ]
