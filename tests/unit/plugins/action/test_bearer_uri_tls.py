# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""bearer_uri warns in its result, once per task, when validate_certs is false, on both paths."""

from __future__ import annotations

import pytest

from ansible_collections.commerceops.api.plugins.module_utils.core.token_module import UNVERIFIED_TLS_WARNING
from ansible_collections.commerceops.api.tests.unit.plugins.action.test_bearer_uri import make_action, token_dict
from ansible_collections.commerceops.api.tests.unit.plugins.module_utils.support_http import Reply, ScriptedServer


@pytest.fixture
def server():
    scripted = ScriptedServer()
    scripted.handler = lambda request: Reply(200, {'path': request.path})
    yield scripted
    scripted.close()


def test_fast_path_warns_once(server):
    action, _loader = make_action({'url': server.url + '/v1/x', 'token': token_dict(server.url), 'validate_certs': False})
    result = action.run(task_vars={})
    assert result['status'] == 200
    assert result['warnings'] == [UNVERIFIED_TLS_WARNING]


def test_module_path_adds_the_warning_to_what_uri_says(server):
    uri_says = {'status': 200, 'changed': False, 'warnings': ['something of uri']}
    action, _loader = make_action({'url': server.url + '/v1/x', 'token': token_dict(server.url), 'validate_certs': False,
                                   'fast_path': False}, uri_result=uri_says)
    result = action.run(task_vars={})
    assert result['warnings'] == ['something of uri', UNVERIFIED_TLS_WARNING]


def test_a_failed_request_still_warns():
    action, _loader = make_action({'url': 'http://127.0.0.1:1/v1/x', 'token': 'tok-0123456789', 'validate_certs': False,
                                   'retries': 0})
    result = action.run(task_vars={})
    assert result['failed'] and result['warnings'] == [UNVERIFIED_TLS_WARNING]


@pytest.mark.parametrize('tls', [{}, {'validate_certs': True}, {'ca_path': '/etc/ssl/private-ca.pem'}])
def test_verified_tls_does_not_warn(server, tls):
    action, _loader = make_action(dict({'url': server.url + '/v1/x', 'token': token_dict(server.url)}, **tls))
    result = action.run(task_vars={})
    assert 'warnings' not in result or UNVERIFIED_TLS_WARNING not in result['warnings']
