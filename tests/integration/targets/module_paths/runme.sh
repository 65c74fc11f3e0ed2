#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
set -eu
# shellcheck source=tests/integration/targets/setup_emulator/emulator.sh
. ../setup_emulator/emulator.sh

export EQP_PACKAGE_FILES=$ARTIFACTS/files
python ../eqp_package/make_files.py "$EQP_PACKAGE_FILES"

run_playbook compare.yml "$@"
# Both paths really ran: the actions say which one at -vvv.
output=$ARTIFACTS/compare/output.txt
for module in eqp_session_token magento_integration_token commerce_token adobe_ims_token eqp_package eqp_package_info eqp_callback; do
    grep -q "commerceops.api.$module: running the module in the controller process" "$output"
    grep -q "commerceops.api.$module: shipping the module because commerceops_fast_path is false" "$output"
done
expect_no_traceback compare.yml

# On a local connection nothing of ours is shipped: every module runs in the controller process.
run_playbook in_process.yml "$@"
if grep -E 'AnsiballZ_(eqp_|magento_|commerce_)' "$ARTIFACTS/in_process/output.txt"; then
    echo "a module was shipped on a local connection" >&2
    exit 1
fi
grep -q 'commerceops.api.eqp_package_info: running the module in the controller process' "$ARTIFACTS/in_process/output.txt"
