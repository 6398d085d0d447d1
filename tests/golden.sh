#!/bin/sh
# Golden tests: scans every fixtures/*/ that holds an expected.json and compares the JSON
# report with it (timings removed). Each fixture is scanned with --jobs 1 and --jobs 3:
# the two reports must be byte-identical. UPDATE=1 rewrites expected.json instead.
set -u
bin=$1
build=$(dirname "$bin")
mkdir -p "$build/results"
passed=0; failed=0
normalise() { sed 's/"duration_ms": [0-9]*/"duration_ms": 0/'; }
# Every fixture has an expected.json (UPDATE=1 creates a missing one).
# Its own records of what to expect are not part of what it tests: without the excludes
# they would be scanned, and every update would change the report they record.
meta="--exclude /expected.json --exclude /expected.sarif --exclude /expected.md --exclude /expected.html --exclude /expected-calls.json --exclude /EXPECTED.tsv --exclude /README.fixture.md"
for dir in fixtures/*/; do
  dir=${dir%/}
  exp="$dir/expected.json"
  if [ ! -f "$exp" ] && [ "${UPDATE:-}" != 1 ]; then
    failed=$((failed + 1)); echo "FAIL golden $(basename "$dir"): no expected.json (UPDATE=1 tests/golden.sh BIN creates it)"; continue
  fi
  name=$(basename "$dir")
  out1="$build/results/golden-$name.json"
  out3="$build/results/golden-$name.j3.json"
  # shellcheck disable=SC2086
  "$bin" scan "$dir" --format json --jobs 1 --no-progress $meta 2>"$out1.err" | normalise >"$out1"
  # shellcheck disable=SC2086
  "$bin" scan "$dir" --format json --jobs 3 --no-progress $meta 2>/dev/null | normalise >"$out3"
  if [ "${UPDATE:-}" = 1 ]; then cp "$out1" "$exp"; echo "updated $exp"; fi
  if ! cmp -s "$out1" "$out3"; then
    failed=$((failed + 1)); echo "FAIL golden $name: --jobs 1 and --jobs 3 differ"; diff "$out1" "$out3" | head -20
  elif ! diff -u "$exp" "$out1" >"$out1.diff"; then
    failed=$((failed + 1)); echo "FAIL golden $name (diff: $out1.diff)"; head -40 "$out1.diff"
  else
    passed=$((passed + 1)); echo "ok   golden $name"
  fi
done
echo "golden $passed $failed" > "$build/results/golden.counts"
echo "golden tests ($build): $passed passed, $failed failed"
[ "$failed" -eq 0 ]
