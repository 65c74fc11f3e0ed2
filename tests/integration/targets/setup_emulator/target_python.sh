# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# shellcheck shell=bash
#
# Sourced by the targets' runme.sh: TARGET_PYTHON, the Python the shipped modules run on. It is the machine's
# own /usr/bin/python3 when ansible-core supports it on a managed node (3.9 and newer), as on a real target,
# else the Python of this run. On Debian bookworm with ansible-core 2.21 that is Python 3.11, a target-only
# version for 2.21: the modules' code then runs on a Python the controller never uses, while the in-process
# path runs on the controller's. (It also starts a module in about three quarters of the CPU time of pyenv's
# Python 3.13 build on our machines.) TARGET_PYTHON=... in the environment chooses another. uri_suite, whose
# reference is ansible.builtin.uri on the controller's Python, does not use it.
if [ -z "${TARGET_PYTHON:-}" ]; then
    TARGET_PYTHON=$(command -v python)
    if /usr/bin/python3 -c 'import sys; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
        TARGET_PYTHON=/usr/bin/python3
    fi
fi
export TARGET_PYTHON
