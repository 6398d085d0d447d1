#!/bin/sh
# The GitHub Action's work (action.yml): one scan writing SARIF, JSON and Markdown, the
# pull-request comment posted or updated (one per pull request, found by its marker),
# and the gate's status written to $GITHUB_OUTPUT for the last step to apply. It exits 0
# when the scan ran, so that the SARIF is uploaded even when the gate failed.
# Environment: AIREADY (the binary), INPUT_PATH, INPUT_FAIL_ON, INPUT_DIFF_BASE (a commit:
# only changed lines are reported), INPUT_COMMENT (true/false), INPUT_DOC_BASE,
# GITHUB_REPOSITORY, PR_NUMBER (empty outside a pull request), GITHUB_OUTPUT.
# AIREADY_GH replaces `gh` (tests stub it; no network).
set -u
aiready=${AIREADY:-aiready}
gh=${AIREADY_GH:-gh}
path=${INPUT_PATH:-.}
marker='<!-- aiready-comment -->'

set -- scan "$path" --no-progress -o aiready.sarif -o aiready.json -o aiready.md
[ -n "${INPUT_FAIL_ON:-}" ] && set -- "$@" --fail-on "$INPUT_FAIL_ON"
[ -n "${INPUT_DIFF_BASE:-}" ] && set -- "$@" --diff "$INPUT_DIFF_BASE"
[ -n "${INPUT_DOC_BASE:-}" ] && set -- "$@" --doc-base "$INPUT_DOC_BASE"
"$aiready" "$@"
status=$?
echo "status=$status" >>"${GITHUB_OUTPUT:-/dev/null}"
if [ "$status" -ge 2 ]; then
  echo "aiready: the scan did not complete (exit $status)" >&2
  exit "$status"
fi

if [ "${INPUT_COMMENT:-true}" = true ] && [ -n "${PR_NUMBER:-}" ]; then
  { echo "$marker"; cat aiready.md; } >aiready-comment.md
  repo=${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set}
  id=$("$gh" api "repos/$repo/issues/$PR_NUMBER/comments" --paginate \
        --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | head -n 1)
  if [ -n "$id" ]; then
    "$gh" api -X PATCH "repos/$repo/issues/comments/$id" -F body=@aiready-comment.md >/dev/null || exit 2
    echo "aiready: updated comment $id"
  else
    "$gh" api -X POST "repos/$repo/issues/$PR_NUMBER/comments" -F body=@aiready-comment.md >/dev/null || exit 2
    echo "aiready: posted a comment"
  fi
fi
exit 0
