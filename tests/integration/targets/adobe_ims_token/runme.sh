#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
set -eu
# shellcheck source=tests/integration/targets/setup_emulator/emulator.sh
. ../setup_emulator/emulator.sh

# The module, the lookup and bearer_uri (both paths) with IMS tokens: the Commerce Cloud Service gateway.
run_playbook main.yml "$@"
# PaaS with Admin IMS: the admin token route refuses, the IMS token is taken on /rest.
run_playbook paas.yml "$@"
# Refused credentials and bad options: one line each, no secret, no retry of a 400 invalid_client.
run_playbook errors.yml "$@"
expect_no_traceback errors.yml
