# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Token issuing, the sign-in throttle and TOTP of the emulated Magento store.

All times are passed in by the caller (the emulator's clock), never read from the system.
"""

import base64
import hashlib
import hmac
import json
import secrets
import string
import struct

# Magento's user type ids, carried in the JWT's utypid claim.
USER_TYPES = {'admin': 2, 'customer': 3}
_OPAQUE_ALPHABET = string.ascii_lowercase + string.digits
# The header Magento's JWT tokens start with (kid 1, HS256), encoded compactly.
_JWT_HEADER = {'kid': '1', 'alg': 'HS256'}


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode('ascii')


def _compact_json(value):
    return json.dumps(value, separators=(',', ':')).encode('utf-8')


class TokenRecord:
    """What the store remembers about an issued token."""

    def __init__(self, kind, uid, issued_at, expires, jwt):
        self.kind = kind
        self.uid = uid
        self.issued_at = issued_at
        self.expires = expires
        self.jwt = jwt
        self.revoked = False

    def alive(self, now):
        return not self.revoked and now < self.expires


class TokenStore:
    """Issued admin and customer tokens; a token the store does not know is a guest's."""

    def __init__(self):
        # One random signing key per app instance: tokens do not survive a reset.
        self._key = secrets.token_bytes(32)
        self._tokens = {}
        # Magento_JwtUserToken revokes by time: every JWT of the user issued up to that second is refused,
        # one issued later in the same second too. (kind, uid) -> the second of the last revocation.
        self._revoked_before = {}

    def issue(self, kind, uid, now, lifetime, token_format):
        issued_at = int(now)
        expires = issued_at + int(lifetime)
        if token_format == 'opaque':
            token = ''.join(secrets.choice(_OPAQUE_ALPHABET) for _position in range(32))
        else:
            token = self._jwt({'uid': uid, 'utypid': USER_TYPES[kind], 'iat': issued_at, 'exp': expires})
        # Two JWTs for the same user within one second are identical: the store hands out the token it
        # already issued, still refused if it was revoked.
        self._tokens.setdefault(token, TokenRecord(kind, uid, issued_at, expires, token_format != 'opaque'))
        return token

    def _jwt(self, claims):
        signing_input = b64url(_compact_json(_JWT_HEADER)) + '.' + b64url(_compact_json(claims))
        signature = hmac.new(self._key, signing_input.encode('ascii'), hashlib.sha256).digest()
        return signing_input + '.' + b64url(signature)

    def lookup(self, token, now):
        record = self._tokens.get(token)
        if record is None or not record.alive(now):
            return None
        if record.jwt and record.issued_at <= self._revoked_before.get((record.kind, record.uid), float('-inf')):
            return None
        return record

    def revoke(self, token):
        record = self._tokens.get(token)
        if record is None or record.revoked:
            return False
        record.revoked = True
        return True

    def revoke_user(self, kind, uid, now):
        """Revoke every token of one user, and any JWT issued later within this second; returns how many were still unrevoked."""
        self._revoked_before[(kind, uid)] = int(now)
        count = 0
        for record in self._tokens.values():
            if record.kind == kind and record.uid == uid and not record.revoked:
                record.revoked = True
                count += 1
        return count


class Throttle:
    """Magento's oauth/authentication_lock: failures per (username, user type) in a sliding window.

    A record lives lock_seconds after its last failure; once it has expired the count starts
    again from zero (Magento's cron removes such rows).
    """

    def __init__(self):
        self._failures = {}

    @staticmethod
    def key(username, kind):
        # Magento's tables compare user names case-insensitively.
        return (username.casefold(), kind)

    def _live(self, key, now, lock_seconds):
        record = self._failures.get(key)
        if record is not None and now >= record[1] + lock_seconds:
            del self._failures[key]
            record = None
        return record

    def locked(self, key, now, max_failures, lock_seconds):
        record = self._live(key, now, lock_seconds)
        return record is not None and record[0] >= max_failures

    def fail(self, key, now, lock_seconds):
        record = self._live(key, now, lock_seconds)
        count = record[0] + 1 if record else 1
        self._failures[key] = (count, now)

    def reset(self, key):
        self._failures.pop(key, None)


# --- TOTP (RFC 6238 over HOTP, RFC 4226) ------------------------------------------------------------

TOTP_STEP = 30
TOTP_DIGITS = 6
# Magento verifies at now - leeway, now and now + leeway with a leeway just under one step.
TOTP_LEEWAY = 29


def _secret_bytes(secret):
    cleaned = secret.replace(' ', '').upper()
    return base64.b32decode(cleaned + '=' * (-len(cleaned) % 8))


def hotp(secret, counter):
    digest = hmac.new(_secret_bytes(secret), struct.pack('>Q', counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10 ** TOTP_DIGITS).zfill(TOTP_DIGITS)


def totp(secret, at):
    return hotp(secret, int(at // TOTP_STEP))


def verify_totp(secret, code, now):
    if not code.isascii():
        return False
    candidates = {totp(secret, now + shift) for shift in (-TOTP_LEEWAY, 0, TOTP_LEEWAY)}
    return any(hmac.compare_digest(code, candidate) for candidate in candidates)
