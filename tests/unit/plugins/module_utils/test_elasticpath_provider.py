# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json

from urllib.parse import parse_qsl

import pytest

from ansible_collections.commerceops.api.plugins.module_utils.providers import elasticpath
from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError

from ansible_collections.commerceops.api.tests.unit.plugins.module_utils.support_http import Reply

CLIENT_ID = '7d5c2ad6e1f84b0f9e7c3a1b2d4e6f80'
CLIENT_SECRET = '10ca6db555ba6199f5ad64958c65f7371215376a'
ABSOLUTE_EXPIRY = 1700001234


def ep_handler(request):
    if request.path == '/oauth/access_token':
        if (request.header('content-type') or '') != 'application/x-www-form-urlencoded':
            return Reply(400, {'errors': [{'status': 400, 'title': 'Bad Request', 'detail': 'send a form'}]})
        form = dict(parse_qsl(request.body.decode()))
        grant = form.get('grant_type')
        if grant not in ('client_credentials', 'implicit') or not form.get('client_id'):
            return Reply(400, {'errors': [{'status': 400, 'title': 'Bad Request', 'detail': 'grant_type is not supported'}]})
        if form['client_id'] != CLIENT_ID or (grant == 'client_credentials' and form.get('client_secret') != CLIENT_SECRET):
            return Reply(401, {'errors': [{'status': 401, 'title': 'Unauthorized'}]})
        # expires_in deliberately disagrees with expires (a server clock far from ours): the client must use
        # the relative value, counted on its own clock.
        return Reply(200, {'expires': ABSOLUTE_EXPIRY, 'identifier': grant, 'expires_in': 3600,
                           'access_token': '%s-token' % grant, 'token_type': 'Bearer'})
    if request.path == '/v2/customers/tokens':
        if request.header('authorization') != 'Bearer implicit-token':
            return Reply(401, {'errors': [{'status': 401, 'title': 'Unable to validate access token'}]})
        data = json.loads(request.body)['data']
        if (data.get('email'), data.get('password')) != ('shopper@example.com', 'Sh0pper-Passw0rd!'):
            return Reply(401, {'errors': [{'status': 401, 'title': 'Unauthorized', 'detail': 'Invalid email or password'}]})
        return Reply(200, {'data': {'type': 'token', 'id': 'tok-1', 'customer_id': 'cust-1', 'token': 'customer-jwt',
                                    'expires': ABSOLUTE_EXPIRY + 86400}})
    if request.path == '/v2/account-members/tokens':
        data = json.loads(request.body)['data']
        if (data.get('username'), data.get('password')) != ('member@example.com', 'Memb3r-Passw0rd!'):
            return Reply(401, {'errors': [{'status': '401', 'title': 'Unauthorized'}]})
        return Reply(201, {'meta': {'account_member_id': 'member-1'}, 'data': [
            {'type': 'account_management_authentication_token', 'account_id': 'acc-1', 'account_name': 'Example Trading Ltd',
             'token': 'member-jwt-1', 'expires': '2024-06-27T23:45:24.070Z'},
            {'type': 'account_management_authentication_token', 'account_id': 'acc-2', 'account_name': 'Second Ltd',
             'token': 'member-jwt-2', 'expires': '2024-06-28T00:00:00Z'},
        ]})
    return Reply(404, {'errors': [{'status': 404, 'title': 'Not Found'}]})


def test_client_credentials_grant(server, make_client, clock):
    server.handler = ep_handler
    token = elasticpath.fetch_store_token(make_client(), server.url + '/', CLIENT_ID, CLIENT_SECRET)
    assert token.value == 'client_credentials-token'
    assert token.expires_at == clock.now + 3600
    assert token.principal == 'client_credentials:%s' % CLIENT_ID
    assert token.base_url == server.url
    assert token.extra['grant_type'] == 'client_credentials'
    assert token.auth_headers() == {'Authorization': 'Bearer client_credentials-token'}
    form = dict(parse_qsl(server.requests[0].body.decode()))
    assert form == {'grant_type': 'client_credentials', 'client_id': CLIENT_ID, 'client_secret': CLIENT_SECRET}


def test_implicit_grant_sends_no_secret(server, make_client):
    server.handler = ep_handler
    token = elasticpath.fetch_store_token(make_client(), server.url, CLIENT_ID)
    assert token.value == 'implicit-token'
    assert token.principal == 'implicit:%s' % CLIENT_ID
    assert dict(parse_qsl(server.requests[0].body.decode())) == {'grant_type': 'implicit', 'client_id': CLIENT_ID}
    explicit = elasticpath.fetch_store_token(make_client(), server.url, CLIENT_ID, CLIENT_SECRET, grant_type='implicit')
    assert explicit.value == 'implicit-token'
    assert 'client_secret' not in server.requests[1].body.decode()


def test_expiry_falls_back_to_expires_in(server, make_client, clock):
    server.queue.append(Reply(200, {'access_token': 't', 'expires_in': 3600}))
    assert elasticpath.fetch_store_token(make_client(), server.url, CLIENT_ID).expires_at == clock.now + 3600


def test_wrong_secret(server, make_client):
    server.handler = ep_handler
    with pytest.raises(ApiError) as caught:
        elasticpath.fetch_store_token(make_client(), server.url, CLIENT_ID, 'wrong-secret-value')
    text = str(caught.value)
    assert caught.value.status == 401
    assert text == ('Elastic Path API at %s/oauth/access_token answered HTTP 401: Unauthorized '
                    '(check client_id and client_secret for this store and region)' % server.url)
    assert len(server.requests) == 1


def test_bad_request_detail(server, make_client):
    server.queue.append(Reply(400, {'errors': [{'status': '400', 'title': 'Bad Request', 'detail': 'grant_type is not supported'}]}))
    with pytest.raises(ApiError) as caught:
        elasticpath.fetch_store_token(make_client(), server.url, CLIENT_ID)
    assert 'Bad Request: grant_type is not supported' in str(caught.value)


def test_rate_limit_is_honoured(server, make_client, clock):
    server.queue.append(Reply(429, {'errors': [{'status': 429, 'title': 'Too Many Requests'}]}, headers={'Retry-After': '2'}))
    server.handler = ep_handler
    token = elasticpath.fetch_store_token(make_client(), server.url, CLIENT_ID, CLIENT_SECRET)
    assert token.value == 'client_credentials-token'
    assert clock.sleeps == [2.0]


def test_argument_checks(make_client):
    with pytest.raises(ValueError):
        elasticpath.fetch_store_token(make_client(), 'https://x', CLIENT_ID, grant_type='client_credentials')
    with pytest.raises(ValueError):
        elasticpath.fetch_store_token(make_client(), 'https://x', CLIENT_ID, grant_type='password')


def test_customer_token(server, make_client, clock):
    server.handler = ep_handler
    client = make_client()
    store = elasticpath.fetch_store_token(client, server.url, CLIENT_ID)
    token = elasticpath.fetch_customer_token(client, server.url, store, 'shopper@example.com', 'Sh0pper-Passw0rd!')
    assert token.value == 'customer-jwt'
    # Not a JWT, and only an absolute date on the server's clock: the documented lifetime, on ours.
    assert token.expires_at == clock.now + elasticpath.SHOPPER_TOKEN_LIFETIME
    assert token.principal == 'customer:shopper@example.com'
    assert token.extra['header'] == 'X-Moltin-Customer-Token'
    assert token.extra['customer_id'] == 'cust-1'
    assert token.auth_headers() == {'X-Moltin-Customer-Token': 'customer-jwt'}
    request = server.requests[-1]
    assert request.header('authorization') == 'Bearer implicit-token'
    assert request.json() == {'data': {'type': 'token', 'email': 'shopper@example.com', 'password': 'Sh0pper-Passw0rd!'}}


def test_customer_wrong_password(server, make_client):
    server.handler = ep_handler
    with pytest.raises(ApiError) as caught:
        elasticpath.fetch_customer_token(make_client(), server.url, 'implicit-token', 'shopper@example.com', 'nope-nope')
    assert 'Unauthorized: Invalid email or password' in str(caught.value)
    assert 'nope-nope' not in str(caught.value)


def test_account_member_tokens(server, make_client, clock):
    server.handler = ep_handler
    tokens = elasticpath.fetch_account_member_tokens(make_client(), server.url, 'implicit-token', 'profile-1',
                                                     'member@example.com', 'Memb3r-Passw0rd!')
    assert [token.value for token in tokens] == ['member-jwt-1', 'member-jwt-2']
    assert [token.expires_at for token in tokens] == [clock.now + elasticpath.SHOPPER_TOKEN_LIFETIME] * 2
    assert tokens[0].extra == {'header': 'EP-Account-Management-Authentication-Token', 'account_id': 'acc-1',
                               'account_name': 'Example Trading Ltd', 'account_member_id': 'member-1'}
    assert tokens[0].principal == 'account_member:member@example.com'
    body = server.requests[0].json()['data']
    assert body == {'type': 'account_management_authentication_token', 'authentication_mechanism': 'password',
                    'password_profile_id': 'profile-1', 'username': 'member@example.com', 'password': 'Memb3r-Passw0rd!'}


def test_account_member_bad_credentials_status_as_string(server, make_client):
    server.handler = ep_handler
    with pytest.raises(ApiError) as caught:
        elasticpath.fetch_account_member_tokens(make_client(), server.url, 'implicit-token', 'profile-1', 'member@example.com', 'bad')
    assert caught.value.status == 401
    assert 'answered HTTP 401: Unauthorized' in str(caught.value)


def test_regions():
    assert elasticpath.base_url_for('eu-west') == 'https://euwest.api.elasticpath.com'
    assert elasticpath.base_url_for('us-east') == 'https://useast.api.elasticpath.com'
    assert elasticpath.base_url_for('legacy') == 'https://api.moltin.com'
    with pytest.raises(ValueError):
        elasticpath.base_url_for('ap-south')
    assert elasticpath.region_of('https://useast.api.elasticpath.com/v2') == 'us-east'
    assert elasticpath.region_of('https://api.moltin.com') == 'legacy'
    assert elasticpath.region_of('http://127.0.0.1:18084') is None
