#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
set -eu
# shellcheck source=tests/integration/targets/setup_emulator/emulator.sh
. ../setup_emulator/emulator.sh

# The demo playbook as users run it, then the checks around it; each run scanned for secrets and tokens.
run_playbook "$COLLECTION_ROOT/playbooks/eqp_profile.yml" "$@"
run_playbook "$COLLECTION_ROOT/playbooks/eqp_profile.yml" -e eqp_profile_hosts=eqp_production "$@"
run_playbook checks.yml "$@"
