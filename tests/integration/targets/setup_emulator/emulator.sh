# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# shellcheck shell=bash
#
# Sourced by a target's runme.sh: find the collection root, start the emulator on the fixture ports
# for the life of the script, and export COLLECTION_ROOT and INVENTORY (inventories/local).
# Provides run_playbook (below), which also scans all output for the fixtures' secrets.
# Extra emulator options may be given as arguments to `source`.

# ansible-test runs targets from a temporary copy inside tests/output/.tmp: walk up to the
# collection itself.
COLLECTION_ROOT=$PWD
while [ ! -f "$COLLECTION_ROOT/galaxy.yml" ]; do
    [ "$COLLECTION_ROOT" != / ] || { echo "collection root not found above $PWD" >&2; exit 1; }
    COLLECTION_ROOT=$(dirname "$COLLECTION_ROOT")
done
export COLLECTION_ROOT
export INVENTORY=$COLLECTION_ROOT/inventories/local
export EMULATOR_ROOT=$COLLECTION_ROOT
# The fixture file of the emulator and of inventories/local; scripts/run_target.sh passes one with other
# ports so that targets can run side by side.
export COMMERCEOPS_EMULATOR_FIXTURES=${COMMERCEOPS_EMULATOR_FIXTURES:-$COLLECTION_ROOT/tests/emulator/fixtures.yml}
# Where the reliability suites leave their figures for docs/reliability.md (scripts/reliability_report.py).
export RELIABILITY_RESULTS=${RELIABILITY_RESULTS:-$COLLECTION_ROOT/tests/output/reliability}
mkdir -p "$RELIABILITY_RESULTS"
# The test-only emulator_control lookup (see lookup_plugins/emulator_control.py).
export ANSIBLE_LOOKUP_PLUGINS=$COLLECTION_ROOT/tests/integration/targets/setup_emulator/lookup_plugins
# The test-only action commerceops_test.emulator.request (plain HTTP from the controller, uri's result keys) that
# the targets use for the emulator's control API and its raw answers: a uri task would ship a module per call.
export ANSIBLE_COLLECTIONS_PATH="${ANSIBLE_COLLECTIONS_PATH:+$ANSIBLE_COLLECTIONS_PATH:}$COLLECTION_ROOT/tests/integration/collections"
# Targets use the fixed fixture ports: while another run holds them, wait (up to 10 minutes).
export EMULATOR_PORT_WAIT=${EMULATOR_PORT_WAIT:-600}
# shellcheck source=scripts/emulator_bg.sh
. "$COLLECTION_ROOT/scripts/emulator_bg.sh"
# TARGET_PYTHON, the Python the shipped modules run on: the machine's own /usr/bin/python3 when ansible-core
# supports it on a managed node (3.9 and newer), as on a real target, else the Python of this run. On Debian
# bookworm with ansible-core 2.21 that is Python 3.11, a target-only version for 2.21: the modules' code then runs
# on a Python the controller never uses, while the in-process path runs on the controller's. (It also starts a
# module in about three quarters of the CPU time of pyenv's Python 3.13 build on our machines.)
# TARGET_PYTHON=... in the environment chooses another.
if [ -z "${TARGET_PYTHON:-}" ]; then
    TARGET_PYTHON=$(command -v python)
    if /usr/bin/python3 -c 'import sys; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
        TARGET_PYTHON=/usr/bin/python3
    fi
fi
export TARGET_PYTHON

# Runs stay apart: each target has its own token cache and output directory. The cache gets a name
# no output directory can have: those are named after the playbook, and cache.yml writes to $ARTIFACTS/cache.
ARTIFACTS=$(mktemp -d "${TMPDIR:-/tmp}/commerceops-target.XXXXXX")
export XDG_CACHE_HOME=$ARTIFACTS/.cache
trap 'emulator_stop; rm -rf "$ARTIFACTS"' EXIT

emulator_start "$@"

# The fixtures, parsed once, as extra variables of every run_playbook run. inventories/local (commerceops_emulator)
# and the targets' fleet inventories and plays (fleet_, concurrency_ and tls_fixtures) define them as a lookup of
# the fixture file, which Ansible reads and parses again at every use of every variable built on them; the
# content is the same.
EMULATOR_VARS=$ARTIFACTS/emulator_vars.json
python - "$COMMERCEOPS_EMULATOR_FIXTURES" "$EMULATOR_VARS" <<'PY'
import json
import sys

import yaml

with open(sys.argv[1], encoding='utf-8') as handle:
    fixtures = yaml.safe_load(handle)
with open(sys.argv[2], 'w', encoding='utf-8') as handle:
    names = ('commerceops_emulator', 'fleet_fixtures', 'concurrency_fixtures', 'tls_fixtures')
    json.dump(dict((name, fixtures) for name in names), handle)
PY

# run_playbook PLAYBOOK [ansible-playbook options]: run at -vvvv, the modules on TARGET_PYTHON, with invocation
# injected and a log file, show the end of the output on failure, then scan everything it wrote for the
# fixtures' secrets and the tokens the emulator issued, and the token cache for the secrets and its modes.
run_playbook() {
    local name out status=0
    name=$(basename "$1" .yml)
    out=$ARTIFACTS/$name
    mkdir -p "$out"
    echo "=== ansible-playbook $*"
    ANSIBLE_INJECT_INVOCATION=true ANSIBLE_LOG_PATH=$out/ansible.log \
        ansible-playbook -i "$INVENTORY" -e "@$EMULATOR_VARS" -e "ansible_python_interpreter=$TARGET_PYTHON" -vvvv "$@" >"$out/output.txt" 2>&1 || status=$?
    grep -E '^(PLAY RECAP|[a-z0-9.-]+ +: ok=)' "$out/output.txt" || true
    if [ "$status" -ne 0 ]; then
        tail -n 80 "$out/output.txt"
        echo "ansible-playbook $1 failed with status $status" >&2
    fi
    python "$COLLECTION_ROOT/tests/integration/targets/setup_emulator/scan_secrets.py" \
        "$COMMERCEOPS_EMULATOR_FIXTURES" "$out" --cache "$XDG_CACHE_HOME" || status=1
    return "$status"
}

# expect_no_traceback PLAYBOOK: fail when the -vvvv output of that run_playbook run holds a real traceback.
# (ansible-core registers every failure with exception "(traceback unavailable)", which is not one.)
expect_no_traceback() {
    local output
    output=$ARTIFACTS/$(basename "$1" .yml)/output.txt
    if grep -n 'Traceback (most recent call last)' "$output"; then
        echo "a traceback in the output of $1" >&2
        return 1
    fi
}
