# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The token of a bearer_uri task: from ``token`` or ``auth``, the header that carries it, the origin it
belongs to, and whether and how it is replaced once after an HTTP 401.

A plain string has no origin and cannot be renewed. A token dict of our modules or lookup names its
API and base URL: it is renewed when the play's ``commerceops_<api>_*`` variables hold credentials for
the same origin. A token obtained from ``auth`` is always renewed with the same options.
"""

from __future__ import annotations

from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError, redact
from ansible_collections.commerceops.api.plugins.module_utils.obtain import (
    API_NAMES, base_url_of, note_refused_renewal, obtain_token, secrets_of,
)
from ansible_collections.commerceops.api.plugins.module_utils.core.token import Token, url_origin
from ansible_collections.commerceops.api.plugins.module_utils.core.token_cache import RENEWAL_QUIET_SECONDS, CacheError
from ansible_collections.commerceops.api.plugins.plugin_utils.uri_request import token_headers
from ansible_collections.commerceops.api.plugins.plugin_utils.variables import options_from_vars


class TokenError(ValueError):
    """The token cannot be had or used; one line, redacted."""


class BearerToken:
    """A token value with what bearer_uri needs around it.

    ``renew(stale_value) -> Token`` obtains the replacement of a refused token; ``None`` when the token
    cannot be renewed. ``secrets`` are every value to scrub from results and messages.
    """

    def __init__(self, value, header='Authorization', origin=None, principal=None, renew=None, secrets=(), source='token',
                 extra_headers=None, note_refused=None, renewer=None):
        self.value = value
        self.header = header or 'Authorization'
        # Sent along with the token and only where it goes (Adobe IMS: x-api-key, x-gw-ims-org-id); no secrets.
        self.extra_headers = dict(extra_headers or {})
        self.origin = origin
        self.principal = principal
        self.source = source
        self._renew = renew
        self._note_refused = note_refused
        self.renewed = False
        # ``renewer() -> (renew, secrets, note_refused)``, called only when renewal is first asked about (after a
        # 401): preparing it renders the play's variables, which most requests never need.
        self._renewer = renewer
        self.secrets = [value] + [secret for secret in secrets if secret]

    def __repr__(self):
        return '<BearerToken from %s for %s>' % (self.source, self.origin or 'any origin')

    def carried(self, method, url, body=None, content_type=None, scheme='Bearer'):
        """The headers one request carries: the token's (after ``scheme``) and those sent with it."""
        del method, url, body, content_type  # the same for every request; a signed credential needs them
        return dict(self.extra_headers, **token_headers(self.header, self.value, scheme))

    @property
    def renewable(self):
        if self._renewer is not None:
            renewer, self._renewer = self._renewer, None
            self._renew, secrets, note_refused = renewer()
            if self._note_refused is None:
                self._note_refused = note_refused
            self.secrets.extend(secret for secret in secrets if secret)
        return self._renew is not None

    def renew(self):
        """Replace the refused value with a new token of the same principal and origin."""
        if not self.renewable:
            raise TokenError('no new token: this token cannot be renewed')
        try:
            token = self._renew(self.value)
        except (ApiError, CacheError, ValueError) as exc:
            raise TokenError('no new token: %s' % redact(str(exc), self.secrets))
        if token.value == self.value:
            raise TokenError('no new token: the cache returned the refused one, because it already replaced a refused '
                             'token: a 401 that survives a renewal is not about the token (does the user lack the rights, '
                             'such as a Magento ACL resource?); it is not renewed again for %d minutes'
                             % (RENEWAL_QUIET_SECONDS // 60))
        if self.principal is not None and token.principal != self.principal:
            raise TokenError('no new token: the commerceops_* variables hold credentials of %s, the token was of %s'
                             % (token.principal, self.principal))
        if self.origin is not None and token.origin != self.origin:
            raise TokenError('no new token: the new token is for %s, the refused one was for %s' % (token.origin, self.origin))
        self.value = token.value
        self.secrets.append(token.value)
        self.renewed = True

    def note_refused_renewal(self):
        """After the new token was refused at once too: tell the cache, so that no task renews it again soon."""
        if not self.renewed or self._note_refused is None:
            return
        try:
            self._note_refused(self.value)
        except (CacheError, ValueError):
            # Only costs a renewal more on a later task.
            pass


def _renewer(token, variables, template, connection):
    """``(renew, secrets, note_refused)`` for a token dict when the play's variables can obtain its successor, else
    ``(None, [], None)``."""
    if token.api not in API_NAMES or token.header.lower() != 'authorization':
        # Shopper tokens (their own header) come from a login the variables do not describe.
        return None, [], None
    options = options_from_vars(token.api, variables, template=template)
    options.update(connection)
    try:
        if url_origin(base_url_of(token.api, options)) != token.origin:
            return None, [], None
    except ValueError:
        return None, [], None
    api = token.api
    return ((lambda stale: obtain_token(api, options, stale_value=stale)), secrets_of(api, options),
            (lambda value: note_refused_renewal(api, options, value)))


def from_token(value, variables, template=None, connection=None):
    """The BearerToken of the ``token`` option: a string, or a token dict of our modules or lookup."""
    if isinstance(value, str):
        return BearerToken(value.strip(), source='token')
    try:
        token = Token.from_result(value)
        origin = token.origin
    except ValueError as exc:
        secret = value.get('token') if isinstance(value, dict) else None
        raise TokenError('token: %s' % redact(str(exc), [secret]))
    connection = dict(connection or {})
    return BearerToken(token.value, token.header, origin, token.principal, source='token',
                       extra_headers=token.extra.get('headers'),
                       renewer=lambda: _renewer(token, variables, template, connection))


def from_auth(auth, variables, template=None, connection=None):
    """The BearerToken obtained (through the cache) for ``auth``: ``{api, <token module options>}``;
    options it leaves out come from the ``commerceops_<api>_*`` variables."""
    api = auth.get('api')
    if api not in API_NAMES:
        raise TokenError('auth needs api: one of %s' % ', '.join(API_NAMES))
    options = options_from_vars(api, variables, template=template)
    options.update(connection or {})
    options.update((name, value) for name, value in auth.items() if name != 'api')
    secrets = secrets_of(api, options)
    try:
        token = obtain_token(api, options)
    except (ApiError, CacheError, ValueError) as exc:
        raise TokenError('auth: %s' % redact(str(exc), secrets))

    def renew(stale):
        return obtain_token(api, options, stale_value=stale)

    return BearerToken(token.value, token.header, token.origin, token.principal, renew, secrets, source='auth',
                       extra_headers=token.extra.get('headers'), note_refused=lambda value: note_refused_renewal(api, options, value))
