#!/bin/sh
# The pre-commit hook (.pre-commit-hooks.yaml) and the GitHub Action's script
# (tools/action.sh) run locally, without network: `gh` is a stub that records its calls.
# Skipped (counted as passed: nothing to run) without git. Usage: integration.sh BIN
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
build=$(dirname "$1")
top=$(pwd)
mkdir -p "$build/results"
passed=0; failed=0
ok() { passed=$((passed + 1)); [ "${V:-0}" = 1 ] && echo "ok   $1"; return 0; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && cat "$2"; return 0; }
finish() { echo "integration $passed $failed" >"$top/$build/results/integration.counts"
           echo "integration tests ($build): $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }
command -v git >/dev/null 2>&1 || { echo "SKIP integration: needs git (apt-get install git)"; finish; }
export AIREADY_RULES="$top/rules" CI=true
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
repo=$tmp/repo; mkdir -p "$repo"; cd "$repo" || exit 2
git init -q && git config user.email t@t && git config user.name t
printf 'import requests\nrequests.get(u, timeout=3)\n' >net.py
git add -A && git commit -qm one

# ---- the pre-commit hook: its entry, as pre-commit would run it -------------------------
# The blockers are hard-coded keys in code (generated for this test; verify=False is only a
# warning, never a Blocker).
entry=$(sed -n 's/^ *entry: aiready //p' "$top/.pre-commit-hooks.yaml")
[ -n "$entry" ] || bad "pre-commit: no entry in .pre-commit-hooks.yaml"
printf 'import requests\nrequests.get(u, timeout=3)\nOPENAI_API_KEY = \"sk-proj-Xq3vT9mK2pL8wR4nB6yD1fH7jC5sA0eZ9uI2oP4lK8mN3bV6cX1zQ7wE5rT\"\n' >net.py
git add net.py
# shellcheck disable=SC2086
"$bin" $entry >"$tmp/hook.out" 2>&1; rc=$?
if [ "$rc" = 1 ] && grep -q '^Decision: ' "$tmp/hook.out" && grep -q 'gate failed: --fail-on blocker' "$tmp/hook.out"
then ok "pre-commit blocks a staged blocker"; else bad "pre-commit: exit $rc on a staged blocker" "$tmp/hook.out"; fi
git commit -qm two
printf 'import requests\nrequests.get(u, timeout=3)\nOPENAI_API_KEY = \"sk-proj-Xq3vT9mK2pL8wR4nB6yD1fH7jC5sA0eZ9uI2oP4lK8mN3bV6cX1zQ7wE5rT\"\nx = 1\n' >net.py
git add net.py
# shellcheck disable=SC2086
"$bin" $entry >"$tmp/hook.out" 2>&1; rc=$?
if [ "$rc" = 0 ]; then ok "pre-commit passes a change that adds no blocker (the old one is not on a staged line)"
else bad "pre-commit: exit $rc on a clean change" "$tmp/hook.out"; fi
git commit -qm three

# ---- the action's script with a stub gh -------------------------------------------------
cat >"$tmp/gh" <<'STUB'
#!/bin/sh
# records each call; lists the comment once one was posted
echo "$*" >>"$GH_LOG"
case "$*" in
  *"--jq"*) [ -f "$GH_LOG.posted" ] && echo 4242; exit 0 ;;
  *"-X POST"*) touch "$GH_LOG.posted"; for a in "$@"; do case $a in body=@*) cp "${a#body=@}" "$GH_LOG.body" ;; esac; done ;;
  *"-X PATCH"*) for a in "$@"; do case $a in body=@*) cp "${a#body=@}" "$GH_LOG.body" ;; esac; done ;;
esac
exit 0
STUB
chmod +x "$tmp/gh"
export AIREADY="$bin" AIREADY_GH="$tmp/gh" GH_LOG="$tmp/gh.log" GITHUB_REPOSITORY=o/r PR_NUMBER=7 \
       INPUT_FAIL_ON=blocker INPUT_DIFF_BASE=HEAD~1 GITHUB_OUTPUT="$tmp/out"
run_action() { : >"$tmp/out"; "$top/tools/action.sh" >"$tmp/action.out" 2>&1; }
run_action; rc=$?
if [ "$rc" = 0 ] && grep -q '^status=0$' "$tmp/out" && grep -q 'X POST repos/o/r/issues/7/comments' "$tmp/gh.log" \
   && head -1 "$tmp/gh.log.body" | grep -q '^<!-- aiready-comment -->$' && [ -s aiready.sarif ] && [ -s aiready.json ]
then ok "action: scans once, posts one comment, status 0"; else bad "action: first run (exit $rc)" "$tmp/action.out"; cat "$tmp/gh.log" 2>/dev/null; fi
# a new blocker on a changed line: the comment is updated, the gate's status is 1
printf 'import requests\nrequests.get(u, timeout=3)\nOPENAI_API_KEY = \"sk-proj-Xq3vT9mK2pL8wR4nB6yD1fH7jC5sA0eZ9uI2oP4lK8mN3bV6cX1zQ7wE5rT\"\nx = 1\nANTHROPIC_KEY = \"sk-proj-Lm4Rt8Wq2Zx6Cv9Bn3Hj7Kd5Fg1Sa0Pe8Uy2Io6Tr4Ew9Qz3Xc7Vb5Nm1Lk8Jh\"\n' >net.py
git commit -qam four
run_action; rc=$?
if [ "$rc" = 0 ] && grep -q '^status=1$' "$tmp/out" && grep -q 'X PATCH repos/o/r/issues/comments/4242' "$tmp/gh.log" \
   && [ "$(grep -c 'X POST' "$tmp/gh.log")" = 1 ] && grep -q 'net.py:5' "$tmp/gh.log.body" \
   && ! grep -q 'net.py:3' "$tmp/gh.log.body" && [ "$(wc -c <"$tmp/gh.log.body")" -lt 60100 ]
then ok "action: updates its one comment with the new finding only; status 1 for the gate"
else bad "action: second run (exit $rc)" "$tmp/action.out"; cat "$tmp/gh.log"; fi
finish
