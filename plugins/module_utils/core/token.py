# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The token value type shared by the providers, the cache and the front ends."""

from __future__ import annotations

import base64
import calendar
import math
import re
import time

from urllib.parse import urlsplit

from ansible_collections.commerceops.api.plugins.module_utils.core.bounded_json import loads_bounded
from ansible_collections.commerceops.api.plugins.module_utils.core.errors import scrub_url

DEFAULT_LEEWAY = 60
# No token is trusted for longer than this (24 h), whatever the API or the options say: a lifetime of
# 1e308 or Infinity from a broken answer would otherwise keep a token in the cache for ever.
MAX_TOKEN_LIFETIME = 86400
DEFAULT_PORTS = {'http': 80, 'https': 443}

# Keys of ``Token.to_result``; anything else in a result dict is an API extra.
RESULT_KEYS = ('token', 'api', 'base_url', 'origin', 'principal', 'expires_at', 'expires_in')
# Keys Ansible adds to a registered task result: not part of the token.
ANSIBLE_RESULT_KEYS = frozenset(('changed', 'failed', 'skipped', 'msg', 'invocation', 'warnings', 'deprecations', 'ansible_facts'))

_ISO_8601 = re.compile(
    r'^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\s*(Z|z|[+-]\d{2}:?\d{2})?$'
)


def url_origin(url):
    """``scheme://host:port`` of a URL, lower-cased, with the default port written out.

    Two URLs with the same origin may share a token; anything else is another server.
    """
    parts = urlsplit(str(url).strip())
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError('not an http(s) URL: %s' % scrub_url(url))
    host = parts.hostname.lower()
    if ':' in host:
        host = '[%s]' % host
    port = parts.port or DEFAULT_PORTS[scheme]
    return '%s://%s:%d' % (scheme, host, port)


def jwt_claims(value):
    """The claims of a JWT, decoded without verifying the signature; ``None`` when not a JWT."""
    if not isinstance(value, str) or value.count('.') != 2:
        return None
    payload = value.split('.')[1]
    try:
        decoded = base64.urlsafe_b64decode(payload + '=' * (-len(payload) % 4))
        # Bounded: a hostile server's 100 000-deep payload must not raise RecursionError here.
        claims = loads_bounded(decoded)
    except (ValueError, TypeError):
        return None
    return claims if isinstance(claims, dict) else None


def jwt_expiry(value):
    """The ``exp`` claim of a JWT as epoch seconds, or ``None`` for opaque tokens and garbage.

    Only good for deciding when to refresh: the signature is not checked.
    """
    claims = jwt_claims(value)
    if not claims:
        return None
    expiry = claims.get('exp')
    if isinstance(expiry, bool) or not isinstance(expiry, (int, float)):
        return None
    return _finite(expiry)


def jwt_lifetime(value):
    """Seconds between a JWT's ``iat`` and ``exp`` claims, or ``None`` for opaque tokens, garbage and JWTs without both.

    A lifetime, not a date: added to the local clock at receipt it gives the expiry on the controller's
    clock, whatever the server's clock says (``exp`` alone is a date on the server's clock).
    """
    claims = jwt_claims(value)
    if not claims:
        return None
    issued, expiry = claims.get('iat'), claims.get('exp')
    for claim in (issued, expiry):
        if isinstance(claim, bool) or not isinstance(claim, (int, float)) or not math.isfinite(claim):
            return None
    return float(expiry) - float(issued)


def clamp_lifetime(lifetime, default):
    """A usable lifetime in seconds: ``lifetime`` when it is a finite positive number, else ``default``,
    and never more than MAX_TOKEN_LIFETIME.

    The APIs' answers are not trusted blindly: ``Infinity``, ``NaN``, ``1e308``, negative numbers and strings
    would otherwise crash the result or keep a token cached for ever.
    """
    if isinstance(lifetime, bool) or not isinstance(lifetime, (int, float)) or not math.isfinite(lifetime) or lifetime <= 0:
        lifetime = default
    return float(min(lifetime, MAX_TOKEN_LIFETIME))


def _finite(value):
    """``value`` as a float, or ``None`` for infinity, NaN and numbers no float holds ("inf" is no expiry)."""
    try:
        value = float(value)
    except OverflowError:
        return None
    return value if math.isfinite(value) else None


def parse_expiry(value):
    """Epoch seconds from an epoch number (or numeric string) or an ISO-8601 timestamp; ``None`` if unusable.

    A timestamp without a zone is taken as UTC, as the APIs write them.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _finite(value)
    text = str(value).strip()
    try:
        return _finite(float(text))
    except ValueError:
        pass
    match = _ISO_8601.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second = (int(group) for group in match.groups()[:6])
    fraction = float('0.' + match.group(7)) if match.group(7) else 0.0
    try:
        epoch = calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0))
    except (ValueError, OverflowError):
        return None
    zone = match.group(8)
    if zone and zone not in ('Z', 'z'):
        sign = -1 if zone[0] == '-' else 1
        digits = zone[1:].replace(':', '')
        epoch -= sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)
    return epoch + fraction


class Token:
    """A token and what it is good for: which API, which base URL, whose, until when.

    ``expires_at`` is absolute epoch seconds; the provider always sets it (from the API's answer,
    a JWT ``exp`` or a configured lifetime). ``None`` means the token has no known end (a token
    given by the user); such a token counts as fresh and is never cached.
    ``extra`` holds API details (``mage_id``, ``header`` for tokens not sent as a bearer, ...).
    """

    def __init__(self, value, api, base_url, principal, expires_at=None, extra=None):
        self.value = value
        self.api = api
        self.base_url = base_url
        self.principal = principal
        self.expires_at = float(expires_at) if expires_at is not None else None
        self.extra = dict(extra or {})

    def __repr__(self):
        # Never the value: a repr ends up in tracebacks and logs.
        return '<Token %s %s %s expires_at=%s>' % (self.api, self.base_url, self.principal, self.expires_at)

    def __eq__(self, other):
        if not isinstance(other, Token):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __hash__(self):
        return hash((self.value, self.api, self.base_url, self.principal, self.expires_at))

    def fresh(self, now=None, leeway=DEFAULT_LEEWAY):
        """Whether the token may still be used: ``now + leeway < expires_at``."""
        if self.expires_at is None:
            return True
        now = time.time() if now is None else now
        return now + leeway < self.expires_at

    def expires_in(self, now=None):
        """Whole seconds left, never negative; ``None`` when the end is unknown."""
        if self.expires_at is None:
            return None
        now = time.time() if now is None else now
        return max(0, int(self.expires_at - now))

    @property
    def origin(self):
        return url_origin(self.base_url)

    @property
    def header(self):
        """The request header that carries this token."""
        return self.extra.get('header') or 'Authorization'

    def auth_headers(self):
        """Headers to add to a request: ``Authorization: Bearer`` unless the API names another header.

        ``extra['headers']`` are sent alongside (Adobe IMS: ``x-api-key`` and the org id); they are no secrets.
        """
        headers = dict(self.extra.get('headers') or {})
        if self.header.lower() == 'authorization':
            headers['Authorization'] = 'Bearer %s' % self.value
        else:
            headers[self.header] = self.value
        return headers

    def to_result(self, now=None):
        """The dict our modules return and users register; ``from_result`` reads it back."""
        result = dict((key, value) for key, value in self.extra.items() if key not in RESULT_KEYS)
        result.update({
            'token': self.value,
            'api': self.api,
            'base_url': self.base_url,
            'origin': self.origin,
            'principal': self.principal,
            'expires_at': int(self.expires_at) if self.expires_at is not None else None,
            'expires_in': self.expires_in(now),
        })
        return result

    @classmethod
    def from_result(cls, result):
        """A Token from a dict made by ``to_result`` (a registered module result, a lookup value)."""
        if not isinstance(result, dict):
            raise ValueError('a token result must be a dict, got %s' % type(result).__name__)
        value = result.get('token')
        if not isinstance(value, str) or not value:
            raise ValueError('the token dict has no "token" string')
        for key in ('api', 'base_url'):
            if not result.get(key):
                raise ValueError('the token dict has no "%s": pass the dict returned by a commerceops.api token module or lookup' % key)
        extra = dict((key, item) for key, item in result.items()
                     if key not in RESULT_KEYS and key not in ANSIBLE_RESULT_KEYS and not key.startswith('_ansible'))
        return cls(value, result['api'], result['base_url'], result.get('principal'), parse_expiry(result.get('expires_at')), extra)

    def to_dict(self):
        """The cache's record of the token (no secret is part of a Token)."""
        return {
            'value': self.value,
            'api': self.api,
            'base_url': self.base_url,
            'principal': self.principal,
            'expires_at': self.expires_at,
            'extra': self.extra,
        }

    @classmethod
    def from_dict(cls, data):
        return cls(data['value'], data['api'], data['base_url'], data.get('principal'), data.get('expires_at'), data.get('extra'))
