# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Local secret files stay out of git and out of the built collection.

The README and inventories/*/README.md tell users to create ``inventories/<name>/group_vars/all/vault.yml``
(and a vault password file is common next to it). ``ansible-galaxy collection build`` packs every file it is
not told to ignore, tracked or not: the test plants those files in a copy of the tracked tree, builds it and
reads the tarball's listing.
"""

import os
import shutil
import subprocess
import sys
import tarfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

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


def _galaxy():
    candidate = os.path.join(os.path.dirname(sys.executable), 'ansible-galaxy')
    return candidate if os.path.exists(candidate) else shutil.which('ansible-galaxy')


def _tracked():
    done = subprocess.run(['git', 'ls-files', '-z'], cwd=ROOT, capture_output=True, check=True)
    return [name for name in done.stdout.decode('utf-8').split('\0') if name]


@pytest.fixture(scope='module')
def built(tmp_path_factory):
    """The listing of a collection built from the tracked files plus the planted secret files."""
    if not _galaxy():
        pytest.fail('ansible-galaxy not found next to %s or on PATH' % sys.executable)
    tree = tmp_path_factory.mktemp('tree') / 'api'
    for name in _tracked():
        source = os.path.join(ROOT, name)
        if not os.path.isfile(source):
            continue
        target = tree / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    for name in PLANTED:
        target = tree / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text('vault_eqp_app_secret: %s\n' % MARKER)
    out = tmp_path_factory.mktemp('dist')
    done = subprocess.run([_galaxy(), 'collection', 'build', str(tree), '--output-path', str(out)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    [tarball] = list(out.glob('*.tar.gz'))
    with tarfile.open(tarball) as archive:
        members = archive.getmembers()
        texts = [archive.extractfile(member).read() for member in members if member.isfile()]
    return [member.name for member in members], texts


def test_the_build_holds_the_collection(built):
    names, _texts = built
    # So that the next test cannot pass on an empty or broken tarball.
    for name in ('plugins/module_utils/http_client.py', 'README.md', 'inventories/sandbox/group_vars/example.vault.yml',
                 'inventories/sandbox/group_vars/all/connection.yml', 'MANIFEST.json'):
        assert name in names


def test_no_local_secret_file_is_built(built):
    names, texts = built
    assert not [name for name in PLANTED if name in names]
    assert not [name for name in names if os.path.basename(name) == 'vault.yml' or 'vault_pass' in name or 'host_vars' in name]
    assert not [text for text in texts if MARKER.encode() in text]


def test_git_ignores_the_same_files():
    done = subprocess.run(['git', 'check-ignore', '--no-index', '--'] + list(PLANTED), cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert sorted(done.stdout.split()) == sorted(PLANTED)
