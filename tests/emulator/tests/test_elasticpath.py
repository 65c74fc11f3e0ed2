# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulated Elastic Path authentication against shared/contracts/elasticpath.md, over real HTTP."""

import base64
import datetime
import json
import re

import pytest

TOKEN = '/oauth/access_token'
CUSTOMER_TOKENS = '/v2/customers/tokens'
MEMBER_TOKENS = '/v2/account-members/tokens'
UNAUTHORIZED = {'errors': [{'status': 401, 'title': 'Unauthorized'}]}
UNVALIDATED = {'errors': [{'status': 401, 'title': 'Unable to validate access token'}]}
FORBIDDEN = {'errors': [{'status': 403, 'title': 'Forbidden'}]}
MEMBER_UNAUTHORIZED = {'errors': [{'status': '401', 'title': 'Unauthorized'}]}


# --- helpers -------------------------------------------------------------------------------------

def call(emulator, method, path, **kwargs):
    kwargs.setdefault('timeout', 10)
    return emulator.session.request(method, emulator.url('elasticpath') + path, **kwargs)


def ep(emulator):
    return emulator.fixtures['elasticpath']


def now(emulator):
    return emulator.control('elasticpath', 'GET', 'clock')['now']


def get_token(emulator, grant='client_credentials', **overrides):
    form = {'grant_type': grant, 'client_id': ep(emulator)['client_id']}
    if grant == 'client_credentials':
        form['client_secret'] = ep(emulator)['client_secret']
    form.update(overrides)
    return call(emulator, 'POST', TOKEN, data=dict((k, v) for k, v in form.items() if v is not None))


def store_token(emulator, grant='client_credentials'):
    response = get_token(emulator, grant)
    assert response.status_code == 200, response.text
    return response.json()['access_token']


def auth(token, **extra):
    headers = {'Authorization': 'Bearer %s' % token}
    headers.update(extra)
    return headers


def customer_token_body(email, password):
    return {'data': {'type': 'token', 'email': email, 'password': password}}


def customer_login(emulator, store, password=None):
    customer = ep(emulator)['customer']
    body = customer_token_body(customer['email'], customer['password'] if password is None else password)
    return call(emulator, 'POST', CUSTOMER_TOKENS, json=body, headers=auth(store))


def member_body(emulator, **overrides):
    member = ep(emulator)['account_member']
    data = {'type': 'account_management_authentication_token', 'authentication_mechanism': 'password',
            'password_profile_id': member['password_profile_id'], 'username': member['username'],
            'password': member['password']}
    data.update(overrides)
    return {'data': data}


def member_login(emulator, store, **overrides):
    return call(emulator, 'POST', MEMBER_TOKENS, json=member_body(emulator, **overrides), headers=auth(store))


def jwt_claims(token):
    part = token.split('.')[1]
    return json.loads(base64.urlsafe_b64decode(part + '=' * (-len(part) % 4)))


def add_item(emulator, token, cart_id='cart-1', quantity=1):
    product_id = call(emulator, 'GET', '/v2/products', headers=auth(token)).json()['data'][0]['id']
    body = {'data': {'type': 'cart_item', 'id': product_id, 'quantity': quantity}}
    return call(emulator, 'POST', '/v2/carts/%s/items' % cart_id, json=body, headers=auth(token))


# --- store tokens --------------------------------------------------------------------------------

@pytest.mark.parametrize('grant', ['client_credentials', 'implicit'])
def test_store_token_body(emulator, grant):
    before = now(emulator)
    response = get_token(emulator, grant)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {'expires', 'identifier', 'expires_in', 'access_token', 'token_type'}
    assert re.fullmatch('[0-9a-f]{40}', body['access_token'])
    assert body['token_type'] == 'Bearer'
    assert body['identifier'] == grant
    assert body['expires_in'] == ep(emulator)['token_lifetime']
    assert isinstance(body['expires'], int)
    assert abs(body['expires'] - (before + body['expires_in'])) <= 2


def test_each_request_gets_a_new_token(emulator):
    assert store_token(emulator) != store_token(emulator)


def test_expires_follows_the_emulated_clock_and_config(emulator):
    emulator.config('elasticpath', token_lifetime=600)
    emulator.advance(86400)
    body = get_token(emulator).json()
    assert body['expires_in'] == 600
    assert abs(body['expires'] - (now(emulator) + 600)) <= 2


def test_implicit_ignores_a_secret(emulator):
    assert get_token(emulator, 'implicit', client_secret='whatever').status_code == 200


@pytest.mark.parametrize('form', [
    {'client_id': 'x'},
    {'grant_type': '', 'client_id': 'x'},
    {'grant_type': 'password', 'client_id': 'x', 'username': 'u', 'password': 'p'},
    {'grant_type': 'refresh_token', 'client_id': 'x'},
    {'grant_type': 'client_credentials', 'client_secret': 'x'},
    {'grant_type': 'implicit'},
    {},
], ids=['no-grant', 'empty-grant', 'password-grant', 'refresh-grant', 'no-client-id-cc', 'no-client-id-implicit', 'empty'])
def test_token_bad_request(emulator, form):
    response = call(emulator, 'POST', TOKEN, data=form)
    assert response.status_code == 400
    errors = response.json()['errors']
    assert len(errors) == 1
    assert errors[0]['status'] == 400
    assert errors[0]['title'] == 'Bad Request'
    assert isinstance(errors[0]['detail'], str) and errors[0]['detail']


def test_token_json_body_is_refused(emulator):
    body = {'grant_type': 'client_credentials', 'client_id': ep(emulator)['client_id'],
            'client_secret': ep(emulator)['client_secret']}
    response = call(emulator, 'POST', TOKEN, json=body)
    assert response.status_code == 400
    assert response.json()['errors'][0]['title'] == 'Bad Request'


@pytest.mark.parametrize('grant, overrides', [
    ('client_credentials', {'client_id': 'unknown'}),
    ('implicit', {'client_id': 'unknown'}),
    ('client_credentials', {'client_secret': 'wrong'}),
    ('client_credentials', {'client_secret': None}),
], ids=['unknown-client-cc', 'unknown-client-implicit', 'wrong-secret', 'no-secret'])
def test_token_unauthorized(emulator, grant, overrides):
    response = get_token(emulator, grant, **overrides)
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_token_route_only_takes_post(emulator):
    assert call(emulator, 'GET', TOKEN).status_code == 405


# --- using the store token ----------------------------------------------------------------------

@pytest.mark.parametrize('headers', [{}, {'Authorization': 'Bearer ' + '0' * 40}, {'Authorization': 'Basic abc'},
                                     {'Authorization': 'Bearer'}])
def test_resources_need_a_valid_token(emulator, headers):
    response = call(emulator, 'GET', '/v2/products', headers=headers)
    assert response.status_code == 401
    assert response.json() == UNVALIDATED


@pytest.mark.parametrize('grant', ['client_credentials', 'implicit'])
def test_tokens_expire_on_the_emulated_clock(emulator, grant):
    token = store_token(emulator, grant)
    emulator.advance(3590)
    assert call(emulator, 'GET', '/v2/products', headers=auth(token)).status_code == 200
    emulator.advance(15)
    response = call(emulator, 'GET', '/v2/products', headers=auth(token))
    assert response.status_code == 401
    assert response.json() == UNVALIDATED
    assert call(emulator, 'GET', '/v2/products', headers=auth(store_token(emulator, grant))).status_code == 200


def test_bearer_scheme_is_case_insensitive(emulator):
    token = store_token(emulator)
    assert call(emulator, 'GET', '/v2/products', headers={'Authorization': 'bearer ' + token}).status_code == 200


def test_reset_forgets_tokens(emulator):
    token = store_token(emulator)
    emulator.reset()
    assert call(emulator, 'GET', '/v2/products', headers=auth(token)).status_code == 401


def test_revoke_hook(emulator):
    token = store_token(emulator)
    response = call(emulator, 'POST', '/__emulator__/elasticpath/revoke', json={'token': token})
    assert response.json() == {'revoked': True}
    assert call(emulator, 'GET', '/v2/products', headers=auth(token)).json() == UNVALIDATED


@pytest.mark.parametrize('grant', ['client_credentials', 'implicit'])
def test_products_are_readable_by_both_grants(emulator, grant):
    token = store_token(emulator, grant)
    products = call(emulator, 'GET', '/v2/products', headers=auth(token)).json()['data']
    assert len(products) >= 2
    one = call(emulator, 'GET', '/v2/products/' + products[0]['id'], headers=auth(token))
    assert one.status_code == 200
    assert one.json()['data'] == products[0]
    missing = call(emulator, 'GET', '/v2/products/nope', headers=auth(token))
    assert missing.status_code == 404
    assert missing.json()['errors'][0]['status'] == 404


def test_unknown_route(emulator):
    response = call(emulator, 'GET', '/v2/nothing', headers=auth(store_token(emulator)))
    assert response.status_code == 404
    assert response.json()['errors'][0]['title'] == 'Not Found'


# --- implicit tokens: what they may write --------------------------------------------------------

@pytest.mark.parametrize('method, path, body', [
    ('POST', '/v2/products', {'data': {'type': 'product', 'name': 'Cup', 'sku': 'CUP'}}),
    ('POST', '/v2/customers', {'data': {'type': 'customer', 'name': 'Al', 'email': 'al@example.com'}}),
    ('GET', '/v2/customers', None),
])
def test_implicit_is_forbidden(emulator, method, path, body):
    implicit = call(emulator, method, path, json=body, headers=auth(store_token(emulator, 'implicit')))
    assert implicit.status_code == 403
    assert implicit.json() == FORBIDDEN
    full = call(emulator, method, path, json=body, headers=auth(store_token(emulator)))
    assert full.status_code in (200, 201)


def test_implicit_writes_carts_and_checkout(emulator):
    token = store_token(emulator, 'implicit')
    response = add_item(emulator, token, quantity=2)
    assert response.status_code == 201
    assert response.json()['data'][0]['quantity'] == 2
    add_item(emulator, token)
    cart = call(emulator, 'GET', '/v2/carts/cart-1', headers=auth(token)).json()['data']
    price = response.json()['data'][0]['unit_price']['amount']
    assert cart['meta']['display_price']['with_tax']['amount'] == 3 * price
    order = call(emulator, 'POST', '/v2/carts/cart-1/checkout', json={'data': {}}, headers=auth(token))
    assert order.status_code == 201
    assert order.json()['data']['type'] == 'order'


def test_cart_errors(emulator):
    token = store_token(emulator, 'implicit')
    empty = call(emulator, 'POST', '/v2/carts/empty/checkout', json={'data': {}}, headers=auth(token))
    assert empty.status_code == 400
    bad = call(emulator, 'POST', '/v2/carts/c/items', json={'data': {'type': 'cart_item', 'id': 'nope'}},
               headers=auth(token))
    assert bad.status_code == 404
    assert add_item(emulator, token, quantity=0).status_code == 400
    assert call(emulator, 'POST', '/v2/carts/c/items', json={'nothing': 1}, headers=auth(token)).status_code == 400


def test_client_credentials_create_product(emulator):
    token = store_token(emulator)
    body = {'data': {'type': 'product', 'name': 'Cup', 'sku': 'CUP-9', 'price': [{'amount': 300, 'currency': 'USD'}]}}
    created = call(emulator, 'POST', '/v2/products', json=body, headers=auth(token))
    assert created.status_code == 201
    product = created.json()['data']
    assert product['price'][0]['amount'] == 300
    assert call(emulator, 'GET', '/v2/products/' + product['id'], headers=auth(token)).status_code == 200
    invalid = call(emulator, 'POST', '/v2/products', json={'data': {'type': 'product'}}, headers=auth(token))
    assert invalid.status_code == 400


# --- customers and customer tokens ---------------------------------------------------------------

@pytest.mark.parametrize('grant', ['implicit', 'client_credentials'])
def test_customer_token(emulator, grant):
    customer = ep(emulator)['customer']
    before = now(emulator)
    response = customer_login(emulator, store_token(emulator, grant))
    assert response.status_code == 200
    data = response.json()['data']
    assert set(data) == {'type', 'id', 'customer_id', 'token', 'expires'}
    assert data['type'] == 'token'
    assert data['customer_id'] == customer['id']
    assert isinstance(data['expires'], int)
    assert abs(data['expires'] - (before + 86400)) <= 2
    assert len(data['token'].split('.')) == 3
    assert jwt_claims(data['token'])['sub'] == customer['id']


def test_customer_token_needs_a_store_token(emulator):
    customer = ep(emulator)['customer']
    response = call(emulator, 'POST', CUSTOMER_TOKENS, json=customer_token_body(customer['email'], customer['password']))
    assert response.status_code == 401
    assert response.json() == UNVALIDATED


@pytest.mark.parametrize('email, password', [('shopper@example.com', 'wrong'), ('nobody@example.com', 'Sh0pper-Passw0rd!')])
def test_customer_token_bad_credentials(emulator, email, password):
    response = call(emulator, 'POST', CUSTOMER_TOKENS, json=customer_token_body(email, password),
                    headers=auth(store_token(emulator, 'implicit')))
    assert response.status_code == 401
    error = response.json()['errors'][0]
    assert error['status'] == 401
    assert error['title'] == 'Unauthorized'


@pytest.mark.parametrize('body', [
    {},
    {'data': {'type': 'customer', 'email': 'a@example.com', 'password': 'x'}},
    {'data': {'type': 'token', 'email': 'a@example.com'}},
    {'data': {'type': 'token', 'authentication_mechanism': 'oidc', 'oauth_authorization_code': 'c'}},
])
def test_customer_token_bad_body(emulator, body):
    response = call(emulator, 'POST', CUSTOMER_TOKENS, json=body, headers=auth(store_token(emulator, 'implicit')))
    assert response.status_code == 400
    assert response.json()['errors'][0]['status'] == 400


def test_customer_read_rules(emulator):
    customer_id = ep(emulator)['customer']['id']
    path = '/v2/customers/' + customer_id
    implicit = store_token(emulator, 'implicit')
    shopper = customer_login(emulator, implicit).json()['data']['token']
    assert call(emulator, 'GET', path, headers=auth(implicit)).json() == FORBIDDEN
    mine = call(emulator, 'GET', path, headers=auth(implicit, **{'X-Moltin-Customer-Token': shopper}))
    assert mine.status_code == 200
    assert mine.json()['data']['email'] == ep(emulator)['customer']['email']
    assert call(emulator, 'GET', path, headers=auth(store_token(emulator))).status_code == 200
    assert call(emulator, 'GET', path, headers=auth(implicit, **{'X-Moltin-Customer-Token': 'forged'})).status_code == 403


def test_customer_token_of_someone_else(emulator):
    full = store_token(emulator)
    body = {'data': {'type': 'customer', 'name': 'Other', 'email': 'other@example.com', 'password': 'Other-Pass1'}}
    created = call(emulator, 'POST', '/v2/customers', json=body, headers=auth(full))
    assert created.status_code == 201
    assert 'Other-Pass1' not in created.text
    implicit = store_token(emulator, 'implicit')
    other = call(emulator, 'POST', CUSTOMER_TOKENS, json=customer_token_body('other@example.com', 'Other-Pass1'),
                 headers=auth(implicit)).json()['data']
    assert other['customer_id'] == created.json()['data']['id']
    path = '/v2/customers/' + ep(emulator)['customer']['id']
    assert call(emulator, 'GET', path, headers=auth(implicit, **{'X-Moltin-Customer-Token': other['token']})).status_code == 403
    duplicate = call(emulator, 'POST', '/v2/customers', json=body, headers=auth(full))
    assert duplicate.status_code == 409


def test_customer_token_expires_after_24_hours(emulator):
    implicit = store_token(emulator, 'implicit')
    shopper = customer_login(emulator, implicit).json()['data']['token']
    path = '/v2/customers/' + ep(emulator)['customer']['id']
    emulator.advance(86390)
    fresh = store_token(emulator, 'implicit')
    assert call(emulator, 'GET', path, headers=auth(fresh, **{'X-Moltin-Customer-Token': shopper})).status_code == 200
    emulator.advance(15)
    fresh = store_token(emulator, 'implicit')
    assert call(emulator, 'GET', path, headers=auth(fresh, **{'X-Moltin-Customer-Token': shopper})).status_code == 403


def test_list_customers_with_client_credentials(emulator):
    response = call(emulator, 'GET', '/v2/customers', headers=auth(store_token(emulator)))
    assert [customer['id'] for customer in response.json()['data']] == [ep(emulator)['customer']['id']]
    missing = call(emulator, 'GET', '/v2/customers/nope', headers=auth(store_token(emulator)))
    assert missing.status_code == 404


# --- account members -------------------------------------------------------------------------------

@pytest.mark.parametrize('grant', ['implicit', 'client_credentials'])
def test_account_member_token(emulator, grant):
    member = ep(emulator)['account_member']
    before = now(emulator)
    response = member_login(emulator, store_token(emulator, grant))
    assert response.status_code == 201
    body = response.json()
    assert body['meta'] == {'account_member_id': member['id']}
    assert len(body['data']) == len(member['accounts'])
    token = body['data'][0]
    assert set(token) == {'type', 'account_id', 'account_name', 'token', 'expires'}
    assert token['type'] == 'account_management_authentication_token'
    assert (token['account_id'], token['account_name']) == (member['accounts'][0]['id'], member['accounts'][0]['name'])
    assert re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z', token['expires'])
    expires = datetime.datetime.strptime(token['expires'], '%Y-%m-%dT%H:%M:%S.%fZ').replace(tzinfo=datetime.timezone.utc)
    assert abs(expires.timestamp() - (before + 86400)) <= 2
    assert jwt_claims(token['token'])['account_id'] == token['account_id']


@pytest.mark.parametrize('overrides', [{'password': 'wrong'}, {'username': 'nobody@example.com'},
                                       {'password_profile_id': '00000000-0000-0000-0000-000000000000'}])
def test_account_member_bad_credentials_have_a_string_status(emulator, overrides):
    response = member_login(emulator, store_token(emulator, 'implicit'), **overrides)
    assert response.status_code == 401
    assert response.json() == MEMBER_UNAUTHORIZED


def test_status_is_a_string_only_for_account_members(emulator):
    implicit = store_token(emulator, 'implicit')
    member_status = member_login(emulator, implicit, password='wrong').json()['errors'][0]['status']
    customer_status = customer_login(emulator, implicit, password='wrong').json()['errors'][0]['status']
    store_status = get_token(emulator, client_secret='wrong').json()['errors'][0]['status']
    assert (member_status, customer_status, store_status) == ('401', 401, 401)


def test_account_member_token_needs_a_store_token(emulator):
    response = call(emulator, 'POST', MEMBER_TOKENS, json=member_body(emulator))
    assert response.status_code == 401
    assert response.json() == UNVALIDATED


@pytest.mark.parametrize('overrides', [{'type': 'token'}, {'authentication_mechanism': 'passwordless'}, {'username': ''}])
def test_account_member_bad_body(emulator, overrides):
    response = member_login(emulator, store_token(emulator, 'implicit'), **overrides)
    assert response.status_code == 400


def test_account_read_rules(emulator):
    account_id = ep(emulator)['account_member']['accounts'][0]['id']
    path = '/v2/accounts/' + account_id
    implicit = store_token(emulator, 'implicit')
    member_token = member_login(emulator, implicit).json()['data'][0]['token']
    header = 'EP-Account-Management-Authentication-Token'
    assert call(emulator, 'GET', path, headers=auth(implicit)).json() == FORBIDDEN
    response = call(emulator, 'GET', path, headers=auth(implicit, **{header: member_token}))
    assert response.status_code == 200
    assert response.json()['data']['id'] == account_id
    assert call(emulator, 'GET', path, headers=auth(store_token(emulator))).status_code == 200
    # A member token does not stand in for the store token.
    assert call(emulator, 'GET', path, headers={header: member_token}).json() == UNVALIDATED
    other = call(emulator, 'GET', '/v2/accounts/other', headers=auth(implicit, **{header: member_token}))
    assert other.status_code == 403
    emulator.advance(86405)
    expired = call(emulator, 'GET', path, headers=auth(store_token(emulator, 'implicit'), **{header: member_token}))
    assert expired.status_code == 403


# --- rate limits via the framework ---------------------------------------------------------------

def test_rate_limit_fault(emulator):
    body = {'errors': [{'status': 429, 'title': 'Too Many Requests'}]}
    emulator.fault('elasticpath', method='POST', path=TOKEN, status=429, body=body, headers={'Retry-After': '3'})
    limited = get_token(emulator)
    assert limited.status_code == 429
    assert limited.headers['Retry-After'] == '3'
    assert limited.json() == body
    assert get_token(emulator).status_code == 200
    assert emulator.counts('elasticpath')['POST ' + TOKEN] == 2
