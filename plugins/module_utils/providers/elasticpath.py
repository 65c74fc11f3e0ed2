# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Elastic Path Commerce Cloud: store access tokens and shopper tokens (customer, account member).

The form body of a token request holds the client secret: it is never logged, and the secret is
registered for redaction before anything is sent.
"""

from __future__ import annotations

from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError, vendor_message
from ansible_collections.commerceops.api.plugins.module_utils.core.token import Token, clamp_lifetime, jwt_lifetime, url_origin

API = 'commerce'

REGIONS = {
    'eu-west': 'https://euwest.api.elasticpath.com',
    'us-east': 'https://useast.api.elasticpath.com',
}
# Deprecated host of the Moltin days; still answers for old stores.
LEGACY_BASE_URL = 'https://api.moltin.com'

TOKEN_PATH = '/oauth/access_token'
CUSTOMER_TOKEN_PATH = '/v2/customers/tokens'
ACCOUNT_MEMBER_TOKEN_PATH = '/v2/account-members/tokens'

GRANT_TYPES = ('client_credentials', 'implicit')
CUSTOMER_TOKEN_HEADER = 'X-Moltin-Customer-Token'
ACCOUNT_TOKEN_HEADER = 'EP-Account-Management-Authentication-Token'

# Used only when an answer carries no ``expires_in`` and the token is no JWT: the documented lifetime.
STORE_TOKEN_LIFETIME = 3600
SHOPPER_TOKEN_LIFETIME = 86400

STORE_HINTS = {
    400: 'the token request was refused: check client_id and grant_type',
    401: 'check client_id and client_secret for this store and region',
    404: 'no token route at this URL: base_url must be the API host (for example %s)' % REGIONS['eu-west'],
}
SHOPPER_HINTS = {
    400: 'the shopper token request was refused: check the login fields',
    401: 'check the shopper\'s login and password, and that the store token is an implicit token of the same store',
    403: 'the store token may not create shopper tokens',
    404: 'no such route: check base_url and, for account members, password_profile_id',
}


def base_url_for(region):
    """The API host of a region (``eu-west``, ``us-east``) or ``legacy``."""
    if region == 'legacy':
        return LEGACY_BASE_URL
    if region not in REGIONS:
        raise ValueError('unknown Elastic Path region %r: use one of %s, or legacy' % (region, ', '.join(sorted(REGIONS))))
    return REGIONS[region]


def region_of(base_url):
    """The region name of a known API host, ``legacy`` for the old host, else ``None``."""
    try:
        origin = url_origin(base_url)
    except ValueError:
        return None
    for name, url in REGIONS.items():
        if url_origin(url) == origin:
            return name
    return 'legacy' if url_origin(LEGACY_BASE_URL) == origin else None


def _fail(client, response, url, hints):
    return ApiError(api=API, url=url, status=response.status, vendor_message=vendor_message(API, response.body),
                    hint=hints.get(response.status), secrets=client.secrets)


def _malformed(client, response, url, what):
    return ApiError(api=API, url=url, status=response.status, vendor_message='the answer has no %s' % what,
                    hint='is base_url the API host?', secrets=client.secrets)


def _expiry(data, now, lifetime, token=None):
    """The expiry on the controller's clock: ``now`` (local, taken before the request) plus a lifetime.

    The lifetime is ``expires_in``, else the token's own ``exp - iat`` when it is a JWT, else the documented
    ``lifetime``; capped at MAX_TOKEN_LIFETIME. The absolute ``expires`` of the answer is a date on the
    server's clock: with the controller's clock hours apart it would make every token look expired (a
    request per task) or alive long after its end, so it is not used.
    """
    relative = data.get('expires_in')
    if isinstance(relative, bool) or not isinstance(relative, (int, float)) or relative <= 0:
        relative = jwt_lifetime(token)
    return now + clamp_lifetime(relative, lifetime)


def fetch_store_token(client, base_url, client_id, client_secret=None, grant_type=None, now=None):
    """A store access token: ``client_credentials`` when a secret is given, else ``implicit``.

    The principal is ``<grant_type>:<client_id>`` so that the two grants of one client never share
    a cache entry.
    """
    grant_type = grant_type or ('client_credentials' if client_secret else 'implicit')
    if grant_type not in GRANT_TYPES:
        raise ValueError('grant_type must be client_credentials or implicit')
    if grant_type == 'client_credentials' and not client_secret:
        raise ValueError('the client_credentials grant needs client_secret')
    client.register_secret(client_secret)
    base_url = base_url.rstrip('/')
    now = client.clock() if now is None else now
    form = [('grant_type', grant_type), ('client_id', client_id)]
    if grant_type == 'client_credentials':
        form.append(('client_secret', client_secret))
    url = base_url + TOKEN_PATH
    response = client.request('POST', url, headers={'Accept': 'application/json'}, form=form, idempotent=True, api=API)
    if response.status != 200:
        raise _fail(client, response, url, STORE_HINTS)
    data = response.json()
    value = data.get('access_token') if isinstance(data, dict) else None
    if not isinstance(value, str) or not value:
        raise _malformed(client, response, url, 'access_token')
    extra = {'grant_type': grant_type, 'identifier': data.get('identifier'), 'token_type': data.get('token_type') or 'Bearer',
             'client_id': client_id}
    return Token(value, API, base_url, '%s:%s' % (grant_type, client_id), _expiry(data, now, STORE_TOKEN_LIFETIME, value), extra)


def _store_bearer(client, store_token):
    value = store_token.value if isinstance(store_token, Token) else store_token
    if not value:
        raise ValueError('a store token is needed (an implicit token for shopper logins)')
    client.register_secret(value)
    return {'Authorization': 'Bearer %s' % value, 'Accept': 'application/json'}


def fetch_customer_token(client, base_url, store_token, email, password, now=None):
    """A customer token (24 h), sent later as ``X-Moltin-Customer-Token`` next to the store token."""
    client.register_secret(password)
    base_url = base_url.rstrip('/')
    now = client.clock() if now is None else now
    url = base_url + CUSTOMER_TOKEN_PATH
    body = {'data': {'type': 'token', 'email': email, 'password': password}}
    response = client.request('POST', url, headers=_store_bearer(client, store_token), json=body, idempotent=True, api=API)
    if response.status not in (200, 201):
        raise _fail(client, response, url, SHOPPER_HINTS)
    payload = response.json()
    data = payload.get('data') if isinstance(payload, dict) else None
    value = data.get('token') if isinstance(data, dict) else None
    if not isinstance(value, str) or not value:
        raise _malformed(client, response, url, 'data.token')
    extra = {'header': CUSTOMER_TOKEN_HEADER, 'customer_id': data.get('customer_id'), 'token_id': data.get('id')}
    return Token(value, API, base_url, 'customer:%s' % email, _expiry(data, now, SHOPPER_TOKEN_LIFETIME, value), extra)


def fetch_account_member_tokens(client, base_url, store_token, password_profile_id, username, password, now=None):
    """One account-management token per account of the member, sent as ``EP-Account-Management-Authentication-Token``."""
    client.register_secret(password)
    base_url = base_url.rstrip('/')
    now = client.clock() if now is None else now
    url = base_url + ACCOUNT_MEMBER_TOKEN_PATH
    body = {'data': {
        'type': 'account_management_authentication_token',
        'authentication_mechanism': 'password',
        'password_profile_id': password_profile_id,
        'username': username,
        'password': password,
    }}
    response = client.request('POST', url, headers=_store_bearer(client, store_token), json=body, idempotent=True, api=API)
    if response.status not in (200, 201):
        raise _fail(client, response, url, SHOPPER_HINTS)
    payload = response.json()
    items = payload.get('data') if isinstance(payload, dict) else None
    if not isinstance(items, list):
        raise _malformed(client, response, url, 'data list')
    meta = payload.get('meta') if isinstance(payload.get('meta'), dict) else {}
    tokens = []
    for item in items:
        value = item.get('token') if isinstance(item, dict) else None
        if not isinstance(value, str) or not value:
            raise _malformed(client, response, url, 'token in every data item')
        extra = {
            'header': ACCOUNT_TOKEN_HEADER,
            'account_id': item.get('account_id'),
            'account_name': item.get('account_name'),
            'account_member_id': meta.get('account_member_id'),
        }
        tokens.append(Token(value, API, base_url, 'account_member:%s' % username, _expiry(item, now, SHOPPER_TOKEN_LIFETIME, value), extra))
    return tokens
