# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The bearer_uri action: option handling, the choice of path, the renew-once loop and token scrubbing."""

from __future__ import annotations

import json

from unittest.mock import MagicMock

import pytest

from ansible_collections.commerceops.api.plugins.action.bearer_uri import ActionModule
from ansible_collections.commerceops.api.plugins.module_utils.core.token import Token
from ansible_collections.commerceops.api.plugins.plugin_utils import uri_token
from ansible_collections.commerceops.api.tests.unit.plugins.module_utils.support_http import Reply, ScriptedServer

TOKEN = 'tok-0123456789'


@pytest.fixture
def server():
    scripted = ScriptedServer()
    # Echo the credentials back, as a careless server might: the result must still not show them.
    scripted.handler = lambda request: Reply(200, {'seen': request.header('authorization'), 'path': request.path})
    yield scripted
    scripted.close()


def make_action(args, transport='local', check_mode=False, become=False, uri_result=None, environment=None):
    task = MagicMock()
    task.args = dict(args)
    task.check_mode = check_mode
    task.async_val = 0
    # What ansible-core gives a task without the environment keyword.
    task.environment = environment if environment is not None else [{}]
    task.no_log = False
    task.action = 'commerceops.api.bearer_uri'
    connection = MagicMock()
    connection.transport = transport
    connection._shell.tmpdir = None
    play_context = MagicMock()
    play_context.become = become
    templar = MagicMock()
    templar.template.side_effect = lambda value: value
    loader_obj = MagicMock()
    uri_action = MagicMock()
    uri_action.run.return_value = uri_result or {}
    loader_obj.action_loader.get.return_value = uri_action
    action = ActionModule(task, connection, play_context, loader=MagicMock(), templar=templar, shared_loader_obj=loader_obj)
    # ansible-core 2.19+ ignores the argument and keeps its own loaders.
    action._shared_loader_obj = loader_obj
    return action, loader_obj


def token_dict(base_url, value=TOKEN):
    return Token(value, 'eqp', base_url, 'APP', 4102444800).to_result()


def test_token_and_auth_together_are_refused():
    action, _loader = make_action({'url': 'http://127.0.0.1:1/', 'token': TOKEN, 'auth': {'api': 'eqp', 'app_secret': 'shh-secret'}})
    result = action.run(task_vars={})
    assert result['failed'] and 'token and auth are mutually exclusive' in result['msg']
    assert TOKEN not in json.dumps(result) and 'shh-secret' not in json.dumps(result)


def test_validation_errors_are_one_clear_line():
    action, _loader = make_action({'url': 'http://127.0.0.1:1/', 'token': TOKEN, 'timeout': 'soon'})
    result = action.run(task_vars={})
    assert result['failed'] and 'timeout' in result['msg']


def test_in_process_request_with_a_token_dict(server):
    action, loader = make_action({'url': server.url + '/v1/x', 'token': token_dict(server.url), 'query': 'path'})
    result = action.run(task_vars={})
    assert result['status'] == 200 and not result['failed']
    assert server.requests[0].header('authorization') == 'Bearer ' + TOKEN
    assert result['json']['seen'] == 'Bearer ********'
    assert result['query'] == '/v1/x'
    assert TOKEN not in json.dumps(result)
    loader.action_loader.get.assert_not_called()


def test_a_query_with_functions_is_sent_and_run_on_the_answer(server):
    # Running it on {} before sending failed: length(null) is a type error, not a syntax error.
    action, _loader = make_action({'url': server.url + '/v1/x', 'token': token_dict(server.url),
                                   'query': 'length(path)'})
    result = action.run(task_vars={})
    assert not result['failed'] and result['query'] == len('/v1/x')
    assert len(server.requests) == 1


def test_a_query_that_does_not_parse_sends_nothing(server):
    action, _loader = make_action({'url': server.url + '/v1/x', 'token': token_dict(server.url), 'query': 'length('})
    result = action.run(task_vars={})
    assert result['failed'] and result['msg'].startswith("query: invalid JMESPath expression 'length('")
    assert server.requests == []


def test_other_origin_is_refused_before_sending(server):
    action, _loader = make_action({'url': server.url + '/v1/x', 'token': token_dict('http://127.0.0.1:1')})
    result = action.run(task_vars={})
    assert result['failed']
    assert result['msg'].startswith('the token belongs to http://127.0.0.1:1 and url is on %s' % server.url)
    assert server.requests == []


def test_other_origin_allowed(server):
    action, _loader = make_action({'url': server.url + '/', 'token': token_dict('http://127.0.0.1:1'), 'allow_other_origin': True})
    assert action.run(task_vars={})['status'] == 200


def test_header_token_goes_in_its_header(server):
    shopper = Token(TOKEN, 'commerce', server.url, 'customer:x', None, {'header': 'X-Moltin-Customer-Token'}).to_result()
    action, _loader = make_action({'url': server.url + '/', 'token': shopper, 'headers': {'Authorization': 'Bearer store-tok'}})
    result = action.run(task_vars={})
    request = server.requests[0]
    assert request.header('x-moltin-customer-token') == TOKEN
    assert request.header('authorization') == 'Bearer store-tok'
    assert 'store-tok' not in json.dumps(result)


@pytest.mark.parametrize('transport, become, args, environment', [
    ('ssh', False, {}, None),
    ('local', True, {}, None),
    ('local', False, {'fast_path': False}, None),
    ('local', False, {'dest': '/tmp/out'}, None),
    ('local', False, {}, [{'https_proxy': 'http://proxy:3128'}]),
])
def test_module_path(transport, become, args, environment, server):
    echoed = {'status': 200, 'msg': 'OK', 'invocation': {'module_args': {'url_password': TOKEN,
                                                                         'headers': {'Authorization': 'Bearer ' + TOKEN}}}}
    action, loader = make_action(dict({'url': server.url + '/', 'token': TOKEN}, **args), transport=transport,
                                 become=become, uri_result=echoed, environment=environment)
    result = action.run(task_vars={})
    name = loader.action_loader.get.call_args[0][0]
    task = loader.action_loader.get.call_args[1]['task']
    assert name == 'ansible.legacy.uri'
    assert task.args['headers']['Authorization'] == 'Bearer ' + TOKEN
    assert task.args['use_netrc'] is False and 'token' not in task.args and 'fast_path' not in task.args
    assert task.no_log is True
    assert TOKEN not in json.dumps(result)
    # uri's own invocation (with the header) never comes back; ansible-core < 2.21 shows the action's arguments.
    assert 'Authorization' not in result.get('invocation', {}).get('module_args', {}).get('headers', {})
    assert server.requests == []


def test_check_mode_skips_writes_and_sends_reads(server):
    action, _loader = make_action({'url': server.url + '/', 'token': TOKEN, 'method': 'POST'}, check_mode=True)
    result = action.run(task_vars={})
    assert result['skipped'] and not result['changed'] and server.requests == []
    action, _loader = make_action({'url': server.url + '/', 'token': TOKEN}, check_mode=True)
    assert action.run(task_vars={})['status'] == 200


def test_check_mode_read_on_the_module_path_runs_the_module():
    action, loader = make_action({'url': 'http://127.0.0.1:1/', 'token': TOKEN}, transport='ssh', check_mode=True,
                                 uri_result={'status': 200})
    assert action.run(task_vars={})['status'] == 200
    assert loader.action_loader.get.call_args[1]['task'].check_mode is False


def test_a_401_renews_an_auth_token_once(server, monkeypatch):
    issued = []

    def obtain(api, options, stale_value=None):
        issued.append(stale_value)
        return Token('auth-tok-%d' % len(issued), api, server.url, 'APP', 4102444800)

    monkeypatch.setattr(uri_token, 'obtain_token', obtain)
    server.handler = lambda request: Reply(200 if request.header('authorization') == 'Bearer auth-tok-2' else 401, {'x': 1})
    action, _loader = make_action({'url': server.url + '/', 'auth': {'api': 'eqp', 'app_id': 'APP', 'app_secret': 'shh'}})
    result = action.run(task_vars={})
    assert result['status'] == 200
    assert issued == [None, 'auth-tok-1']
    assert len(server.requests) == 2


def test_a_second_401_is_returned(server, monkeypatch):
    issued = []
    monkeypatch.setattr(uri_token, 'obtain_token', lambda api, options, stale_value=None: issued.append(1) or Token(
        'auth-tok-%d' % len(issued), api, server.url, 'APP', 4102444800))
    server.handler = lambda request: Reply(401, {'message': 'no'})
    action, _loader = make_action({'url': server.url + '/', 'auth': {'api': 'eqp', 'app_id': 'APP', 'app_secret': 'shh'}})
    result = action.run(task_vars={})
    assert result['failed'] and result['status'] == 401
    assert len(issued) == 2 and len(server.requests) == 2


def test_an_expected_401_is_not_renewed(server, monkeypatch):
    issued = []
    monkeypatch.setattr(uri_token, 'obtain_token', lambda api, options, stale_value=None: issued.append(1) or Token(
        'auth-tok', api, server.url, 'APP', 4102444800))
    server.handler = lambda request: Reply(401, {'message': 'no'})
    action, _loader = make_action({'url': server.url + '/', 'auth': {'api': 'eqp', 'app_id': 'APP', 'app_secret': 'shh'},
                                   'status_code': [200, 401]})
    assert action.run(task_vars={})['status'] == 401
    assert len(issued) == 1


@pytest.mark.parametrize('args, secret', [
    ({'url': 'http://someone:pw%40in-url@127.0.0.1:1/x', 'token': TOKEN}, 'pw@in-url'),
    ({'url': 'http://127.0.0.1:1/x', 'auth': {'api': 'eqp', 'app_id': 'APP', 'app_secret': ['listed-secret'], 'cache': False}},
     'listed-secret'),
])
def test_refused_secrets_do_not_come_back_in_the_invocation(args, secret, monkeypatch):
    # Issue 12: user info in the url and a secret of the wrong type were shown as the task's invocation.
    monkeypatch.setattr(ActionModule, '_inject_invocation', lambda self, task_vars: True)
    action, _loader = make_action(args)
    result = action.run(task_vars={})
    assert result['failed']
    assert 'must not carry a user name or password' in result['msg'] or 'app_secret must be a string, got list' in result['msg']
    shown = json.dumps(result)
    assert secret not in shown and secret.replace('@', '%40') not in shown
    assert 'invocation' in result
