# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Magento integrations (System > Extensions > Integrations): a credential that signs requests, not a token.

An integration has four values. Since Magento 2.4.4 every request must be signed with OAuth 1.0a
HMAC-SHA256 (``magento_oauth1``), unless the store sets ``oauth/consumer/enable_integration_as_bearer``,
in which case the access token alone works as a Bearer token (``as_bearer``). Nothing is fetched, so
nothing is cached: ``check`` makes one signed request to a cheap admin route to prove the values work.
"""

from __future__ import annotations

import hashlib
import json

from ansible_collections.commerceops.api.plugins.module_utils.providers import magento_oauth1
from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError, vendor_message
from ansible_collections.commerceops.api.plugins.module_utils.core.token import Token, url_origin

API = 'magento'
FIELDS = ('consumer_key', 'consumer_secret', 'access_token', 'access_token_secret')
# Cheap, read-only, and protected (Magento_Backend::store): it proves the signature and the integration's state.
CHECK_ROUTE = 'store/storeConfigs'
AUTH_OAUTH1 = 'oauth1'
AUTH_BEARER = 'integration_bearer'

NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."
HINTS = {
    'Consumer key is not the correct length': 'consumer_key must be the 32-character consumer key of the integration',
    'A consumer having the specified key does not exist': 'no integration has this consumer_key on this store',
    'Specified token does not exist': 'access_token is not a token of this store',
    'Token is not associated with the specified consumer': 'access_token belongs to another integration than consumer_key',
    'Token is not an access token': 'the integration was never activated: activate it in the admin to get an access token',
    'Access token has been revoked': 'the integration\'s access token was revoked: reauthorize the integration and use its new values',
    'An error occurred validating the nonce': 'this host\'s clock is more than 10 minutes ahead of the store\'s: fix its time (NTP)',
    'The token length is invalid. Check the length and try again.': 'access_token must be the 32-character access token of the integration',
}


class Integration:
    """The four values of one integration, the store they are for, and how requests carry them."""

    def __init__(self, rest_base, store_code, consumer_key, consumer_secret, access_token, access_token_secret, as_bearer=False):
        self.rest_base = rest_base
        self.store_code = store_code
        self.consumer_key = consumer_key
        self.consumer_secret = consumer_secret
        self.access_token = access_token
        self.access_token_secret = access_token_secret
        self.as_bearer = bool(as_bearer)

    def __repr__(self):
        # Never a secret: a repr ends up in tracebacks and logs.
        return '<Integration %s %s %s>' % (self.rest_base, self.principal, self.auth_type)

    @property
    def fingerprint(self):
        """Names the integration in results and logs: all four values stay out of every output."""
        return fingerprint(self.consumer_key)

    @property
    def principal(self):
        return 'integration:%s' % self.fingerprint

    @property
    def auth_type(self):
        return AUTH_BEARER if self.as_bearer else AUTH_OAUTH1

    @property
    def secrets(self):
        return [self.consumer_key, self.consumer_secret, self.access_token, self.access_token_secret]

    def headers(self, method, url, body=None, content_type=None):
        """The Authorization header of one request: signed (a fresh nonce each call), or the token as Bearer.

        MagentoQuirkError (a ValueError) for a request Magento cannot verify however it is signed.
        """
        if self.as_bearer:
            return {'Authorization': 'Bearer %s' % self.access_token}
        return {'Authorization': magento_oauth1.authorization_header(
            method, url, self.consumer_key, self.consumer_secret, self.access_token, self.access_token_secret,
            body=body, content_type=content_type)}

    def token(self):
        """A Token that stands for the integration: no expiry (never cached), the access token as its value."""
        extra = {'auth_type': self.auth_type, 'integration': self.fingerprint, 'store_code': self.store_code}
        return Token(self.access_token, API, self.rest_base, self.principal, None, extra)

    def to_result(self):
        """The credential dict front ends return: who and where, never a secret (bearer_uri finds those itself)."""
        return {'api': API, 'base_url': self.rest_base, 'origin': url_origin(self.rest_base), 'principal': self.principal,
                'auth_type': self.auth_type, 'integration': self.fingerprint, 'store_code': self.store_code,
                'expires_at': None, 'expires_in': None}


def fingerprint(consumer_key):
    """16 hex digits of SHA-256 of the consumer key: tells integrations apart without showing the key."""
    return hashlib.sha256(str(consumer_key).encode('utf-8')).hexdigest()[:16]


def _message(response):
    try:
        data = json.loads(response.text)
    except ValueError:
        return None
    return data.get('message') if isinstance(data, dict) else None


def failure_hint(integration, url, message):
    """What to do about a refused integration request, from Magento's raw message."""
    if message == magento_oauth1.SIGNATURE_INVALID:
        return magento_oauth1.signature_failure_hint(url)
    if message == NOT_AUTHORIZED:
        if integration.as_bearer:
            return ('the store did not take the access token as a Bearer token: oauth/consumer/enable_integration_as_bearer is '
                    'off (the default since 2.4.4), so leave integration_as_bearer false and let requests be signed; or the '
                    'integration is inactive or lacks the resource')
        return 'the integration is inactive, or its API resources do not include the one named'
    return HINTS.get(message)


def check(client, integration, endpoint_url):
    """One signed GET of ``endpoint_url`` (the store's storeConfigs); ApiError naming the cause when refused."""
    client.register_secret(*integration.secrets)
    # Signed anew for each attempt: the store refuses a nonce it has seen, so a retry after a 429 or 503
    # with the first signature would be refused as a replay.
    response = client.request('GET', endpoint_url, headers={'Accept': 'application/json'}, api=API,
                              sign=lambda: integration.headers('GET', endpoint_url))
    if response.ok:
        return True
    raise ApiError(api=API, url=endpoint_url, status=response.status, vendor_message=vendor_message(API, response.body),
                   hint=failure_hint(integration, endpoint_url, _message(response)), secrets=client.secrets)
