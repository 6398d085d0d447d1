#!/bin/sh
# aiready benchmark (what `make bench` runs). On one corpus and one file list it times:
#   rg -j1 -c PATTERNS      ripgrep, single-threaded: the I/O + regex floor
#   parse-only              bench/parse_only.c: read + tree-sitter parse, single-threaded
#   aiready --jobs 1 / 2    the whole scan, JSON report
#   ast-grep -j1            when installed (or installable from npm); skipped otherwise
# and reports aiready --jobs 1 / parse-only (target <= 1.3) and the --jobs 2 speed-up
# (target >= 1.7). See bench/README.md for how the corpus is made. Nothing fetched is
# committed: everything lives under $AIREADY_BENCH_DIR (default /tmp/aiready-bench).
#
# usage: bench/run.sh [BUILD/aiready]     env: RUNS (rounds, default 5), AIREADY_BENCH_DIR,
#        PYLIB (the Python standard library to copy), CC
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$(dirname "${1:-build/aiready}")" && pwd)/$(basename "${1:-build/aiready}")
work=${AIREADY_BENCH_DIR:-/tmp/aiready-bench}
runs=${RUNS:-5}
corpus=$work/corpus
pylib=${PYLIB:-/root/.pyenv/versions/3.11.7/lib/python3.11}
# Pinned so that two runs (and two machines) measure the same bytes.
npm_packages="openai@6.49.0 @anthropic-ai/sdk@1.14.0 langchain@1.5.14 ai@6.0.326 zod@4.6.7"
# Folder names aiready skips as build output or dependencies: renamed name_ in the corpus
# so the code in them (npm packages ship most of theirs in dist/) is measured.
skipped_dirs='dist|build|vendor|third_party|coverage|node_modules|site-packages|__pycache__|venv|\.venv|\.tox|\.cache'
code_files="( -name *.py -o -name *.pyi -o -name *.js -o -name *.mjs -o -name *.cjs -o -name *.jsx \
  -o -name *.ts -o -name *.mts -o -name *.cts -o -name *.tsx )"

say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 2; }

[ -x "$bin" ] || die "no aiready binary at $bin (run make first)"
command -v rg >/dev/null 2>&1 || die "ripgrep (rg) is required: apt-get install ripgrep"

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

fetch_npm() {
  mkdir -p "$work/pack" "$work/raw"
  for spec in $npm_packages; do
    name=$(printf '%s' "$spec" | sed 's,^@,,; s,/,-,; s,@.*,,')
    [ -d "$work/raw/$name" ] && continue
    say "npm pack $spec"
    tgz=$(cd "$work/pack" && npm pack --silent "$spec" | tail -1) || die "npm pack $spec failed"
    mkdir -p "$work/raw/$name"
    tar -xzf "$work/pack/$tgz" -C "$work/raw/$name" --strip-components=1
  done
}

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
  [ -f "$work/corpus.complete" ] && return 0
  rm -rf "$corpus"
  fetch_npm
  # A package's TypeScript sources when it ships them (what a repository holds), else
  # its compiled JavaScript.
  for spec in $npm_packages; do
    name=$(printf '%s' "$spec" | sed 's,^@,,; s,/,-,; s,@.*,,')
    src=$work/raw/$name/src
    [ -d "$src" ] || src=$work/raw/$name
    copy_code "$src" "$corpus/npm/$name"
  done
  [ -d "$pylib" ] || die "no Python standard library at $pylib (set PYLIB)"
  say "copying the Python standard library from $pylib"
  copy_code "$pylib" "$corpus/python"
  prune
  prune
  touch "$work/corpus.complete"
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

# --- parse-only harness -------------------------------------------------------------------
ts_inc=$repo/build/deps/tree-sitter/vendor/tree-sitter/lib/include
[ -f "$repo/build/deps/libts.a" ] || die "build/deps/libts.a missing (run make first)"
mkdir -p "$work/bin"
${CC:-cc} -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -I"$ts_inc" \
  -o "$work/bin/parse_only" "$repo/bench/parse_only.c" "$repo/build/deps/libts.a"
${CC:-cc} -std=c11 -O1 -pthread -Wall -Wextra -o "$work/bin/cpu_check" "$repo/bench/cpu_check.c"

# --- ast-grep (optional) --------------------------------------------------------------
astgrep=""
if command -v ast-grep >/dev/null 2>&1; then astgrep=$(command -v ast-grep)
elif [ -x "$work/tools/bin/ast-grep" ]; then astgrep=$work/tools/bin/ast-grep
elif command -v npm >/dev/null 2>&1; then
  # A private prefix: a global install would put an `sg` beside /usr/bin/sg (newgrp).
  say "installing @ast-grep/cli into $work/tools"
  if npm install -g --silent --prefix "$work/tools" @ast-grep/cli >/dev/null 2>&1 \
     && [ -x "$work/tools/bin/ast-grep" ]; then astgrep=$work/tools/bin/ast-grep
  else say "ast-grep could not be installed: skipped"; fi
fi

# --- timing ---------------------------------------------------------------------------------
cat >"$work/bin/rg.sh" <<EOF
#!/bin/sh
cd "$corpus" && tr '\\n' '\\0' <"$work/files.txt" | xargs -0 rg -j1 -c --no-ignore --no-messages \\
  -e 'openai|anthropic|langchain' -e 'api[_-]?key' -e '^(import|from) ' -e 'timeout|retr(y|ies)' >/dev/null
exit 0   # rg exits 1 for a batch of files without a match
EOF
# ast-grep picks files by language; one run per grammar covers the list (-j1: one thread).
cat >"$work/bin/astgrep.sh" <<EOF
#!/bin/sh
cd "$corpus"
for l in py js ts tsx; do "$astgrep" run -j 1 -l \$l -p 'import \$X' . >/dev/null || true; done
EOF
chmod +x "$work/bin/rg.sh" "$work/bin/astgrep.sh"

names="cpu-1thread cpu-2threads rg parse-only aiready-j1 aiready-j2"
[ -n "$astgrep" ] && names="$names ast-grep"
command_of() {
  case $1 in
    cpu-1thread) echo "$work/bin/cpu_check 1" ;;
    cpu-2threads) echo "$work/bin/cpu_check 2" ;;
    rg) echo "$work/bin/rg.sh" ;;
    parse-only) echo "$work/bin/parse_only $corpus $work/files.txt" ;;
    aiready-j1) echo "$bin scan $corpus --format json --jobs 1 --no-progress" ;;
    aiready-j2) echo "$bin scan $corpus --format json --jobs 2 --no-progress" ;;
    ast-grep) echo "$work/bin/astgrep.sh" ;;
  esac
}

# Rounds: every tool runs once per round, back to back, and the order flips from one
# round to the next. On a machine shared with other work the load drifts over minutes;
# within a round the tools see about the same load, so the ratios are taken per round
# and their median reported. Each round writes rounds/N.csv: name,wall,user,system.
rounds=$work/rounds
rm -rf "$rounds" && mkdir -p "$rounds"
if command -v hyperfine >/dev/null 2>&1; then timer=hyperfine; else timer=date
  say "hyperfine not found: timing with date +%s%N (no CPU times)"; fi

time_round() { # round-number names...
  out=$rounds/$1.csv; shift
  if [ "$timer" = hyperfine ]; then
    args=""
    for n in "$@"; do args="$args -n $n '$(command_of "$n")'"; done
    eval "hyperfine --runs 1 --style none --export-csv '$out.raw' $args" >/dev/null 2>&1
    awk -F, 'NR > 1 { print $1 "," $2 "," $5 "," $6 }' "$out.raw" >"$out"
    rm -f "$out.raw"
  else
    : >"$out"
    for n in "$@"; do
      t0=$(date +%s%N); sh -c "$(command_of "$n")" >/dev/null 2>&1; t1=$(date +%s%N)
      echo "$n,$(awk -v d=$((t1 - t0)) 'BEGIN { print d / 1e9 }'),0,0" >>"$out"
    done
  fi
}

reversed=$(for n in $names; do echo "$n"; done | awk '{ a[NR] = $0 } END { for (i = NR; i > 0; i--) print a[i] }')
say "warm-up round"
time_round 0 $names
rm -f "$rounds/0.csv"
i=1
while [ "$i" -le "$runs" ]; do
  say "round $i of $runs"
  if [ $((i % 2)) -eq 1 ]; then time_round "$i" $names; else time_round "$i" $reversed; fi
  i=$((i + 1))
done
cat "$rounds"/*.csv >"$work/results.csv"

# --- report ---------------------------------------------------------------------------------
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
wall() { awk -F, -v n="$1" '$1 == n { print $2 }' "$work/results.csv" | median; }
cpu() { awk -F, -v n="$1" '$1 == n { print $3 + $4 }' "$work/results.csv" | median; }
# ratio A B: the median over rounds of wall(A) / wall(B) within the same round
ratio() { for f in "$rounds"/*.csv; do
    awk -F, -v a="$1" -v b="$2" '$1 == a { x = $2 } $1 == b { y = $2 } END { print x / y }' "$f"
  done | median; }
cpu_ratio() { for f in "$rounds"/*.csv; do
    awk -F, -v a="$1" -v b="$2" '$1 == a { x = $3 + $4 } $1 == b { y = $3 + $4 } END { print (y > 0) ? x / y : 0 }' "$f"
  done | median; }

echo
echo "corpus: $nfiles files, $mb MB; $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg); $runs rounds; timer: $timer"
printf '%-12s %10s %10s %10s\n' tool "median s" "MB/s" "CPU s"
for name in $names; do
  case $name in cpu-*) continue ;; esac
  t=$(wall "$name")
  printf '%-12s %10.3f %10.1f %10.3f\n' "$name" "$t" "$(awk -v m="$mb" -v t="$t" 'BEGIN { print m / t }')" "$(cpu "$name")"
done
r=$(ratio aiready-j1 parse-only); rc=$(cpu_ratio aiready-j1 parse-only)
s=$(ratio aiready-j1 aiready-j2); c=$(ratio cpu-1thread cpu-2threads)
awk -v r="$r" -v rc="$rc" -v s="$s" -v c="$c" 'BEGIN {
  printf "aiready --jobs 1 / parse-only: %.2fx wall, %.2fx CPU (target <= 1.30: %s)\n", r, rc, (r <= 1.3) ? "met" : "MISSED";
  printf "aiready --jobs 2 speed-up:     %.2fx (target >= 1.70: %s)\n", s, (s >= 1.7) ? "met" : "MISSED";
  printf "machine ceiling (cpu_check, 2 threads vs 1, same rounds): %.2fx; --jobs 2 reached %.0f%% of it\n", c, 100 * s / c;
}'
# The round in which a second core was most free says most about --jobs 2 itself.
for f in "$rounds"/*.csv; do
  awk -F, '{ w[$1] = $2 } END { print w["cpu-1thread"] / w["cpu-2threads"], w["aiready-j1"] / w["aiready-j2"], FILENAME }' "$f"
done | sort -rn | head -1 | awk '{ n = $3; sub(".*/", "", n); sub(".csv", "", n);
  printf "least loaded round (%s, ceiling %.2fx): --jobs 2 speed-up %.2fx\n", n, $1, $2 }'
