# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Emulated Adobe IMS, the Commerce Cloud Service gateway and the store's Admin-IMS mode (shared/contracts/adobe_ims.md)."""

import base64
import json

import pytest

SCOPES = 'AdobeID,openid,email,profile,additional_info.roles,additional_info.projectedProductContext,commerce.accs'
TOKEN = '/ims/token/v3'


def ims(emulator):
    return emulator.fixtures['ims']


def claims_of(token):
    payload = token.split('.')[1]
    return json.loads(base64.urlsafe_b64decode(payload + '=' * (-len(payload) % 4)))


def token_request(emulator, query=None, **form):
    return emulator.session.post(emulator.url('ims') + TOKEN, params=query, data=form, timeout=10)


def good_form(emulator, **changes):
    form = dict(grant_type='client_credentials', client_id=ims(emulator)['client_id'],
                client_secret=ims(emulator)['client_secret'], scope=SCOPES)
    form.update(changes)
    return dict((name, value) for name, value in form.items() if value is not None)


def access_token(emulator):
    response = token_request(emulator, **good_form(emulator))
    assert response.status_code == 200, response.text
    return response.json()['access_token']


def test_client_credentials_token(emulator):
    response = token_request(emulator, **good_form(emulator))
    assert response.status_code == 200
    assert response.headers['Content-Type'].startswith('application/json')
    body = response.json()
    assert body['token_type'] == 'bearer' and body['expires_in'] == 86399
    claims = claims_of(body['access_token'])
    # Inside the JWT, IMS writes milliseconds, as strings.
    assert claims['expires_in'] == '86399000' and len(claims['created_at']) == 13
    assert claims['client_id'] == ims(emulator)['client_id'] and claims['scope'] == SCOPES
    assert body['access_token'] in emulator.control('ims', 'GET', 'tokens')['tokens']


def test_parameters_from_query_and_body_body_wins(emulator):
    form = good_form(emulator, client_id=None)
    assert token_request(emulator, query={'client_id': ims(emulator)['client_id']}, **form).status_code == 200
    wrong_in_query = token_request(emulator, query={'client_secret': 'nope'}, **good_form(emulator))
    assert wrong_in_query.status_code == 200


@pytest.mark.parametrize('changes, error, description', [
    ({'client_id': 'unknown'}, 'invalid_client', 'invalid client_id parameter'),
    ({'client_id': None}, 'invalid_client', 'invalid client_id parameter'),
    ({'client_secret': 'wrong'}, 'invalid_client', 'invalid client_secret parameter'),
    ({'scope': SCOPES + ',commerce.secret'}, 'invalid_scope', 'invalid scope parameter'),
    ({'grant_type': 'password'}, 'unsupported_grant_type', 'unsupported grant_type parameter'),
    ({'grant_type': None}, 'invalid_request', 'missing grant_type parameter'),
])
def test_token_errors_are_400_never_401(emulator, changes, error, description):
    response = token_request(emulator, **good_form(emulator, **changes))
    assert (response.status_code, response.json()) == (400, {'error': error, 'error_description': description})


def test_shorter_lifetime_setting(emulator):
    emulator.config('ims', token_lifetime=5)
    assert token_request(emulator, **good_form(emulator)).json()['expires_in'] == 5


# --- the Commerce Cloud Service gateway ---------------------------------------------------------------

def gateway(emulator, path, token=None, api_key=True, org=None, tenant=None):
    headers = {}
    if token:
        headers['Authorization'] = 'Bearer ' + token
    if api_key:
        headers['x-api-key'] = ims(emulator)['client_id'] if api_key is True else api_key
    if org:
        headers['x-gw-ims-org-id'] = org
    url = '%s/%s/V1/%s' % (emulator.url('commerce_cloud'), tenant or ims(emulator)['tenant_id'], path)
    return emulator.session.get(url, headers=headers, timeout=10)


def test_gateway_takes_an_ims_token_with_the_api_key(emulator):
    token = access_token(emulator)
    response = gateway(emulator, 'store/storeConfigs', token, org=ims(emulator)['org_id'])
    assert response.status_code == 200, response.text
    assert response.json()[0]['code'] == 'default'
    assert gateway(emulator, 'customers/search?searchCriteria[pageSize]=1', token).json()['total_count'] == 1


def test_gateway_401_without_a_valid_token(emulator):
    assert gateway(emulator, 'store/storeConfigs').status_code == 401
    forged = access_token(emulator)[:-4] + 'AAAA'
    assert gateway(emulator, 'store/storeConfigs', forged).json() == {'error_code': '401013', 'message': 'Oauth token is not valid'}
    token = access_token(emulator)
    emulator.advance(86400)
    assert gateway(emulator, 'store/storeConfigs', token).status_code == 401


def test_gateway_403_for_api_key_and_org(emulator):
    token = access_token(emulator)
    assert gateway(emulator, 'store/storeConfigs', token, api_key=False).status_code == 403
    assert gateway(emulator, 'store/storeConfigs', token, api_key='someone-else').status_code == 403
    wrong_org = gateway(emulator, 'store/storeConfigs', token, org='000000000000000000000000@AdobeOrg')
    assert wrong_org.status_code == 403
    emulator.config('commerce_cloud', require_org_header=True)
    assert gateway(emulator, 'store/storeConfigs', token).status_code == 403
    assert gateway(emulator, 'store/storeConfigs', token, org=ims(emulator)['org_id']).status_code == 200


def test_gateway_has_no_token_routes_and_checks_the_tenant(emulator):
    token = access_token(emulator)
    response = emulator.session.post('%s/%s/V1/integration/admin/token' % (emulator.url('commerce_cloud'), ims(emulator)['tenant_id']),
                                     json={'username': 'admin', 'password': 'x'},
                                     headers={'Authorization': 'Bearer ' + token, 'x-api-key': ims(emulator)['client_id']}, timeout=10)
    assert (response.status_code, response.json()) == (404, {'message': 'Request does not match any route.'})
    assert gateway(emulator, 'store/storeConfigs', token, tenant='other').status_code == 404


def test_gateway_429_with_retry_after_as_a_fault(emulator):
    token = access_token(emulator)
    emulator.fault('commerce_cloud', path='/*/V1/store/storeConfigs', status=429, headers={'Retry-After': '2'})
    throttled = gateway(emulator, 'store/storeConfigs', token)
    assert throttled.status_code == 429 and throttled.headers['Retry-After'] == '2'
    assert gateway(emulator, 'store/storeConfigs', token).status_code == 200


# --- PaaS with Admin IMS ------------------------------------------------------------------------------

def test_admin_ims_mode_refuses_admin_tokens_and_takes_ims_tokens(emulator):
    store = emulator.url('magento')
    admin = emulator.fixtures['magento']['admins'][0]
    token = access_token(emulator)
    bearer = {'Authorization': 'Bearer ' + token}
    assert emulator.session.get(store + '/rest/V1/store/storeConfigs', headers=bearer, timeout=10).status_code == 401
    emulator.config('magento', admin_ims=True)
    refused = emulator.session.post(store + '/rest/V1/integration/admin/token',
                                    json={'username': admin['username'], 'password': admin['password']}, timeout=10)
    assert (refused.status_code, refused.json()) == (401, {'message': 'Admin token generation is disabled. Please use Adobe IMS ACCESS_TOKEN.'})
    assert emulator.session.get(store + '/rest/V1/store/storeConfigs', headers=bearer, timeout=10).status_code == 200
    emulator.advance(86400)
    assert emulator.session.get(store + '/rest/V1/store/storeConfigs', headers=bearer, timeout=10).status_code == 401


# --- Magento fidelity found by real clients -----------------------------------------------------------

def test_accept_magento_cannot_render_is_406(emulator):
    url = emulator.url('magento') + '/rest/V1/directory/countries'
    html = emulator.session.get(url, headers={'Accept': 'text/html'}, timeout=10)
    assert html.status_code == 406
    assert html.json() == {'message': 'Server cannot match any of the given Accept HTTP header media type(s) from the request: "%1" '
                                      'with media types from the config of response renderer.', 'parameters': ['text/html']}
    text_any = emulator.session.get(url, headers={'Accept': 'text/*'}, timeout=10)
    assert text_any.status_code == 200 and text_any.text.startswith('<?xml')
    app_any = emulator.session.get(url, headers={'Accept': 'application/*'}, timeout=10)
    assert app_any.status_code == 200 and app_any.json()[0]['id'] == 'US'
    assert emulator.session.get(url, headers={'Accept': 'text/html, */*;q=0.1'}, timeout=10).status_code == 200


def test_customers_search_is_its_own_route(emulator):
    store = emulator.url('magento')
    admin = emulator.fixtures['magento']['admins'][0]
    token = emulator.session.post(store + '/rest/V1/integration/admin/token',
                                  json={'username': admin['username'], 'password': admin['password']}, timeout=10).json()
    bearer = {'Authorization': 'Bearer ' + token}
    email = emulator.fixtures['magento']['customers'][0]['email']
    query = {'searchCriteria[filter_groups][0][filters][0][field]': 'email',
             'searchCriteria[filter_groups][0][filters][0][value]': email}
    found = emulator.session.get(store + '/rest/V1/customers/search', params=query, headers=bearer, timeout=10)
    assert found.status_code == 200, found.text
    assert [item['email'] for item in found.json()['items']] == [email]
    none = emulator.session.get(store + '/rest/V1/customers/search', params=dict(query, **{
        'searchCriteria[filter_groups][0][filters][0][value]': 'nobody@example.com'}), headers=bearer, timeout=10)
    assert none.json()['total_count'] == 0
    missing = emulator.session.get(store + '/rest/V1/customers/search', headers=bearer, timeout=10)
    assert (missing.status_code, missing.json()['parameters']) == (400, {'fieldName': 'searchCriteria'})
    guest = emulator.session.get(store + '/rest/V1/customers/search', params=query, timeout=10)
    assert guest.status_code == 401 and guest.json()['parameters'] == {'resources': 'Magento_Customer::customer'}
