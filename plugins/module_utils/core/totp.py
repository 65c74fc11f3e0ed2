# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Time-based one-time passwords (RFC 6238) for Magento's Google Authenticator two-factor auth."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import struct
import time

DIGESTS = {'sha1': hashlib.sha1, 'sha256': hashlib.sha256, 'sha512': hashlib.sha512}


def decode_base32_secret(secret):
    """Key bytes from a base32 secret as authenticator apps show it.

    Spaces, dashes, lower case and missing padding are tolerated. The error for a bad secret
    never repeats the secret.
    """
    if not isinstance(secret, str):
        raise ValueError('the OTP secret must be a base32 string')
    cleaned = ''.join(secret.split()).replace('-', '').upper().rstrip('=')
    if not cleaned:
        raise ValueError('the OTP secret is empty')
    try:
        key = base64.b32decode(cleaned + '=' * (-len(cleaned) % 8))
    except (binascii.Error, ValueError):
        raise ValueError('the OTP secret is not valid base32 (letters A-Z and digits 2-7, %d characters given)' % len(cleaned)) from None
    if not key:
        raise ValueError('the OTP secret is too short')
    return key


def hotp(key, counter, digits=6, digest='sha1'):
    """RFC 4226 HOTP value for a counter, as a zero-padded string."""
    if digest not in DIGESTS:
        raise ValueError('unsupported OTP digest %r (use one of %s)' % (digest, ', '.join(sorted(DIGESTS))))
    mac = hmac.new(key, struct.pack('>Q', counter), DIGESTS[digest]).digest()
    offset = mac[-1] & 0x0F
    code = struct.unpack('>I', mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(code % (10 ** digits)).zfill(digits)


def totp(secret, for_time=None, step=30, digits=6, digest='sha1'):
    """RFC 6238 TOTP for a base32 secret at ``for_time`` (epoch seconds, default now)."""
    key = decode_base32_secret(secret)
    for_time = time.time() if for_time is None else for_time
    return hotp(key, int(for_time // step), digits=digits, digest=digest)
