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
# Integration targets run in a pool of INTEGRATION_JOBS parallel ansible-test runs (default 3), one target per run,
# each slot with an emulator on ports of its own; a slot takes the next target as soon as it is free. Most
# targets spend much of their time waiting (reviews, retries, timeouts), so more runs than cores keep both busy.
# The longest first, so that none is left to run alone at the end (wall seconds measured on a 2-core machine);
# the others follow in name order.
longest_first=(uri_suite eqp_package fault_matrix token_lifecycle bearer_uri deploy_extension token_lookup
    module_paths commerce_token magento_integration_token eqp_session_token readme_examples demo)

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
    local targets=() target status=0 logs slots=${INTEGRATION_JOBS:-3} slot pid
    for target in "${longest_first[@]}" $(ls tests/integration/targets); do
        [ -x "tests/integration/targets/$target/runme.sh" ] || continue
        [[ " ${targets[*]} " == *" $target "* ]] || targets+=("$target")
    done
    rm -rf tests/output/reliability
    ansible_test_ssh_key
    logs=$(mktemp -d "${TMPDIR:-/tmp}/commerceops-integration.XXXXXX")
    # slot_of[pid]: the slot a run holds; free: the free slots. Slot N has the emulator ports 18081+1000*N...
    local -A slot_of=()
    local free=()
    for ((slot = 0; slot < slots; slot++)); do free+=("$slot"); done
    for target in "${targets[@]}"; do
        if [ ${#free[@]} -eq 0 ]; then
            wait -n -p pid "${!slot_of[@]}" || status=1
            free+=("${slot_of[$pid]}")
            unset "slot_of[$pid]"
        fi
        slot=${free[0]}
        free=("${free[@]:1}")
        (
            start=$SECONDS
            EMULATOR_PORT_BASE=$((18080 + 1000 * slot)) RELIABILITY_RUN=$target \
                scripts/ansible_test.sh integration "$target" >"$logs/$target.log" 2>&1
            result=$?
            # Wall seconds, and CPU seconds of everything the run started (the second line of `times`).
            { printf '%s s, CPU ' "$((SECONDS - start))"; cpu_seconds; } >"$logs/$target.seconds"
            exit "$result"
        ) &
        slot_of[$!]=$slot
    done
    for pid in "${!slot_of[@]}"; do
        wait "$pid" || status=1
    done
    for target in "${targets[@]}"; do
        printf '\n--- integration: %s (%s s)\n' "$target" "$(cat "$logs/$target.seconds")"
        cat "$logs/$target.log"
    done
    if [ "$status" -ne 0 ]; then
        # The logs are long and a CI page may show only their end: repeat why it failed.
        printf '\n--- why integration failed\n'
        why_integration_failed "$logs"/*.log
    fi
    rm -rf "$logs"
    [ "$status" -eq 0 ] && python scripts/reliability_report.py
}

# With no suite named, all four run side by side, each into a log shown in order once all are done: the
# integration pool starts first (its targets wait much of the time), and lint, sanity and pytest fill the gaps.
quick=(integration lint sanity pytest)
suites=()
if [ $# -gt 0 ]; then
    quick=()
    suites=("$1")
    shift
fi

# cpu_seconds: user + system CPU seconds of the waited-for children of this shell, from `times`.
# (Not in a pipe or $(...): `times` would run in a subshell, which has waited for nothing.)
cpu_seconds() {
    local file
    file=$(mktemp "${TMPDIR:-/tmp}/commerceops-times.XXXXXX")
    times >"$file"
    awk 'NR == 2 { split($1 " " $2, t, /[ms ]+/); printf "%.0f\n", t[1] * 60 + t[2] + t[3] * 60 + t[4] }' "$file"
    rm -f "$file"
}

passed=0 failed=0 summary=()
# record SUITE STATUS SECONDS [CPU]: one line of the summary.
record() {
    if [ "$2" -eq 0 ]; then
        passed=$((passed + 1)) result=passed
    else
        failed=$((failed + 1)) result=FAILED
    fi
    summary+=("$(printf '%-12s %-7s %4d s%s' "$1" "$result" "$3" "${4:+, CPU $4 s}")")
}

if [ ${#quick[@]} -gt 0 ]; then
    logs=$(mktemp -d "${TMPDIR:-/tmp}/commerceops-suites.XXXXXX")
    for suite in "${quick[@]}"; do
        (start=$SECONDS; status=0; "suite_$suite" >"$logs/$suite.log" 2>&1 || status=$?
         { printf '%s %s ' "$status" "$((SECONDS - start))"; cpu_seconds; } >"$logs/$suite.result") &
    done
    wait
    for suite in lint sanity pytest integration; do
        [ -f "$logs/$suite.result" ] || continue
        printf '\n===== %s =====\n' "$suite"
        cat "$logs/$suite.log"
        read -r status seconds cpu <"$logs/$suite.result"
        record "$suite" "$status" "$seconds" "$cpu"
    done
    rm -rf "$logs"
fi

for suite in ${suites[@]+"${suites[@]}"}; do
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
