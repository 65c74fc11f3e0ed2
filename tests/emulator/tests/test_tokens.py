# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""GET /__emulator__/tokens (what the leak scan looks for) and the EQP revoke hook."""

import pytest

EQP_TOKEN = '/rest/v1/app/session/token'
EQP_USER = '/rest/v1/users/%s'
EQP_REVOKE = '/__emulator__/eqp/revoke'
MAGENTO_ADMIN = '/rest/V1/integration/admin/token'
MAGENTO_CUSTOMER = '/rest/V1/integration/customer/token'
EP_TOKEN = '/oauth/access_token'


def post(emulator, name, path, **kwargs):
    return emulator.session.post(emulator.url(name) + path, timeout=10, **kwargs)


def issued(emulator, name):
    return emulator.control(name, 'GET', 'tokens')['tokens']


def eqp_token(emulator, name='eqp_sandbox'):
    account = emulator.fixtures['eqp'][name.split('_')[1]]
    response = post(emulator, name, EQP_TOKEN, auth=(account['app_id'], account['app_secret']), json={'grant_type': 'session'})
    assert response.status_code == 200, response.text
    return response.json()['ust']


def eqp_profile(emulator, ust, name='eqp_sandbox'):
    mage_id = emulator.fixtures['eqp'][name.split('_')[1]]['mage_id']
    return emulator.session.get(emulator.url(name) + EQP_USER % mage_id, headers={'Authorization': 'Bearer ' + ust}, timeout=10)


def magento_tokens(emulator):
    fixtures = emulator.fixtures['magento']
    admin, customer = fixtures['admins'][0], fixtures['customers'][0]
    tokens = []
    for path, username, password in ((MAGENTO_ADMIN, admin['username'], admin['password']),
                                     (MAGENTO_CUSTOMER, customer['email'], customer['password'])):
        response = post(emulator, 'magento', path, json={'username': username, 'password': password})
        assert response.status_code == 200, response.text
        tokens.append(response.json())
    return tokens


def ep_tokens(emulator):
    """A store token of each grant, a customer token and the account-member tokens."""
    shop = emulator.fixtures['elasticpath']
    tokens = []
    for grant in ('client_credentials', 'implicit'):
        form = {'grant_type': grant, 'client_id': shop['client_id']}
        if grant == 'client_credentials':
            form['client_secret'] = shop['client_secret']
        response = post(emulator, 'elasticpath', EP_TOKEN, data=form)
        assert response.status_code == 200, response.text
        tokens.append(response.json()['access_token'])
    headers = {'Authorization': 'Bearer ' + tokens[1]}
    customer = {'data': {'type': 'token', 'email': shop['customer']['email'], 'password': shop['customer']['password']}}
    response = post(emulator, 'elasticpath', '/v2/customers/tokens', json=customer, headers=headers)
    assert response.status_code == 200, response.text
    tokens.append(response.json()['data']['token'])
    member = shop['account_member']
    body = {'data': {'type': 'account_management_authentication_token', 'authentication_mechanism': 'password',
                     'password_profile_id': member['password_profile_id'], 'username': member['username'],
                     'password': member['password']}}
    response = post(emulator, 'elasticpath', '/v2/account-members/tokens', json=body, headers=headers)
    assert response.status_code == 201, response.text
    tokens.extend(entry['token'] for entry in response.json()['data'])
    return tokens


def test_every_eqp_session_token_is_listed_by_its_own_listener(emulator):
    sandbox = [eqp_token(emulator), eqp_token(emulator)]
    production = eqp_token(emulator, 'eqp_production')
    listed = issued(emulator, 'eqp_sandbox')
    assert set(sandbox) <= set(listed)
    assert production not in listed
    assert production in issued(emulator, 'eqp_production')


@pytest.mark.parametrize('token_format', ['jwt', 'opaque'])
def test_magento_admin_and_customer_tokens_are_listed(emulator, token_format):
    emulator.config('magento', token_format=token_format)
    tokens = magento_tokens(emulator)
    assert set(tokens) <= set(issued(emulator, 'magento'))


def test_elasticpath_tokens_of_every_kind_are_listed(emulator):
    tokens = ep_tokens(emulator)
    # Two store tokens, one customer token, one account-member token per account of the fixtures.
    assert len(tokens) == 3 + len(emulator.fixtures['elasticpath']['account_member']['accounts'])
    assert set(tokens) <= set(issued(emulator, 'elasticpath'))


def test_issued_tokens_survive_a_reset(emulator):
    before = {'eqp_sandbox': [eqp_token(emulator)], 'magento': magento_tokens(emulator), 'elasticpath': ep_tokens(emulator)}
    emulator.reset()
    for name, tokens in before.items():
        assert set(tokens) <= set(issued(emulator, name)), name
    # Still only a record: the new app does not accept the old token.
    assert eqp_profile(emulator, before['eqp_sandbox'][0]).status_code == 401


def test_tokens_listing_is_in_issue_order_without_repeats(emulator):
    first, second = eqp_token(emulator), eqp_token(emulator)
    listed = issued(emulator, 'eqp_sandbox')
    assert len(listed) == len(set(listed))
    assert listed.index(first) < listed.index(second)


def test_tokens_listing_is_read_only(emulator):
    for method in ('POST', 'DELETE'):
        response = emulator.session.request(method, emulator.url('magento') + '/__emulator__/tokens', timeout=10)
        assert response.status_code == 405


def test_revoked_eqp_token_gets_the_answer_of_an_expired_one(emulator):
    kept, revoked = eqp_token(emulator), eqp_token(emulator)
    answer = post(emulator, 'eqp_sandbox', EQP_REVOKE, json={'token': revoked})
    assert answer.status_code == 200
    assert answer.json() == {'revoked': 1}
    refused = eqp_profile(emulator, revoked)
    emulator.advance(100000)
    expired = eqp_profile(emulator, kept)
    assert refused.status_code == expired.status_code == 401
    assert refused.json() == expired.json()
    assert refused.json()['code'] == 1003


def test_revoke_without_body_revokes_every_token_of_that_listener_only(emulator):
    sandbox = [eqp_token(emulator), eqp_token(emulator)]
    production = eqp_token(emulator, 'eqp_production')
    answer = post(emulator, 'eqp_sandbox', EQP_REVOKE)
    assert answer.json() == {'revoked': 2}
    for ust in sandbox:
        assert eqp_profile(emulator, ust).status_code == 401
    assert eqp_profile(emulator, production, 'eqp_production').status_code == 200
    # A new token works again, and the revoked ones stay on the leak scan's list.
    assert eqp_profile(emulator, eqp_token(emulator)).status_code == 200
    assert set(sandbox) <= set(issued(emulator, 'eqp_sandbox'))


def test_revoke_of_an_unknown_token_and_bad_bodies(emulator):
    ust = eqp_token(emulator)
    assert post(emulator, 'eqp_sandbox', EQP_REVOKE, json={'token': 'nope'}).json() == {'revoked': 0}
    for body in ([ust], {'token': 5}, {'token': ust, 'extra': 1}):
        answer = post(emulator, 'eqp_sandbox', EQP_REVOKE, json=body)
        assert answer.status_code == 400
        assert answer.json()['code'] == 1005
    assert post(emulator, 'eqp_sandbox', EQP_REVOKE, data='{bad').status_code == 400
    assert eqp_profile(emulator, ust).status_code == 200


def test_revoke_hook_is_neither_counted_nor_faulted(emulator):
    emulator.fault('eqp_sandbox', path='*', count=5)
    assert post(emulator, 'eqp_sandbox', EQP_REVOKE).status_code == 200
    assert emulator.counts('eqp_sandbox') == {}
