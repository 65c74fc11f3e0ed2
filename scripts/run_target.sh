#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# Run one integration target straight from the checkout, without ansible-test, on ports of its own:
# the emulator and inventories/local get a copy of the fixtures whose ports start at PORT_BASE, so
# several targets (or developers) can run side by side. Results stay in tests/output/reliability.
# Usage: scripts/run_target.sh TARGET [PORT_BASE] [ansible-playbook options...]   (PORT_BASE default 28080)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
target=${1:?usage: scripts/run_target.sh TARGET [PORT_BASE] [ansible-playbook options...]}
shift
base=28080
if [ $# -gt 0 ] && [[ $1 =~ ^[0-9]+$ ]]; then
    base=$1
    shift
fi
[ -x "$root/tests/integration/targets/$target/runme.sh" ] || { echo "no target $target" >&2; exit 2; }

fixtures=$(mktemp "${TMPDIR:-/tmp}/commerceops-fixtures.XXXXXX.yml")
trap 'rm -f "$fixtures"' EXIT
"$root/.venv/bin/python" "$root/scripts/shift_fixture_ports.py" "$root/tests/emulator/fixtures.yml" "$fixtures" "$base"

cd "$root/tests/integration/targets/$target"
# No ansible.cfg, as under ansible-test: the collection comes from ANSIBLE_COLLECTIONS_PATH.
export PATH="$root/.venv/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$root/.ansible/collections" COMMERCEOPS_EMULATOR_FIXTURES="$fixtures"
./runme.sh "$@"
