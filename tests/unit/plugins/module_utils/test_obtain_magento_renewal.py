# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Renewing a Magento JWT refused with HTTP 401: the new one must be issued after the second of the refusal.

Magento refuses every JWT issued up to the second of a revocation, and a JWT holds only the user and its
issue second. Found by the fault matrix under ansible-core 2.19, where the cells run fast: bearer_uri saw a
401, signed in again within the same second, and got the refused token back ("the cache returned the
refused one") or a token the store refused just the same.
"""

from __future__ import annotations

import base64
import json
import time

import pytest

from ansible_collections.commerceops.api.plugins.module_utils import obtain
from ansible_collections.commerceops.api.plugins.module_utils.core.token_module import token_cache

from ansible_collections.commerceops.api.tests.unit.plugins.module_utils.test_magento_provider import ADMIN, FakeStore


def issued_at(jwt):
    payload = jwt.split('.')[1]
    return json.loads(base64.urlsafe_b64decode(payload + '=' * (-len(payload) % 4)))['iat']


def login_to(server, make_client, clock, tmp_path, jwt=True):
    """A cached MagentoLogin against the fake store, on the fake clock (which moves only when it sleeps)."""
    clock.now = float(int(time.time())) + 0.25  # the cache judges freshness by the real clock
    server.handler = FakeStore(clock, jwt=jwt)
    options = obtain.complete_options('magento', {'url': server.url, 'username': ADMIN[0], 'password': ADMIN[1],
                                                  'cache_dir': str(tmp_path)})
    made = obtain.MagentoLogin(options, token_cache(options))
    made.client = make_client()
    made.sleep = clock.sleep
    return made


@pytest.fixture
def login(server, make_client, clock, tmp_path):
    return login_to(server, make_client, clock, tmp_path)


def test_a_jwt_refused_in_its_own_second_is_replaced_by_a_later_one(login, server, clock):
    held = login.token()
    renewed = login.token(stale_value=held.value)
    assert renewed.value != held.value
    assert issued_at(renewed.value) == issued_at(held.value) + 1
    assert clock.sleeps == [1.0]
    assert len(server.requests) == 2
    # The cache holds the new token now.
    assert login.token().value == renewed.value
    assert len(server.requests) == 2


def test_the_new_jwt_is_issued_after_the_second_of_the_refusal(login, server, clock):
    # The token is old; the store revoked it (and every token of this second) just now.
    held = login.token()
    clock.now += 30
    refused_at = int(clock.now)
    renewed = login.token(stale_value=held.value)
    assert issued_at(renewed.value) > refused_at
    assert len(server.requests) == 2


def test_an_opaque_token_is_random_and_renewed_at_once(server, make_client, clock, tmp_path):
    login = login_to(server, make_client, clock, tmp_path, jwt=False)
    held = login.token()
    renewed = login.token(stale_value=held.value)
    assert renewed.value != held.value
    assert clock.sleeps == []


def test_without_a_refusal_nothing_waits(login, clock):
    login.token()
    assert clock.sleeps == []
