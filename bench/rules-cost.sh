#!/bin/sh
# The rule engine's cost, two ways (issue: "with ~100 rules loaded, a scan should stay
# within 1.5x of the same scan with no rules"):
#  1. bench/rules_cost.c: parse every code file vs parse + match_file with the shipped
#     rules (plus the generated pack of bench/gen-rules.sh when GEN=1), CPU time, one
#     thread, files preloaded: the engine alone, an upper bound on its share of a scan;
#  2. the whole `aiready scan --jobs 1` with the shipped rules vs the same scan with a
#     rules folder holding only the checklist and the SDK catalog (no rules), wall time,
#     best of REPEAT.
# usage: bench/rules-cost.sh [CORPUS_DIR...]   (default: Python's standard library)
# Environment: BUILD (default build), REPEAT (default 3), GEN=1 (add ~80 generated rules).
set -eu
cd "$(dirname "$0")/.."
build=${BUILD:-build}
repeat=${REPEAT:-3}
make -s "$build/aiready"
objs=$(ls "$build"/obj/*.o | grep -v '/main\.o$')
mkdir -p "$build/bench"
cc -std=c11 -O2 -g -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Ianalyzer \
   -Ibuild/deps/tree-sitter/vendor/tree-sitter/lib/include \
   -o "$build/bench/rules_cost" bench/rules_cost.c $objs build/deps/libts.a -lpcre2-8 -lyaml -lm -pthread
tmp=$(mktemp -d /tmp/aiready-rules-cost.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
if [ $# -eq 0 ]; then
  py=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
  set -- "$py"
fi

echo "== engine: parse vs parse + match_file (bench/rules_cost.c)"
extra=""
if [ "${GEN:-0}" = 1 ]; then
  bench/gen-rules.sh "$tmp/gen" >/dev/null
  extra="--rules $tmp/gen"
fi
# shellcheck disable=SC2086
"$build/bench/rules_cost" --repeat "$repeat" --rules rules $extra "$@"

echo "== whole scan: aiready scan --jobs 1, shipped rules vs none"
mkdir -p "$tmp/norules"
cp rules/checklist.yaml "$tmp/norules/"
[ -d rules/sdks ] && cp -R rules/sdks "$tmp/norules/"
best() { # RULES_DIR CORPUS... -> best wall seconds of $repeat scans of every corpus folder
  rd=$1
  shift
  b=""
  i=0
  while [ "$i" -lt "$repeat" ]; do
    s=$(date +%s.%N)
    for c in "$@"; do
      AIREADY_RULES=$rd "$build/aiready" scan "$c" --jobs 1 --format json -o "$tmp/out.json" >/dev/null 2>&1 || true
    done
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" = 1 ]; then b=$t; fi
    i=$((i + 1))
  done
  echo "$b"
}
none=$(best "$tmp/norules" "$@")
with=$(best "$PWD/rules" "$@")
n=$("$build/aiready" rules list | tail -1)
printf 'no rules:        %8.3f s\n' "$none"
printf 'shipped (%s): %8.3f s  ratio %.3f\n' "$n" "$with" "$(echo "$with / $none" | bc -l)"
