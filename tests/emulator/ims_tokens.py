# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Adobe IMS access tokens of the emulator: minted by the IMS listener, checked by the gateway and the store.

Real IMS tokens are RS256 JWTs that services validate with IMS's public key. The emulator signs with
HMAC-SHA256 over fixtures' ims.signing_key instead, so every listener can check a token offline
without sharing state. Claims follow the contract: created_at and expires_in in milliseconds, as strings.
"""

import base64
import hashlib
import hmac
import json
import secrets

_HEADER = {'alg': 'RS256', 'x5u': 'ims_na1-key-at-1.cer', 'kid': 'ims_na1-key-at-1', 'itt': 'at'}


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode('ascii')


def _unb64(text):
    return base64.urlsafe_b64decode(text + '=' * (-len(text) % 4))


def _signature(key, signing_input):
    return _b64(hmac.new(key.encode('utf-8'), signing_input.encode('ascii'), hashlib.sha256).digest())


def mint(ims, client_id, scopes, now, lifetime):
    """A token for the technical account of ims fixtures, valid ``lifetime`` seconds from ``now``."""
    email = ims.get('technical_account_email', '')
    claims = {
        'id': '%d_%s' % (int(now * 1000), secrets.token_hex(8)), 'type': 'access_token', 'client_id': client_id,
        'user_id': email, 'as': 'ims-na1', 'aa_id': email, 'ctp': 3, 'scope': ','.join(scopes),
        'org': ims.get('org_id', ''),
        'created_at': str(int(now * 1000)), 'expires_in': str(int(lifetime) * 1000),
    }
    signing_input = _b64(json.dumps(_HEADER, separators=(',', ':')).encode()) + '.' + _b64(json.dumps(claims, separators=(',', ':')).encode())
    return signing_input + '.' + _signature(ims['signing_key'], signing_input)


def verify(ims, token, now):
    """The claims of a token this IMS issued that has not expired at ``now``; None otherwise."""
    if not isinstance(token, str) or token.count('.') != 2:
        return None
    signing_input, _dot, signature = token.rpartition('.')
    if not hmac.compare_digest(_signature(ims['signing_key'], signing_input), signature):
        return None
    try:
        claims = json.loads(_unb64(signing_input.split('.')[1]))
        expires = (int(claims['created_at']) + int(claims['expires_in'])) / 1000.0
    except (ValueError, KeyError, TypeError):
        return None
    return claims if now < expires else None
