# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# shellcheck shell=bash
#
# Start the emulator in the background and stop it again; sourced by scripts/demo.sh and by the
# integration targets. Needs EMULATOR_ROOT (the collection root) and a python with Flask
# (EMULATOR_PYTHON, default: python on PATH). EMULATOR_PORT_WAIT (seconds, default 0) is how long to
# keep trying while another run holds the fixed ports. COMMERCEOPS_EMULATOR_FIXTURES names another
# fixture file (other ports), which inventories/local then reads too.

# One try: 0 when the emulator is ready, 1 when it ended (its log stays in EMULATOR_LOG).
_emulator_try() {
    local waited=0
    EMULATOR_LOG=$(mktemp "${TMPDIR:-/tmp}/commerceops-emulator.XXXXXX")
    # The idle timeout ends an emulator whose starter was killed before it could stop it.
    (cd "$EMULATOR_ROOT" && exec "${EMULATOR_PYTHON:-python}" -m tests.emulator --idle-timeout 900 \
        ${COMMERCEOPS_EMULATOR_FIXTURES:+--fixtures "$COMMERCEOPS_EMULATOR_FIXTURES"} "$@") >"$EMULATOR_LOG" 2>&1 &
    EMULATOR_PID=$!
    until grep -q '^emulator: ready' "$EMULATOR_LOG"; do
        if ! kill -0 "$EMULATOR_PID" 2>/dev/null; then
            EMULATOR_PID=
            return 1
        fi
        if [ "$waited" -ge 300 ]; then
            echo "emulator did not start within 30 s" >>"$EMULATOR_LOG"
            emulator_stop
            return 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
}

emulator_start() {
    local give_up=$((SECONDS + ${EMULATOR_PORT_WAIT:-0}))
    until _emulator_try "$@"; do
        if ! grep -q 'already in use' "$EMULATOR_LOG" || [ "$SECONDS" -ge "$give_up" ]; then
            cat "$EMULATOR_LOG" >&2
            rm -f "$EMULATOR_LOG"
            return 1
        fi
        rm -f "$EMULATOR_LOG"
        echo "emulator ports busy (another run?): trying again in 5 s"
        sleep 5
    done
    grep '^emulator: ' "$EMULATOR_LOG" | grep -v ready
}

# Whether the emulator still runs: once ended it stays a zombie until waited for, which kill -0 still finds.
_emulator_running() {
    local state
    state=$(ps -o stat= -p "$EMULATOR_PID" 2>/dev/null) || return 1
    [[ $state != Z* ]]
}

emulator_stop() {
    [ -n "${EMULATOR_PID:-}" ] || return 0
    kill -TERM "$EMULATOR_PID" 2>/dev/null || true
    # It stops within a few tenths of a second; should it ever hang, it must not hang the run with it.
    local _
    for _ in $(seq 100); do
        _emulator_running || break
        sleep 0.1
    done
    if _emulator_running; then
        kill -KILL "$EMULATOR_PID" 2>/dev/null || true
        echo "emulator: still running 10 s after SIGTERM (pid $EMULATOR_PID): killed" >&2
    fi
    wait "$EMULATOR_PID" 2>/dev/null || true
    rm -f "$EMULATOR_LOG"
    EMULATOR_PID=
}
