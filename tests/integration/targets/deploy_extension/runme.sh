#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
set -eu
# shellcheck source=tests/integration/targets/deploy_extension/common.sh
. ./common.sh

deploy=$PLAYBOOKS/deploy_extension.yml
sku=examplevendor/module-sample
# The sample to approved, polling every second.
to_approved=(-e deploy_extension_target_status=approved -e eqp_package_submission_wait_delay=1)

fresh_emulator
ctl clear eqp_production

echo "--- check mode on an empty marketplace: the plan, and no write"
run_playbook "$deploy" --check --diff "${to_approved[@]}" "$@"
expect_recap deploy_extension eqp-sandbox changed=1 failed=0
expect_text deploy_extension "would do: examplevendor/module-sample 1.0.0: upload artifact"
expect_value "$(ctl writes eqp_sandbox)" 0 "package and file writes in check mode"
expect_value "$(ctl versions eqp_sandbox $sku)" 0 "versions after check mode"

echo "--- deploy the sample to approved, then again"
# Scans of 2 s and reviews of 3 s per step: the waits show each status change once, with the elapsed time.
ctl config eqp_sandbox '{"scan_delay": 2, "review_step_seconds": 3}' >/dev/null
run_playbook "$deploy" "${to_approved[@]}" "$@"
expect_recap deploy_extension eqp-sandbox changed=1 failed=0
expect_text deploy_extension "status approved (technical approved, marketing approved); target approved"
zip_line='"  +[0-9]+s artifact \(examplevendor-module-sample-1\.0\.0\.zip\): malware scan'
expect_match deploy_extension "$zip_line in-progress\",?$"
expect_match deploy_extension "$zip_line pass\",?$"
review_line='"  +[0-9]+s examplevendor/module-sample 1\.0\.0 \(submission [0-9a-f]+\): '
expect_match deploy_extension "${review_line}in_progress \\(technical (in_automation|approved), marketing [a-z_]+\\)\",?$"
expect_match deploy_extension "${review_line}approved \\(technical approved, marketing approved\\)\",?$"
# The same lines as they happened: the modules run in the controller process here, which shows each one live.
expect_match deploy_extension '^commerceops\.api\.eqp_package on eqp-sandbox: +[0-9]+s artifact \(examplevendor-module-sample-1\.0\.0\.zip\): malware scan pass$'
expect_match deploy_extension '^commerceops\.api\.eqp_package_info on eqp-sandbox: +[0-9]+s examplevendor/module-sample 1\.0\.0 \(submission [0-9a-f]+\): approved '
# One line per change, not one per poll, and no retry noise.
expect_no_text deploy_extension "FAILED - RETRYING"
ctl clear eqp_sandbox
run_playbook "$deploy" "${to_approved[@]}" "$@"
expect_recap deploy_extension eqp-sandbox changed=0 failed=0
expect_recap deploy_extension localhost changed=0 failed=0
expect_value "$(ctl writes eqp_sandbox)" 0 "package and file writes of the second run"
expect_value "$(ctl token-requests eqp_sandbox)" 0 "token requests of the second run (cached token)"
expect_value "$(ctl versions eqp_sandbox $sku)" 1 "versions of $sku in the sandbox"

echo "--- check mode on the deployed package: nothing to do, no write"
ctl clear eqp_sandbox
run_playbook "$deploy" --check "${to_approved[@]}" "$@"
expect_recap deploy_extension eqp-sandbox changed=0 failed=0
expect_value "$(ctl writes eqp_sandbox)" 0 "package and file writes in check mode"

echo "--- production is never touched without -e deploy_extension_environment=production"
run_playbook "$deploy" -i env_in_inventory.yml "$@"
expect_recap deploy_extension eqp-sandbox changed=0 failed=0
expect_text deploy_extension "Deploying to the EQP SANDBOX environment"
must_fail run_playbook "$deploy" -e deploy_extension_environment=prod "$@"
expect_text deploy_extension "deploy_extension_environment must be sandbox or production, not 'prod'"
# inventories/sandbox has no eqp_production group: refused before any request.
INVENTORY=$COLLECTION_ROOT/inventories/sandbox must_fail run_playbook "$deploy" -e deploy_extension_environment=production "$@"
expect_text deploy_extension "the inventory has no hosts in the group eqp_production"
expect_value "$(ctl requests eqp_production)" 0 "requests to production so far"

echo "--- production when asked explicitly"
run_playbook "$deploy" -e deploy_extension_environment=production "$@"
expect_recap deploy_extension eqp-production changed=1 failed=0
expect_text deploy_extension "Deploying to the EQP PRODUCTION environment"
expect_value "$(ctl versions eqp_production $sku)" 1 "versions of $sku in production"
expect_value "$(ctl versions eqp_sandbox $sku)" 1 "versions of $sku in the sandbox"

echo "--- an incomplete profile stops the deployment before any write"
ctl profile eqp_sandbox '{"has_accepted_tos": false}'
ctl clear eqp_sandbox
must_fail run_playbook "$deploy" -e deploy_extension_version=1.0.1 "$@"
expect_text deploy_extension "cannot submit packages: the terms of service are not accepted"
expect_value "$(ctl writes eqp_sandbox)" 0 "package and file writes with an incomplete profile"
ctl profile eqp_sandbox '{"has_accepted_tos": true}'

echo "--- a rejection during the wait fails with the test-run summary"
ctl config eqp_sandbox '{"review_step_seconds": 120}' >/dev/null
summary="PHP_CodeSniffer found 2 errors in registration.php"
run_playbook "$deploy" -e deploy_extension_version=1.0.1 "${to_approved[@]}" "$@" &
deploying=$!
submission=$(ctl wait-submitted eqp_sandbox $sku 1.0.1 60)
ctl reject eqp_sandbox "$submission" technical "$summary"
must_fail wait "$deploying"
expect_recap deploy_extension eqp-sandbox failed=1
expect_text deploy_extension "(submission $submission) was rejected in the technical review: phpcs failed on"
expect_text deploy_extension "$summary"
expect_value "$(ctl versions eqp_sandbox $sku)" 2 "versions of $sku in the sandbox"

echo "--- a re-run of the rejected version submits nothing and fails with the same summary"
# The marketing review, still running, ends rejected too: both may be submitted again.
ctl reject eqp_sandbox "$submission" marketing "The gallery shows another product" >/dev/null
ctl clear eqp_sandbox
must_fail run_playbook "$deploy" -e deploy_extension_version=1.0.1 "${to_approved[@]}" "$@"
expect_recap deploy_extension eqp-sandbox changed=0 failed=1
expect_text deploy_extension "$summary"
expect_text deploy_extension "The full reports: commerceops.api.eqp_package_info with submission_id $submission"
expect_text deploy_extension "A rejected version is not submitted again: publish the fixed package as a new version"
expect_value "$(ctl writes eqp_sandbox)" 0 "package and file writes of the re-run of a rejected version"

echo "--- asked explicitly, the rejected version is submitted again, once"
run_playbook "$deploy" -e deploy_extension_version=1.0.1 -e eqp_package_submission_resubmit_rejected=true "$@"
expect_recap deploy_extension eqp-sandbox changed=1 failed=0
expect_text deploy_extension "this run: examplevendor/module-sample 1.0.1: submit technical review, submit marketing review"
expect_value "$(ctl versions eqp_sandbox $sku)" 2 "versions of $sku in the sandbox"
