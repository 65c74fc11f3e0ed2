# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The in-process module runner and the module actions: every module with an action, run in this
process and as a separate Python process (as AnsiballZ runs it), prints the same result."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys

from unittest.mock import MagicMock

import pytest

from ansible.module_utils.common.parameters import PASS_VARS

from ansible_collections.commerceops.api.plugins.plugin_utils import module_runner
from ansible_collections.commerceops.api.plugins.plugin_utils.module_action import ModuleAction
from ansible_collections.commerceops.api.tests.unit.plugins.module_utils.support_http import Reply, ScriptedServer

# Every module with an action of its own (bearer_uri is an action with a documentation stub only).
ACTIONS = os.path.join(os.path.dirname(__file__), *(['..'] * 4), 'plugins', 'action')
MODULES = sorted(name[:-3] for name in os.listdir(ACTIONS) if name.endswith('.py') and name != 'bearer_uri.py')
SECRET = 'app-secret-0123456789'
UST = 'ust-0123456789abcdef.0123456789'
COLLECTIONS = os.path.abspath(os.path.join(os.path.dirname(__file__), *(['..'] * 6)))


@pytest.fixture
def server():
    scripted = ScriptedServer()
    scripted.handler = lambda request: (
        Reply(200, {'ust': UST, 'expires_in': 7200, 'mage_id': 'MAG1'}) if request.path.endswith('/session/token')
        else Reply(200, {'items': [], 'total': 0}) if '/products/packages' in request.path
        else Reply(404, {'message': 'no route'}))
    yield scripted
    scripted.close()


def internal(check_mode=False, diff=False):
    """The _ansible_* arguments ActionBase._update_module_args adds; ansible-core 2.21 adds invocation only when
    asked to (older versions always do, and refuse the argument)."""
    found = {'_ansible_check_mode': check_mode, '_ansible_diff': diff, '_ansible_no_log': False, '_ansible_verbosity': 0}
    if 'inject_invocation' in PASS_VARS:
        found['_ansible_inject_invocation'] = True
    return found


def shipped(name, args):
    """The module run as its own process, with its arguments in a file, as the shipped module runs."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([COLLECTIONS] + sys.path))
    done = subprocess.run([sys.executable, '-m', module_runner.python_name('commerceops.api.' + name),
                           json.dumps({'ANSIBLE_MODULE_ARGS': args})], capture_output=True, text=True, env=env, check=False)
    return json.loads(done.stdout), done.returncode


def in_process(name, args):
    stdout, rc = module_runner.run_main(importlib.import_module(module_runner.python_name('commerceops.api.' + name)), args)
    return json.loads(stdout), rc


def without(result, *volatile):
    """``result`` without the ``volatile`` keys at any depth (seconds left on a token change between runs)."""
    if isinstance(result, dict):
        return dict((key, without(value, *volatile)) for key, value in result.items() if key not in volatile)
    return result


def cases(base_url, cache_dir):
    eqp = {'base_url': base_url, 'app_id': 'APP1', 'app_secret': SECRET, 'cache_dir': cache_dir}
    return [
        ('eqp_session_token', dict(eqp, **internal())),
        ('eqp_session_token', dict(eqp, validate_certs=False, **internal(check_mode=True))),
        ('eqp_session_token', dict(eqp, timeout='soon', **internal())),
        ('eqp_session_token', dict(eqp, no_such_option=1, **internal())),
        ('eqp_session_token', dict(eqp, fact_name='not a name', **internal())),
        ('eqp_session_token', dict(eqp, base_url='http://127.0.0.1:1', cache=False, retries=0, **internal())),
        ('magento_integration_token', dict(url=base_url, username='admin', password=SECRET, otp='123456',
                                           otp_secret='JBSWY3DPEHPK3PXP', **internal())),
        ('magento_integration_token', dict(url=base_url, username='admin', password=SECRET, state='absent', **internal())),
        ('commerce_token', dict(base_url=base_url, region='eu-west', client_id='c', **internal())),
        ('commerce_token', dict(base_url=base_url, client_id='', client_secret=SECRET, **internal())),
        ('eqp_package', dict(eqp, version='1.0.0', sku='vendor/x', wait_timeout=-1, **internal(diff=True))),
        ('eqp_package', dict(eqp, version='1.0.0', **internal(check_mode=True, diff=True))),
        ('eqp_package_info', dict(eqp, sku='vendor/x', **internal())),
        ('eqp_package_info', dict(eqp, sku='vendor/x', item_id='x', **internal())),
        ('eqp_package_info', dict(eqp, version='1.0.0', **internal())),
        ('adobe_ims_token', dict(base_url=base_url, ims_url=base_url, client_id='c', client_secret=SECRET, cache_dir=cache_dir, **internal())),
        ('adobe_ims_token', dict(base_url=base_url, ims_url=base_url, client_id='c', **internal())),
        ('eqp_callback', dict(eqp, name='ci', url='https://hook:pw@ci.example.com/x', **internal(check_mode=True, diff=True))),
        ('eqp_callback', dict(eqp, name='ci', url='https://ci.example.com/x', username='u', password=SECRET,
                              **internal(check_mode=True, diff=True))),
    ]


def test_every_case_prints_the_same_result_in_process_and_shipped(server, tmp_path):
    seen = set()
    for name, args in cases(server.url, str(tmp_path)):
        first, first_rc = in_process(name, dict(args))
        second, second_rc = shipped(name, dict(args))
        assert (first_rc, without(first, 'expires_in')) == (second_rc, without(second, 'expires_in')), (name, args)
        assert SECRET not in json.dumps(first)
        seen.add((name, bool(first.get('failed'))))
    # Every module failed at least once, a token came, and the invocation came back.
    assert seen >= set((name, True) for name in MODULES) | {('eqp_session_token', False)}
    assert first['invocation']['module_args']['app_secret'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'


def test_warnings_of_one_run_do_not_reach_the_next(server, tmp_path):
    args = dict(base_url=server.url, app_id='APP1', app_secret=SECRET, cache_dir=str(tmp_path), validate_certs=False, **internal())
    first, _rc = in_process('eqp_session_token', dict(args))
    second, _rc = in_process('eqp_session_token', dict(args))
    assert len(first['warnings']) == 1 and second['warnings'] == first['warnings']
    third, _rc = in_process('eqp_session_token', dict(args, validate_certs=True))
    assert 'warnings' not in third


def test_a_module_that_raises_fails_as_under_ansiballz(monkeypatch):
    module = importlib.import_module(module_runner.python_name('commerceops.api.eqp_session_token'))
    monkeypatch.setattr(module, 'obtain_token', MagicMock(side_effect=KeyError('boom')))
    stdout, rc = module_runner.run_main(module, dict(app_id='APP1', app_secret=SECRET, **internal()))
    result = json.loads(stdout)
    assert rc == 1 and result['failed'] is True and SECRET not in stdout


class TokenAction(ModuleAction):
    MODULE = 'commerceops.api.eqp_session_token'


def make_action(transport='local', become=False, environment=None, async_val=0):
    task = MagicMock()
    task.args = {'base_url': 'http://127.0.0.1:1', 'app_id': 'APP1', 'app_secret': SECRET, 'cache': False, 'retries': 0}
    task.action = 'commerceops.api.eqp_session_token'
    task.check_mode = False
    task.diff = False
    task.no_log = False
    task.async_val = async_val
    task.environment = environment if environment is not None else [{}]
    connection = MagicMock()
    connection.transport = transport
    connection._shell.tmpdir = None
    connection._shell.get_option.return_value = '~/.ansible/tmp'
    connection.socket_path = None
    connection.has_native_async = False
    connection.become = None
    play_context = MagicMock()
    play_context.become = become
    play_context.executable = '/bin/sh'
    templar = MagicMock()
    templar.template.side_effect = lambda value: value
    action = TokenAction(task, connection, play_context, loader=MagicMock(), templar=templar, shared_loader_obj=MagicMock())
    action._execute_module = MagicMock(return_value={'shipped': True})
    action._remove_tmp_path = MagicMock()
    return action


@pytest.mark.parametrize('settings, task_vars', [
    ({'transport': 'ssh'}, {}),
    ({'become': True}, {}),
    ({'environment': [{'HTTPS_PROXY': 'http://proxy:3128'}]}, {}),
    ({'async_val': 30}, {}),
    ({}, {'commerceops_fast_path': False}),
    ({}, {'commerceops_fast_path': 'no'}),
])
def test_the_module_is_shipped_when_it_would_not_run_here(settings, task_vars):
    action = make_action(**settings)
    assert action.run(task_vars=task_vars)['shipped'] is True


def test_on_a_local_connection_the_module_runs_here_with_the_shipped_result_shape():
    action = make_action()
    result = action.run(task_vars={'inventory_hostname': 'localhost'})
    action._execute_module.assert_not_called()
    # Nothing listens on port 1: the module's own one-line error and its fields, cleaned as _execute_module cleans them.
    assert result['failed'] is True and 'shipped' not in result
    assert result['msg'].startswith('EQP API') and SECRET not in repr(result)
    # (ansible-core 2.19 and 2.20 keep _ansible_parsed there, on both paths.)
    assert not any(key.startswith('_ansible') and key != '_ansible_parsed' for key in result)
