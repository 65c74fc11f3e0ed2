# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import base64
import json

import pytest

from ansible_collections.commerceops.api.plugins.module_utils.providers import eqp
from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError

from ansible_collections.commerceops.api.tests.unit.plugins.module_utils.support_http import Reply

APP_ID = 'AQ17NZ49WC'
APP_SECRET = '8820c99614d65f923df7660276f20e029d73e2ca'


def eqp_handler(paths=(eqp.TOKEN_PATH,), maximum=7200):
    """A minimal EQP token endpoint following the contract."""

    def handler(request):
        if request.method != 'POST' or request.path not in paths:
            return Reply(404, {'code': 404, 'message': 'Not found'})
        expected = 'Basic ' + base64.b64encode(('%s:%s' % (APP_ID, APP_SECRET)).encode()).decode()
        if request.header('authorization') != expected:
            return Reply(401, {'code': 1001, 'message': 'Invalid application credentials'})
        try:
            body = json.loads(request.body)
        except ValueError:
            return Reply(400, {'code': 1002, 'message': 'Request body is not valid JSON'})
        if body.get('grant_type') != 'session':
            return Reply(400, {'code': 1002, 'message': 'grant_type must be session'})
        lifetime = min(int(body.get('expires_in') or maximum), maximum)
        return Reply(200, {'mage_id': 'MAG123456789', 'ust': 'baGXoStRuR9VCDFQGZNzgNqbqu5WUwlr.cAxZJ9m22Le7', 'expires_in': lifetime})

    return handler


def test_session_token(server, make_client, clock):
    server.handler = eqp_handler()
    token = eqp.fetch_session_token(make_client(), server.url + '/', APP_ID, APP_SECRET, environment='sandbox')
    assert token.value == 'baGXoStRuR9VCDFQGZNzgNqbqu5WUwlr.cAxZJ9m22Le7'
    assert token.api == 'eqp'
    assert token.base_url == server.url
    assert token.principal == APP_ID
    assert token.expires_at == clock.now + 7200
    assert token.extra == {'mage_id': 'MAG123456789', 'lifetime': 7200, 'environment': 'sandbox'}
    request = server.requests[0]
    assert request.path == '/rest/v1/app/session/token'
    assert request.header('content-type') == 'application/json'
    assert request.json() == {'grant_type': 'session'}
    result = token.to_result(now=clock.now)
    assert result['mage_id'] == 'MAG123456789' and result['expires_in'] == 7200


def test_expires_in_is_sent_and_the_server_clamps(server, make_client, clock):
    server.handler = eqp_handler()
    token = eqp.fetch_session_token(make_client(), server.url, APP_ID, APP_SECRET, expires_in=99999)
    assert server.requests[0].json() == {'grant_type': 'session', 'expires_in': 99999}
    assert token.extra['lifetime'] == 7200
    assert token.expires_at == clock.now + 7200
    short = eqp.fetch_session_token(make_client(), server.url, APP_ID, APP_SECRET, expires_in=600)
    assert short.expires_at == clock.now + 600


def test_legacy_token_path(server, make_client):
    server.handler = eqp_handler(paths=(eqp.LEGACY_TOKEN_PATH,))
    with pytest.raises(ApiError) as caught:
        eqp.fetch_session_token(make_client(), server.url, APP_ID, APP_SECRET)
    assert caught.value.status == 404
    assert 'token_path' in str(caught.value)
    token = eqp.fetch_session_token(make_client(), server.url, APP_ID, APP_SECRET, token_path=eqp.LEGACY_TOKEN_PATH)
    assert server.requests[-1].path == '/rest/v1/apps/session/token'
    assert token.principal == APP_ID


def test_wrong_secret_is_one_request_with_hint(server, make_client):
    server.handler = eqp_handler()
    wrong = 'ffffffffffffffffffffffffffffffffffffffff'
    with pytest.raises(ApiError) as caught:
        eqp.fetch_session_token(make_client(), server.url, APP_ID, wrong, environment='production')
    text = str(caught.value)
    assert len(server.requests) == 1
    assert caught.value.status == 401
    assert text == ('EQP API (production) at %s/rest/v1/app/session/token answered HTTP 401: '
                    'Invalid application credentials (code 1001) '
                    '(check app_id/app_secret for this environment (sandbox and production keys differ))' % server.url)
    assert wrong not in text
    assert base64.b64encode(('%s:%s' % (APP_ID, wrong)).encode()).decode() not in text


def test_bad_request_is_not_retried(server, make_client):
    server.handler = lambda request: Reply(400, {'code': 1002, 'message': 'grant_type must be session'})
    with pytest.raises(ApiError) as caught:
        eqp.fetch_session_token(make_client(), server.url, APP_ID, APP_SECRET)
    assert len(server.requests) == 1
    assert '(code 1002)' in str(caught.value)


def test_token_post_is_retried_on_503(server, make_client, clock):
    server.queue.append(Reply(503, {'code': 503, 'message': 'busy'}, headers={'Retry-After': '3'}))
    server.handler = eqp_handler()
    token = eqp.fetch_session_token(make_client(), server.url, APP_ID, APP_SECRET)
    assert len(server.requests) == 2
    assert clock.sleeps == [3.0]
    assert token.value


def test_answer_without_ust(server, make_client):
    server.queue.append(Reply(200, {'mage_id': 'MAG1'}))
    with pytest.raises(ApiError) as caught:
        eqp.fetch_session_token(make_client(), server.url, APP_ID, APP_SECRET)
    assert 'no "ust"' in str(caught.value)


def test_html_answer(server, make_client):
    server.queue.append(Reply(200, '<html><head><title>Login</title></head></html>'))
    with pytest.raises(ApiError) as caught:
        eqp.fetch_session_token(make_client(), server.url, APP_ID, APP_SECRET)
    assert 'an HTML page titled "Login"' in str(caught.value)


def test_environments():
    assert eqp.base_url_for('sandbox') == 'https://commercedeveloper-sandbox-api.adobe.com'
    assert eqp.base_url_for('production') == 'https://commercedeveloper-api.adobe.com'
    with pytest.raises(ValueError):
        eqp.base_url_for('staging')
    assert eqp.environment_of('https://commercedeveloper-api.adobe.com/rest/v1') == 'production'
    assert eqp.environment_of('https://developer-stg-api.magento.com') == 'sandbox'
    assert eqp.environment_of('https://developer-api.magento.com:443/') == 'production'
    assert eqp.environment_of('http://127.0.0.1:18081') is None
    assert eqp.resolve('sandbox') == ('sandbox', 'https://commercedeveloper-sandbox-api.adobe.com')
    assert eqp.resolve(None, 'https://commercedeveloper-api.adobe.com/') == ('production', 'https://commercedeveloper-api.adobe.com')
    assert eqp.resolve('sandbox', 'http://127.0.0.1:18081') == ('sandbox', 'http://127.0.0.1:18081')
    with pytest.raises(ValueError):
        eqp.resolve()
