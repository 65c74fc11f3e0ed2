# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""bearer_uri with a Magento integration: each request gets its own Authorization header.

An integration is not a token: with OAuth 1.0a the header depends on the method, the URL (query included)
and a form body, and holds a fresh nonce, so it is computed for every attempt. The credential comes from
``auth`` (the four values, else the ``commerceops_magento_*`` variables) or from the credential dict of
``magento_integration_token`` or the lookup, which names the integration but holds no secret: its secrets
come from the same variables, and must be of the integration the dict names.
"""

from __future__ import annotations

from ansible_collections.commerceops.api.plugins.module_utils.providers.magento_integration import AUTH_BEARER, AUTH_OAUTH1, FIELDS, fingerprint
from ansible_collections.commerceops.api.plugins.module_utils.obtain import complete_options, magento_integration_of
from ansible_collections.commerceops.api.plugins.plugin_utils.uri_token import BearerToken, TokenError
from ansible_collections.commerceops.api.plugins.plugin_utils.variables import options_from_vars

FORM_TYPE = 'application/x-www-form-urlencoded'


class SignedCredential(BearerToken):
    """A BearerToken whose header is made per request by a Magento Integration; it is never renewed."""

    def __init__(self, integration, source):
        super().__init__(integration.access_token, 'Authorization', integration.token().origin, integration.principal,
                         None, integration.secrets, source=source)
        self.integration = integration

    def __repr__(self):
        return '<SignedCredential %s for %s>' % (self.integration.auth_type, self.origin)

    def carried(self, method, url, body=None, content_type=None, scheme=None):
        """The Authorization header of this request (the auth_scheme option does not apply)."""
        if content_type and not str(content_type).lower().startswith(FORM_TYPE):
            # Only a form body is signed; Magento signs no other body.
            body = None
        return self.integration.headers(method, url, body=body, content_type=content_type)


def is_integration_dict(value):
    return isinstance(value, dict) and value.get('api') == 'magento' and value.get('auth_type') in (AUTH_OAUTH1, AUTH_BEARER)


def _integration(options):
    try:
        integration = magento_integration_of(complete_options('magento', options))
    except ValueError as error:
        raise TokenError('auth: %s' % error)
    if integration is None:
        raise TokenError('auth: no integration values')
    return integration


def from_auth(auth, variables, template=None, connection=None):
    """The SignedCredential of ``auth`` (api magento); what it leaves out comes from the ``commerceops_magento_*``
    variables. ``None`` when neither gives an integration value: then it is a user's sign-in."""
    options = options_from_vars('magento', variables, template=template)
    options.update(connection or {})
    options.update((name, value) for name, value in auth.items() if name != 'api')
    if not any(options.get(name) for name in FIELDS):
        return None
    return SignedCredential(_integration(options), 'auth')


def from_dict(value, variables, template=None, connection=None):
    """The SignedCredential of a credential dict: its secrets from the ``commerceops_magento_*`` variables."""
    options = options_from_vars('magento', variables, template=template)
    options.update(connection or {})
    options.setdefault('url', value.get('base_url'))
    options['integration_as_bearer'] = value['auth_type'] == AUTH_BEARER
    if not all(options.get(name) for name in FIELDS):
        raise TokenError('token: a Magento integration dict holds no secret; set the commerceops_magento_consumer_key, '
                         '_consumer_secret, _access_token and _access_token_secret variables, or pass auth instead')
    if fingerprint(options['consumer_key']) != value.get('integration'):
        raise TokenError('token: the commerceops_magento_* variables hold another integration than the dict names')
    credential = SignedCredential(_integration(options), 'token')
    if credential.origin != value.get('origin'):
        raise TokenError('token: the commerceops_magento_url variable is on %s, the dict on %s' % (credential.origin, value.get('origin')))
    return credential
