#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
set -eu
# shellcheck source=tests/integration/targets/setup_emulator/emulator.sh
. ../setup_emulator/emulator.sh

# The zips, PDFs and images are made here, never committed.
export EQP_PACKAGE_FILES=$ARTIFACTS/files
python make_files.py "$EQP_PACKAGE_FILES"

run_playbook main.yml "$@"
run_playbook changes.yml "$@"
run_playbook reject.yml "$@"
run_playbook test_results.yml "$@"
run_playbook errors.yml "$@"
run_playbook scan.yml "$@"
run_playbook progress.yml "$@"
run_playbook lost_answer.yml "$@"
run_playbook auth.yml "$@"
# The key from the environment of the run, as CI systems pass it.
eval "$(python - "$COMMERCEOPS_EMULATOR_FIXTURES" <<'PY'
import shlex, sys, yaml
app = yaml.safe_load(open(sys.argv[1]))['eqp']['sandbox']
print('export COMMERCEOPS_EQP_APP_ID=%s COMMERCEOPS_EQP_APP_SECRET=%s' % (shlex.quote(app['app_id']), shlex.quote(app['app_secret'])))
PY
)"
run_playbook env_credentials.yml "$@"
unset COMMERCEOPS_EQP_APP_ID COMMERCEOPS_EQP_APP_SECRET

# Two controllers without a shared lock (each its own cache directory) deploy the same version at once.
run_playbook two_controllers_check.yml -e two_controllers_prepare=true "$@"
status=0
# controller NAME: one deployment with a token cache and artifacts of its own.
controller() {
    local base=$ARTIFACTS
    XDG_CACHE_HOME=$base/.cache-$1 ARTIFACTS=$base/$1 run_playbook two_controllers.yml "${@:2}"
}
controller a "$@" & first=$!
controller b "$@" & second=$!
wait "$first" || status=1
wait "$second" || status=1
[ "$status" = 0 ] || { echo "a deployment of the two controllers failed" >&2; exit 1; }
run_playbook two_controllers_check.yml "$@"
