#!/usr/bin/env bash
# Checks that every call named in calls_*.txt (one name a line; '#' starts a comment) is used by
# some program in programs/: the name as a whole word on a line of code (a call, a function
# handed to a helper, an option key), so a mention in a comment line alone does not count.
# Prints each name no program uses and fails if there is one.
#   coverage.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shopt -s nullglob
lists=("$here"/calls_*.txt)
[ ${#lists[@]} -gt 0 ] || { echo "coverage.sh: no calls_*.txt in $here" >&2; exit 1; }
missing=0 total=0
for list in "${lists[@]}"; do
  while read -r name _; do
    case "$name" in ''|'#'*) continue ;; esac
    total=$((total + 1))
    if ! grep -rhFw -- "$name" "$here/programs" | grep -qvE '^[[:space:]]*(//|/\*|\*)'; then
      echo "not called by any program in programs/: $name ($(basename "$list"))"
      missing=$((missing + 1))
    fi
  done < "$list"
done
echo "$((total - missing)) of $total calls covered"
[ "$missing" -eq 0 ]
