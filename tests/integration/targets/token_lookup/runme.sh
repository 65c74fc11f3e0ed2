#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
set -eu
# shellcheck source=tests/integration/targets/setup_emulator/emulator.sh
. ../setup_emulator/emulator.sh

run_playbook basics.yml "$@"
# 20 hosts x 5 tasks with 10 forks, from an empty cache: one token request per principal; the next
# run, none.
rm -rf "$XDG_CACHE_HOME"
run_playbook fleet.yml -i fleet_hosts.yml -f 10 -e fleet_expected_requests=1 "$@"
run_playbook fleet.yml -i fleet_hosts.yml -f 10 -e fleet_expected_requests=0 "$@"
