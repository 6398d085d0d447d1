#!/bin/sh
# Regenerates the examples in README.md and docs/*.md from real runs of BIN, between
# markers:
#   <!-- example: ARGS -->      (ARGS: the arguments after `aiready`, run from the repository root)
#   ```
#   ...output...
#   ```
#   <!-- /example -->
# The block shows "$ aiready ARGS" and its output (the scan time as 0 ms; text wrapped at
# 100 columns; attestation dates judged as of AIREADY_TODAY). With --check nothing is
# written: the exit status is 1 and the differences are printed when an example drifted
# (make test runs it). Usage: tools/gen-doc-examples.sh BIN [--check]
set -u
bin=$1; check=${2:-}
build=$(dirname "$bin")
mkdir -p "$build/results"
export NO_COLOR=1 COLUMNS=100 AIREADY_TODAY=2026-11-25 CI=true
passed=0; failed=0
for doc in README.md docs/*.md; do
  grep -q '^<!-- example: ' "$doc" || continue
  new="$build/results/doc-example.$(basename "$doc")"
  : >"$new"
  in_block=0
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      '<!-- example: '*' -->')
        printf '%s\n' "$line" >>"$new"
        args=${line#'<!-- example: '}; args=${args%' -->'}
        printf '```\n$ aiready %s\n' "$args" >>"$new"
        # shellcheck disable=SC2086
        "$bin" $args 2>&1 | sed 's/ MB in [0-9]* ms$/ MB in 0 ms/; s/"duration_ms": [0-9]*/"duration_ms": 0/' >>"$new"
        printf '```\n' >>"$new"
        in_block=1 ;;
      '<!-- /example -->') printf '%s\n' "$line" >>"$new"; in_block=0 ;;
      *) [ "$in_block" = 1 ] || printf '%s\n' "$line" >>"$new" ;;
    esac
  done <"$doc"
  if cmp -s "$doc" "$new"; then passed=$((passed + 1))
  elif [ "$check" = --check ]; then
    failed=$((failed + 1)); echo "FAIL doc example drifted in $doc (tools/gen-doc-examples.sh $bin rewrites it):"
    diff -u "$doc" "$new"
  else
    cp "$new" "$doc"; echo "updated $doc"; passed=$((passed + 1))
  fi
done
echo "docs $passed $failed" >"$build/results/docs.counts"
[ "$check" = --check ] && echo "doc examples ($build): $passed passed, $failed failed"
[ "$failed" -eq 0 ]
