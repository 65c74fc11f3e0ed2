#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
set -eu
# shellcheck source=tests/integration/targets/setup_emulator/emulator.sh
. ../setup_emulator/emulator.sh

rm -f "$RELIABILITY_RESULTS/faults.json"
# fault_cell keeps each cell's emulator counters here until the row's cells are judged.
export FAULT_CELL_STATE=$ARTIFACTS/fault_cells
mkdir -p "$FAULT_CELL_STATE"
status=0
run_playbook matrix.yml "$@" || status=$?
if [ "$status" -ne 0 ] && [ -f "$RELIABILITY_RESULTS/faults.json" ]; then
    # One line per cell that is not as expected, last, where a short log tail still shows it.
    python - "$RELIABILITY_RESULTS/faults.json" <<'PY'
import json
import sys

with open(sys.argv[1]) as handle:
    for cell in json.load(handle):
        if not cell['ok']:
            print('failed cell: %s | %s | %s: %s (message: %s)' % (
                cell['api'], cell['front_end'], cell['fault'], '; '.join(cell['problems']), cell['message'] or '-'))
PY
fi
expect_no_traceback matrix.yml
# Hostile answers (issue 12): one clear line each, capped retries.
run_playbook hostile.yml "$@" || status=$?
expect_no_traceback hostile.yml
exit "$status"
