#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# Run ansible-test on a copy of the collection: ansible-test needs the collection under a real
# ansible_collections/<namespace>/<name> directory, and our in-tree path is a symlink.
# Usage: scripts/ansible_test.sh sanity|integration|units [ansible-test options...]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
python="$root/.venv/bin/python"
pyver=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')

work=$(mktemp -d "${TMPDIR:-/tmp}/commerceops-ansible-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
dest="$work/ansible_collections/commerceops/api"
mkdir -p "$dest"

# The files git tracks plus new ones it does not ignore: what a commit of the work tree would hold.
# (A file deleted but not yet committed is still listed by git; tar skips it.)
(cd "$root" && git ls-files -z --cached --others --exclude-standard \
    | tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$dest"

# EMULATOR_PORT_BASE moves this copy's emulator (and inventories/local, which reads the same fixtures) to
# other ports, so that two integration runs can share the machine (scripts/test.sh runs two).
if [ -n "${EMULATOR_PORT_BASE:-}" ]; then
    "$python" "$root/scripts/shift_fixture_ports.py" "$dest/tests/emulator/fixtures.yml" "$dest/tests/emulator/fixtures.yml" "$EMULATOR_PORT_BASE"
fi

# ansible-test reads the file list from git when there is a repository: give it one.
git -C "$dest" init -q
git -C "$dest" add -A
git -C "$dest" -c user.name=ci -c user.email=ci@localhost commit -q -m snapshot

command=$1
shift
case "$command" in
    sanity) set -- --venv --python "$pyver" "$@" ;;
    integration|units) set -- --local --python "$pyver" "$@" ;;
esac

cd "$dest"
status=0
PATH="$root/.venv/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$work" \
    "$root/.venv/bin/ansible-test" "$command" --color no "$@" || status=$?

# The reliability suites leave their figures in the copy: bring them back for scripts/reliability_report.py,
# one folder per port set (and per RELIABILITY_RUN, the target a run of scripts/test.sh's pool holds) so that
# parallel runs do not mix.
if [ "$command" = integration ] && [ -d "$dest/tests/output/reliability" ]; then
    results="$root/tests/output/reliability/ports-${EMULATOR_PORT_BASE:-default}${RELIABILITY_RUN:+-$RELIABILITY_RUN}"
    rm -rf "$results"
    mkdir -p "$(dirname "$results")"
    cp -r "$dest/tests/output/reliability" "$results"
fi
exit "$status"
