#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# The main job against the local emulator: start it, run the playbook, show what happened, stop it
# (also when the playbook fails), and end on one verdict line.
#
#   scripts/demo.sh            (make demo)         deploy the sample until approved, then again: changed=0
#   scripts/demo.sh --reject   (make demo-reject)  the review fails phpcs and the Varnish install test: the
#                                                  run fails with the summary, a re-run submits nothing
# Any further arguments go to ansible-playbook. The last line starts with "demo verdict:"; the exit
# status is 0 when the demo showed what it promises.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# The integration target "demo" runs this with its own python (EMULATOR_PYTHON) and fixture ports.
export EMULATOR_ROOT=$root EMULATOR_PYTHON=${EMULATOR_PYTHON:-$root/.venv/bin/python}
# shellcheck source=scripts/emulator_bg.sh
. scripts/emulator_bg.sh

mode=deploy
if [ "${1:-}" = --reject ]; then
    mode=reject
    shift
fi

# Extra emulator options, e.g. DEMO_EMULATOR_ARGS="--verbose".
read -r -a emulator_args <<<"${DEMO_EMULATOR_ARGS:-}"
if [ "$mode" = reject ]; then
    # The emulator's reviewers: phpcs finds errors in two files and the Varnish install test fails a step.
    emulator_args+=(--set 'eqp_sandbox.fail_tools=["phpcs", "varnish"]')
fi

echo "demo: starting the emulator"
emulator_start "${emulator_args[@]}"
out=$(mktemp -d "${TMPDIR:-/tmp}/commerceops-demo.XXXXXX")
trap 'emulator_stop; rm -rf "$out"' EXIT

[ ! -d "$root/.venv/bin" ] || export PATH="$root/.venv/bin:$PATH"
deploy=(ansible-playbook playbooks/deploy_extension.yml -i inventories/local -e deploy_extension_target_status=approved
        -e eqp_package_submission_wait_delay=1 "$@")

# run NAME: one deployment, shown as it runs and kept in $out/NAME; its exit status.
run() {
    local status=0
    "${deploy[@]}" 2>&1 | tee "$out/$1" || status=$?
    return "$status"
}

# field FILE REGEX: the first match of REGEX (extended) in FILE, or nothing.
field() { grep -oE -m1 -- "$2" "$1" || true; }

verdict() {
    echo
    echo "demo verdict: $*"
}

recap_of() { grep -E '^eqp-sandbox +: ok=' "$out/$1" || true; }

if [ "$mode" = deploy ]; then
    echo
    echo "demo: deploy the sample extension to the Commerce Marketplace sandbox, until it is approved"
    echo "demo: ${deploy[*]}"
    run first || { verdict "FAILED: the deployment did not reach approved (see the output above)"; exit 1; }

    echo
    echo "demo: the same deployment again: nothing left to do, so nothing changes (changed=0)"
    run second || { verdict "FAILED: the second deployment failed (see the output above)"; exit 1; }

    package=$(field "$out/first" '[a-z0-9_-]+/[a-z0-9_-]+ [0-9][^ ,]*, submission [0-9a-f]+')
    status=$(field "$out/second" 'status [a-z_]+ \(technical [a-z_]+, marketing [a-z_]+\)')
    if ! recap_of second | grep -Eq 'changed=0 +unreachable=0 +failed=0'; then
        verdict "FAILED: ${package:-the sample} was deployed, but the re-run changed something: $(recap_of second)"
        exit 1
    fi
    verdict "deployed ${package:-the sample} to the EQP sandbox; final ${status:-status unknown}; the re-run changed nothing (changed=0)."
    exit 0
fi

echo
echo "demo: deploy the sample extension, whose review fails phpcs and the Varnish install test"
echo "demo: ${deploy[*]}"
if run first; then
    verdict "FAILED: the deployment was expected to be rejected, and it was not"
    exit 1
fi
rejected=$(field "$out/first" '\(submission [0-9a-f]+\) was rejected in the [a-z ]+ review')
if [ -z "$rejected" ]; then
    verdict "FAILED: the deployment failed, but not with a rejection (see the output above)"
    exit 1
fi

echo
echo "demo: the same deployment again: a rejected version is not submitted again, the run fails with the same summary"
if run second; then
    verdict "FAILED: the re-run of a rejected version succeeded"
    exit 1
fi
if ! recap_of second | grep -Eq 'changed=0 .*failed=1' || ! grep -qF 'A rejected version is not submitted again' "$out/second"; then
    verdict "FAILED: the re-run did not leave the rejected version alone: $(recap_of second)"
    exit 1
fi
tools=$(grep -oE '(phpcs|phpcpd|varnish|marketing|manual_qa) failed on' "$out/first" | sort -u | sed 's/ failed on//' | paste -sd, - || true)
verdict "the sample ${rejected} (failed: ${tools:-see above}); the summary above names the files, lines and failing step; the re-run submitted nothing (changed=0)."
