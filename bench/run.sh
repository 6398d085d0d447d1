#!/bin/sh
# aiready benchmark (what `make bench` runs). On one corpus and one file list it times:
#   parse-only (1 thread)   bench/parse_only.c: read + tree-sitter parse: the floor
#   parse-only (2 threads)  the same on two threads: the machine's two-thread ceiling
#   aiready --jobs 1/2/4    the whole scan, JSON report
#   rg -j1                  ripgrep, single-threaded: the I/O + regex floor
#   ast-grep -j1            another tree-sitter tool, for scale
# with wall and CPU seconds, the ratio to parse-only and the peak RSS of each (bench/runstat.c),
# against the targets of issue 14: --jobs 1 <= 1.8x parse-only CPU, --jobs 2 >= 1.8x faster
# than --jobs 1 (where the ceiling allows), peak RSS <= 64 MiB at --jobs 2.
# The corpus is npm tarballs pinned in bench/corpus-pins.txt (sha512-verified by
# grammars/fetch.sh) plus the Python standard library; see bench/README.md. Nothing
# fetched is committed: everything lives under $AIREADY_BENCH_DIR (default build/bench).
#
# usage: bench/run.sh [BUILD/aiready]     env: RUNS (rounds, default 3), AIREADY_BENCH_DIR,
#        PYLIB (the Python standard library to copy), CC
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$(dirname "${1:-build/aiready}")" && pwd)/$(basename "${1:-build/aiready}")
work=${AIREADY_BENCH_DIR:-$repo/build/bench}
runs=${RUNS:-3}
corpus=$work/corpus
pylib=${PYLIB:-/root/.pyenv/versions/3.11.7/lib/python3.11}
# Folder names aiready skips as build output or dependencies: renamed name_ in the corpus
# so the code in them (npm packages ship most of theirs in dist/) is measured.
skipped_dirs='dist|build|vendor|third_party|coverage|node_modules|site-packages|__pycache__|venv|\.venv|\.tox|\.cache'
code_files="( -name *.py -o -name *.pyi -o -name *.js -o -name *.mjs -o -name *.cjs -o -name *.jsx \
  -o -name *.ts -o -name *.mts -o -name *.cts -o -name *.tsx )"

say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 2; }

[ -x "$bin" ] || die "no aiready binary at $bin (run make first)"
if ! command -v rg >/dev/null 2>&1; then
  say "installing ripgrep (Debian package)"
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q ripgrep >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q ripgrep >/dev/null 2>&1; } || true
  fi
  command -v rg >/dev/null 2>&1 || die "ripgrep (rg) is required: apt-get install ripgrep"
fi

# --- corpus ---------------------------------------------------------------------------
# Copies the code files under $1 into $2, renaming skipped folder names (tar keeps modes).
# Top-level site-packages/ and test/ (the Python test suite) are left out.
copy_code() {
  (cd "$1" && set -f && find . \( -path ./site-packages -o -path ./test \) -prune -o -type f $code_files -print) \
    | sed 's,^\./,,' >"$work/copy.list"
  mkdir -p "$2"
  tar -C "$1" -cf - -T "$work/copy.list" \
    | tar -C "$2" -xf - --transform "s,(^|/)($skipped_dirs)/,\\1\\2_/,gx"
}

pins_names() { grep -v '^[[:space:]]*#' "$1" | awk 'NF { print $1 }'; }

# The files aiready would skip (minified bundles, too large, binary, generated names) are
# removed, so that every tool reads exactly the same files.
prune() {
  "$bin" scan "$corpus" --format json --jobs 2 --no-progress >"$work/prune.json"
  # (a non-empty array opens on a line of its own: "skipped": [\n ... ]\n)
  sed -n '/^  "skipped": \[$/,/^  \]/p' "$work/prune.json" \
    | sed -n 's/^      "file": "\(.*\)",$/\1/p' >"$work/prune.list"
  n=$(wc -l <"$work/prune.list")
  [ "$n" -eq 0 ] && return 0
  say "removing $n files aiready skips: $(sed -n 's/^      "reason": "\(.*\)".*/\1/p' "$work/prune.json" | sort | uniq -c | tr -s ' \n' ' ')"
  (cd "$corpus" && tr '\n' '\0' <"$work/prune.list" | xargs -0 rm -rf)
}

make_corpus() {
  stamp=$( (cat "$repo/bench/corpus-pins.txt"; echo "$pylib") | openssl dgst -sha256 -r | cut -d' ' -f1)
  [ -f "$work/corpus.complete" ] && [ "$(cat "$work/corpus.complete")" = "$stamp" ] && return 0
  rm -rf "$corpus"
  "$repo/grammars/fetch.sh" "$repo/bench/corpus-pins.txt" "$work/cache" "$work/raw" || die "cannot fetch the corpus"
  # A package's TypeScript sources when it ships them (what a repository holds), else
  # the whole package.
  for name in $(pins_names "$repo/bench/corpus-pins.txt"); do
    src=$work/raw/$name/src
    [ -d "$src" ] || src=$work/raw/$name
    copy_code "$src" "$corpus/npm/$(printf '%s' "$name" | sed 's,^@,,; s,/,-,')"
  done
  [ -d "$pylib" ] || die "no Python standard library at $pylib (set PYLIB)"
  say "copying the Python standard library from $pylib"
  copy_code "$pylib" "$corpus/python"
  prune
  prune
  echo "$stamp" >"$work/corpus.complete"
}

make_corpus
(cd "$corpus" && find . -type f -print | sed 's,^\./,,' | LC_ALL=C sort) >"$work/files.txt"
nfiles=$(wc -l <"$work/files.txt")
mb=$(cd "$corpus" && tr '\n' '\0' <"$work/files.txt" | xargs -0 cat | wc -c | awk '{printf "%.1f", $1 / 1e6}')
"$bin" scan "$corpus" --format json --jobs 1 --no-progress >"$work/aiready.json"
scanned=$(sed -n 's/^      "scanned": \([0-9]*\),$/\1/p' "$work/aiready.json")
[ "$scanned" = "$nfiles" ] || die "aiready scanned $scanned files, the list has $nfiles: the corpus is not clean"
grep -q '^  "skipped": \[\]' "$work/aiready.json" || die "aiready still skips files in the corpus"
say "corpus: $nfiles files, $mb MB ($(sed 's/.*\.//' "$work/files.txt" | sort | uniq -c | sort -rn | awk '{printf "%s %s, ", $2, $1}' | sed 's/, $//'))"

# --- harnesses -------------------------------------------------------------------------
ts_inc=$repo/build/deps/tree-sitter/vendor/tree-sitter/lib/include
[ -f "$repo/build/deps/libts.a" ] || die "build/deps/libts.a missing (run make first)"
mkdir -p "$work/bin"
${CC:-cc} -std=c11 -O2 -pthread -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -I"$ts_inc" \
  -o "$work/bin/parse_only" "$repo/bench/parse_only.c" "$repo/build/deps/libts.a"
${CC:-cc} -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra \
  -o "$work/bin/runstat" "$repo/bench/runstat.c"

# --- ast-grep: an installed one, else the pinned npm binary (linux x64), else skipped ------
astgrep=""
if command -v ast-grep >/dev/null 2>&1; then astgrep=$(command -v ast-grep)
elif [ "$(uname -sm)" = "Linux x86_64" ]; then
  if "$repo/grammars/fetch.sh" "$repo/bench/tool-pins.txt" "$work/cache" "$work/tools" >/dev/null \
     && [ -f "$work/tools/@ast-grep/cli-linux-x64-gnu/ast-grep" ]; then
    astgrep=$work/tools/@ast-grep/cli-linux-x64-gnu/ast-grep
    chmod +x "$astgrep"
  else say "ast-grep could not be fetched: skipped"; fi
else say "no pinned ast-grep for $(uname -sm) and none installed: skipped"; fi

# --- timing ---------------------------------------------------------------------------------
cat >"$work/bin/rg.sh" <<EOF
#!/bin/sh
cd "$corpus" && tr '\\n' '\\0' <"$work/files.txt" | xargs -0 rg -j1 -c --no-ignore --no-messages \\
  -e 'openai|anthropic|langchain' -e 'api[_-]?key' -e '^(import|from) ' -e 'timeout|retr(y|ies)' >/dev/null
exit 0   # rg exits 1 for a batch of files without a match
EOF
# ast-grep picks files by language; one run per grammar covers the list (-j 1: one thread).
cat >"$work/bin/astgrep.sh" <<EOF
#!/bin/sh
cd "$corpus"
for l in py js ts tsx; do "$astgrep" run -j 1 --no-ignore hidden -l \$l -p 'import \$X' . >/dev/null || true; done
EOF
chmod +x "$work/bin/rg.sh" "$work/bin/astgrep.sh"

names="parse-only parse-only-2t aiready-j1 aiready-j2 aiready-j4 rg"
[ -n "$astgrep" ] && names="$names ast-grep"
command_of() {
  case $1 in
    parse-only) echo "$work/bin/parse_only $corpus $work/files.txt 1" ;;
    parse-only-2t) echo "$work/bin/parse_only $corpus $work/files.txt 2" ;;
    aiready-j1) echo "$bin scan $corpus --format json --jobs 1 --no-progress" ;;
    aiready-j2) echo "$bin scan $corpus --format json --jobs 2 --no-progress" ;;
    aiready-j4) echo "$bin scan $corpus --format json --jobs 4 --no-progress" ;;
    rg) echo "$work/bin/rg.sh" ;;
    ast-grep) echo "$work/bin/astgrep.sh" ;;
  esac
}

# Rounds: every tool runs once per round, back to back, the order flipping from one round
# to the next; ratios are taken within a round and their median reported, so that a load
# drifting over minutes on a shared machine moves both sides of a ratio together. Each
# round writes rounds/N.csv: name,wall,user,sys,maxrss_kib.
rounds=$work/rounds
rm -rf "$rounds" && mkdir -p "$rounds"
time_round() { # round-number names...
  out=$rounds/$1.csv; shift
  : >"$out"
  for n in "$@"; do
    # shellcheck disable=SC2046
    "$work/bin/runstat" "$n" $(command_of "$n") >>"$out" || say "$n failed in this round"
  done
}
say "warming the page cache"
(cd "$corpus" && tr '\n' '\0' <"$work/files.txt" | xargs -0 cat >/dev/null)
reversed=$(for n in $names; do echo "$n"; done | awk '{ a[NR] = $0 } END { for (i = NR; i > 0; i--) print a[i] }')
i=1
while [ "$i" -le "$runs" ]; do
  say "round $i of $runs"
  if [ $((i % 2)) -eq 1 ]; then time_round "$i" $names; else time_round "$i" $reversed; fi
  i=$((i + 1))
done
cat "$rounds"/*.csv >"$work/results.csv"

# --- report ---------------------------------------------------------------------------------
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
col() { awk -F, -v n="$1" -v c="$2" '$1 == n { print (c == "cpu") ? $3 + $4 : (c == "rss") ? $5 / 1024 : $2 }' "$work/results.csv" | median; }
# ratio A B KIND: the median over rounds of KIND(A) / KIND(B) within the same round
ratio() { for f in "$rounds"/*.csv; do
    awk -F, -v a="$1" -v b="$2" -v k="$3" '{ v = (k == "cpu") ? $3 + $4 : $2 } $1 == a { x = v } $1 == b { y = v }
      END { print (y > 0) ? x / y : 0 }' "$f"
  done | median; }

echo
echo "corpus: $nfiles files, $mb MB; $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg); $runs rounds (medians)"
printf '| %-13s | %8s | %8s | %7s | %10s | %9s | %8s |\n' tool "wall s" "CPU s" "MB/s" "wall/parse" "CPU/parse" "peak MiB"
printf '|%s|\n' "---------------|---------:|---------:|--------:|-----------:|----------:|---------:"
for name in $names; do
  t=$(col "$name" wall)
  printf '| %-13s | %8.2f | %8.2f | %7.1f | %9.2fx | %8.2fx | %8.1f |\n' "$name" "$t" "$(col "$name" cpu)" \
    "$(awk -v m="$mb" -v t="$t" 'BEGIN { print (t > 0) ? m / t : 0 }')" \
    "$(ratio "$name" parse-only wall)" "$(ratio "$name" parse-only cpu)" "$(col "$name" rss)"
done
rc=$(ratio aiready-j1 parse-only cpu); s=$(ratio aiready-j1 aiready-j2 wall)
c=$(ratio parse-only parse-only-2t wall); m=$(col aiready-j2 rss)
awk -v rc="$rc" -v s="$s" -v c="$c" -v m="$m" 'BEGIN {
  printf "aiready --jobs 1 / parse-only CPU: %.2fx (target <= 1.80: %s)\n", rc, (rc <= 1.8) ? "met" : "MISSED";
  printf "aiready --jobs 2 speed-up:         %.2fx (target >= 1.80: %s); machine ceiling (parse-only 2 threads vs 1): %.2fx\n", s, (s >= 1.8) ? "met" : ((c < 1.8 && s >= 0.95 * c) ? "at the ceiling" : "MISSED"), c;
  printf "aiready --jobs 2 peak RSS:         %.1f MiB (target <= 64: %s)\n", m, (m <= 64) ? "met" : "MISSED";
}'
