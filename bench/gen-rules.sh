#!/bin/sh
# Writes a synthetic rule pack to OUT (default: a new temp folder) for bench/rules-cost.sh:
# ~80 rules shaped like real ones — call-name queries for Python and JS/TS, key-format
# regexes with keywords, path globs — so that with the shipped rules about 100 are loaded.
# Prints the folder.
set -eu
out=${1:-$(mktemp -d /tmp/aiready-bench-rules.XXXXXX)}
mkdir -p "$out"
f="$out/generated.yml"
head() { # id item
  printf '  - id: %s\n    item: %s\n    effect: informs\n    severity: info\n    message: bench %s\n' "$1" "$2" "$1"
}
echo "rules:" > "$f"
n=0
# Python: method calls by name (some common, some rare), as SDK call-site rules look.
for m in create invoke ainvoke stream generate_content completion chat run execute load \
         loads dumps get post put request urlopen system popen call check_output connect \
         cursor commit sleep info warning error debug exception; do
  n=$((n + 1))
  head "bench.py-call-$m" $((n % 50 + 1)) >> "$f"
  cat >> "$f" <<EOR
    languages: [python]
    query: |
      (call
        function: (attribute attribute: (identifier) @method)
        (#eq? @method "$m")) @match
EOR
done
# JS/TS: member calls by name.
for m in create invoke stream generateText streamText generateObject fetch post get then \
         catch exec execSync spawn readFile writeFile query log error warn; do
  n=$((n + 1))
  head "bench.js-call-$(echo $m | tr 'A-Z' 'a-z')" $((n % 50 + 1)) >> "$f"
  cat >> "$f" <<EOR
    languages: [javascript, typescript, tsx]
    query: |
      (call_expression
        function: (member_expression property: (property_identifier) @method)
        (#eq? @method "$m")) @match
EOR
done
# Regexes with a literal keyword, like provider key formats.
i=0
for kw in sk-ant- sk-proj- ghp_ gho_ github_pat_ xoxb- xoxp- AKIA ASIA AIza hf_ gsk_ \
          sk_live_ rk_live_ lsv2_pt_ glpat- npm_ pypi- dop_v1_ SG.; do
  i=$((i + 1))
  n=$((n + 1))
  head "bench.key-$i" 31 >> "$f"
  cat >> "$f" <<EOR
    files: ["*"]
    keywords: ["$kw"]
    regex: '\\b$(printf '%s' "$kw" | sed 's/\./\\./g')[A-Za-z0-9_-]{16,}'
    entropy: 3
EOR
done
# Paths.
for p in Makefile Procfile fly.toml render.yaml vercel.json netlify.toml "*.tf" "k8s/**" \
         "*.jmx" locustfile.py; do
  n=$((n + 1))
  head "bench.path-$n" 1 >> "$f"
  printf '    path: "%s"\n' "$p" >> "$f"
done
echo "$out"
