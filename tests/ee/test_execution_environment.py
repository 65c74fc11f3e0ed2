# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The built collection is what an AWX / Automation Platform execution environment needs.

Builds the collection as Galaxy would, installs it, asks ansible-builder what an execution environment
must add for it, and creates the build context of tests/ee/execution-environment.yml.
"""

import os
import shutil
import subprocess
import sys
import tarfile

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)


def run(*command, cwd=None):
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope='module')
def tarball(tmp_path_factory):
    out = tmp_path_factory.mktemp('build')
    run(os.path.join(BIN, 'ansible-galaxy'), 'collection', 'build', ROOT, '--output-path', str(out))
    return out / 'commerceops-api-0.1.0.tar.gz'


def test_the_build_ships_the_collection_and_not_the_development_files(tarball):
    with tarfile.open(tarball) as archive:
        names = set(archive.getnames())
    assert {'meta/runtime.yml', 'meta/execution-environment.yml', 'meta/ee-requirements.txt',
            'plugins/module_utils/core/http_client.py', 'plugins/lookup/token.py'} <= names
    assert not [name for name in names if name.split('/')[0] in ('tests', 'bench', 'scripts', '.venv', '.ansible')]
    assert 'ansible.cfg' not in names and not [name for name in names if name.startswith('inventories/local')]


def test_ansible_builder_finds_the_python_dependencies(tarball, tmp_path):
    # From the temporary directory, so that the checkout's ansible.cfg does not show the collection as installed.
    run(os.path.join(BIN, 'ansible-galaxy'), 'collection', 'install', '--force', str(tarball), '-p', str(tmp_path / 'collections'),
        cwd=str(tmp_path))
    found = yaml.safe_load(run(os.path.join(BIN, 'ansible-builder'), 'introspect', '--sanitize', str(tmp_path / 'collections')))
    assert [line.split('#')[0].strip() for line in found['python']] == ['jmespath>=1.0']
    assert found.get('system') in (None, [])


def test_ansible_builder_creates_the_build_context(tarball, tmp_path):
    definition = tmp_path / 'ee'
    shutil.copytree(os.path.join(ROOT, 'tests', 'ee'), definition, ignore=shutil.ignore_patterns('*.py', '__pycache__'))
    shutil.copy(tarball, definition / 'commerceops-api.tar.gz')
    run(os.path.join(BIN, 'ansible-builder'), 'create', '--file', 'execution-environment.yml', '--context', 'context',
        '--output-filename', 'Containerfile', cwd=definition)
    context = definition / 'context'
    containerfile = (context / 'Containerfile').read_text()
    assert 'COPY _build /build' in containerfile
    assert 'ansible-galaxy collection install $ANSIBLE_GALAXY_CLI_COLLECTION_OPTS -r requirements.yml' in containerfile
    # requirements.yml names the tarball where the image build will find it (_build is copied to /build).
    wanted = yaml.safe_load((context / '_build' / 'requirements.yml').read_text())['collections'][0]['name']
    assert wanted.startswith('/build/')
    assert (context / '_build' / wanted[len('/build/'):]).exists()
