#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
set -eu
# shellcheck source=tests/integration/targets/setup_emulator/emulator.sh
. ../setup_emulator/emulator.sh

run_playbook matrix.yml "$@"
expect_no_traceback matrix.yml
