#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
set -eu
# shellcheck source=tests/integration/targets/setup_emulator/emulator.sh
. ../setup_emulator/emulator.sh

# Each playbook resets the emulator first; cache_rerun.yml relies on the cache that cache.yml filled.
run_playbook present.yml "$@"
run_playbook errors.yml "$@"
run_playbook two_factor.yml "$@"
run_playbook cache.yml "$@"
run_playbook cache_rerun.yml "$@"
run_playbook revoke.yml "$@"
