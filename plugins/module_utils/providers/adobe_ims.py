# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Adobe IMS: server-to-server (client_credentials) access tokens for Adobe Commerce (shared/contracts/adobe_ims.md).

One form POST to ``<ims_url>/ims/token/v3``; the secret goes in the body, never in the URL. The token is
then sent as ``Authorization: Bearer`` together with ``x-api-key: <client_id>`` (and ``x-gw-ims-org-id``
when an org is named) to the Commerce REST base URL the user named, which is the token's ``base_url``.
IMS answers bad client credentials with 400 ``invalid_client`` (not 401); such an answer is never retried.
"""

from __future__ import annotations

import json

from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError, summarize_body
from ansible_collections.commerceops.api.plugins.module_utils.core.token import Token

API = 'ims'
DEFAULT_IMS_URL = 'https://ims-na1.adobelogin.com'
TOKEN_PATH = '/ims/token/v3'
# The scopes Adobe lists as required for the Commerce (as a Cloud Service) REST API.
DEFAULT_SCOPES = ('AdobeID', 'openid', 'email', 'profile', 'additional_info.roles',
                  'additional_info.projectedProductContext', 'commerce.accs')
# IMS says "24 hours" and answers 86399; used only when an answer carries no expires_in.
DEFAULT_LIFETIME = 86399

API_KEY_HEADER = 'x-api-key'
ORG_HEADER = 'x-gw-ims-org-id'

HINTS = {
    'invalid_client': 'check client_id and client_secret of the OAuth server-to-server credential in the Adobe Developer Console',
    'invalid_scope': 'scopes lists a scope the credential\'s project does not have; the Commerce default is %s' % ','.join(DEFAULT_SCOPES),
    'unsupported_grant_type': 'the credential must be of the OAuth server-to-server type (client_credentials)',
}


def refused_credential(error):
    """Whether IMS refused the credential itself (400 ``invalid_client``), so every host would be refused alike:
    the token cache remembers it, and the same client id and secret are not sent again this run."""
    return (isinstance(error, ApiError) and error.status in (400, 401)
            and (error.vendor_message or '').startswith('invalid_client'))


def _ims_error(response):
    """``(error, description)`` of an IMS error body; ``(None, summary)`` for anything else."""
    try:
        data = json.loads(response.text)
    except ValueError:
        return None, summarize_body(response.body)
    if isinstance(data, dict) and isinstance(data.get('error'), str):
        return data['error'], str(data.get('error_description') or data['error'])
    return None, summarize_body(response.body)


def fetch_token(client, ims_url, client_id, client_secret, scopes, base_url, org_id=None, now=None):
    """An IMS access token for ``base_url``, valid ``expires_in`` seconds (the JSON field is in seconds).

    Scopes are joined with commas, as IMS wants them. Raises ApiError (one redacted line) otherwise.
    """
    if not client_id or not client_secret:
        raise ValueError('client_id and client_secret are required')
    if not scopes:
        raise ValueError('scopes must name at least one scope')
    client.register_secret(client_secret)
    now = client.clock() if now is None else now
    url = ims_url.rstrip('/') + TOKEN_PATH
    form = [('grant_type', 'client_credentials'), ('client_id', client_id), ('client_secret', client_secret),
            ('scope', ','.join(scopes))]
    # A 400/401 means IMS looked at the secret: asking again changes nothing. 429 and 5xx are retried.
    response = client.request('POST', url, headers={'Accept': 'application/json'}, form=form, idempotent=True, api=API)
    if response.status != 200:
        error, description = _ims_error(response)
        message = '%s: %s' % (error, description) if error else description
        raise ApiError(api=API, url=url, status=response.status, vendor_message=message, hint=HINTS.get(error),
                       secrets=client.secrets)
    data = response.json()
    value = data.get('access_token') if isinstance(data, dict) else None
    if not isinstance(value, str) or not value:
        raise ApiError(api=API, url=url, status=response.status, vendor_message='the answer has no access_token',
                       hint='is ims_url the IMS host (for example %s)?' % DEFAULT_IMS_URL, secrets=client.secrets)
    lifetime = data.get('expires_in')
    if isinstance(lifetime, bool) or not isinstance(lifetime, (int, float)) or lifetime <= 0:
        lifetime = DEFAULT_LIFETIME
    headers = {API_KEY_HEADER: client_id}
    if org_id:
        headers[ORG_HEADER] = org_id
    extra = {'client_id': client_id, 'org_id': org_id, 'scopes': list(scopes), 'ims_url': ims_url.rstrip('/'),
             'headers': headers}
    return Token(value, API, base_url.rstrip('/'), 'client:%s' % client_id, now + float(lifetime), extra)
