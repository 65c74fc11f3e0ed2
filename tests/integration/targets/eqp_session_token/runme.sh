#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
set -eu
# shellcheck source=tests/integration/targets/setup_emulator/emulator.sh
. ../setup_emulator/emulator.sh

run_playbook main.yml "$@"
run_playbook errors.yml "$@"
run_playbook refresh.yml "$@"
# The key from the environment of the run, as CI systems pass it.
eval "$(python - "$COMMERCEOPS_EMULATOR_FIXTURES" <<'PY'
import shlex, sys, yaml
app = yaml.safe_load(open(sys.argv[1]))['eqp']['sandbox']
print('export COMMERCEOPS_EQP_APP_ID=%s COMMERCEOPS_EQP_APP_SECRET=%s' % (shlex.quote(app['app_id']), shlex.quote(app['app_secret'])))
PY
)"
run_playbook environment.yml "$@"
unset COMMERCEOPS_EQP_APP_ID COMMERCEOPS_EQP_APP_SECRET
# 20 hosts, 20 forks, one empty cache: the processes must share one token request.
run_playbook concurrency.yml -i concurrency_hosts.yml -f 20 "$@"
