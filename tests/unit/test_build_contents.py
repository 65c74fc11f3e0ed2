# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Local secret files stay out of git and out of the built collection.

The README and inventories/*/README.md tell users to create ``inventories/<name>/group_vars/all/vault.yml``
(and a vault password file is common next to it). ``ansible-galaxy collection build`` packs every file it is
not told to ignore, tracked or not: the test plants those files in a copy of the tracked tree, builds it and
reads the tarball's listing.
"""

import importlib.util
import os
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# scripts/ is no package: load the one place that plants, builds and lists (the reliability report uses it too).
_SPEC = importlib.util.spec_from_file_location('build_listing', os.path.join(ROOT, 'scripts', 'build_listing.py'))
build_listing = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(build_listing)
PLANTED = build_listing.PLANTED


@pytest.fixture(scope='module')
def built(tmp_path_factory):
    """The listing of a collection built from the tracked files plus the planted secret files."""
    return build_listing.build(str(tmp_path_factory.mktemp('build')))


def test_the_build_holds_the_collection(built):
    names, _texts = built
    # So that the next test cannot pass on an empty or broken tarball.
    for name in ('plugins/module_utils/core/http_client.py', 'README.md', 'inventories/sandbox/group_vars/example.vault.yml',
                 'inventories/sandbox/group_vars/all/connection.yml', 'MANIFEST.json'):
        assert name in names


def test_no_local_secret_file_is_built(built):
    assert build_listing.secret_files(*built) == {'planted': [], 'vault_like': [], 'marker_files': 0}


def test_git_ignores_the_same_files():
    done = subprocess.run(['git', 'check-ignore', '--no-index', '--'] + list(PLANTED), cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert sorted(done.stdout.split()) == sorted(PLANTED)
