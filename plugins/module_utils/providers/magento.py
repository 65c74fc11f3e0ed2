# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Magento 2 / Adobe Commerce: store URLs, admin and customer tokens (with two-factor auth), revocation.

A 401 from a token route is never retried: Magento locks the account after 6 failures, so one
wrong password must cost exactly one request.
"""

from __future__ import annotations

import json
import re

from urllib.parse import quote, urlsplit, urlunsplit

from ansible_collections.commerceops.api.plugins.module_utils.core.bounded_json import loads_bounded
from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError, fill_magento_placeholders, vendor_message
from ansible_collections.commerceops.api.plugins.module_utils.core.token import Token, clamp_lifetime, jwt_claims, jwt_lifetime
from ansible_collections.commerceops.api.plugins.module_utils.core.totp import totp

API = 'magento'
USER_TYPES = ('admin', 'customer')
BODY_FORMATS = ('json', 'xml')
DEFAULT_TOKEN_LIFETIME = 3600

TOKEN_ROUTES = {
    'admin': 'integration/admin/token',
    'customer': 'integration/customer/token',
}
TFA_GOOGLE_ROUTE = 'tfa/provider/google/authenticate'
REVOKE_CUSTOMER_ROUTE = 'integration/customer/revoke-customer-token'

TFA_REQUIRED = 'Please use the 2fa provider-specific endpoints to obtain a token.'
TFA_UNCONFIGURED = 'Please ask an administrator with sufficient access to configure 2FA first'
# Adobe Commerce PaaS with Admin IMS (Magento_AdminAdobeIms) answers the admin token route with this 401.
ADMIN_TOKEN_DISABLED = 'Admin token generation is disabled. Please use Adobe IMS ACCESS_TOKEN.'

HINT_TFA_NEEDED = 'two-factor auth is on for this admin: pass otp or otp_secret'
HINT_WRONG_LOGIN = ('check username and password; Magento locks the account for 30 minutes after 6 failures, '
                    'so this request was not retried')
HINTS_BY_MESSAGE = {
    TFA_UNCONFIGURED: 'two-factor auth is on but no provider is set up for this admin',
    'Invalid code.': 'the one-time code was refused: check otp_secret or pass a fresh otp; this host\'s clock must be right within 30 s',
    'Provider is not configured.': 'set up Google Authenticator for this admin user in the Magento admin first',
    'Provider is not allowed.': 'Google Authenticator is not an allowed two-factor provider on this store',
    'Request does not match any route.': 'check the store URL and store_code (an unknown store code makes every route miss)',
    ADMIN_TOKEN_DISABLED: ('this store signs admins in with Adobe IMS (Admin IMS is on): obtain an IMS token with '
                           'commerceops.api.adobe_ims_token (api ims for the lookup and bearer_uri) instead of an admin token'),
}

_XML_RESPONSE = re.compile(r'<response>(.*?)</response>', re.DOTALL)
_XML_MESSAGE = re.compile(r'<message>(.*?)</message>', re.DOTALL)
_XML_PROVIDER = re.compile(r'<active_providers>(.*?)</active_providers>', re.DOTALL)
_XML_ITEM = re.compile(r'<item>(.*?)</item>', re.DOTALL)


def refused_sign_in(error):
    """Whether a failed sign-in will fail the same way for every host with the same options: a 401 (wrong
    password, locked account, refused two-factor code), or the store asking for a two-factor code that the
    options do not give. The token cache remembers these, so that a run over many hosts tries once."""
    if not isinstance(error, ApiError):
        return False
    return error.status == 401 or (error.status == 400 and error.hint == HINT_TFA_NEEDED)


def normalize_store_url(url):
    """``(rest_base, store_code)`` for any way of writing a store URL.

    ``https://shop``, ``https://shop/index.php``, ``https://shop/rest/``, ``https://shop/index.php/rest/fr``
    and ``https://shop/sub/rest/default/V1`` all work: the REST base ends in ``/rest`` and keeps
    whatever precedes it (``/index.php``, an install subdirectory); a store code written in the URL
    is returned separately. User info, query and fragment are dropped.
    """
    parts = urlsplit(str(url).strip())
    if parts.scheme.lower() not in ('http', 'https') or not parts.hostname:
        raise ValueError('the Magento store URL must be an http(s) URL')
    segments = [segment for segment in parts.path.split('/') if segment]
    store_code = None
    if 'rest' in segments:
        index = segments.index('rest')
        tail = segments[index + 1:]
        segments = segments[:index]
        if tail and tail[0].upper() != 'V1':
            store_code = tail[0]
    path = '/' + '/'.join(segments + ['rest'])
    netloc = parts.netloc.rpartition('@')[2].lower()
    return urlunsplit((parts.scheme.lower(), netloc, path, '', '')), store_code


def endpoint(url, route, store_code=None):
    """Full URL of a ``V1`` route: ``<base>/rest[/<store_code>]/V1/<route>``; ``store_code`` beats one in ``url``."""
    rest_base, url_code = normalize_store_url(url)
    code = store_code or url_code
    route = route.lstrip('/')
    if route[:3].upper() == 'V1/':
        route = route[3:]
    prefix = rest_base + ('/' + quote(code, safe='') if code else '')
    return prefix + '/V1/' + route


def xml_body(fields, root='login'):
    """``<login><username>..</username>...</login>`` with every value escaped."""
    # Imported here: xml.sax costs more to import than the rest of the providers, and few stores want XML.
    from xml.sax.saxutils import escape

    inner = ''.join('<%s>%s</%s>' % (name, escape(str(value)), name) for name, value in fields)
    return '<?xml version="1.0" encoding="UTF-8"?><%s>%s</%s>' % (root, inner, root)


def _post_credentials(client, url, fields, body_format):
    # A 429/502/503/504 means the store did not check the password, so asking again costs nothing.
    # A 401 is never retried, and neither is a connection that broke after the password was sent: the
    # store may have counted that attempt, and six failures lock the account.
    if body_format == 'xml':
        headers = {'Content-Type': 'application/xml', 'Accept': 'application/xml'}
        return client.request('POST', url, headers=headers, data=xml_body(fields), idempotent=True, retry_transport=False, api=API)
    return client.request('POST', url, headers={'Accept': 'application/json'}, json=dict(fields), idempotent=True,
                          retry_transport=False, api=API)


def _xml_text(text):
    return (text.replace('&lt;', '<').replace('&gt;', '>').replace('&quot;', '"')
            .replace('&apos;', "'").replace('&amp;', '&')).strip()


def _raw_error(response):
    """``(message, parameters)`` of a Magento error body, JSON or XML, placeholders still raw."""
    text = response.text
    try:
        data = loads_bounded(text)
    except ValueError:
        match = _XML_MESSAGE.search(text)
        if not match:
            return None, None
        providers = _XML_PROVIDER.search(text)
        parameters = {'active_providers': [_xml_text(item) for item in _XML_ITEM.findall(providers.group(1))]} if providers else None
        return _xml_text(match.group(1)), parameters
    if isinstance(data, dict) and isinstance(data.get('message'), str):
        return data['message'], data.get('parameters')
    return None, None


def _error(client, response, url, hint=None):
    message, parameters = _raw_error(response)
    if hint is None and message is not None:
        hint = HINTS_BY_MESSAGE.get(message) or HINTS_BY_MESSAGE.get(fill_magento_placeholders(message, parameters))
    if hint is None and response.status == 401:
        hint = HINT_WRONG_LOGIN
    return ApiError(api=API, url=url, status=response.status, vendor_message=vendor_message(API, response.body),
                    hint=hint, secrets=client.secrets)


def parse_token_body(response):
    """The token from a 200 answer: a JSON string, or ``<response>TOKEN</response>`` in XML."""
    text = response.text.strip()
    if text.startswith('"'):
        try:
            value = json.loads(text)
        except ValueError:
            value = None
    else:
        match = _XML_RESPONSE.search(text)
        value = _xml_text(match.group(1)) if match else None
    if not isinstance(value, str) or not value:
        raise ApiError(api=API, url=response.url, status=response.status,
                       vendor_message='the answer is not a token (expected a JSON string or <response>TOKEN</response>)',
                       hint='is the store URL right?', secrets=response.secrets)
    return value


def _token(response, rest_base, user_type, username, store_code, now, token_lifetime, two_factor):
    value = parse_token_body(response)
    extra = {'user_type': user_type, 'store_code': store_code, 'jwt': jwt_claims(value) is not None, 'two_factor': two_factor}
    # A JWT's ``exp - iat`` is its lifetime; ``exp`` alone is a date on the store's clock, and with the
    # controller's clock hours apart it would make every token look expired (a sign-in per task) or alive
    # after its end. Magento does not say when an opaque token ends: the configured lifetime decides.
    lifetime = clamp_lifetime(jwt_lifetime(value), float(token_lifetime or DEFAULT_TOKEN_LIFETIME))
    return Token(value, API, rest_base, '%s:%s' % (user_type, username), now + lifetime, extra)


def fetch_token(client, url, user_type, username, password, otp=None, otp_secret=None, store_code=None,
                body_format='json', token_lifetime=DEFAULT_TOKEN_LIFETIME, now=None):
    """An admin or customer token, through two-factor auth when the store asks for it.

    Admins: ``/V1/integration/admin/token`` first; on the 2FA answer, ``/V1/tfa/provider/google/authenticate``
    with ``otp`` or a TOTP computed from ``otp_secret``. The expiry is ``now`` (the local clock before the
    request) plus the JWT's ``exp - iat`` when the token is a JWT with both, else plus ``token_lifetime``.
    """
    if user_type not in USER_TYPES:
        raise ValueError('user_type must be admin or customer')
    if body_format not in BODY_FORMATS:
        raise ValueError('body_format must be json or xml')
    if user_type == 'customer' and (otp or otp_secret):
        raise ValueError('otp and otp_secret apply to admin users only')
    client.register_secret(password, otp_secret, otp)
    now = client.clock() if now is None else now
    rest_base, url_code = normalize_store_url(url)
    store_code = store_code or url_code
    credentials = [('username', username), ('password', password)]

    token_url = endpoint(url, TOKEN_ROUTES[user_type], store_code)
    response = _post_credentials(client, token_url, credentials, body_format)
    if response.status == 200:
        return _token(response, rest_base, user_type, username, store_code, now, token_lifetime, False)
    message, parameters = _raw_error(response)
    if user_type != 'admin' or response.status != 400 or message != TFA_REQUIRED:
        raise _error(client, response, token_url)

    if not (otp or otp_secret):
        raise _error(client, response, token_url, hint=HINT_TFA_NEEDED)
    providers = parameters.get('active_providers') if isinstance(parameters, dict) else None
    if providers and 'google' not in providers:
        raise _error(client, response, token_url,
                     hint='this admin\'s two-factor providers are %s; only google (TOTP) is supported' % ', '.join(map(str, providers)))
    code = str(otp) if otp else totp(otp_secret, now)
    client.register_secret(code)
    tfa_url = endpoint(url, TFA_GOOGLE_ROUTE, store_code)
    response = _post_credentials(client, tfa_url, credentials + [('otp', code)], body_format)
    if response.status == 200:
        return _token(response, rest_base, user_type, username, store_code, now, token_lifetime, True)
    raise _error(client, response, tfa_url)


def revoke_customer_token(client, url, token, store_code=None):
    """Revoke every token of the customer the given token belongs to (Magento 2.4.6+); returns True."""
    value = token.value if isinstance(token, Token) else token
    client.register_secret(value)
    revoke_url = endpoint(url, REVOKE_CUSTOMER_ROUTE, store_code)
    response = client.request('POST', revoke_url, headers={'Authorization': 'Bearer %s' % value, 'Accept': 'application/json'},
                              idempotent=True, api=API)
    if response.status == 200:
        return True
    hints = {
        401: 'the customer token is not valid (already revoked or expired), or it is not a customer token',
        404: 'this store has no revoke route (it needs Magento 2.4.6 or later)',
    }
    raise _error(client, response, revoke_url, hint=hints.get(response.status))
