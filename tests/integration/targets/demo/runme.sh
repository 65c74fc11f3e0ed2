#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# The two demos as a user runs them (make demo, make demo-reject): scripts/demo.sh starts its own
# emulator (on the fixture ports of this run) and must end on the verdict line that it promises.
set -eu

root=$PWD
while [ ! -f "$root/galaxy.yml" ]; do
    [ "$root" != / ] || { echo "collection root not found above $PWD" >&2; exit 1; }
    root=$(dirname "$root")
done
# The python and ansible-playbook of this run (ansible-test's, or the checkout's .venv via run_target.sh).
export EMULATOR_PYTHON=${EMULATOR_PYTHON:-python}
# Another target's emulator may still hold the ports for a moment.
export EMULATOR_PORT_WAIT=${EMULATOR_PORT_WAIT:-600}
out=$(mktemp -d "${TMPDIR:-/tmp}/commerceops-demo-target.XXXXXX")
export XDG_CACHE_HOME=$out/.cache
trap 'rm -rf "$out"' EXIT

# last_line FILE: its last non-empty line.
last_line() { grep -v '^$' "$1" | tail -n 1; }

# expect_match FILE REGEX: FILE's last line matches REGEX (extended).
expect_verdict() {
    local line
    line=$(last_line "$1")
    grep -qE -- "$2" <<<"$line" || { echo "unexpected verdict: $line" >&2; echo "expected: $2" >&2; return 1; }
    echo "ok: $line"
}

echo "--- make demo"
"$root/scripts/demo.sh" "$@" >"$out/demo.txt" 2>&1 || { tail -n 60 "$out/demo.txt"; echo "make demo failed" >&2; exit 1; }
expect_verdict "$out/demo.txt" \
    '^demo verdict: deployed examplevendor/module-sample 1\.0\.0, submission [0-9a-f]+ to the EQP sandbox; final status approved \(technical approved, marketing approved\); the re-run changed nothing \(changed=0\)\.$'
# The waits speak once per status change, never with retry noise.
grep -qE "[\"']  +[0-9]+s examplevendor/module-sample 1\\.0\\.0 \\(submission [0-9a-f]+\\): approved " "$out/demo.txt"
! grep -qF 'FAILED - RETRYING' "$out/demo.txt" || { echo "retry noise in make demo" >&2; exit 1; }

echo "--- make demo-reject"
rm -rf "$XDG_CACHE_HOME"
"$root/scripts/demo.sh" --reject "$@" >"$out/reject.txt" 2>&1 || { tail -n 60 "$out/reject.txt"; echo "make demo-reject failed" >&2; exit 1; }
expect_verdict "$out/reject.txt" \
    '^demo verdict: the sample \(submission [0-9a-f]+\) was rejected in the technical review \(failed: phpcs,varnish\); .*the re-run submitted nothing \(changed=0\)\.$'
# The summary names the files and lines of the phpcs errors and the failing install step, and where to read more.
grep -qE 'phpcs failed on [0-9: -]+ \([0-9]+ errors' "$out/reject.txt"
grep -qE '[A-Za-z/]+\.php:[0-9]+: ERROR ' "$out/reject.txt"
grep -qF 'The full reports: commerceops.api.eqp_package_info with submission_id' "$out/reject.txt"
echo "ok: the rejection summary names files, lines and where to read the rest"
