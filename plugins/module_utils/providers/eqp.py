# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Commerce Marketplace EQP: environments and the session token (``ust``).

Plain values in, a Token or an ApiError out; the resource client (users, files, packages)
builds on the same HttpClient.
"""

from __future__ import annotations

import base64

from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError, vendor_message
from ansible_collections.commerceops.api.plugins.module_utils.core.token import Token, clamp_lifetime, url_origin

API = 'eqp'

ENVIRONMENTS = {
    'sandbox': 'https://commercedeveloper-sandbox-api.adobe.com',
    'production': 'https://commercedeveloper-api.adobe.com',
}

# Hosts used before 2023. Still recognised so that a URL names its environment.
LEGACY_BASE_URLS = {
    'sandbox': 'https://developer-stg-api.magento.com',
    'production': 'https://developer-api.magento.com',
}

TOKEN_PATH = '/rest/v1/app/session/token'
# Older vendor docs wrote the plural; it was a documentation error, kept here for users who pass it.
LEGACY_TOKEN_PATH = '/rest/v1/apps/session/token'

# The server clamps larger requests to its maximum silently; this is the documented maximum.
MAX_EXPIRES_IN = 7200

HINTS = {
    400: 'the token request was refused: expires_in must be a number of seconds',
    401: 'check app_id/app_secret for this environment (sandbox and production keys differ)',
    403: 'this application key may not request session tokens',
    404: 'no token route at this URL: check base_url and token_path (today %s)' % TOKEN_PATH,
}


def base_url_for(environment):
    """The base URL of a named environment (``sandbox`` or ``production``)."""
    if environment not in ENVIRONMENTS:
        raise ValueError('unknown EQP environment %r: use one of %s' % (environment, ', '.join(sorted(ENVIRONMENTS))))
    return ENVIRONMENTS[environment]


def environment_of(base_url):
    """``sandbox`` or ``production`` for a known vendor URL (current or legacy), else ``None``."""
    try:
        origin = url_origin(base_url)
    except ValueError:
        return None
    for table in (ENVIRONMENTS, LEGACY_BASE_URLS):
        for name, url in table.items():
            if url_origin(url) == origin:
                return name
    return None


def resolve(environment=None, base_url=None):
    """``(environment, base_url)`` from either; a base URL wins and names its environment when known."""
    if base_url:
        return environment or environment_of(base_url), base_url.rstrip('/')
    if not environment:
        raise ValueError('pass an EQP environment (sandbox or production) or a base_url')
    return environment, base_url_for(environment)


def basic_credentials(app_id, app_secret):
    raw = ('%s:%s' % (app_id, app_secret)).encode('utf-8')
    return 'Basic %s' % base64.b64encode(raw).decode('ascii')


def fetch_session_token(client, base_url, app_id, app_secret, expires_in=None, token_path=TOKEN_PATH, environment=None, now=None):
    """POST the session token request and return the Token (principal = ``app_id``).

    A 401 or any other 4xx is never retried. 429 and 5xx may be: minting a session token twice
    has no effect besides a second valid token.
    """
    base_url = base_url.rstrip('/')
    environment = environment or environment_of(base_url)
    authorization = basic_credentials(app_id, app_secret)
    client.register_secret(app_secret, authorization, authorization.split(' ', 1)[1])
    body = {'grant_type': 'session'}
    if expires_in is not None:
        body['expires_in'] = int(expires_in)
    url = base_url + '/' + (token_path or TOKEN_PATH).lstrip('/')
    started = client.clock() if now is None else now
    response = client.request(
        'POST', url,
        headers={'Authorization': authorization, 'Accept': 'application/json'},
        json=body, idempotent=True, api=API, environment=environment,
    )
    if response.status != 200:
        raise ApiError(api=API, url=url, status=response.status, vendor_message=vendor_message(API, response.body),
                       hint=HINTS.get(response.status), environment=environment, secrets=client.secrets)
    data = response.json()
    value = data.get('ust') if isinstance(data, dict) else None
    if not isinstance(value, str) or not value:
        raise ApiError(api=API, url=url, status=response.status, vendor_message='the answer has no "ust" session token',
                       hint='is token_path right?', environment=environment, secrets=client.secrets)
    # The server always says; if it did not (or said Infinity, NaN, a negative number), assume the shortest
    # lifetime we could have got. The lifetime counts from the local clock before the request was sent, so
    # the expiry is on the controller's clock whatever the server's clock says; it is capped at MAX_TOKEN_LIFETIME.
    lifetime = clamp_lifetime(data.get('expires_in'), min(int(expires_in), MAX_EXPIRES_IN) if expires_in else MAX_EXPIRES_IN)
    extra = {'mage_id': data.get('mage_id'), 'lifetime': int(lifetime), 'environment': environment}
    return Token(value, API, base_url, app_id, started + lifetime, extra)
