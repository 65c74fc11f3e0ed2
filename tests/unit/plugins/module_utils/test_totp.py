# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import base64

import pytest

from ansible_collections.commerceops.api.plugins.module_utils.core.totp import decode_base32_secret, hotp, totp

# RFC 6238 appendix B: the seeds are ASCII strings, their lengths match the digest.
SEEDS = {
    'sha1': b'12345678901234567890',
    'sha256': b'12345678901234567890123456789012',
    'sha512': b'1234567890123456789012345678901234567890123456789012345678901234',
}
VECTORS = [
    (59, '94287082', '46119246', '90693936'),
    (1111111109, '07081804', '68084774', '25091201'),
    (1111111111, '14050471', '67062674', '99943326'),
    (1234567890, '89005924', '91819424', '93441116'),
    (2000000000, '69279037', '90698825', '38618901'),
    (20000000000, '65353130', '77737706', '47863826'),
]


def b32(seed):
    return base64.b32encode(seed).decode('ascii')


@pytest.mark.parametrize('when,sha1,sha256,sha512', VECTORS)
def test_rfc6238_vectors(when, sha1, sha256, sha512):
    assert totp(b32(SEEDS['sha1']), when, digits=8) == sha1
    assert totp(b32(SEEDS['sha256']), when, digits=8, digest='sha256') == sha256
    assert totp(b32(SEEDS['sha512']), when, digits=8, digest='sha512') == sha512


def test_six_digits_is_the_default():
    assert totp(b32(SEEDS['sha1']), 59) == '287082'


def test_rfc4226_hotp_vectors():
    expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489']
    assert [hotp(SEEDS['sha1'], counter) for counter in range(10)] == expected


def test_secret_spelling_is_tolerated():
    secret = 'FS5ZT6XIOIPXUJJ5THAULEMRPLOACWYI'
    reference = totp(secret, 1700000000)
    assert totp(secret.lower(), 1700000000) == reference
    assert totp(' '.join(secret[i:i + 4] for i in range(0, len(secret), 4)), 1700000000) == reference
    unpadded = b32(SEEDS['sha1'])[:-4].rstrip('=')
    assert decode_base32_secret(unpadded) == base64.b32decode(unpadded + '=' * (-len(unpadded) % 8))


def test_same_step_same_code():
    secret = 'FS5ZT6XIOIPXUJJ5THAULEMRPLOACWYI'
    assert totp(secret, 1700000010) == totp(secret, 1700000039)
    assert len(totp(secret, 1700000010)) == 6


@pytest.mark.parametrize('bad', ['not base32 at all!', '1111', 'ABC$DEF', ''])
def test_bad_secret_message_does_not_leak(bad):
    with pytest.raises(ValueError) as caught:
        totp(bad, 0)
    if bad.strip():
        assert bad not in str(caught.value)


def test_bad_digest():
    with pytest.raises(ValueError):
        totp(b32(SEEDS['sha1']), 0, digest='md5')
