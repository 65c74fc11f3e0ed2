#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
set -eu
# shellcheck source=tests/integration/targets/setup_emulator/emulator.sh
. ../setup_emulator/emulator.sh

run_playbook matrix.yml "$@"
# No traceback anywhere, not even in a failure the matrix expected.
if grep -n 'Traceback (most recent call last)' "$ARTIFACTS/matrix/output.txt"; then
    echo "a traceback in the fault matrix output" >&2
    exit 1
fi
