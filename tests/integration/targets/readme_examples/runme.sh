#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# Run every YAML example of README.md and roles/*/README.md as extracted from the Markdown (extract_examples.py),
# from a directory outside the checkout, with the local inventory and the stand-ins for a vault (examples_vars.yml).
set -eu
here=$PWD
# shellcheck source=tests/integration/targets/setup_emulator/emulator.sh
. ../setup_emulator/emulator.sh

work=$ARTIFACTS/project
mkdir -p "$work"
python "$here/extract_examples.py" "$COLLECTION_ROOT" "$COMMERCEOPS_EMULATOR_FIXTURES" "$work" >"$ARTIFACTS/examples.txt"
cat "$ARTIFACTS/examples.txt"
grep -q '^run ' "$ARTIFACTS/examples.txt" || { echo "no example found" >&2; exit 1; }
cp "$here/examples_vars.yml" "$work/"
cd "$work"
status=0
while read -r kind playbook; do
    [ "$kind" = run ] || continue
    run_playbook "$playbook" -e @examples_vars.yml "$@" || status=1
done <"$ARTIFACTS/examples.txt"
exit "$status"
