#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# Every check of the collection, in order: ansible-lint, ansible-test sanity, pytest (unit tests and
# the emulator's own tests), ansible-test integration against the emulator. Every suite runs even
# when an earlier one failed, so one run shows everything; the exit status is non-zero if any failed.
# Run one suite: scripts/test.sh lint|sanity|pytest|integration [extra options for that suite]
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 2
export PATH="$root/.venv/bin:$PATH"

suite_lint() { ansible-lint --nocolor "$@"; }
suite_sanity() { scripts/ansible_test.sh sanity "$@"; }
suite_pytest() { python -m pytest -q "$@"; }
suite_integration() { scripts/ansible_test.sh integration "$@"; }

suites=(lint sanity pytest integration)
if [ $# -gt 0 ]; then
    suites=("$1")
    shift
fi

passed=0 failed=0 summary=()
for suite in "${suites[@]}"; do
    printf '\n===== %s =====\n' "$suite"
    start=$SECONDS
    if "suite_$suite" "$@"; then
        passed=$((passed + 1)) result=passed
    else
        failed=$((failed + 1)) result=FAILED
    fi
    summary+=("$(printf '%-12s %-7s %4d s' "$suite" "$result" $((SECONDS - start)))")
done

printf '\n===== summary =====\n'
printf '%s\n' "${summary[@]}"
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
