#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# The emulator over https with a test CA; every token front end in three cases. The records go to
# $RELIABILITY_RESULTS/tls.json, and the playbook fails when any of them is not ok.
set -eu
# $ARTIFACTS exists only once emulator.sh runs, so the CA (and its key) start in a directory of their
# own and move there right after the start, to go away with the rest of the run.
tls_dir=$(mktemp -d "${TMPDIR:-/tmp}/commerceops-tls.XXXXXX")
# shellcheck source=tests/integration/targets/setup_emulator/emulator.sh
. ../setup_emulator/emulator.sh --tls --tls-dir "$tls_dir"
mv "$tls_dir" "$ARTIFACTS/tls"
ca=$ARTIFACTS/tls/ca.pem
# The test-only emulator_control lookup talks https, verified with the same CA.
export EMULATOR_CONTROL_SCHEME=https EMULATOR_CONTROL_CA_PATH=$ca

run_playbook front_ends.yml -e "tls_ca_path=$ca" -e "tls_records_file=$RELIABILITY_RESULTS/tls.json" "$@"
echo "runtime of runme.sh: $SECONDS s"
