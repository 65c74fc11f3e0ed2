#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# The main job against the local emulator: start it, run the playbook, show what happened, stop it
# (also when the playbook fails).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export EMULATOR_ROOT=$root EMULATOR_PYTHON=$root/.venv/bin/python
# shellcheck source=scripts/emulator_bg.sh
. scripts/emulator_bg.sh

playbook=${DEMO_PLAYBOOK:-playbooks/eqp_profile.yml}
# Extra emulator options, e.g. DEMO_EMULATOR_ARGS="--verbose".
read -r -a emulator_args <<<"${DEMO_EMULATOR_ARGS:-}"

echo "demo: starting the emulator"
emulator_start "${emulator_args[@]}"
trap emulator_stop EXIT

echo "demo: ansible-playbook $playbook -i inventories/local"
PATH="$root/.venv/bin:$PATH" ansible-playbook "$playbook" -i inventories/local "$@"
