#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
set -eu
# shellcheck source=tests/integration/targets/setup_emulator/emulator.sh
. ../setup_emulator/emulator.sh

run_playbook main.yml "$@"
# A failed task shows "(traceback unavailable)"; a real traceback in the -vvvv output is a defect.
if grep -n 'Traceback (most recent call last)' "$ARTIFACTS/main/output.txt"; then
    echo "bad_input: a traceback in the output" >&2
    exit 1
fi
