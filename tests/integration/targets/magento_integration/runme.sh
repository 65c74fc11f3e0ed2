#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
set -eu
# shellcheck source=tests/integration/targets/setup_emulator/emulator.sh
. ../setup_emulator/emulator.sh

# Signed requests: the module's check, the lookup, bearer_uri on both paths (query and form bodies signed).
run_playbook signed.yml "$@"
# The access token as a Bearer token: refused with the flag off (the misleading 401), taken with it on.
run_playbook as_bearer.yml "$@"
# Refused integrations and unsignable requests: one line naming the cause, no secret.
run_playbook errors.yml "$@"
expect_no_traceback errors.yml
