#!/bin/sh
# Golden tests: scans every fixtures/*/ and compares the JSON report with its expected.json
# (timings normalised). Each fixture is scanned with --jobs 1 and --jobs 3: the two
# reports must be byte-identical. A fixture may also hold its expected report in other
# formats — expected.txt (text), expected.sarif, expected.md (markdown), expected.html,
# expected.cdx (CycloneDX) —
# each compared the same way. UPDATE=1 rewrites expected.json and the other expected
# files that exist instead (to add a format to a fixture, create its empty file first).
set -u
bin=$1
build=$(dirname "$bin")
mkdir -p "$build/results"
passed=0; failed=0
normalise() { sed 's/"duration_ms": [0-9]*/"duration_ms": 0/'; }
# text: the scan time is the only part that varies
normalise_text() { sed 's/ MB in [0-9]* ms$/ MB in 0 ms/'; }
# Every fixture has an expected.json (UPDATE=1 creates a missing one).
# Its own records of what to expect are not part of what it tests: without the excludes
# they would be scanned, and every update would change the report they record.
export AIREADY_TODAY=2026-11-25   # attestation dates are judged as of this day
meta="--exclude /expected.json --exclude /expected.txt --exclude /expected.sarif --exclude /expected.md --exclude /expected.html --exclude /expected.cdx --exclude /expected-calls.json --exclude /EXPECTED.tsv --exclude /README.fixture.md"
compare() { # NAME EXPECTED ACTUAL
  if [ "${UPDATE:-}" = 1 ]; then cp "$3" "$2"; echo "updated $2"; fi
  if ! diff -u "$2" "$3" >"$3.diff"; then
    failed=$((failed + 1)); echo "FAIL golden $1 (diff: $3.diff)"; cat "$3.diff"
  else
    passed=$((passed + 1)); [ "${V:-0}" = 1 ] && echo "ok   golden $1"
  fi
  return 0
}
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
  if ! cmp -s "$out1" "$out3"; then
    failed=$((failed + 1)); echo "FAIL golden $name: --jobs 1 and --jobs 3 differ"; diff "$out1" "$out3" | head -20
  else
    compare "$name" "$exp" "$out1"
  fi
  for ext in txt sarif md html cdx; do
    [ -f "$dir/expected.$ext" ] || continue
    case $ext in txt) fmt=text ;; md) fmt=markdown ;; cdx) fmt=cyclonedx ;; *) fmt=$ext ;; esac
    out="$build/results/golden-$name.$ext"
    # shellcheck disable=SC2086
    NO_COLOR=1 "$bin" scan "$dir" --format $fmt --jobs 2 --no-progress $meta 2>"$out.err" | normalise_text >"$out"
    compare "$name ($fmt)" "$dir/expected.$ext" "$out"
  done
done
echo "golden $passed $failed" > "$build/results/golden.counts"
echo "golden tests ($build): $passed passed, $failed failed"
[ "$failed" -eq 0 ]
