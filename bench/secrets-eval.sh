#!/bin/sh
# Scores the secret rules on ../shared/eval/secrets (see bench/secrets_eval.c):
#   bench/secrets-eval.sh [BINARY] [secrets-eval options, e.g. --list]
# Materialises the vectors with the data set's own make-files.py into a temporary
# folder (nothing is copied into the repository), scores them, and removes the folder.
# The shared folder is $AIREADY_SHARED, else ../shared or ../../shared from the repository
# root (the main checkout and the worktrees under wt/ both find /work/shared).
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
python3 "$shared/eval/secrets/make-files.py" --out "$tmp/v" >/dev/null
"$bin" --rules "$root/rules" "$@" "$tmp/v"
