#!/bin/sh
# Builds the seed corpus of each harness from the project's fixtures/, tests/ and rules/
# into FUZZDIR/seeds/HARNESS/ (remade on every run; seedgen names seeds by content hash).
# The corpus libFuzzer grows lives apart, in FUZZDIR/corpus/HARNESS/.
# Usage: fuzz/seeds.sh FUZZDIR HARNESS...   (run from the project root)
set -eu
dir=$1; shift
gen="$dir/seedgen"

# named files: "named PATH FILE" for each file under a folder, PATH relative to that folder
named_under() { # ROOT FIND-ARGS...
  root=$1; shift
  find "$root" "$@" -type f 2>/dev/null | LC_ALL=C sort | while read -r f; do
    printf 'named\t%s\t%s\n' "${f#"$root"/}" "$f"
  done
}
raw() { find "$@" -type f 2>/dev/null | LC_ALL=C sort | sed 's/^/raw\t/'; }
strings() { for f in "$@"; do printf 'strings\t%s\n' "$f"; done; }
named_strings() { name=$1; shift; for f in "$@"; do printf 'strings\t%s\t%s\n' "$f" "$name"; done; }
pairs() { for f in "$@"; do printf 'pairs\t%s\n' "$f"; done; }
ruletests() { find "$@" -name '*.yml' -type f | LC_ALL=C sort | sed 's/^/ruletests\t/'; }
each_fixture() { for d in fixtures/*/; do named_under "${d%/}" "$@"; done; }

# The questions of the ignore seeds: every path of the fixtures.
fixture_paths() { find fixtures -type f | sed 's|^fixtures/[^/]*/||' | LC_ALL=C sort -u | head -64; }

# Writes ignore seeds as files in $1: a .gitignore (of the fixtures, or a string of
# tests/test_ignore.c), then the fixture paths as questions.
ignore_inputs() {
  tmp=$1
  printf 'strings\ttests/test_ignore.c\n' | "$gen" "$tmp/lits" >/dev/null
  for g in $(find fixtures tests -name '.gitignore' -type f) "$tmp"/lits/*; do
    { printf '.gitignore\n'; cat "$g"; printf '\n\000paths\n'; fixture_paths; } >"$tmp/$(echo "$g" | tr / _)"
  done
  rm -rf "$tmp/lits"
  { printf '%s\n' '-exclude' '*.log' 'build/' '!keep.log'; printf '\000paths\n'; fixture_paths; } >"$tmp/exclude"
}

requests() {
  case $1 in
    toml)     strings tests/test_toml.c tests/test_manifest.c; raw fixtures rules -name '*.toml' ;;
    json)     strings tests/test_jsonr.c; raw fixtures tests -name '*.json' -size -64k ;;
    yaml)     strings tests/test_yamlr.c; raw rules fixtures -name '*.y*ml' -size -64k ;;
    manifest) pairs tests/test_manifest.c
              each_fixture \( -name 'requirements*.txt' -o -name '*.toml' -o -name 'package*.json' \
                              -o -name '*.lock' -o -name 'Pipfile*' -o -name 'setup.cfg' -o -name 'pnpm-lock.yaml' \) ;;
    config)   named_strings .aiready.yml tests/test_config.c; each_fixture -name '.aiready.y*ml' ;;
    rules)    raw rules -name '*.yml' -size -32k; strings tests/test_rules.c tests/test_rules_ext.c tests/test_match.c ;;
    glob)     pairs tests/test_glob.c ;;
    ignore)   raw "$tmpdir" ;;
    ci)       pairs tests/test_ci.c; named_strings .github/workflows/ci.yml tests/test_ci.c
              each_fixture -path '*/.github/workflows/*'; each_fixture -name '*gitlab-ci.yml'
              each_fixture -path '*/.circleci/*' ;;
    redact)   ruletests rules/secrets; pairs tests/test_secret_redaction.c ;;
    analyze)  each_fixture \( -name '*.py' -o -name '*.js' -o -name '*.ts' -o -name '*.tsx' -o -name '*.mjs' \) -size -32k
              ruletests rules; pairs tests/test_calls.c tests/test_calls_access.c ;;
    *)        echo "seeds.sh: no seeds for harness '$1'" >&2 ;;
  esac
}

tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/aiready-seeds.XXXXXX")
trap 'rm -rf "$tmpdir"' EXIT
ignore_inputs "$tmpdir"
total=""
for h in "$@"; do
  rm -rf "$dir/seeds/$h"
  mkdir -p "$dir/seeds/$h" "$dir/corpus/$h"
  n=$(requests "$h" | "$gen" "$dir/seeds/$h")
  total="$total $h:$n"
done
echo "fuzz: seeds$total"
