#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
set -eu
# shellcheck source=tests/integration/targets/setup_emulator/emulator.sh
. ../setup_emulator/emulator.sh

run_playbook compare.yml "$@"
# Both paths really ran: the action says which one at -vvv.
grep -q 'bearer_uri: sending the request from the controller process' "$ARTIFACTS/compare/output.txt"
grep -q 'bearer_uri: running ansible.builtin.uri because fast_path is false' "$ARTIFACTS/compare/output.txt"
run_playbook retries.yml "$@"
run_playbook refresh.yml "$@"
run_playbook options.yml "$@"
run_playbook module_defaults.yml "$@"
run_playbook acl.yml "$@"

# A ~/.netrc entry for the emulator's host must not replace the token (uri would send Basic credentials).
home=$ARTIFACTS/home
mkdir -p "$home"
printf 'machine 127.0.0.1\nlogin netrc-user\npassword netrc-password\n' >"$home/.netrc"
chmod 600 "$home/.netrc"
HOME=$home run_playbook netrc.yml "$@"
