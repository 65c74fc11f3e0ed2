# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulated store's OAuth 1.0a verifier for integration requests (shared/contracts/magento_oauth1.md).

Written from the contract's description of Magento's PHP (Helper\\Request, Oauth::validateAccessTokenRequest,
the Laminas signer), deliberately apart from the collection's signer: nothing is imported from plugins/,
and the base string is rebuilt the way Magento does it, quirks included (natural sort order, last value
wins for a repeated name, names without "=" dropped, %2F decoded in the path on 2.4.4-2.4.6).
"""

import base64
import functools
import hashlib
import hmac
import re

from .magento_wire import MagentoError, missing_fields_error

# magento_version setting -> (signature methods accepted, path %2F decoded before signing).
VERSIONS = {
    '2.4.3': (('HMAC-SHA1', 'HMAC-SHA256'), False),
    '2.4.6': (('HMAC-SHA256',), True),
    '2.4.7': (('HMAC-SHA256',), False),
}
REQUIRED = ('oauth_consumer_key', 'oauth_signature', 'oauth_signature_method', 'oauth_nonce', 'oauth_timestamp', 'oauth_token')
TIME_DEVIATION = 600
_NAME = re.compile(r'oauth_[a-z_-]+')
_UNRESERVED = frozenset(b'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~')
_PHP_INT = re.compile(r'^\s*([+-]?\d+)')

SIGNATURE_INVALID = 'The signature is invalid. Verify and try again.'
NONCE_ERROR = 'An error occurred validating the nonce'


def rawurlencode(text):
    """PHP rawurlencode: every byte outside A-Z a-z 0-9 - . _ ~ becomes %XX (upper case)."""
    out = []
    for byte in text.encode('utf-8'):
        out.append(chr(byte) if byte in _UNRESERVED else '%%%02X' % byte)
    return ''.join(out)


def _percent_decode(text, plus_is_space):
    if plus_is_space:
        text = text.replace('+', ' ')
    raw = bytearray()
    i = 0
    while i < len(text):
        char = text[i]
        if char == '%' and re.match(r'[0-9A-Fa-f]{2}', text[i + 1:i + 3]):
            raw.append(int(text[i + 1:i + 3], 16))
            i += 3
            continue
        raw.extend(char.encode('utf-8'))
        i += 1
    return raw.decode('utf-8', 'replace')


def rawurldecode(text):
    return _percent_decode(text, False)


def urldecode(text):
    return _percent_decode(text, True)


def php_int(text):
    """PHP's (int) cast of a string: leading digits, else 0."""
    match = _PHP_INT.match(text or '')
    return int(match.group(1)) if match else 0


def parse_authorization(header):
    """Helper\\Request: the oauth_* parameters of an ``OAuth ...`` header; None when it is no OAuth header."""
    position = header.lower().find('oauth ')
    if position < 0:
        return None
    params = {}
    for piece in header[position + len('oauth '):].split(','):
        piece = piece.strip()
        if '=' not in piece:
            continue
        name, value = piece.split('=', 1)
        name = rawurldecode(name.strip())
        value = rawurldecode(value.strip().strip('"'))
        # realm and anything that is not oauth_* are ignored; other oauth_* names are signed too.
        if _NAME.fullmatch(name):
            params[name] = value
    return params


def _php_pairs(encoded):
    """A query or form body as PHP builds its array: a name without "=" is dropped, the last value wins."""
    result = {}
    for chunk in encoded.split('&'):
        if '=' not in chunk:
            continue
        name, value = chunk.split('=', 1)
        result[urldecode(name)] = urldecode(value)
    return result


def _strnatcmp(left, right):
    """PHP strnatcmp: digit runs compare by value, everything else byte by byte."""
    def chunks(text):
        return re.findall(r'\d+|\D+', text)

    for a, b in zip(chunks(left), chunks(right)):
        if a.isdigit() and b.isdigit():
            if int(a) != int(b):
                return -1 if int(a) < int(b) else 1
        elif a != b:
            return -1 if a < b else 1
    return (len(left) > len(right)) - (len(left) < len(right))


def request_url(scheme, host_header, raw_path, decode_slash):
    """getScheme() :// getHttpHost() getRequestUri(), normalised like Laminas: lower case, default port dropped."""
    host = host_header.lower()
    if scheme == 'http' and host.endswith(':80'):
        host = host[:-3]
    if scheme == 'https' and host.endswith(':443'):
        host = host[:-4]
    path = raw_path
    if decode_slash:
        # Laminas' path normalisation on 2.4.4-2.4.6 turned %2F back into "/" before signing.
        path = re.sub('%2[Ff]', '/', path)
    return scheme.lower() + '://' + host + path


def base_string(method, url, params):
    encoded = [(rawurlencode(name), rawurlencode(value)) for name, value in params.items()]
    encoded.sort(key=functools.cmp_to_key(lambda x, y: _strnatcmp(x[0], y[0]) or _strnatcmp(x[1], y[1])))
    joined = '&'.join(name + '=' + value for name, value in encoded)
    return '&'.join([method.upper(), rawurlencode(url), rawurlencode(joined)])


def expected_signature(method_name, text, consumer_secret, token_secret):
    digest = hashlib.sha1 if method_name == 'HMAC-SHA1' else hashlib.sha256
    key = rawurlencode(consumer_secret) + '&' + rawurlencode(token_secret)
    return base64.b64encode(hmac.new(key.encode('utf-8'), text.encode('utf-8'), digest).digest()).decode('ascii')


class OauthVerifier:
    """Oauth::validateAccessTokenRequest with its side effects: the nonce is stored before the signature check."""

    def __init__(self, store):
        self.store = store
        # consumer id -> nonces used
        self.nonces = {}

    def integrations(self):
        return self.store.fixtures.get('integrations', [])

    def verify(self, request, params, raw_path, now):
        """The integration whose token signed the request; MagentoError for every check Magento fails."""
        version = str(self.store.setting('magento_version'))
        methods, decode_slash = VERSIONS.get(version, VERSIONS['2.4.7'])
        if 'oauth_version' in params and params['oauth_version'] != '1.0':
            raise MagentoError(400, 'The "%1" Oauth version isn\'t supported.', [params['oauth_version']])
        missing = [name for name in REQUIRED if name not in params]
        if missing:
            raise missing_fields_error(missing)
        if len(params['oauth_token']) != 32:
            raise MagentoError(400, 'The token length is invalid. Check the length and try again.')
        if params['oauth_signature_method'] not in methods:
            raise MagentoError(400, 'Signature method %1 is not supported', [params['oauth_signature_method']])
        if len(params['oauth_consumer_key']) != 32:
            raise MagentoError(401, 'Consumer key is not the correct length')
        consumer = next((item for item in self.integrations() if item['consumer_key'] == params['oauth_consumer_key']), None)
        if consumer is None:
            raise MagentoError(401, 'A consumer having the specified key does not exist')
        self._nonce(consumer, params, now)
        token = next((item for item in self.integrations() if item['access_token'] == params['oauth_token']), None)
        if token is None:
            raise MagentoError(401, 'Specified token does not exist')
        if token['id'] != consumer['id']:
            raise MagentoError(401, 'Token is not associated with the specified consumer')
        if token.get('token_type', 'access') != 'access':
            raise MagentoError(401, 'Token is not an access token')
        if token.get('revoked'):
            raise MagentoError(401, 'Access token has been revoked')
        signed = dict((name, value) for name, value in params.items() if name != 'oauth_signature')
        sources = [request.query_string.decode('latin-1')]
        if (request.headers.get('Content-Type') or '').lower().startswith('application/x-www-form-urlencoded'):
            sources.append(request.get_data(as_text=True))
        for source in sources:
            for name, value in _php_pairs(source).items():
                # The header's oauth_* parameters win; query or body ones are ignored.
                if not name.startswith('oauth_'):
                    signed[name] = value
        url = request_url(request.scheme, request.headers.get('Host', ''), raw_path, decode_slash)
        wanted = expected_signature(params['oauth_signature_method'], base_string(request.method, url, signed),
                                    consumer['consumer_secret'], token['access_token_secret'])
        if not hmac.compare_digest(wanted.encode('ascii'), params['oauth_signature'].encode('utf-8', 'replace')):
            raise MagentoError(401, SIGNATURE_INVALID)
        return consumer

    def _nonce(self, consumer, params, now):
        timestamp = php_int(params['oauth_timestamp'])
        # The timestamp error is thrown inside the nonce generator's try and re-thrown with its generic text.
        # Only a future bound: old timestamps pass as long as the nonce is new.
        if timestamp <= 0 or timestamp > now + TIME_DEVIATION:
            raise MagentoError(401, NONCE_ERROR)
        used = self.nonces.setdefault(consumer['id'], set())
        if params['oauth_nonce'] in used:
            raise MagentoError(401, 'The nonce is already being used by the consumer with ID %1', [str(consumer['id'])])
        used.add(params['oauth_nonce'])
