#!/usr/bin/env bash
# Commit subjects of at most 72 characters, the detail in the body (issue 13). Checks every
# commit after BASE, the last commit made before the rule; older history is left as it was.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=2add08de5c89f88481a524b3102ec0d6e81307ab
if ! git rev-parse --verify --quiet "$BASE^{commit}" >/dev/null; then
  echo "commit subjects: $BASE not in this clone's history, nothing to check"
  exit 0
fi
long=$(git log --format='%h %s' "$BASE..HEAD" | awk '{ subject = substr($0, index($0, " ") + 1) } length(subject) > 72')
if [[ -n "$long" ]]; then
  echo "commit subjects longer than 72 characters (put the detail in the body):"
  echo "$long"
  exit 1
fi
echo "commit subjects: $(git rev-list --count "$BASE..HEAD") checked, none over 72 characters"
