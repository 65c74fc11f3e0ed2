# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# shellcheck shell=bash
#
# Sourced by the runme.sh of deploy_extension, check_credentials and submit_package: start the emulator,
# then helpers to drive it and to read a run's recap.

# The emulator gets no options (emulator.sh waits while another run holds the fixed ports): the
# runme.sh arguments are kept for ansible-playbook.
runme_args=("$@")
set --
# shellcheck source=tests/integration/targets/setup_emulator/emulator.sh
. ../setup_emulator/emulator.sh
set -- "${runme_args[@]}"

TARGETS=$(cd .. && pwd)
FIXTURES=$COMMERCEOPS_EMULATOR_FIXTURES
# The playbooks under test, for the runme.sh that source this file.
export PLAYBOOKS=$COLLECTION_ROOT/playbooks

# ctl COMMAND [ARGS]: see emulator_ctl.py.
ctl() { python "$TARGETS/deploy_extension/emulator_ctl.py" "$FIXTURES" "$@"; }

# Fast scans and reviews for every EQP listener, from a fresh state with no counts.
fresh_emulator() {
    local settings='{"scan_delay": 0, "review_step_seconds": 0.2}'
    ctl reset
    ctl config eqp_sandbox "$settings" >/dev/null
    ctl config eqp_production "$settings" >/dev/null
    # Tokens of the old state are unknown to the new one.
    rm -rf "$XDG_CACHE_HOME"
}

# output NAME: the output file of the last run_playbook of playbook NAME.
output() { printf '%s/%s/output.txt' "$ARTIFACTS" "$1"; }

# expect_recap NAME HOST FIELD=N...: the recap line of HOST in the last run of NAME has these counts.
expect_recap() {
    local name=$1 host=$2 line field
    shift 2
    line=$(grep -E "^$host +: ok=" "$(output "$name")") || { echo "no recap line for $host in $name" >&2; return 1; }
    for field in "$@"; do
        if ! grep -qE "(^| )$field( |$)" <<<"$line"; then
            echo "expected $field for $host in $name: $line" >&2
            return 1
        fi
    done
}

# expect_text NAME TEXT: the output of the last run of NAME holds TEXT (fixed string).
expect_text() {
    grep -qF -- "$2" "$(output "$1")" || { echo "expected in the output of $1: $2" >&2; return 1; }
}

# expect_match NAME REGEX: a line of the output of the last run of NAME matches REGEX (extended).
expect_match() {
    grep -qE -- "$2" "$(output "$1")" || { echo "expected a line matching in the output of $1: $2" >&2; return 1; }
}

# expect_no_text NAME TEXT: the output of the last run of NAME does not hold TEXT (fixed string).
expect_no_text() {
    if grep -qF -- "$2" "$(output "$1")"; then
        echo "not expected in the output of $1: $2" >&2
        return 1
    fi
}

# expect_value ACTUAL EXPECTED WHAT
expect_value() {
    [ "$1" = "$2" ] || { echo "$3: expected $2, got $1" >&2; return 1; }
    echo "ok: $3 = $1"
}

# must_fail COMMAND...: the command fails (run_playbook shows the end of its output).
must_fail() {
    if "$@"; then
        echo "expected a failure: $*" >&2
        return 1
    fi
    echo "ok: failed as expected"
}
