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

# Extra emulator options, e.g. DEMO_EMULATOR_ARGS="--verbose".
read -r -a emulator_args <<<"${DEMO_EMULATOR_ARGS:-}"

echo "demo: starting the emulator"
emulator_start "${emulator_args[@]}"
trap emulator_stop EXIT

export PATH="$root/.venv/bin:$PATH"
deploy=(ansible-playbook playbooks/deploy_extension.yml -i inventories/local -e deploy_extension_target_status=approved "$@")

echo
echo "demo: deploy the sample extension to the Commerce Marketplace sandbox, until it is approved"
echo "demo: ${deploy[*]}"
"${deploy[@]}"

echo
echo "demo: the same deployment again: nothing left to do, so nothing changes (changed=0)"
"${deploy[@]}" | tee "$EMULATOR_LOG.second"
grep -Eq 'changed=0 +unreachable=0 +failed=0' "$EMULATOR_LOG.second" || { echo "demo: the second run changed something" >&2; exit 1; }
rm -f "$EMULATOR_LOG.second"
