#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# ansible-core's uri integration checks, run with ansible.builtin.uri and both paths of bearer_uri against a
# local httpbin-like server (files/server.py, free ports, http and https). Prints one summary line.
set -eu
COLLECTION_ROOT=$PWD
while [ ! -f "$COLLECTION_ROOT/galaxy.yml" ]; do
    [ "$COLLECTION_ROOT" != / ] || { echo "collection root not found above $PWD" >&2; exit 1; }
    COLLECTION_ROOT=$(dirname "$COLLECTION_ROOT")
done
state=$(mktemp -d "${TMPDIR:-/tmp}/commerceops-urisuite.XXXXXX")
python files/server.py "$state" >"$state/server.log" 2>&1 &
server=$!
# URI_SUITE_KEEP=1 keeps the server's directory (output.txt, counts.json) for a look after the run.
trap 'kill "$server" 2>/dev/null || true; [ -n "${URI_SUITE_KEEP:-}" ] || rm -rf "$state"' EXIT
for _ in $(seq 100); do
    [ -f "$state/ports.json" ] && break
    kill -0 "$server" 2>/dev/null || { cat "$state/server.log"; exit 1; }
    sleep 0.1
done
[ -f "$state/ports.json" ] || { echo "the uri_suite server did not start" >&2; cat "$state/server.log"; exit 1; }
# The netrc files of uri's "Test netrc with port" and use_netrc.yml.
printf 'machine localhost\nlogin user\npassword passwd\n' >"$state/netrc"
printf 'machine localhost\nlogin foo\npassword bar\n' >"$state/netrc_foo"
chmod 600 "$state/netrc" "$state/netrc_foo"
mkdir "$state/uri" "$state/in_process" "$state/shipped"

status=0
# The modules run on this run's own Python, not on setup_emulator's TARGET_PYTHON: ansible.builtin.uri, the
# reference here, fails five of the redirect checks on Python 3.11 (HEAD under follow_redirects=urllib2, 301 to
# 308: the followed answer carries JSON).
# Pipelining: one process per module run on the local connection instead of a temporary file and four shells.
export ANSIBLE_PIPELINING=true
ansible-playbook -i localhost, -e "state_dir=$state" -e "readme=$COLLECTION_ROOT/README.md" -e "ansible_python_interpreter=$(command -v python)" uri_suite.yml "$@" >"$state/output.txt" 2>&1 || status=$?
grep -E '^(PLAY RECAP|localhost +: ok=)' "$state/output.txt" || true
if [ -f "$state/counts.json" ]; then
    python - "$state/counts.json" <<'PY'
import json, sys
counts = json.load(open(sys.argv[1]))
print('uri-suite: %(ported)s checks ported from ansible-core test/integration/targets/uri (%(not_ported)s left out), '
      'passing with ansible.builtin.uri %(passing_uri)s, with bearer_uri in-process %(passing_in_process)s, '
      'with bearer_uri fast_path=false %(passing_shipped)s; %(n)s check/path differences, %(r)s of them documented refusals'
      % dict(counts, n=sum(len(names) for names in counts['differences'].values()), r=counts['refused']))
for path, names in sorted(counts['differences'].items()):
    for name in names:
        print('  differs on %s: %s' % (path, name))
PY
fi
[ "$status" -eq 0 ] || { tail -n 60 "$state/output.txt"; echo "uri_suite.yml failed with status $status" >&2; }
exit "$status"
