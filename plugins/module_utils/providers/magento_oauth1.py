# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""OAuth 1.0a request signing (RFC 5849, HMAC-SHA256, Authorization header) for Magento integrations.

Magento 2.4.4+ takes an integration's access token only on requests signed this way
(shared/contracts/magento_oauth1.md). This file ships to targets, so it is stdlib only.

The signer is strict RFC 5849, which is what Magento verifies for ordinary requests. Where Magento
deviates from the RFC so that *no* correct signer can satisfy it, ``magento_quirk`` names the case
before anything is sent, and ``signature_failure_hint`` explains a "signature is invalid" answer.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import string
import time

from urllib.parse import quote, unquote_plus, urlsplit

SIGNATURE_METHOD = 'HMAC-SHA256'
FORM_TYPE = 'application/x-www-form-urlencoded'
DEFAULT_PORTS = {'http': 80, 'https': 443}
# Magento's own nonce generator makes 32 alphanumerics.
_NONCE_ALPHABET = string.ascii_letters + string.digits
NONCE_LENGTH = 32

SIGNATURE_INVALID = 'The signature is invalid. Verify and try again.'

# An indexed array entry in a parameter name, e.g. "searchCriteria[filter_groups][10]".
_INDEX = re.compile(r'\[(\d+)\]')
# Runs of digits, for PHP's strnatcmp (natural order).
_DIGITS = re.compile(r'(\d+)')


class MagentoQuirkError(ValueError):
    """A request Magento would refuse however it is signed; the message says why and what to do."""


def enc(value):
    """RFC 3986 percent-encoding of a text (UTF-8): only A-Z a-z 0-9 - . _ ~ stay as they are."""
    return quote(str(value).encode('utf-8'), safe='~')


def base_string_uri(url):
    """Scheme and host lower-cased, port only when not the default, the path exactly as sent, no query."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = parts.hostname or ''
    if ':' in host:
        host = '[%s]' % host
    port = parts.port
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else '%s:%d' % (host, port)
    return '%s://%s%s' % (scheme, netloc, parts.path or '/')


def _pairs(encoded):
    """Name/value pairs of a query string or form body, decoded the way PHP does (``+`` is a space)."""
    pairs = []
    for piece in encoded.split('&'):
        if not piece:
            continue
        name, _sep, value = piece.partition('=')
        pairs.append((unquote_plus(name), unquote_plus(value)))
    return pairs


def request_parameters(url, body=None, content_type=None):
    """The non-OAuth parameters that take part in the signature: the query, plus a form body."""
    pairs = _pairs(urlsplit(url).query)
    if body and content_type and content_type.strip().lower().startswith(FORM_TYPE):
        if isinstance(body, bytes):
            body = body.decode('utf-8')
        pairs += _pairs(body)
    return pairs


def normalized_parameters(pairs):
    """``name=value`` of every pair, both encoded, sorted by encoded name then value, joined with ``&``."""
    return '&'.join('%s=%s' % pair for pair in sorted((enc(name), enc(value)) for name, value in pairs))


def signature_base_string(method, url, pairs):
    return '&'.join((method.upper(), enc(base_string_uri(url)), enc(normalized_parameters(pairs))))


def hmac_sha256(base_string, consumer_secret, token_secret):
    key = '%s&%s' % (enc(consumer_secret), enc(token_secret))
    digest = hmac.new(key.encode('utf-8'), base_string.encode('utf-8'), hashlib.sha256).digest()
    return base64.b64encode(digest).decode('ascii')


def _natural_key(name):
    """A sort key in PHP strnatcmp order: digit runs compare as numbers ("[2]" before "[10]")."""
    return [(0, int(part), '') if part.isdigit() else (1, 0, part) for part in _DIGITS.split(name) if part]


def magento_quirk(url, body=None, content_type=None):
    """Why Magento would refuse this request on every 2.4.4+ version whatever the signature; ``None`` if it would not.

    Repeated names: Magento keeps only the last value (a PHP array) and so signs fewer pairs.
    11+ entries in one indexed array: Magento sorts names in natural order (``[2]`` before ``[10]``),
    RFC 5849 in byte order (``[10]`` before ``[2]``), so the two base strings differ.
    """
    pairs = request_parameters(url, body, content_type)
    seen = set()
    for name, _value in pairs:
        if name in seen:
            return ('the parameter %s appears more than once; Magento signs only its last value, so no signature '
                    'can match: send one value per name, or indexed names ([0], [1], ...)' % name)
        seen.add(name)
    names = [enc(name) for name, _value in pairs]
    if sorted(names) != sorted(names, key=_natural_key):
        widest = max((name for name, _value in pairs if _INDEX.search(name)), key=lambda n: max(int(i) for i in _INDEX.findall(n)))
        return ('an indexed array has 11 or more entries (%s); Magento sorts [10] after [9] while OAuth 1.0a sorts it '
                'before [2], so no signature can match: send at most 10 entries per array and page through the rest'
                % widest.split('[', 1)[0])
    return None


def signature_failure_hint(url):
    """What to tell the user when the store answered "The signature is invalid" to a request we signed."""
    parts = urlsplit(url)
    if '%2f' in parts.path.lower():
        return ('the path has an encoded / (%2F): Magento 2.4.4 to 2.4.6 decode it before checking the signature, so '
                'no client can sign this request there; upgrade the store to 2.4.7+ or avoid / in the path (for example in a SKU)')
    names = [name for name, _value in _pairs(parts.query)]
    if any('=' not in piece for piece in parts.query.split('&') if piece):
        return 'a query parameter has no "=": Magento 2.4.4 to 2.4.7 drop it before checking the signature; write name= instead'
    if any('.' in name or ' ' in name for name in names):
        return 'a query parameter name has a dot or a space, which newer Magento versions rename before checking the signature'
    return ('check the four integration values; behind a TLS offloader or proxy Magento must see the public scheme and '
            'host (a store that sees http:// or another Host computes another signature)')


def make_nonce():
    return ''.join(secrets.choice(_NONCE_ALPHABET) for _position in range(NONCE_LENGTH))


def oauth_parameters(consumer_key, access_token, nonce=None, timestamp=None):
    """The protocol parameters of one request, before the signature."""
    return [
        ('oauth_consumer_key', consumer_key),
        ('oauth_nonce', nonce or make_nonce()),
        ('oauth_signature_method', SIGNATURE_METHOD),
        ('oauth_timestamp', str(int(time.time()) if timestamp is None else int(timestamp))),
        ('oauth_token', access_token),
        ('oauth_version', '1.0'),
    ]


def authorization_header(method, url, consumer_key, consumer_secret, access_token, access_token_secret,
                         body=None, content_type=None, nonce=None, timestamp=None):
    """The ``Authorization: OAuth ...`` value that signs this request; MagentoQuirkError for an unsignable one.

    Only the query and a form-encoded body are signed; a JSON body is not (Magento ignores it too).
    """
    quirk = magento_quirk(url, body, content_type)
    if quirk:
        raise MagentoQuirkError(quirk)
    protocol = oauth_parameters(consumer_key, access_token, nonce, timestamp)
    base_string = signature_base_string(method, url, protocol + request_parameters(url, body, content_type))
    protocol.append(('oauth_signature', hmac_sha256(base_string, consumer_secret, access_token_secret)))
    return 'OAuth ' + ', '.join('%s="%s"' % (enc(name), enc(value)) for name, value in protocol)
