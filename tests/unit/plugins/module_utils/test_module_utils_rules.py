# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""module_utils ship to managed hosts: standard library and ansible.module_utils only, Python 3.8 syntax."""

from __future__ import annotations

import ast
import os
import sys

import pytest

MODULE_UTILS = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'plugins', 'module_utils')
# Paths relative to MODULE_UTILS: obtain.py and the floors (core/, providers/, marketplace/) below it.
FILES = sorted(os.path.relpath(os.path.join(folder, name), MODULE_UTILS)
               for folder, _dirs, names in os.walk(MODULE_UTILS) for name in names if name.endswith('.py'))
FLOORS = ('core', 'providers', 'marketplace')
HEADER = ('# Copyright (c) 2026 commerceops.api contributors\n'
          '# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)\n')
OWN_PREFIX = 'ansible_collections.commerceops.api.plugins.module_utils.'


def source(name):
    with open(os.path.join(MODULE_UTILS, name), encoding='utf-8') as stream:
        return stream.read()


def test_files_found():
    assert 'core/http_client.py' in FILES and 'core/token_cache.py' in FILES and 'providers/eqp.py' in FILES


def test_every_file_is_on_a_floor():
    # A reader finds where a new API goes in one look: obtain.py (the adapter), then one folder per concern.
    assert [name for name in FILES if '/' not in name and not name.startswith('__init__')] == ['obtain.py']
    assert sorted(name for name in os.listdir(MODULE_UTILS) if os.path.isdir(os.path.join(MODULE_UTILS, name))
                  and name != '__pycache__') == sorted(FLOORS)


@pytest.mark.parametrize('folder', ('',) + FLOORS)
def test_init_is_absent_or_empty(folder):
    path = os.path.join(MODULE_UTILS, folder, '__init__.py')
    assert not os.path.exists(path) or os.path.getsize(path) == 0


@pytest.mark.parametrize('name', FILES)
def test_header(name):
    assert source(name).startswith(HEADER)


@pytest.mark.parametrize('name', FILES)
def test_python38_syntax(name):
    ast.parse(source(name), filename=name, feature_version=(3, 8))


@pytest.mark.parametrize('name', FILES)
def test_only_stdlib_and_ansible_imports(name):
    if not hasattr(sys, 'stdlib_module_names'):
        pytest.skip('needs Python 3.10+ to list the standard library')
    stdlib = set(sys.stdlib_module_names)
    for node in ast.walk(ast.parse(source(name))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, 'relative import in %s' % name
            modules = [node.module]
        else:
            continue
        for module in modules:
            top = module.split('.')[0]
            if top == '__future__' or top in stdlib:
                continue
            if module.startswith('ansible.module_utils.') or module == 'ansible.module_utils':
                continue
            # Our own modules, also as `from <package>.providers import eqp`.
            assert module.startswith(OWN_PREFIX) or module + '.' == OWN_PREFIX, '%s imports %s' % (name, module)


@pytest.mark.parametrize('name', FILES)
def test_no_str_removeprefix_or_union_types(name):
    text = source(name)
    assert '.removeprefix(' not in text and '.removesuffix(' not in text
