# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""commerce_token without HTTP: option checks, base URL choice, which tokens are fetched and cached."""

from __future__ import annotations

import time

import pytest

from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError
from ansible_collections.commerceops.api.plugins.module_utils.core.token import Token
from ansible_collections.commerceops.api.plugins.modules import commerce_token

BASE_URL = 'http://127.0.0.1:18084'
CLIENT_ID = 'client-1'


class FakeStore:
    """Stands in for the provider: counts calls, hands out numbered tokens, can refuse one store token once."""

    def __init__(self):
        self.calls = []
        self.refused = set()

    def store(self, client, base_url, client_id, client_secret=None, grant_type=None, now=None):
        self.calls.append(('store', base_url, grant_type, client_secret))
        return Token('%s-%d' % (grant_type, len(self.calls)), 'commerce', base_url, '%s:%s' % (grant_type, client_id),
                     time.time() + 3600, {'grant_type': grant_type})

    def _check_bearer(self, url, store_token):
        if store_token.value in self.refused:
            raise ApiError(api='commerce', url=url, status=401, vendor_message='Unable to validate access token')

    def customer(self, client, base_url, store_token, email, password, now=None):
        self.calls.append(('customer', store_token.value, email))
        self._check_bearer(base_url + '/v2/customers/tokens', store_token)
        if password != 'good':
            raise ApiError(api='commerce', url=base_url + '/v2/customers/tokens', status=401, vendor_message='Unauthorized')
        return Token('customer-%d' % len(self.calls), 'commerce', base_url, 'customer:%s' % email, time.time() + 86400,
                     {'header': 'X-Moltin-Customer-Token', 'customer_id': 'c-1'})

    def members(self, client, base_url, store_token, password_profile_id, username, password, now=None):
        self.calls.append(('member', store_token.value, username))
        self._check_bearer(base_url + '/v2/account-members/tokens', store_token)
        return [Token('member-%d-%s' % (len(self.calls), account), 'commerce', base_url, 'account_member:%s' % username,
                      time.time() + 86400, {'header': 'EP-Account-Management-Authentication-Token', 'account_id': account})
                for account in ('a-1', 'a-2')]

    def count(self, kind):
        return sum(1 for call in self.calls if call[0] == kind)


@pytest.fixture
def fake(monkeypatch):
    store = FakeStore()
    monkeypatch.setattr(commerce_token.elasticpath, 'fetch_store_token', store.store)
    monkeypatch.setattr(commerce_token.elasticpath, 'fetch_customer_token', store.customer)
    monkeypatch.setattr(commerce_token.elasticpath, 'fetch_account_member_tokens', store.members)
    return store


@pytest.fixture
def params(tmp_path):
    """Module parameters as AnsibleModule would hand them over, defaults filled in."""

    def make(**given):
        values = dict((name, option.get('default')) for name, option in commerce_token.ARGUMENT_SPEC.items())
        values.update(base_url=BASE_URL, client_id=CLIENT_ID, cache_dir=str(tmp_path / 'cache'))
        values.update(given)
        return values

    return make


CUSTOMER = {'email': 'shopper@example.com', 'password': 'good'}
MEMBER = {'password_profile_id': 'profile-1', 'username': 'member@example.com', 'password': 'good'}


def test_default_grant_follows_the_secret(fake, params):
    assert commerce_token.commerce_tokens(params(client_secret='s3cret'))['grant_type'] == 'client_credentials'
    assert commerce_token.commerce_tokens(params())['grant_type'] == 'implicit'
    assert [call[2] for call in fake.calls] == ['client_credentials', 'implicit']
    # The implicit grant never sends the secret, even when one is given.
    commerce_token.commerce_tokens(params(client_secret='s3cret', grant_type='implicit', cache=False))
    assert fake.calls[-1] == ('store', BASE_URL, 'implicit', None)


def test_region_gives_the_host(fake, params):
    result = commerce_token.commerce_tokens(params(base_url=None, region='us-east'))
    assert result['base_url'] == 'https://useast.api.elasticpath.com'
    assert commerce_token.commerce_tokens(params(base_url=None))['base_url'] == 'https://euwest.api.elasticpath.com'


def test_trailing_slash_shares_the_cache_entry(fake, params):
    first = commerce_token.commerce_tokens(params(client_secret='s3cret'))
    second = commerce_token.commerce_tokens(params(client_secret='s3cret', base_url=BASE_URL + '/'))
    assert first['token'] == second['token'] and fake.count('store') == 1


def test_rotated_secret_misses_the_cache(fake, params):
    commerce_token.commerce_tokens(params(client_secret='s3cret'))
    commerce_token.commerce_tokens(params(client_secret='s3cret'))
    commerce_token.commerce_tokens(params(client_secret='rotated'))
    assert fake.count('store') == 2


@pytest.mark.parametrize('given, option', [
    (dict(base_url='ftp://host/store'), 'base_url'),
    (dict(client_id='  '), 'client_id'),
    (dict(grant_type='client_credentials'), 'client_secret'),
    (dict(region='us-east'), 'mutually exclusive'),
    (dict(customer={'email': 'a@example.com', 'password': ''}), 'customer.password'),
    (dict(account_member=dict(MEMBER, username='')), 'account_member.username'),
    (dict(fact_name='not-a-name'), 'fact_name'),
])
def test_bad_input_names_the_option(fake, params, given, option):
    with pytest.raises(ValueError, match=option.replace('.', r'\.')):
        commerce_token.commerce_tokens(params(**given))
    assert fake.calls == []


def test_shopper_tokens_use_the_implicit_token(fake, params):
    result = commerce_token.commerce_tokens(params(client_secret='s3cret', customer=CUSTOMER, account_member=MEMBER))
    assert result['grant_type'] == 'client_credentials'
    assert result['implicit_token']['grant_type'] == 'implicit'
    assert result['customer_token']['header'] == 'X-Moltin-Customer-Token'
    assert [token['account_id'] for token in result['account_member_tokens']] == ['a-1', 'a-2']
    implicit = result['implicit_token']['token']
    assert [call[1] for call in fake.calls if call[0] != 'store'] == [implicit, implicit]
    # Everything comes from the cache the second time.
    again = commerce_token.commerce_tokens(params(client_secret='s3cret', customer=CUSTOMER, account_member=MEMBER))
    assert again['token'] == result['token'] and again['customer_token']['token'] == result['customer_token']['token']
    assert len(fake.calls) == 4


def test_implicit_grant_makes_one_store_request_for_shoppers(fake, params):
    result = commerce_token.commerce_tokens(params(customer=CUSTOMER))
    assert result['implicit_token']['token'] == result['token']
    assert fake.count('store') == 1


def test_refused_cached_implicit_token_is_replaced_once(fake, params):
    first = commerce_token.commerce_tokens(params(customer=CUSTOMER))
    fake.refused.add(first['token'])
    result = commerce_token.commerce_tokens(params(account_member=MEMBER))
    assert result['token'] != first['token']
    assert result['implicit_token']['token'] == result['token']
    assert fake.count('store') == 2 and fake.count('member') == 2


def test_wrong_password_is_not_retried(fake, params):
    with pytest.raises(ApiError, match='Unauthorized'):
        commerce_token.commerce_tokens(params(customer=dict(CUSTOMER, password='bad')))
    assert fake.count('customer') == 1 and fake.count('store') == 1


def test_secrets_of_lists_every_secret(params):
    values = commerce_token.secrets_of(params(client_secret='s3cret', customer=CUSTOMER, account_member=dict(MEMBER, password='m')))
    assert values == ['s3cret', 'good', 'm']
