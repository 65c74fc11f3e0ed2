# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Adobe IMS provider against a scripted IMS (contract adobe_ims.md section 1)."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from ansible_collections.commerceops.api.plugins.module_utils.providers import adobe_ims
from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError

from ansible_collections.commerceops.api.tests.unit.plugins.module_utils.support_http import Reply

CLIENT_ID = 'f01uesri3z1yat2n4fx9loxddb89w6yy'
SECRET = 'p8e-2aj1rhwvxbf42nsfax3iygfpirc8uvbz'
BASE = 'https://na1.api.commerce.adobe.com/tenant1'


def ims_handler(request):
    if request.method != 'POST' or request.path != '/ims/token/v3':
        return Reply(404, {'error': 'not_found'})
    form = dict(parse_qsl(request.body.decode()))
    if form.get('client_id') != CLIENT_ID:
        return Reply(400, {'error': 'invalid_client', 'error_description': 'invalid client_id parameter'})
    if form.get('client_secret') != SECRET:
        return Reply(400, {'error': 'invalid_client', 'error_description': 'invalid client_secret parameter'})
    if form.get('grant_type') != 'client_credentials' or ' ' in form.get('scope', ''):
        return Reply(400, {'error': 'invalid_request'})
    return Reply(200, {'access_token': 'ims.jwt.token', 'token_type': 'bearer', 'expires_in': 86399})


def test_token_with_comma_separated_scopes_and_headers(server, make_client, clock):
    server.handler = ims_handler
    token = adobe_ims.fetch_token(make_client(), server.url + '/', CLIENT_ID, SECRET, adobe_ims.DEFAULT_SCOPES, BASE + '/',
                                  org_id='ORG@AdobeOrg')
    form = dict(parse_qsl(server.requests[0].body.decode()))
    assert form['scope'] == 'AdobeID,openid,email,profile,additional_info.roles,additional_info.projectedProductContext,commerce.accs'
    assert server.requests[0].header('content-type') == 'application/x-www-form-urlencoded'
    # The secret travels in the body only.
    assert SECRET not in server.requests[0].path
    assert token.value == 'ims.jwt.token' and token.api == 'ims' and token.base_url == BASE
    assert token.expires_at == clock() + 86399
    assert token.auth_headers() == {'Authorization': 'Bearer ims.jwt.token', 'x-api-key': CLIENT_ID, 'x-gw-ims-org-id': 'ORG@AdobeOrg'}


def test_no_org_header_without_org_id(server, make_client):
    server.handler = ims_handler
    token = adobe_ims.fetch_token(make_client(), server.url, CLIENT_ID, SECRET, ['openid'], BASE)
    assert token.auth_headers() == {'Authorization': 'Bearer ims.jwt.token', 'x-api-key': CLIENT_ID}


def test_wrong_secret_is_one_request_one_line_without_the_secret(server, make_client):
    server.handler = ims_handler
    wrong = 'wrong-secret-0123456789abcdef'
    with pytest.raises(ApiError) as caught:
        adobe_ims.fetch_token(make_client(), server.url, CLIENT_ID, wrong, ['openid'], BASE)
    message = str(caught.value)
    assert 'invalid_client: invalid client_secret parameter' in message
    assert 'Adobe Developer Console' in message
    assert wrong not in message and '\n' not in message
    assert caught.value.status == 400
    assert len(server.requests) == 1


def test_throttled_token_request_is_retried(server, make_client):
    answers = [Reply(429, {'error': 'throttled'}, headers={'Retry-After': '1'})]
    server.handler = lambda request: answers.pop(0) if answers else ims_handler(request)
    token = adobe_ims.fetch_token(make_client(), server.url, CLIENT_ID, SECRET, ['openid'], BASE)
    assert token.value == 'ims.jwt.token'
    assert len(server.requests) == 2


def test_missing_expires_in_falls_back_to_a_day(server, make_client, clock):
    server.handler = lambda request: Reply(200, {'access_token': 'tok', 'token_type': 'bearer'})
    token = adobe_ims.fetch_token(make_client(), server.url, CLIENT_ID, SECRET, ['openid'], BASE)
    assert token.expires_at == clock() + adobe_ims.DEFAULT_LIFETIME
