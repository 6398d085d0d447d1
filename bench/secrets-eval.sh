#!/bin/sh
# Scores the secret rules on labelled vectors (see bench/secrets_eval.c):
#   bench/secrets-eval.sh [BINARY] [secrets-eval options, e.g. --list]
# 1. ../shared/eval/secrets (gitleaks and secretlint test data): per kind and overall; the
#    exit status is this set's pass/fail (recall >= 95%, false positives <= 3%).
# 2. every tuning source under tests/secrets-vectors/ (Kingfisher, traps): overall only.
# 3. TruffleHog's detector tests (AGPL-3.0, never committed): made at run time by
#    tests/secrets-vectors/trufflehog-extract.py from a git mirror of
#    trufflesecurity/trufflehog, found as $TRUFFLEHOG_GIT or under $MIRRORS
#    (OWNER+NAME/repo, OWNER+NAME or OWNER__NAME); skipped, saying so, when absent.
# 4. the held-out source (tests/secrets-vectors/noseyparker) only when EVAL_HELDOUT=1: it
#    is scored once before and once after a piece of tuning work, never while tuning.
# Vectors are materialised with the shared set's make-files.py into a temporary folder,
# scored, and the folder removed. The shared folder is $AIREADY_SHARED, else ../shared
# or ../../shared from the repository root.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build/secrets-eval}
[ $# -gt 0 ] && shift
shared=${AIREADY_SHARED:-}
if [ -z "$shared" ]; then
  for d in "$root/../shared" "$root/../../shared"; do
    if [ -f "$d/eval/secrets/make-files.py" ]; then shared=$d; break; fi
  done
fi
if [ -z "$shared" ] || [ ! -f "$shared/eval/secrets/make-files.py" ]; then
  echo "secrets-eval: skipped: no shared/eval/secrets next to the repository (set AIREADY_SHARED)" >&2
  exit 0
fi
command -v python3 >/dev/null 2>&1 || { echo "secrets-eval: skipped: python3 is needed to materialise the vectors" >&2; exit 0; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/aiready-secrets-eval.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mk="$shared/eval/secrets/make-files.py"
echo "== shared (gitleaks, secretlint)"
python3 "$mk" --out "$tmp/v" >/dev/null
status=0
"$bin" --rules "$root/rules" "$@" "$tmp/v" || status=$?
for d in "$root"/tests/secrets-vectors/*/; do
  src=$(basename "$d")
  [ -f "$d/vectors.jsonl" ] || continue
  if [ "$src" = noseyparker ]; then
    [ "${EVAL_HELDOUT:-0}" = 1 ] || { echo "== $src (held out: EVAL_HELDOUT=1 scores it)"; continue; }
    echo "== $src (held out)"
  else
    echo "== $src (tuning)"
  fi
  python3 "$mk" --vectors "$d/vectors.jsonl" --out "$tmp/$src" >/dev/null
  "$bin" --rules "$root/rules" --summary --min-recall 0 --max-fp 1 "$@" "$tmp/$src" | grep -v '^PASS'
done
th=${TRUFFLEHOG_GIT:-}
if [ -z "$th" ] && [ -n "${MIRRORS:-}" ]; then
  for d in "$MIRRORS/trufflesecurity+trufflehog/repo" "$MIRRORS/trufflesecurity+trufflehog" "$MIRRORS/trufflesecurity__trufflehog"; do
    if git --git-dir "$d" rev-parse -q --verify HEAD >/dev/null 2>&1 || git -C "$d" rev-parse -q --verify HEAD >/dev/null 2>&1; then th=$d; break; fi
  done
fi
if [ -n "$th" ]; then
  [ -d "$th/.git" ] && th=$th/.git
  echo "== trufflehog (tuning, made from $th)"
  python3 "$root/tests/secrets-vectors/trufflehog-extract.py" "$th" "$tmp/trufflehog.jsonl" \
    --exclude "$root/tests/secrets-vectors/noseyparker/vectors.jsonl"
  python3 "$mk" --vectors "$tmp/trufflehog.jsonl" --out "$tmp/trufflehog" >/dev/null
  "$bin" --rules "$root/rules" --summary --min-recall 0 --max-fp 1 "$@" "$tmp/trufflehog" | grep -v '^PASS'
else
  echo "== trufflehog (skipped: no mirror of trufflesecurity/trufflehog; set MIRRORS=DIR or TRUFFLEHOG_GIT)"
fi
exit $status
