#!/usr/bin/env bash
# Type check: mypy over src/welcomebot (its settings are in pyproject.toml), compared with the
# errors recorded in mypy-baseline.txt, which are not fixed yet. It fails on any error that
# is not in the baseline, and on a baseline that still lists an error fixed since, so the
# baseline can only shrink.
#
#   scripts/typecheck.sh         check (CI and the pre-commit hook run this)
#   scripts/typecheck.sh --sync  drop the fixed errors from mypy-baseline.txt (refused while
#                                there are new ones)
#
# Recording errors on purpose (say, code merged from before this check) is a separate,
# deliberate step that shows in the baseline's diff: `mypy | mypy-baseline sync`.
#
# mypy and mypy-baseline come from .venv when there is one, else from PATH.
set -uo pipefail
cd "$(dirname "$0")/.."

bin=""
if [ -x .venv/bin/mypy ]; then
  bin=".venv/bin/"
fi
report="$(mktemp)"
trap 'rm -f "$report"' EXIT

# mypy exits 1 when it finds errors (the baseline decides about those), 2 when it cannot run.
"${bin}mypy" >"$report" 2>&1
status=$?
if [ "$status" -gt 1 ]; then
  cat "$report" >&2
  echo "typecheck: mypy could not check the code (exit $status): see above" >&2
  exit "$status"
fi

if [ "${1:-}" = "--sync" ]; then
  # Only to drop fixed errors: a new error is fixed, not recorded.
  if ! new="$("${bin}mypy-baseline" filter --no-colors --allow-unsynced --hide-stats <"$report")"; then
    printf '%s\n' "$new"
    echo "typecheck: not synced: the errors above are new; fix them first" >&2
    exit 1
  fi
  "${bin}mypy-baseline" sync <"$report" >/dev/null
  echo "typecheck: mypy-baseline.txt now lists $(grep -c . mypy-baseline.txt) lines; review its diff and commit it"
  exit 0
fi

summary="$("${bin}mypy-baseline" filter --no-colors <"$report")"
status=$?
printf '%s\n' "$summary"
if [ "$status" -eq 0 ]; then
  exit 0
fi
if grep -Eq '^  new: [1-9]' <<<"$summary"; then
  echo "typecheck: the type errors listed above are new: fix them (the baseline is for old errors only)" >&2
fi
if grep -Eq '^  fixed: [1-9]' <<<"$summary"; then
  echo "typecheck: errors listed in mypy-baseline.txt are fixed now: run scripts/typecheck.sh --sync" \
    "(that is: mypy | mypy-baseline sync) and commit the shorter mypy-baseline.txt" >&2
fi
exit 1
