#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
set -eu
# shellcheck source=tests/integration/targets/setup_emulator/emulator.sh
. ../setup_emulator/emulator.sh

# The package files of the eqp_package target.
export EQP_PACKAGE_FILES=$ARTIFACTS/files
python ../eqp_package/make_files.py "$EQP_PACKAGE_FILES"

# The HTTPS listener (a certificate of its own test CA) that receives the callbacks, checking Basic auth.
listener=$ARTIFACTS/listener
export EQP_CALLBACK_USER=eqp-hook EQP_CALLBACK_PASSWORD=cb-$RANDOM$RANDOM-pw
python "$COLLECTION_ROOT/tests/emulator/tests/callback_listener.py" "$listener" &
listener_pid=$!
trap 'kill "$listener_pid" 2>/dev/null || true; emulator_stop; rm -rf "$ARTIFACTS"' EXIT
for _ in $(seq 100); do [ -s "$listener/port" ] && break; sleep 0.1; done
[ -s "$listener/port" ] || { echo "the callback listener did not start" >&2; exit 1; }

run_playbook callbacks.yml -e "callback_url=https://127.0.0.1:$(cat "$listener/port")/eqp-callback" \
    -e "callback_ca=$listener/ca.pem" -e "received=$listener/received.jsonl" "$@"

# The callback password (no_log) appears in no output of the run.
if grep -rqF -- "$EQP_CALLBACK_PASSWORD" "$ARTIFACTS/callbacks"; then
    echo "the callback password is in the output of callbacks.yml" >&2
    exit 1
fi
echo "ok: the callback password is in no output"
