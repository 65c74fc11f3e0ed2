# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Magento options that can never sign in are refused before any request, by the module and the lookup alike.

Found by the bad_input integration target: a store_code with a slash went into the token URL, and the
module sent a sign-in without a password (the lookup's option check caught that one, MagentoLogin did not).
"""

from __future__ import annotations

import pytest

from ansible_collections.commerceops.api.plugins.module_utils import obtain
from ansible_collections.commerceops.api.plugins.module_utils.core.token_module import token_cache

GOOD = {'url': 'http://127.0.0.1:18083', 'username': 'admin', 'password': 'secret-password'}


# Every option here is refused before anything is sent (conftest.py).
pytestmark = pytest.mark.usefixtures('no_request')


def login(**given):
    """A MagentoLogin as the module builds it: every option present, defaults filled, no cache."""
    options = dict((name, arg.get('default')) for name, arg in dict(obtain.SHARED_ARGS, **obtain.MAGENTO_ARGS).items())
    options.update(GOOD, cache=False)
    options.update(given)
    return obtain.MagentoLogin(options, token_cache(options))


@pytest.mark.parametrize('store_code', ['default/V1', '../admin', 'fr ca', '1default', 'de?x=1', 'default#'])
def test_store_code_must_be_a_store_code(store_code):
    with pytest.raises(ValueError, match='^store_code must be a Magento store code') as raised:
        login(store_code=store_code).token()
    assert 'secret-password' not in str(raised.value)
    with pytest.raises(ValueError, match='^store_code must be a Magento store code'):
        obtain.obtain_token('magento', dict(GOOD, store_code=store_code, cache=False))


@pytest.mark.parametrize('store_code', ['default', 'all', 'fr_ca', 'B2B', 'store2', None, ''])
def test_store_codes_that_pass(store_code):
    assert login(store_code=store_code).store_code == (store_code or None)


@pytest.mark.parametrize('name', ['url', 'username', 'password'])
@pytest.mark.parametrize('value', [None, ''])
def test_missing_credentials_are_refused(name, value):
    with pytest.raises(ValueError, match='^%s is required' % name):
        login(**{name: value}).token()
