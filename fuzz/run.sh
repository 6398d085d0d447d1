#!/bin/sh
# Runs the fuzz harnesses built in FUZZDIR (see docs/fuzzing.md).
#
#   fuzz/run.sh [--replay] [--time SECONDS] [--counts FILE] FUZZDIR HARNESS...
#
# --replay    runs each input under fuzz/regressions/HARNESS/ once (every check on:
#             AIREADY_FUZZ_OPEN_CHECKS=1). An input listed in fuzz/regressions/OPEN is the
#             reproducer of a defect not fixed yet: it is expected to fail, and it fails
#             the run once it passes, so that the line is removed from OPEN and the input
#             guards the fix from then on.
# --time S    then fuzzes each harness for S seconds (nice 19, one at a time), starting from
#             FUZZDIR/seeds/HARNESS and the corpus kept in FUZZDIR/corpus/HARNESS. A crash,
#             sanitizer report, leak, timeout (10 s an input) or memory blow-up (2 GB)
#             fails the run; the input is kept under FUZZDIR/artifacts/HARNESS/ and the
#             report in FUZZDIR/logs/HARNESS.log.
# --counts F  writes "fuzz PASSED FAILED" (harnesses) to F for tests/summary.sh.
#
# Exit status 1 when anything failed.
set -u
replay=0; time=""; counts=""
while [ $# -gt 0 ]; do
  case $1 in
    --replay) replay=1; shift ;;
    --time) time=$2; shift 2 ;;
    --counts) counts=$2; shift 2 ;;
    *) break ;;
  esac
done
dir=$1; shift
regs=fuzz/regressions
open_list=$regs/OPEN
passed=0; failed=0

is_open() { [ -f "$open_list" ] && grep -q "^$1\([[:space:]]\|\$\)" "$open_list"; }

# Replays one regression input; prints and returns 1 on an unexpected outcome.
replay_one() { # HARNESS FILE
  h=$1; f=$2; rel=${f#"$regs"/}
  AIREADY_FUZZ_OPEN_CHECKS=1 "$dir/fuzz_$h" -runs=1 "$f" >"$dir/logs/replay.log" 2>&1
  rc=$?
  if is_open "$rel"; then
    if [ $rc -eq 0 ]; then
      echo "FAIL fuzz $h: $rel passes now: its defect is fixed, remove its line from $open_list"
      return 1
    fi
    echo "     fuzz $h: $rel still fails (open defect, listed in $open_list)"
    return 0
  fi
  [ $rc -eq 0 ] && return 0
  echo "FAIL fuzz $h: regression $rel fails again:"
  grep -E 'ERROR|SUMMARY|#[0-9]+ 0x|abort|runtime error|fuzz_' "$dir/logs/replay.log" | head -25
  return 1
}

replay_all() { # HARNESS
  ok=0
  for f in "$regs/$1"/*; do
    [ -f "$f" ] || continue
    case $f in *.md|*/README*) continue ;; esac
    replay_one "$1" "$f" || ok=1
  done
  return $ok
}

fuzz_one() { # HARNESS
  h=$1; log="$dir/logs/$h.log"
  mkdir -p "$dir/corpus/$h" "$dir/artifacts/$h"
  set -- -max_total_time="$time" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
         -artifact_prefix="$dir/artifacts/$h/"
  [ -f "fuzz/dict/$h.dict" ] && set -- "$@" -dict="fuzz/dict/$h.dict"
  start=$(date +%s)
  nice -n 19 "$dir/fuzz_$h" "$@" "$dir/corpus/$h" "$dir/seeds/$h" >"$log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | sed 's/cov: //')
  corp=$(grep -o 'corp: [0-9]*' "$log" | tail -1 | sed 's/corp: //')
  summary="${secs} s, ${runs:-?} runs, coverage ${cov:-?} edges, corpus ${corp:-?}"
  if [ $rc -eq 0 ]; then
    echo "ok   fuzz $h ($summary)"
    return 0
  fi
  echo "FAIL fuzz $h ($summary; log: $log)"
  grep -E 'ERROR|SUMMARY|#[0-9]+ 0x|runtime error|fuzz_[a-z]+: |Test unit written' "$log" | head -30
  return 1
}

mkdir -p "$dir/logs"
for h in "$@"; do
  if [ ! -x "$dir/fuzz_$h" ]; then echo "FAIL fuzz $h: no harness $dir/fuzz_$h"; failed=$((failed + 1)); continue; fi
  bad=0
  if [ $replay -eq 1 ]; then replay_all "$h" || bad=1; fi
  if [ -n "$time" ]; then fuzz_one "$h" || bad=1
  elif [ $bad -eq 0 ]; then echo "ok   fuzz $h (built$([ $replay -eq 1 ] && echo ', regressions replayed'))"; fi
  if [ $bad -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
if [ -n "$counts" ]; then mkdir -p "$(dirname "$counts")"; echo "fuzz $passed $failed" >"$counts"; fi
echo "fuzz: $passed harnesses passed, $failed failed"
[ $failed -eq 0 ]
