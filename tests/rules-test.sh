#!/bin/sh
# Runs every shipped rule's own tests (aiready rules test rules) and records the counts
# of its closing "N passed, N failed" line for tests/summary.sh.
set -u
bin=$1
build=$(dirname "$bin")
mkdir -p "$build/results"
out="$build/results/rules-test.log"
"$bin" rules test rules >"$out" 2>&1
rc=$?
# what is not validated, in full (the closing counts are summed below)
grep -v '^validated' "$out" | grep -vE '^[0-9]+ passed, [0-9]+ failed'
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -1)
p=$(echo "$line" | sed 's/ passed.*//'); f=$(echo "$line" | sed 's/.*passed, \([0-9]*\) failed.*/\1/')
if [ -z "$line" ]; then p=0; f=1; fi
if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
echo "rules $p $f" > "$build/results/rules.counts"
echo "rule self-tests: $p passed, $f failed"
[ "$f" -eq 0 ]
