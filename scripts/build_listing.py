# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Build the collection with the local secret files a user is told to create planted in it, and list the tarball.

The README and inventories/*/README.md tell users to create ``inventories/<name>/group_vars/all/vault.yml``
(and a vault password file is common next to it). ``ansible-galaxy collection build`` packs every file it is
not told to ignore, tracked or not. Used by tests/unit/test_build_contents.py and by the reliability report.
Usage: build_listing.py [ANSIBLE_GALAXY]  prints the findings as JSON.
"""

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Files a user creates with secrets, as the documentation names them.
PLANTED = (
    'inventories/sandbox/group_vars/all/vault.yml',
    'inventories/production/group_vars/all/vault.yml',
    'inventories/sandbox/group_vars/eqp_sandbox/vault.yml',
    'inventories/sandbox/host_vars/shop-1.yml',
    '.vault_pass',
    'inventories/production/.vault_pass.txt',
    'vault_password.txt',
    'vault-password-sandbox',
)
MARKER = 'planted-secret-never-in-a-build'


def galaxy():
    """ansible-galaxy beside this Python, else on PATH."""
    candidate = os.path.join(os.path.dirname(sys.executable), 'ansible-galaxy')
    return candidate if os.path.exists(candidate) else shutil.which('ansible-galaxy')


def tracked(root=ROOT):
    done = subprocess.run(['git', 'ls-files', '-z'], cwd=root, capture_output=True, check=True)
    return [name for name in done.stdout.decode('utf-8').split('\0') if name]


def build(workdir, root=ROOT, command=None):
    """``(names, texts)`` of a collection built from the tracked files plus the planted secret files."""
    command = command or galaxy()
    if not command:
        raise RuntimeError('ansible-galaxy not found next to %s or on PATH' % sys.executable)
    tree = os.path.join(workdir, 'tree', 'api')
    for name in tracked(root):
        source = os.path.join(root, name)
        if os.path.isfile(source):
            os.makedirs(os.path.dirname(os.path.join(tree, name)), exist_ok=True)
            shutil.copy2(source, os.path.join(tree, name))
    for name in PLANTED:
        os.makedirs(os.path.dirname(os.path.join(tree, name)), exist_ok=True)
        with open(os.path.join(tree, name), 'w', encoding='utf-8') as handle:
            handle.write('vault_eqp_app_secret: %s\n' % MARKER)
    out = os.path.join(workdir, 'dist')
    done = subprocess.run([command, 'collection', 'build', tree, '--output-path', out], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError('ansible-galaxy collection build failed: %s' % (done.stdout + done.stderr))
    [tarball] = [os.path.join(out, name) for name in os.listdir(out) if name.endswith('.tar.gz')]
    with tarfile.open(tarball) as archive:
        members = archive.getmembers()
        texts = [archive.extractfile(member).read() for member in members if member.isfile()]
    return [member.name for member in members], texts


def secret_files(names, texts):
    """What of the planted secrets reached the build: their paths, any vault-like name, any planted text."""
    return {
        'planted': [name for name in PLANTED if name in names],
        'vault_like': [name for name in names if os.path.basename(name) == 'vault.yml' or 'vault_pass' in name or 'host_vars' in name],
        'marker_files': sum(1 for text in texts if MARKER.encode() in text),
    }


def main():
    with tempfile.TemporaryDirectory() as workdir:
        names, texts = build(workdir, command=sys.argv[1] if len(sys.argv) > 1 else None)
    print(json.dumps(dict(secret_files(names, texts), files=len(names), looked_for=len(PLANTED))))


if __name__ == '__main__':
    main()
