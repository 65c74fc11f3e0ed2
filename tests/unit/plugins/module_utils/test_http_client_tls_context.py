# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""TLS contexts: one per distinct TLS setting per process, none built for plain http."""

from __future__ import annotations

from unittest.mock import MagicMock

import pytest

from ansible_collections.commerceops.api.plugins.module_utils.core import http_client
from ansible_collections.commerceops.api.plugins.module_utils.core.http_client import HttpClient, tls_context

from ansible_collections.commerceops.api.tests.unit.plugins.module_utils.support_http import Reply


@pytest.fixture
def built(monkeypatch):
    """Every context the client builds (the CA bundle load), counted; the caches start empty."""
    calls = []
    real = http_client.make_context

    def counting(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(http_client, 'make_context', counting)
    monkeypatch.setattr(http_client, '_TLS_CONTEXTS', {})
    monkeypatch.setattr(http_client, '_DEFERRED', {})
    return calls


def test_plain_http_requests_build_no_context(server, built):
    server.handler = lambda request: Reply(200, {'ok': True})
    client = HttpClient(retries=0)
    for _round in range(3):
        assert client.request('GET', server.url + '/x').status == 200
    assert HttpClient(retries=0).request('GET', server.url + '/y').status == 200
    assert built == []


def test_one_context_per_tls_setting_per_process(built):
    first = tls_context('https://a.example/', validate_certs=True)
    assert tls_context('https://b.example/other', validate_certs=True) is first
    unverified = tls_context('https://a.example/', validate_certs=False)
    assert unverified is not first and unverified.verify_mode == 0
    assert len(built) == 2
    assert built[1]['validate_certs'] is False


def test_an_http_url_that_redirects_to_https_gets_the_real_context_then(built):
    deferred = tls_context('http://a.example/', validate_certs=True)
    assert built == []
    real = http_client._tls_context((True, None, None, None, ()))
    real_wrap = MagicMock(return_value='wrapped')
    http_client._TLS_CONTEXTS[(True, None, None, None, ())] = MagicMock(wrap_socket=real_wrap)
    assert deferred.wrap_socket('socket', server_hostname='a.example') == 'wrapped'
    real_wrap.assert_called_once_with('socket', server_hostname='a.example')
    assert real is not None and len(built) == 1
