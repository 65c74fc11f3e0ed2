#!/usr/bin/env bash
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# Prepare a checkout for use on a fresh machine: pick a Python, build .venv with the pinned
# requirements, link the checkout into .ansible/collections, and let ansible-test bootstrap pip
# offline (and, with --with-shellcheck, install shellcheck for the sanity tests). A second run with
# nothing changed installs nothing: about half a second of CPU, mostly starting ansible for its version.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
venv=.venv

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# Print "major.minor" of an interpreter, or nothing when it does not run (pyenv shims of missing
# versions exist on PATH but fail).
py_version() {
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true
}

# ansible-core 2.21 runs on Python 3.12 to 3.14; 2.19 is the newest line for 3.11.
find_python() {
    local candidates=() c v best="" best_v=""
    # An explicit choice wins: PYTHON=/path/to/python3.11 make setup
    if [ -n "${PYTHON:-}" ]; then
        case "$(py_version "$PYTHON")" in
            3.11|3.12|3.13|3.14) printf '%s\n' "$PYTHON"; return ;;
            *) die "PYTHON=$PYTHON is not a working Python 3.11 to 3.14" ;;
        esac
    fi
    for c in python3.14 python3.13 python3.12 python3; do
        command -v "$c" >/dev/null 2>&1 && candidates+=("$(command -v "$c")")
    done
    if command -v pyenv >/dev/null 2>&1; then
        for c in "$(pyenv root)"/versions/*/bin/python3; do
            [ -x "$c" ] && candidates+=("$c")
        done
    fi
    for c in "${candidates[@]}"; do
        v=$(py_version "$c")
        case "$v" in
            3.12|3.13|3.14) ;;
            *) continue ;;
        esac
        if [ -z "$best" ] || [ "${v#3.}" -gt "${best_v#3.}" ]; then
            best=$c best_v=$v
        fi
    done
    if [ -z "$best" ]; then
        for c in python3.11 python3 "$(pyenv root 2>/dev/null)/versions/3.11"*/bin/python3; do
            command -v "$c" >/dev/null 2>&1 || [ -x "$c" ] || continue
            [ "$(py_version "$c")" = "3.11" ] && { best=$c; best_v=3.11; break; }
        done
    fi
    [ -n "$best" ] || die "no Python 3.11 or newer found on PATH or under pyenv; install one (apt-get install python3)"
    printf '%s\n' "$best"
}

# The venv is rebuilt only when missing or broken; packages are reinstalled only when a
# requirements file changed (a stamp holds their checksum).
ensure_venv() {
    if [ -x "$venv/bin/python" ] && [ -n "$(py_version "$venv/bin/python")" ]; then
        return
    fi
    local python
    python=$(find_python)
    say "creating $venv with $python (Python $(py_version "$python"))"
    rm -rf "$venv"
    "$python" -m venv "$venv"
}

ensure_requirements() {
    local stamp="$venv/.requirements.sha256" want
    want=$(cat requirements.txt requirements-test.txt | sha256sum | cut -d' ' -f1)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return
    fi
    say "installing pinned requirements into $venv"
    if ! "$venv/bin/python" -m pip install --disable-pip-version-check -r requirements-test.txt >"$venv/pip.log" 2>&1; then
        grep -v -e '^WARNING: Location .* is ignored' "$venv/pip.log" | tail -n 20 >&2
        die "pip install failed (full log: $venv/pip.log)"
    fi
    printf '%s\n' "$want" >"$stamp"
}

# ansible-playbook, ansible-doc, ansible-lint and pytest find the collection through this link.
ensure_link() {
    local link=.ansible/collections/ansible_collections/commerceops/api
    if [ "$(readlink "$link" 2>/dev/null)" != "../../../.." ]; then
        mkdir -p "$(dirname "$link")"
        ln -sfn ../../../.. "$link"
    fi
}

# ansible-test --venv bootstraps pip with get-pip.py from the internet. This stand-in, put where
# ansible-test caches that script, installs pip from the wheel ensurepip bundles instead.
ensure_offline_pip() {
    local version cache
    version=$("$venv/bin/python" - <<'EOF'
import pathlib, re
import ansible_test
src = pathlib.Path(ansible_test.__file__).parent / '_internal' / 'python_requirements.py'
print(re.search(r"pip='([0-9.]+)'", src.read_text()).group(1))
EOF
)
    cache="$HOME/.ansible/test/cache/get_pip_${version//./_}.py"
    if [ ! -f "$cache" ] || ! cmp -s scripts/get_pip_offline.py "$cache"; then
        mkdir -p "$(dirname "$cache")"
        cp scripts/get_pip_offline.py "$cache"
    fi
}

# ansible-test's shellcheck sanity test is skipped, not failed, without the program: install it.
ensure_shellcheck() {
    command -v shellcheck >/dev/null 2>&1 && return
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing shellcheck (apt-get)"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck; } >/dev/null 2>&1 \
            || die "apt-get could not install shellcheck"
    else
        die "shellcheck is missing: install it (e.g. sudo apt-get install shellcheck) and run make setup again"
    fi
}

# Only ansible-test sanity needs shellcheck: `make demo` and the other suites run without it.
if [ "${1:-}" = --with-shellcheck ]; then
    ensure_shellcheck
fi
ensure_venv
ensure_requirements
ensure_link
ensure_offline_pip
# Read the whole output: cutting the pipe short (| head) makes ansible-core print a BrokenPipe traceback.
version=$("$venv/bin/ansible" --version)
say "ready: ${version%%$'\n'*} on Python $(py_version "$venv/bin/python")"
