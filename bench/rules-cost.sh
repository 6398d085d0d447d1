#!/bin/sh
# The rule engine's cost: scans a corpus with ~100 rules (the shipped ones plus a
# generated pack) against the same scan with none, and prints the ratio.
# usage: bench/rules-cost.sh [CORPUS_DIR...]   (default: Python's standard library)
# Environment: BUILD (default build), REPEAT (default 3).
set -eu
cd "$(dirname "$0")/.."
build=${BUILD:-build}
make -s "$build/aiready"
objs=$(ls "$build"/obj/*.o | grep -v '/main\.o$')
mkdir -p "$build/bench"
cc -std=c11 -O2 -g -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Ianalyzer \
   -Ibuild/deps/tree-sitter/vendor/tree-sitter/lib/include \
   -o "$build/bench/rules_cost" bench/rules_cost.c $objs build/deps/libts.a -lpcre2-8 -lyaml -lm -pthread
gen=$(bench/gen-rules.sh)
trap 'rm -rf "$gen"' EXIT
if [ $# -eq 0 ]; then
  py=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
  set -- "$py"
fi
"$build/bench/rules_cost" --repeat "${REPEAT:-3}" --rules rules --rules "$gen" "$@"
