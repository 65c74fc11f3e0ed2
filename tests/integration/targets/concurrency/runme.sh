#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# Concurrency and a tampered token cache, against the emulator. Every figure becomes a record of
# $RELIABILITY_RESULTS/concurrency.json; the run fails at the end when any record is not ok.
set -eu
# The emulator, ctl and the helpers of deploy_extension (the runme.sh arguments go to ansible-playbook).
# shellcheck source=tests/integration/targets/deploy_extension/common.sh
. ../deploy_extension/common.sh

here=$PWD
sku=examplevendor/module-sample
records=$ARTIFACTS/records.jsonl
: >"$records"
record() { python "$here/records.py" add "$records" "$@"; }

# fault LISTENER JSON: add an emulator fault (see tests/emulator/README.md).
fault() {
    python - "$COMMERCEOPS_EMULATOR_FIXTURES" "$1" "$2" <<'PY'
import json, os, sys, yaml
# The test-only lookup's own client of the control API (emulator.sh exports its directory).
sys.path.insert(0, os.environ['ANSIBLE_LOOKUP_PLUGINS'])
import emulator_control
with open(sys.argv[1], encoding='utf-8') as handle:
    emulator_control.call(yaml.safe_load(handle), sys.argv[2], 'POST', 'faults', json.loads(sys.argv[3]))
PY
}

# outcome NAME: what one deployment (run in $ARTIFACTS/NAME) did, from its recap and its error lines.
outcome() {
    local out=$ARTIFACTS/$1/deploy_extension/output.txt recap errors
    recap=$(grep -E '^eqp-sandbox +: ok=' "$out" || true)
    errors=$(grep -c '^\[ERROR\]' "$out" || true)
    if [[ $recap =~ \ changed=1\ .*\ failed=0\  ]]; then
        echo created
    elif [[ $recap =~ \ changed=0\ .*\ failed=0\  ]]; then
        echo unchanged
    elif [[ $recap =~ \ failed=1\  ]] && [ "$errors" = 1 ]; then
        # The one error line, cut to the step and the reason: "creating <sku> <version> refused: item code NNNN: <message>".
        echo "failed in one line: $(grep '^\[ERROR\]' "$out" | grep -oE '[a-z]+ [^:]* refused: item code [0-9]+: [^(]*' | sed 's/ *$//')"
    else
        echo "failed ($errors error lines)"
    fi
}

# deploy_twice WHAT [ansible-playbook options]: two deployments of the sample's 1.0.0 at the same
# moment, then their records.
deploy_twice() {
    local what=$1 first second first_status=0 second_status=0 outcomes observed ok=no
    # The refusals of a run that lost the race cleanly: its creation came after the winner's submit
    # (1409), or it found the winner's draft and its submit came second (1412).
    local created="creating $sku 1.0.0 refused: item code 1409: Version already submitted"
    local submitted="submitting the technical and marketing review of $sku 1.0.0 refused: item code 1412: The package is in review"
    shift
    (ARTIFACTS=$ARTIFACTS/first run_playbook "$PLAYBOOKS/deploy_extension.yml" "$@") &
    first=$!
    (ARTIFACTS=$ARTIFACTS/second run_playbook "$PLAYBOOKS/deploy_extension.yml" "$@") &
    second=$!
    wait "$first" || first_status=$?
    wait "$second" || second_status=$?
    echo "exit statuses: $first_status $second_status"
    record "$what: package versions of $sku in the sandbox" 1 "$(ctl versions eqp_sandbox $sku)"
    # Nothing serialises the runs: one creates the version, the other finds it (changed=0) or is
    # refused in one line. A refused submit with 1409 means that both created a draft.
    outcomes=$(printf '%s\n%s\n' "$(outcome first)" "$(outcome second)" | sort)
    observed=$(paste -sd '|' <<<"$outcomes" | sed 's/|/ + /')
    case $observed in
        "created + unchanged" | "created + failed in one line: $created" | "created + failed in one line: $submitted"*) ok=yes ;;
    esac
    record "$what: outcome of the two runs" \
        "created + unchanged, or created + failed in one line: '$created' or '$submitted...'" "$observed" "$ok"
}

echo "--- (a) two deployments of the same version at once"
fresh_emulator
deploy_twice "two deployments at once" "$@"

# The same with a slow server: creating a package takes 2 s and submitting it 3 s. Both runs then
# look before either creation is saved and create before either submit is saved: the window the
# plain run above only hits now and then, every time. CONCURRENCY_SLOW_SERVER=0 leaves this out.
if [ "${CONCURRENCY_SLOW_SERVER:-1}" != 0 ]; then
    echo "--- (a') the same, with a slow server"
    fresh_emulator
    fault eqp_sandbox '{"method": "POST", "path": "/rest/v1/products/packages", "count": 2, "action": "delay", "delay": 2}'
    fault eqp_sandbox '{"method": "PUT", "path": "/rest/v1/products/packages/*", "count": 2, "action": "delay", "delay": 3}'
    deploy_twice "two deployments at once, slow server" "$@"
fi

echo "--- (b) fifty lookups at once on a cold cache"
ctl clear eqp_sandbox
rm -rf "$XDG_CACHE_HOME"
status=0
run_playbook fleet50.yml -i concurrency_hosts.yml -f 50 "$@" || status=$?
record "50 concurrent lookups (50 forks), cold cache: playbook status (one token for all)" 0 "$status"
record "50 concurrent lookups (50 forks), cold cache: token requests" 1 "$(ctl token-requests eqp_sandbox)"

echo "--- (c) a tampered token cache"
mkdir -p "$ARTIFACTS/outside"
status=0
run_playbook tamper.yml -i concurrency_hosts.yml -f 5 -e "concurrency_outside=$ARTIFACTS/outside" \
    -e "concurrency_records_file=$ARTIFACTS/tamper.json" "$@" || status=$?
record "cache tampering: playbook status" 0 "$status"
python "$here/records.py" merge "$records" "$ARTIFACTS/tamper.json"

# The runtime is shown, not judged: speed is for bench/, not for tests.
echo "concurrency: runme.sh took $SECONDS s"
python "$here/records.py" finish "$records" "$RELIABILITY_RESULTS/concurrency.json"
