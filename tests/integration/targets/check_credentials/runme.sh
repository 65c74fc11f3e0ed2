#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
set -eu
# shellcheck source=tests/integration/targets/deploy_extension/common.sh
. ../deploy_extension/common.sh

check=$PLAYBOOKS/check_credentials.yml
hosts=(eqp-sandbox eqp-production magento-store elasticpath-store)
listeners=(eqp_sandbox eqp_production magento elasticpath)

# The listeners' base URLs from the fixtures the emulator runs with (scripts/test.sh and scripts/run_target.sh
# move the ports).
EQP_SANDBOX=$(ctl url eqp_sandbox)
EQP_PRODUCTION=$(ctl url eqp_production)
MAGENTO=$(ctl url magento)
ELASTICPATH=$(ctl url elasticpath)
COMMERCE_CLOUD=$(ctl url commerce_cloud)

fresh_emulator

echo "--- every credential passes, nothing changes"
run_playbook "$check" "$@"
for host in "${hosts[@]}"; do expect_recap check_credentials "$host" changed=0 failed=0; done
expect_text check_credentials "PASS EQP sandbox ($EQP_SANDBOX): application AQ17NZ49WC signed in as MAG123456789"
expect_text check_credentials "PASS EQP production ($EQP_PRODUCTION): application PRD4X7Q2LM signed in as MAG987654321"
expect_text check_credentials "PASS Magento store $MAGENTO, admin user 'admin': token obtained, GET /rest/V1/store/storeConfigs answered 200"
expect_text check_credentials "PASS Elastic Path store $ELASTICPATH, client id 7d5c2ad6e1f84b0f9e7c3a1b2d4e6f80 (client_credentials): token obtained, GET /v2/customers answered 200"
# An integration (signed requests) and an Adobe IMS credential (the Commerce Cloud Service gateway).
for host in magento-integration commerce-cloud; do expect_recap check_credentials "$host" changed=0 failed=0; done
expect_text check_credentials "PASS Magento store $MAGENTO, integration 13cd4242e11a71c1: signed requests verified, GET /rest/V1/store/storeConfigs answered 200"
expect_text check_credentials "PASS Adobe Commerce $COMMERCE_CLOUD/Fx3kQ8mZpW2rT7vN9bYc1d, IMS client f01uesri3z1yat2n4fx9loxddb89w6yy: IMS token obtained, GET /V1/store/storeConfigs answered 200"

echo "--- again, and in check mode: the same, from the token cache"
for listener in "${listeners[@]}"; do ctl clear "$listener"; done
run_playbook "$check" "$@"
for host in "${hosts[@]}"; do expect_recap check_credentials "$host" changed=0 failed=0; done
run_playbook "$check" --check "$@"
for host in "${hosts[@]}"; do expect_recap check_credentials "$host" changed=0 failed=0; done
for listener in "${listeners[@]}"; do
    expect_value "$(ctl token-requests "$listener")" 0 "token requests to $listener in the second and check-mode runs"
done

echo "--- a customer and an implicit client"
run_playbook "$check" --limit magento_stores:elasticpath_stores \
    -e magento_credentials_check_user_type=customer \
    -e magento_credentials_check_username=shopper@example.com \
    -e "magento_credentials_check_password={{ commerceops_emulator.magento.customers[0].password }}" \
    -e commerceops_commerce_client_secret= "$@"
expect_recap check_credentials magento-store changed=0 failed=0
expect_recap check_credentials elasticpath-store changed=0 failed=0
expect_text check_credentials "PASS Magento store $MAGENTO, customer user 'shopper@example.com': token obtained, GET /rest/V1/customers/me answered 200"
expect_text check_credentials "(implicit): token obtained, GET /v2/products answered 200"

echo "--- wrong credentials: one FAIL line each, the other checks still run, no secret shown"
wrong=Wr0ng-Secret-4-Test
# From files, as a vault would give them: ansible-playbook -vvvv prints the extra variables of its command line.
for name in commerceops_magento_password commerceops_commerce_client_secret commerceops_eqp_app_secret; do
    printf '%s: %s\n' "$name" "$wrong" >"$ARTIFACTS/$name.yml"
done
run_playbook "$check" -e "@$ARTIFACTS/commerceops_magento_password.yml" "$@" || true
expect_recap check_credentials magento-store changed=0 failed=1
for host in eqp-sandbox eqp-production elasticpath-store; do expect_recap check_credentials "$host" changed=0 failed=0; done
expect_text check_credentials "FAIL Magento store $MAGENTO, admin user 'admin': sign-in failed: "
expect_text check_credentials "answered HTTP 401"
must_fail run_playbook "$check" --limit elasticpath_stores -e "@$ARTIFACTS/commerceops_commerce_client_secret.yml" "$@"
expect_text check_credentials "FAIL Elastic Path store $ELASTICPATH, client id 7d5c2ad6e1f84b0f9e7c3a1b2d4e6f80 (client_credentials): no token: "
must_fail run_playbook "$check" --limit eqp_sandbox -e "@$ARTIFACTS/commerceops_eqp_app_secret.yml" "$@"
expect_text check_credentials "FAIL EQP sandbox ($EQP_SANDBOX): no session token for application id AQ17NZ49WC: "
# The secret scan of run_playbook covers the fixtures' secrets; the wrong ones must not show either.
if grep -rqF -- "$wrong" "$ARTIFACTS/check_credentials"; then
    echo "the wrong secret appears in the output" >&2
    exit 1
fi
echo "ok: the wrong secrets do not appear in the output"
