# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# shellcheck shell=bash
#
# Sourced by a target's runme.sh: find the collection root, start the emulator on the fixture ports
# for the life of the script, and export COLLECTION_ROOT and INVENTORY (inventories/local).
# Extra emulator options may be given as arguments to `source`.

# ansible-test runs targets from a temporary copy inside tests/output/.tmp: walk up to the
# collection itself.
COLLECTION_ROOT=$PWD
while [ ! -f "$COLLECTION_ROOT/galaxy.yml" ]; do
    [ "$COLLECTION_ROOT" != / ] || { echo "collection root not found above $PWD" >&2; exit 1; }
    COLLECTION_ROOT=$(dirname "$COLLECTION_ROOT")
done
export COLLECTION_ROOT
export INVENTORY=$COLLECTION_ROOT/inventories/local
export EMULATOR_ROOT=$COLLECTION_ROOT
# shellcheck source=scripts/emulator_bg.sh
. "$COLLECTION_ROOT/scripts/emulator_bg.sh"

emulator_start "$@"
trap emulator_stop EXIT
