# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection installed from its built tarball stands on its own: commerceops.api.starter_project writes a
starter inventory and the execution-environment definition into a user's project, outside any checkout."""

import os
import subprocess
import sys

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)


def run(*command, cwd, env=None):
    done = subprocess.run(command, cwd=str(cwd), capture_output=True, text=True, check=False, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope='module')
def installed(tmp_path_factory):
    """``(home, environment)``: a directory outside the checkout with the built collection installed under it."""
    home = tmp_path_factory.mktemp('user')
    run(os.path.join(BIN, 'ansible-galaxy'), 'collection', 'build', ROOT, '--output-path', str(home), cwd=home)
    tarball = home / 'commerceops-api-0.1.0.tar.gz'
    run(os.path.join(BIN, 'ansible-galaxy'), 'collection', 'install', str(tarball), '-p', str(home / 'collections'), cwd=home)
    environment = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(home / 'collections'), ANSIBLE_NOCOLOR='1')
    environment.pop('ANSIBLE_CONFIG', None)
    return home, environment


def starter(home, environment, *extra):
    return run(os.path.join(BIN, 'ansible-playbook'), 'commerceops.api.starter_project',
               '-e', 'starter_project_dest=%s' % (home / 'project'), *extra, cwd=home, env=environment)


def test_starter_project_writes_the_inventories_and_the_ee_definition_once(installed):
    home, environment = installed
    checked = starter(home, environment, '--check')
    assert 'changed=1' in checked and not (home / 'project').exists()
    first = starter(home, environment)
    assert 'changed=1' in first and 'failed=0' in first
    project = home / 'project'
    for name in ('inventories/sandbox/hosts.yml', 'inventories/sandbox/README.md', 'inventories/production/hosts.yml',
                 'inventories/sandbox/group_vars/example.vault.yml', 'execution-environment/execution-environment.yml',
                 'execution-environment/requirements.yml'):
        assert (project / name).is_file(), name
    again = starter(home, environment)
    assert 'changed=0' in again and 'failed=0' in again


def test_the_starter_inventory_parses(installed):
    home, environment = installed
    if not (home / 'project').exists():
        starter(home, environment)
    listing = yaml.safe_load(run(os.path.join(BIN, 'ansible-inventory'), '-i', 'project/inventories/sandbox', '--list',
                                 cwd=home, env=environment))
    assert 'eqp-sandbox' in listing['eqp_sandbox']['hosts']


def test_the_shipped_ee_definition_builds_its_context(installed):
    home, environment = installed
    if not (home / 'project').exists():
        starter(home, environment)
    definition = home / 'project' / 'execution-environment'
    run(os.path.join(BIN, 'ansible-builder'), 'create', '--file', 'execution-environment.yml', '--context', 'context',
        '--output-filename', 'Containerfile', cwd=definition, env=environment)
    containerfile = (definition / 'context' / 'Containerfile').read_text()
    assert 'ansible-galaxy collection install $ANSIBLE_GALAXY_CLI_COLLECTION_OPTS -r requirements.yml' in containerfile
    wanted = yaml.safe_load((definition / 'context' / '_build' / 'requirements.yml').read_text())['collections']
    assert wanted == [{'name': 'commerceops.api', 'version': '>=0.1.0'}]
