#!/bin/sh
# Checks the report formats from outside: every SARIF sample against the SARIF 2.1.0 JSON
# schema, every CycloneDX sample (and fixtures/*/expected.cdx) against the CycloneDX 1.6 JSON
# schema, and every HTML sample in headless Chromium (it renders, its script runs to the
# end, nothing is logged to the console — no error, no blocked load — and the status and
# pillar filters work). Samples: the synthetic reports the unit tests write and the
# bundled example prototype's. Records "reports P F" for tests/summary.sh.
#
# Usage: report_check.sh BUILD
# The schema is the one @microsoft/jest-sarif ships (MIT; SARIF 2.1.0 rtm.5, the version
# GitHub code scanning reads), fetched from the npm registry as a pinned tarball checked
# against its sha512 integrity and cached under build/cache; SARIF_SCHEMA=FILE validates
# against another copy (e.g. the OASIS sarif-schema-2.1.0.json). The validator is python3's
# jsonschema, and the browser Debian's chromium: either is installed with apt-get when
# missing and running as root, otherwise its checks are skipped with a message.
set -u
build=${1:-build}
bin=$build/aiready
res=$build/results
samples=$res/report-samples
cache=${CACHE:-build/cache}
rm -rf "$samples"
mkdir -p "$samples" "$cache"
passed=0; failed=0; skipped=0
ok() { passed=$((passed + 1)); [ "${V:-0}" = 1 ] && echo "ok   $1"; return 0; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }
skip() { skipped=$((skipped + 1)); echo "SKIP $1"; }
can_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }
apt_install() {
  echo "report_check: installing $*" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"; } >"$res/apt-$1.log" 2>&1
}

# ---- samples ---------------------------------------------------------------------------
AIREADY_REPORT_SAMPLES=$samples "$build/tests/test_report_sarif" >/dev/null 2>&1 || bad "test_report_sarif wrote no samples"
AIREADY_REPORT_SAMPLES=$samples "$build/tests/test_report_html" >/dev/null 2>&1 || bad "test_report_html wrote no samples"
for fx in example-prototype notebooks aibom; do
  "$bin" scan fixtures/$fx --no-progress --exclude "/expected.*" --format cyclonedx -o "$samples/$fx.cdx.json" 2>"$res/report-check.err" \
    || bad "aiready scan fixtures/$fx --format cyclonedx"
done
for fmt in sarif html; do
  "$bin" scan fixtures/example-prototype --no-progress --exclude "/expected.*" --format $fmt -o "$samples/example.$fmt" 2>"$res/report-check.err" \
    || bad "aiready scan --format $fmt"
done

# ---- SARIF against the schema -----------------------------------------------------------
SCHEMA_PKG=@microsoft/jest-sarif
SCHEMA_VER=1.0.0-beta.0
SCHEMA_SHA=sha512-A1fOhPd6Ic5iDk4F9YPw1qNB4XF+7+IviR7xl8r2F6QzQkx5cpY9LsGk2rExiFIEcBbjpVnSmwWGBukASkiQ9A==
integrity_of() { printf 'sha512-%s' "$(openssl dgst -sha512 -binary "$1" | base64 -w0)"; }
# The registry's tarball of PACKAGE@VERSION to OUT, with curl or wget (no npm needed);
# nothing at OUT when it cannot be fetched.
fetch_tarball() { # PACKAGE VERSION OUT
  url="${AIREADY_NPM_REGISTRY:-https://registry.npmjs.org}/$1/-/${1##*/}-$2.tgz"
  if command -v curl >/dev/null 2>&1; then curl -fsSL -o "$3" "$url" 2>/dev/null || rm -f "$3"
  elif command -v wget >/dev/null 2>&1; then wget -q -O "$3" "$url" || rm -f "$3"
  fi
}
fetch_schema() { # -> path of the schema, or nothing
  if [ -n "${SARIF_SCHEMA:-}" ]; then echo "$SARIF_SCHEMA"; return; fi
  tgz=$cache/microsoft-jest-sarif-$SCHEMA_VER.tgz
  out=$cache/sarif-2.1.0-rtm.5.json
  if [ ! -f "$tgz" ] || [ "$(integrity_of "$tgz")" != "$SCHEMA_SHA" ]; then
    fetch_tarball "$SCHEMA_PKG" "$SCHEMA_VER" "$tgz.part"
    [ -f "$tgz.part" ] || return 0
    if [ "$(integrity_of "$tgz.part")" != "$SCHEMA_SHA" ]; then
      echo "report_check: integrity mismatch for $SCHEMA_PKG@$SCHEMA_VER" >&2
      rm -f "$tgz.part"; return 0
    fi
    mv "$tgz.part" "$tgz"
  fi
  [ -f "$out" ] || tar xzf "$tgz" -O package/lib/schemas/sarif-2.1.0-rtm.5.json >"$out" 2>/dev/null || { rm -f "$out"; return 0; }
  echo "$out"
}
find_python() {
  for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import jsonschema' 2>/dev/null; then echo "$p"; return; fi
  done
  if can_install && apt_install python3-jsonschema && /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
    echo /usr/bin/python3
  fi
}
schema=$(fetch_schema)
py=$(find_python)
if [ -z "$schema" ]; then
  skip "SARIF schema validation: the schema could not be fetched ($SCHEMA_PKG@$SCHEMA_VER from the npm registry; or set SARIF_SCHEMA)"
elif [ -z "$py" ]; then
  skip "SARIF schema validation: no python3 with jsonschema (apt-get install python3-jsonschema)"
else
  for f in "$samples"/*.sarif; do
    if "$py" - "$schema" "$f" >"$f.schema.log" 2>&1 <<'EOF'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
doc = json.load(open(sys.argv[2], encoding="utf-8"))
cls = jsonschema.validators.validator_for(schema)
errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))
for e in errors[:20]:
    print("/".join(map(str, e.path)) + ": " + e.message)
sys.exit(1 if errors else 0)
EOF
    then ok "SARIF schema: $(basename "$f") ($(basename "$schema"))"
    else bad "SARIF schema: $(basename "$f")"; head -20 "$f.schema.log"
    fi
  done
fi

# ---- CycloneDX against the CycloneDX 1.6 JSON schema ---------------------------------------
# The schema and the two it references (spdx, jsf) as @cyclonedx/cyclonedx-library ships
# them (Apache-2.0) in res/schema/, from a pinned npm tarball checked against its sha512
# integrity like the SARIF schema; CDX_SCHEMA_DIR=DIR uses another copy of those files.
# Besides the schema, every bom-ref must be unique (the specification asks it; the schema
# cannot say it).
CDX_PKG=@cyclonedx/cyclonedx-library
CDX_VER=10.3.0
CDX_SHA=sha512-RIT28sp1U0PCHaaeF3yNRwk6Jig/XJ8UsYAVOMYaHQ+0VVOvsjcp0PTWQFLUqJFF8XMud+Kdq6G+wtDAh+QJFA==
fetch_cdx_schema() { # -> folder holding bom-1.6, spdx and jsf-0.82 .SNAPSHOT.schema.json, or nothing
  if [ -n "${CDX_SCHEMA_DIR:-}" ]; then echo "$CDX_SCHEMA_DIR"; return; fi
  tgz=$cache/cyclonedx-library-$CDX_VER.tgz
  dir=$cache/cyclonedx-schema-$CDX_VER
  if [ ! -f "$tgz" ] || [ "$(integrity_of "$tgz")" != "$CDX_SHA" ]; then
    fetch_tarball "$CDX_PKG" "$CDX_VER" "$tgz.part"
    [ -f "$tgz.part" ] || return 0
    if [ "$(integrity_of "$tgz.part")" != "$CDX_SHA" ]; then
      echo "report_check: integrity mismatch for $CDX_PKG@$CDX_VER" >&2
      rm -f "$tgz.part"; return 0
    fi
    mv "$tgz.part" "$tgz"
  fi
  if [ ! -f "$dir/bom-1.6.SNAPSHOT.schema.json" ]; then
    mkdir -p "$dir"
    for s in bom-1.6 spdx jsf-0.82; do
      tar xzf "$tgz" -O "package/res/schema/$s.SNAPSHOT.schema.json" >"$dir/$s.SNAPSHOT.schema.json" 2>/dev/null || { rm -rf "$dir"; return 0; }
    done
  fi
  echo "$dir"
}
cdx_dir=$(fetch_cdx_schema)
if [ -z "$cdx_dir" ]; then
  skip "CycloneDX schema validation: the schema could not be fetched ($CDX_PKG@$CDX_VER from the npm registry; or set CDX_SCHEMA_DIR)"
elif [ -z "$py" ]; then
  skip "CycloneDX schema validation: no python3 with jsonschema (apt-get install python3-jsonschema)"
else
  for f in "$samples"/*.cdx.json fixtures/*/expected.cdx; do
    [ -f "$f" ] || continue
    log=$samples/$(echo "$f" | tr / _).schema.log
    if "$py" - "$cdx_dir" "$f" >"$log" 2>&1 <<'EOF'
import json, os, sys
import jsonschema
d = sys.argv[1]
def load(name):
    return json.load(open(os.path.join(d, name), encoding="utf-8"))
schema = load("bom-1.6.SNAPSHOT.schema.json")
base = "http://cyclonedx.org/schema/"
refs = ("spdx.SNAPSHOT.schema.json", "jsf-0.82.SNAPSHOT.schema.json")
doc = json.load(open(sys.argv[2], encoding="utf-8"))
cls = jsonschema.validators.validator_for(schema)
try:  # jsonschema 4.18 and later
    from referencing import Registry, Resource
    registry = Registry().with_resources([(base + n, Resource.from_contents(load(n))) for n in refs])
    v = cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)
except ImportError:  # Debian 12's python3-jsonschema (4.10)
    resolver = jsonschema.RefResolver.from_schema(schema, store={base + n: load(n) for n in refs})
    v = cls(schema, resolver=resolver, format_checker=cls.FORMAT_CHECKER)
errors = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
for e in errors[:20]:
    print("/".join(map(str, e.path)) + ": " + e.message)
refs = [c["bom-ref"] for c in doc.get("components", []) + doc.get("services", [])]
if len(refs) != len(set(refs)):
    print("bom-ref values are not unique")
    sys.exit(1)
sys.exit(1 if errors else 0)
EOF
    then ok "CycloneDX 1.6 schema: $f"
    else bad "CycloneDX 1.6 schema: $f"; head -20 "$log"
    fi
  done
fi

# ---- HTML in headless Chromium -------------------------------------------------------------
browser=""
for b in chromium chromium-browser; do command -v $b >/dev/null 2>&1 && { browser=$b; break; }; done
if [ -z "$browser" ] && can_install && apt_install chromium; then browser=chromium; fi
chrome() { # URL OUTFILE LOG [extra flags]: dumps the DOM after load
  _url=$1; _out=$2; _log=$3; shift 3
  _profile=$(mktemp -d)
  timeout 90 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --disable-extensions --user-data-dir="$_profile" \
    --enable-logging=stderr --v=0 "$@" "$_url" >"$_out" 2>"$_log"
  _rc=$?
  rm -rf "$_profile"
  return $_rc
}
attr() { # FILE NAME: the value of the <html> attribute NAME in a dumped DOM
  sed -n "s/.*<html[^>]* $2=\"\([^\"]*\)\".*/\1/p" "$1" | head -1
}
if [ -z "$browser" ]; then
  skip "HTML in Chromium: no chromium (apt-get install chromium)"
else
  for f in "$samples"/*.html; do
    name=$(basename "$f" .html)
    abs=$(cd "$(dirname "$f")" && pwd)/$(basename "$f")
    dom=$samples/$name.dom; log=$samples/$name.chromium.log
    if ! chrome "file://$abs" "$dom" "$log" --dump-dom; then
      bad "HTML $name: chromium failed (log: $log)"; continue
    fi
    console=$(grep ':CONSOLE' "$log")
    if [ -n "$console" ]; then bad "HTML $name: the console logged:"; echo "$console" | head -10; continue; fi
    if [ "$(attr "$dom" data-js)" != ok ] || [ "$(attr "$dom" data-shown)" != 50 ]; then
      bad "HTML $name: the script did not run to the end (data-js '$(attr "$dom" data-js)', data-shown '$(attr "$dom" data-shown)')"
      continue
    fi
    ok "HTML $name renders in $browser, script runs, console silent"
    # the filters, driven by the URL fragment
    blockers=$(grep -o 'data-status="blocker" data-pillar' "$f" | wc -l)
    chrome "file://$abs#status=blocker" "$dom.b" "$log.b" --dump-dom
    chrome "file://$abs#pillar=4" "$dom.p" "$log.p" --dump-dom
    if [ "$(attr "$dom.b" data-shown)" = "$blockers" ] && [ "$(attr "$dom.p" data-shown)" = 10 ] \
       && ! grep -q ':CONSOLE' "$log.b" "$log.p"; then
      ok "HTML $name filters: $blockers Blocker items, 10 in pillar 4"
    else
      bad "HTML $name filters: status=blocker shows '$(attr "$dom.b" data-shown)' (want $blockers), pillar=4 shows '$(attr "$dom.p" data-shown)' (want 10)"
    fi
    # a picture for people (build/results/report-samples/*.png)
    chrome "file://$abs" /dev/null "$log.png" --hide-scrollbars --window-size=1280,2000 --screenshot="$samples/$name.png" || true
  done
fi

echo "reports $passed $failed" >"$res/reports.counts"
echo "report checks ($build): $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
