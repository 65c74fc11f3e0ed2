# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Magento integrations through obtain: option rules, the signed check and what each refusal says."""

from __future__ import annotations

import json

import pytest

from oauthlib.oauth1.rfc5849.utils import parse_authorization_header

from ansible_collections.commerceops.api.plugins.module_utils.providers import magento_integration
from ansible_collections.commerceops.api.plugins.module_utils import obtain
from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError

from ansible_collections.commerceops.api.tests.unit.plugins.module_utils.support_http import Reply

VALUES = dict(consumer_key='k' * 32, consumer_secret='s' * 32, access_token='t' * 32, access_token_secret='u' * 32)


def options(url, **changes):
    opts = dict(VALUES, url=url, cache=False)
    opts.update(changes)
    return opts


def test_all_four_values_or_none():
    with pytest.raises(ValueError, match='missing: access_token_secret'):
        obtain.magento_integration_of(obtain.complete_options('magento', options('https://shop', access_token_secret=None)))
    with pytest.raises(ValueError, match='missing required options for the magento API: set username .*; password .*; '
                                         'or, instead of username and password, give consumer_key, consumer_secret, '
                                         'access_token, access_token_secret$'):
        obtain.complete_options('magento', {'url': 'https://shop'})


def test_integration_wins_over_a_user_and_is_never_cached():
    complete = obtain.complete_options('magento', options('https://shop.example.com/index.php', username='admin', password='pw'))
    token = obtain.obtain_token('magento', complete)
    assert token.extra['auth_type'] == 'oauth1'
    assert token.base_url == 'https://shop.example.com/index.php/rest'
    assert token.expires_at is None
    result = obtain.magento_integration_of(complete).to_result()
    assert not set(VALUES.values()) & set(map(str, result.values()))
    assert result['integration'] == magento_integration.fingerprint('k' * 32)


def test_check_signs_one_request(server):
    server.handler = lambda request: Reply(200, [{'code': 'default'}])
    integration = obtain.check_magento_integration(options(server.url, store_code='fr'))
    assert integration.auth_type == 'oauth1'
    [request] = server.requests
    assert request.path == '/rest/fr/V1/store/storeConfigs'
    params = dict(parse_authorization_header(request.header('authorization')))
    assert params['oauth_signature_method'] == 'HMAC-SHA256' and params['oauth_consumer_key'] == 'k' * 32


def test_check_signs_a_retry_anew(server):
    """A retried check carries a new nonce: the store refuses one it has seen."""
    replies = [Reply(503, b'{}', headers={'Retry-After': '0'}), Reply(200, [])]
    server.handler = lambda request: replies.pop(0)
    obtain.check_magento_integration(options(server.url, retries=1))
    nonces = [dict(parse_authorization_header(request.header('authorization')))['oauth_nonce'] for request in server.requests]
    assert len(nonces) == 2 and nonces[0] != nonces[1]


def test_check_as_bearer_sends_the_token(server):
    server.handler = lambda request: Reply(200, [])
    obtain.check_magento_integration(options(server.url, integration_as_bearer=True))
    assert server.requests[0].header('authorization') == 'Bearer ' + 't' * 32


@pytest.mark.parametrize('message, bearer, words', [
    ('Access token has been revoked', False, 'reauthorize the integration'),
    ("The consumer isn't authorized to access %resources.", False, 'inactive'),
    ("The consumer isn't authorized to access %resources.", True, 'enable_integration_as_bearer is off'),
    ('An error occurred validating the nonce', False, 'clock'),
    ('The signature is invalid. Verify and try again.', False, 'offloader'),
])
def test_refusals_say_why_without_secrets(server, message, bearer, words):
    body = {'message': message}
    if '%resources' in message:
        body['parameters'] = {'resources': 'Magento_Backend::store'}
    server.handler = lambda request: Reply(401, json.dumps(body).encode())
    with pytest.raises(ApiError) as caught:
        obtain.check_magento_integration(options(server.url, integration_as_bearer=bearer))
    text = str(caught.value)
    assert words in text
    assert not [value for value in VALUES.values() if value in text]
