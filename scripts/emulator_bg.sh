# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# shellcheck shell=bash
#
# Start the emulator in the background and stop it again; sourced by scripts/demo.sh and by the
# integration targets. Needs EMULATOR_ROOT (the collection root) and a python with Flask
# (EMULATOR_PYTHON, default: python on PATH).

emulator_start() {
    local log waited=0
    log=$(mktemp "${TMPDIR:-/tmp}/commerceops-emulator.XXXXXX")
    # The idle timeout ends an emulator whose starter was killed before it could stop it.
    (cd "$EMULATOR_ROOT" && exec "${EMULATOR_PYTHON:-python}" -m tests.emulator --idle-timeout 900 "$@") >"$log" 2>&1 &
    EMULATOR_PID=$!
    EMULATOR_LOG=$log
    until grep -q '^emulator: ready' "$log"; do
        if ! kill -0 "$EMULATOR_PID" 2>/dev/null; then
            cat "$log" >&2
            return 1
        fi
        if [ "$waited" -ge 300 ]; then
            echo "emulator did not start within 30 s" >&2
            emulator_stop
            return 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    grep '^emulator: ' "$log" | grep -v ready
}

emulator_stop() {
    [ -n "${EMULATOR_PID:-}" ] || return 0
    kill -TERM "$EMULATOR_PID" 2>/dev/null || true
    wait "$EMULATOR_PID" 2>/dev/null || true
    rm -f "$EMULATOR_LOG"
    EMULATOR_PID=
}
