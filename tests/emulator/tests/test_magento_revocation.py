# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Magento's JWT revocation is by time: a token issued up to the second of the revocation stays refused.

Magento_JwtUserToken refuses a JWT whose iat is not after the user's last revocation, and a JWT holds no
random part: a sign-in in the same second returns the revoked token itself. The emulator used to revive
such a token, which hid a client that gave up on it.
"""

from tests.emulator.magento_tokens import TokenStore

NOW = 1800000000.25


def test_the_same_jwt_issued_again_after_its_revocation_stays_refused():
    store = TokenStore()
    token = store.issue('admin', 1, NOW, 3600, 'jwt')
    assert store.revoke(token)
    assert store.issue('admin', 1, NOW + 0.5, 3600, 'jwt') == token
    assert store.lookup(token, NOW + 0.6) is None
    fresh = store.issue('admin', 1, NOW + 1, 3600, 'jwt')
    assert fresh != token and store.lookup(fresh, NOW + 1) is not None


def test_revoking_a_user_refuses_the_jwts_of_that_second_only():
    store = TokenStore()
    older = store.issue('customer', 7, NOW - 10, 3600, 'jwt')
    store.revoke_user('customer', 7, NOW)
    # Another lifetime makes another JWT of the same second: refused all the same.
    same_second = store.issue('customer', 7, NOW + 0.5, 1800, 'jwt')
    assert same_second != older
    assert store.lookup(older, NOW + 0.6) is None
    assert store.lookup(same_second, NOW + 0.6) is None
    later = store.issue('customer', 7, NOW + 1, 3600, 'jwt')
    assert store.lookup(later, NOW + 1) is not None
    # Other users are untouched.
    other = store.issue('customer', 8, NOW + 0.5, 3600, 'jwt')
    assert store.lookup(other, NOW + 0.6) is not None


def test_opaque_tokens_are_random_and_revoked_one_by_one():
    store = TokenStore()
    first = store.issue('admin', 1, NOW, 3600, 'opaque')
    store.revoke_user('admin', 1, NOW)
    second = store.issue('admin', 1, NOW, 3600, 'opaque')
    assert first != second
    assert store.lookup(first, NOW) is None
    assert store.lookup(second, NOW) is not None
