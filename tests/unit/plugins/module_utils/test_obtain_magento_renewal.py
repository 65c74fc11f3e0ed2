# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Renewing a refused Magento token: a JWT signed in within the same second is the refused token itself.

Found by the fault matrix under ansible-core 2.19, where the cells run fast enough: bearer_uri saw a 401,
asked for a new token within the second the old one was issued, got the same JWT back and gave up with
"the cache returned the refused one".
"""

from __future__ import annotations

import time

import pytest

from ansible_collections.commerceops.api.plugins.module_utils import obtain
from ansible_collections.commerceops.api.plugins.module_utils.token_module import token_cache

from ansible_collections.commerceops.api.tests.unit.plugins.module_utils.test_magento_provider import ADMIN, FakeStore


@pytest.fixture
def login(server, make_client, clock, tmp_path):
    """A cached MagentoLogin against the fake store, on the fake clock (which moves only when it sleeps)."""
    clock.now = float(int(time.time()))  # the cache judges freshness by the real clock
    server.handler = FakeStore(clock)
    options = obtain.complete_options('magento', {'url': server.url, 'username': ADMIN[0], 'password': ADMIN[1],
                                                  'cache_dir': str(tmp_path)})
    made = obtain.MagentoLogin(options, token_cache(options))
    made.client = make_client()
    made.sleep = clock.sleep
    return made


def test_a_refused_jwt_of_this_second_is_replaced_a_second_later(login, server, clock):
    held = login.token()
    renewed = login.token(stale_value=held.value)
    assert renewed.value != held.value
    assert clock.sleeps == [1.0]
    assert len(server.requests) == 2 + 1
    # The cache now holds the new token.
    assert login.token().value == renewed.value
    assert len(server.requests) == 3


def test_a_refused_token_of_an_earlier_second_costs_one_sign_in(login, server, clock):
    held = login.token()
    clock.now += 5
    renewed = login.token(stale_value=held.value)
    assert renewed.value != held.value
    assert clock.sleeps == []
    assert len(server.requests) == 2
