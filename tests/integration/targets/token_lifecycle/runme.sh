#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
set -eu
# shellcheck source=tests/integration/targets/setup_emulator/emulator.sh
. ../setup_emulator/emulator.sh

FLEET=../token_lookup/fleet_hosts.yml

# A wrong secret for each API, 20 hosts x 10 forks x 3 front ends: one token request per API in the whole
# run, every other attempt fails at once saying so (Magento would lock the account after 6).
rm -rf "$XDG_CACHE_HOME"
run_playbook fleet_run.yml -i "$FLEET" -f 10 -e @wrong_credentials.yml \
    -e lifecycle_refused=true -e lifecycle_expected=1 -e lifecycle_case=refused "$@"
# The right secrets are other keys: one token request per API, and the Magento account is not locked.
run_playbook fleet_run.yml -i "$FLEET" -f 10 -e lifecycle_expected=1 -e lifecycle_case=corrected "$@"
# force=true once replaces each cached token; the fleet then reads the new one: one request per API.
run_playbook fleet_run.yml -i "$FLEET" -f 10 -e lifecycle_expected=1 -e lifecycle_force_once=true -e lifecycle_case=forced "$@"
# The emulator's clock a day ahead, then a day behind the controller's, from an empty cache: one token
# request per API each time (expiry is counted on the controller's clock, from the lifetime).
for offset in 86400 -86400; do
    rm -rf "$XDG_CACHE_HOME"
    run_playbook fleet_run.yml -i "$FLEET" -f 10 -e lifecycle_offset="$offset" -e lifecycle_expected=1 -e "lifecycle_case=skew$offset" "$@"
done
# Role eqp_session: a revoked cached token is replaced (force), and eqp_session_force replaces a fresh one.
run_playbook role_refresh.yml "$@"
