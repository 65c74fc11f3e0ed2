#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
set -eu
# shellcheck source=tests/integration/targets/deploy_extension/common.sh
. ../deploy_extension/common.sh

submit=$PLAYBOOKS/submit_package.yml
sku=examplevendor/module-sample

fresh_emulator
ctl clear eqp_production

echo "--- the sample of examples/artifacts is new: it is submitted"
run_playbook "$submit" "$@"
expect_recap submit_package eqp-sandbox changed=1 failed=0
expect_text submit_package "1 new (examplevendor-module-sample-1.0.0.zip)"
expect_value "$(ctl versions eqp_sandbox $sku)" 1 "versions of $sku"

echo "--- nothing new: no change and no write, also in check mode"
ctl clear eqp_sandbox
run_playbook "$submit" "$@"
expect_recap submit_package eqp-sandbox changed=0 failed=0
expect_text submit_package "0 new, 1 already submitted (examplevendor/module-sample 1.0.0 "
expect_text submit_package "Nothing to do."
run_playbook "$submit" --check "$@"
expect_recap submit_package eqp-sandbox changed=0 failed=0
expect_value "$(ctl posts eqp_sandbox)" 0 "POST and PUT requests (the token came from the cache)"

echo "--- a directory with a new version, a submitted one and a zip without description"
releases=$ARTIFACTS/releases
mkdir -p "$releases"
cp -R "$COLLECTION_ROOT/examples/artifacts/." "$releases/"
python "$COLLECTION_ROOT/scripts/make_sample_extension.py" --version 1.1.0 --output "$releases" >/dev/null
cp "$releases/examplevendor-module-sample-1.1.0.zip" "$releases/undescribed-2.0.0.zip"
ctl clear eqp_sandbox
run_playbook "$submit" --check -e "submit_package_artifacts_dir=$releases" "$@"
expect_recap submit_package eqp-sandbox changed=1 failed=0
expect_value "$(ctl writes eqp_sandbox)" 0 "package and file writes in check mode"
run_playbook "$submit" -e "submit_package_artifacts_dir=$releases" -e submit_package_target_status=approved \
    -e eqp_package_submission_wait_delay=1 "$@"
expect_recap submit_package eqp-sandbox changed=1 failed=0
expect_text submit_package "1 new (examplevendor-module-sample-1.1.0.zip), 1 already submitted"
expect_text submit_package "1 without a description with sku and version (undescribed-2.0.0.zip)"
expect_text submit_package "examplevendor/module-sample 1.1.0, submission"
expect_text submit_package "status approved (technical approved, marketing approved); target approved"
expect_value "$(ctl versions eqp_sandbox $sku)" 2 "versions of $sku"
ctl clear eqp_sandbox
run_playbook "$submit" -e "submit_package_artifacts_dir=$releases" "$@"
expect_recap submit_package eqp-sandbox changed=0 failed=0
expect_value "$(ctl posts eqp_sandbox)" 0 "POST and PUT requests"
expect_value "$(ctl requests eqp_production)" 0 "requests to production"
