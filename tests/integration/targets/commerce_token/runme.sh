#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
set -eu
# shellcheck source=tests/integration/targets/setup_emulator/emulator.sh
. ../setup_emulator/emulator.sh

run_playbook main.yml "$@"
run_playbook shoppers.yml "$@"
run_playbook cache.yml "$@"
run_playbook errors.yml "$@"
# A whole run in check mode: the token tasks still obtain tokens for the tasks after them.
run_playbook check_mode.yml --check "$@"
# 20 hosts, 20 forks, one empty cache: one request per token for all the processes.
run_playbook concurrency.yml -i concurrency_hosts.yml -f 20 "$@"
