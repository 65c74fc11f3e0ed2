#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# Every check of the collection: ansible-lint, ansible-test sanity and pytest (unit tests and the
# emulator's own tests) side by side, then ansible-test integration against the emulator. Every suite runs
# even when another one failed, so one run shows everything; the exit status is non-zero if any failed.
# Run one suite: scripts/test.sh lint|sanity|pytest|integration [extra options for that suite]
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 2
export PATH="$root/.venv/bin:$PATH"

# ansible-lint passes with Ansible's own warnings (a duplicate YAML key, say) on its output: those fail here too.
suite_lint() {
    local out status=0
    out=$(ansible-lint --nocolor "$@" 2>&1) || status=$?
    printf '%s\n' "$out"
    if grep -E 'AnsibleWarning|\[WARNING\]' <<<"$out" >/dev/null; then
        echo "lint: ansible-lint printed warnings (above); fix them" >&2
        status=1
    fi
    return "$status"
}
suite_sanity() { scripts/ansible_test.sh sanity "$@"; }
suite_pytest() { python -m pytest -q "$@"; }
# Targets that run in the second of two parallel integration runs (on other emulator ports); the rest run
# in the first. Balanced by their measured times; check_credentials and eqp_package expect the fixture ports.
second_run=(fault_matrix bad_input tls token_lookup commerce_token magento_integration_token uri_suite module_paths)

# What an integration log says about its failures: each failed target's last failed playbook (earlier ones
# may have been expected to fail), the fault matrix's failed cells, the secret scan's findings, the
# traceback check, and ansible-test's verdicts with the list of failed targets.
why_integration_failed() {
    awk '
        /^Running [a-z0-9_]+ integration test script/ { last_playbook = "" }
        /^ansible-playbook .* failed with status/ { last_playbook = $0 }
        /^(failed cell|LEAK|CACHE MODE|TOKENS): |^a traceback in / { print }
        /^(ERROR|FATAL): Command "\.\/runme\.sh"/ { if (last_playbook != "") print last_playbook; print; last_playbook = "" }
        /^FATAL: The [0-9]+ integration test/ { print; listing = 1; next }
        listing && /^[a-z0-9_]+$/ { print "  " $0; next }
        { listing = 0 }
    ' "$@"
}

# ansible-test creates its SSH key on first use, with a plain ssh-keygen that asks before overwriting: two
# runs started together on a fresh machine both try, and the second stops at that question (seen on a fresh
# machine). Create it once, the way ansible-test does, before they start.
ansible_test_ssh_key() {
    local key="$HOME/.ansible/test/id_rsa"
    [ -f "$key" ] && return 0
    mkdir -p "$(dirname "$key")"
    ssh-keygen -m PEM -q -t rsa -N '' -f "$key" </dev/null
}

suite_integration() {
    if [ $# -gt 0 ]; then
        scripts/ansible_test.sh integration "$@"
        return
    fi
    local first=() target status=0 logs
    for target in tests/integration/targets/*/; do
        target=$(basename "$target")
        [ -x "tests/integration/targets/$target/runme.sh" ] || continue
        [[ " ${second_run[*]} " == *" $target "* ]] || first+=("$target")
    done
    rm -rf tests/output/reliability
    ansible_test_ssh_key
    logs=$(mktemp -d "${TMPDIR:-/tmp}/commerceops-integration.XXXXXX")
    # --continue-on-error: a failed target does not keep the targets after it from running.
    scripts/ansible_test.sh integration --continue-on-error "${first[@]}" >"$logs/first.log" 2>&1 &
    local first_pid=$!
    EMULATOR_PORT_BASE=19080 scripts/ansible_test.sh integration --continue-on-error "${second_run[@]}" \
        >"$logs/second.log" 2>&1 &
    local second_pid=$!
    wait "$first_pid" || status=1
    printf '\n--- integration, first run: %s\n' "${first[*]}"
    cat "$logs/first.log"
    wait "$second_pid" || status=1
    printf '\n--- integration, second run (ports 19081-19086): %s\n' "${second_run[*]}"
    cat "$logs/second.log"
    if [ "$status" -ne 0 ]; then
        # The logs are long and a CI page may show only their end: repeat why it failed.
        printf '\n--- why integration failed\n'
        why_integration_failed "$logs/first.log" "$logs/second.log"
    fi
    rm -rf "$logs"
    [ "$status" -eq 0 ] && python scripts/reliability_report.py
}

# With no suite named, lint, sanity and pytest run side by side (each mostly uses one core), each into a log
# shown in order once all three are done; integration then has the machine to itself.
quick=(lint sanity pytest)
suites=(integration)
if [ $# -gt 0 ]; then
    quick=()
    suites=("$1")
    shift
fi

passed=0 failed=0 summary=()
# record SUITE STATUS SECONDS: one line of the summary.
record() {
    if [ "$2" -eq 0 ]; then
        passed=$((passed + 1)) result=passed
    else
        failed=$((failed + 1)) result=FAILED
    fi
    summary+=("$(printf '%-12s %-7s %4d s' "$1" "$result" "$3")")
}

if [ ${#quick[@]} -gt 0 ]; then
    logs=$(mktemp -d "${TMPDIR:-/tmp}/commerceops-suites.XXXXXX")
    for suite in "${quick[@]}"; do
        (start=$SECONDS; status=0; "suite_$suite" >"$logs/$suite.log" 2>&1 || status=$?
         echo "$status $((SECONDS - start))" >"$logs/$suite.result") &
    done
    wait
    for suite in "${quick[@]}"; do
        printf '\n===== %s =====\n' "$suite"
        cat "$logs/$suite.log"
        read -r status seconds <"$logs/$suite.result"
        record "$suite" "$status" "$seconds"
    done
    rm -rf "$logs"
fi

for suite in "${suites[@]}"; do
    printf '\n===== %s =====\n' "$suite"
    start=$SECONDS
    status=0
    "suite_$suite" "$@" || status=$?
    record "$suite" "$status" $((SECONDS - start))
done

printf '\n===== summary =====\n'
printf '%s\n' "${summary[@]}"
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
