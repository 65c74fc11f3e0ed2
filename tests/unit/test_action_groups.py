# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""meta/runtime.yml's action groups: group/commerceops.api.all covers every module and action, bearer_uri is in
each API group, and each module documents the groups it is in."""

from __future__ import annotations

import pathlib

import yaml

from ansible_collections.commerceops.api.plugins.plugin_utils.uri_options import without_other_modules_options

ROOT = pathlib.Path(__file__).resolve().parents[2]
GROUPS = yaml.safe_load((ROOT / 'meta' / 'runtime.yml').read_text())['action_groups']


def members(name):
    """The plugin names of a group, its extend_group metadata resolved."""
    found = set()
    for entry in GROUPS[name]:
        if isinstance(entry, dict):
            for other in entry['metadata'].get('extend_group', []):
                found |= members(other)
        else:
            found.add(entry)
    return found


def modules():
    return set(path.stem for path in (ROOT / 'plugins' / 'modules').glob('*.py') if path.stem != '__init__')


def test_the_all_group_covers_every_module():
    assert members('all') == modules()


def test_bearer_uri_is_in_every_api_group():
    for name in GROUPS:
        assert 'bearer_uri' in members(name), name


def test_each_module_documents_its_groups():
    for name in modules():
        documentation = yaml.safe_load(_documentation(name))
        documented = set(documentation['attributes']['action_group']['membership'])
        expected = set('commerceops.api.%s' % group for group in GROUPS if name in members(group))
        assert documented == expected, name


def _documentation(name):
    text = (ROOT / 'plugins' / 'modules' / (name + '.py')).read_text()
    return text.split("DOCUMENTATION = r'''", 1)[1].split("'''", 1)[0]


def test_group_options_for_the_token_modules_are_left_out_and_the_tasks_own_kept():
    args = {'url': 'http://x/', 'retries': 0, 'app_secret': 's', 'base_url': 'http://x', 'bogus': 1}
    kept = without_other_modules_options(args, frozenset(['retries', 'app_secret', 'base_url']))
    # retries is bearer_uri's own; bogus was not set by a group, so the argument spec still refuses it.
    assert kept == {'url': 'http://x/', 'retries': 0, 'bogus': 1}
