# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulated Magento REST token service against shared/contracts/magento.md, over real HTTP."""

import base64
import hashlib
import hmac
import json
import re
import struct
import xml.etree.ElementTree as ET

import pytest

ADMIN_TOKEN = '/rest/V1/integration/admin/token'
CUSTOMER_TOKEN = '/rest/V1/integration/customer/token'
GOOGLE = '/rest/V1/tfa/provider/google/authenticate'
REVOKE = '/rest/V1/integration/customer/revoke-customer-token'
COUNTRIES = '/rest/V1/directory/countries'
ME = '/rest/V1/customers/me'
STORE_CONFIGS = '/rest/V1/store/storeConfigs'

SIGN_IN_FAILED = {'message': 'The account sign-in was incorrect or your account is disabled temporarily. '
                             'Please wait and try again later.'}
ROUTE_MISS = {'message': 'Request does not match any route.'}
REQUIRED = '"%fieldName" is required. Enter and try again.'
BOTH_REQUIRED = {
    'message': 'One or more input exceptions have occurred.',
    'errors': [{'message': REQUIRED, 'parameters': {'fieldName': 'username'}},
               {'message': REQUIRED, 'parameters': {'fieldName': 'password'}}],
}


def not_authorized(resource):
    return {'message': "The consumer isn't authorized to access %resources.", 'parameters': {'resources': resource}}


# --- helpers -------------------------------------------------------------------------------------

def call(emulator, method, path, **kwargs):
    kwargs.setdefault('timeout', 10)
    return emulator.session.request(method, emulator.url('magento') + path, **kwargs)


def admin(emulator):
    return emulator.fixtures['magento']['admins'][0]


def customer(emulator):
    return emulator.fixtures['magento']['customers'][0]


def admin_login(emulator, password=None, path=ADMIN_TOKEN, **kwargs):
    user = admin(emulator)
    body = {'username': user['username'], 'password': user['password'] if password is None else password}
    return call(emulator, 'POST', path, json=body, **kwargs)


def customer_login(emulator, password=None, **kwargs):
    user = customer(emulator)
    body = {'username': user['email'], 'password': user['password'] if password is None else password}
    return call(emulator, 'POST', CUSTOMER_TOKEN, json=body, **kwargs)


def token_of(response):
    assert response.status_code == 200, response.text
    token = response.json()
    assert isinstance(token, str)
    return token


def bearer(token, scheme='Bearer'):
    return {'Authorization': '%s %s' % (scheme, token)}


def jwt_part(token, index):
    part = token.split('.')[index]
    return json.loads(base64.urlsafe_b64decode(part + '=' * (-len(part) % 4)))


def emulator_now(emulator):
    return emulator.control('magento', 'GET', 'clock')['now']


def totp(secret, at, digits=6):
    """RFC 6238 TOTP, written here independently of the emulator's code."""
    key = base64.b32decode(secret + '=' * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack('>Q', int(at) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 15
    code = struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(code % 10 ** digits).zfill(digits)


def google_login(emulator, otp):
    user = admin(emulator)
    return call(emulator, 'POST', GOOGLE, json={'username': user['username'], 'password': user['password'], 'otp': otp})


def fail_admin_logins(emulator, count):
    for _attempt in range(count):
        response = admin_login(emulator, password='wrong')
        assert response.status_code == 401
        assert response.json() == SIGN_IN_FAILED


# --- issuing tokens --------------------------------------------------------------------------------

def test_admin_token_is_a_jwt_with_magento_claims(emulator):
    now = emulator_now(emulator)
    token = token_of(admin_login(emulator))
    assert jwt_part(token, 0) == {'kid': '1', 'alg': 'HS256'}
    claims = jwt_part(token, 1)
    assert claims['uid'] == 1
    assert claims['utypid'] == 2
    assert abs(claims['iat'] - now) <= 2
    assert claims['exp'] - claims['iat'] == emulator.fixtures['magento']['admin_token_lifetime']


def test_customer_token_is_a_jwt_with_magento_claims(emulator):
    claims = jwt_part(token_of(customer_login(emulator)), 1)
    assert claims['uid'] == customer(emulator)['id']
    assert claims['utypid'] == 3
    assert claims['exp'] - claims['iat'] == emulator.fixtures['magento']['customer_token_lifetime']


def test_lifetimes_follow_the_config(emulator):
    emulator.config('magento', admin_token_lifetime=120, customer_token_lifetime=60)
    admin_claims = jwt_part(token_of(admin_login(emulator)), 1)
    customer_claims = jwt_part(token_of(customer_login(emulator)), 1)
    assert admin_claims['exp'] - admin_claims['iat'] == 120
    assert customer_claims['exp'] - customer_claims['iat'] == 60


def test_jwt_iat_follows_the_emulated_clock(emulator):
    first = jwt_part(token_of(admin_login(emulator)), 1)
    emulator.advance(7200)
    second = jwt_part(token_of(admin_login(emulator)), 1)
    assert 7199 <= second['iat'] - first['iat'] <= 7201


def test_opaque_tokens(emulator):
    emulator.config('magento', token_format='opaque')
    admin_token = token_of(admin_login(emulator))
    customer_token = token_of(customer_login(emulator))
    for token in (admin_token, customer_token):
        assert re.fullmatch('[a-z0-9]{32}', token)
    assert admin_token != customer_token
    assert call(emulator, 'GET', ME, headers=bearer(customer_token)).status_code == 200
    assert call(emulator, 'GET', STORE_CONFIGS, headers=bearer(admin_token)).status_code == 200


def test_customer_email_is_case_insensitive(emulator):
    user = customer(emulator)
    response = call(emulator, 'POST', CUSTOMER_TOKEN, json={'username': user['email'].upper(), 'password': user['password']})
    assert response.status_code == 200


@pytest.mark.parametrize('content_type', ['application/xml', 'text/xml', 'application/xml; charset=UTF-8'])
@pytest.mark.parametrize('root', ['login', 'anything'])
def test_xml_request_body(emulator, content_type, root):
    user = admin(emulator)
    body = '<%s><username>%s</username><password>%s</password></%s>' % (root, user['username'], user['password'], root)
    response = call(emulator, 'POST', ADMIN_TOKEN, data=body, headers={'Content-Type': content_type})
    assert response.headers['Content-Type'].startswith('application/json')
    assert jwt_part(token_of(response), 1)['utypid'] == 2


def test_xml_declaration_and_escaped_text_are_understood(emulator):
    user = customer(emulator)
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n<login><username>%s</username><password>%s</password></login>'
            % (user['email'], user['password'].replace('!', '&#33;')))
    response = call(emulator, 'POST', CUSTOMER_TOKEN, data=body, headers={'Content-Type': 'application/xml'})
    assert response.status_code == 200


@pytest.mark.parametrize('accept', ['application/xml', 'text/xml', 'text/xml, application/json;q=0.5'])
def test_xml_response_follows_accept(emulator, accept):
    response = admin_login(emulator, headers={'Accept': accept})
    assert response.status_code == 200
    assert response.headers['Content-Type'].startswith('application/xml')
    match = re.fullmatch(r'<\?xml version="1\.0"\?>\n<response>([^<]+)</response>', response.text)
    assert match, response.text
    assert jwt_part(match.group(1), 1)['utypid'] == 2


def test_response_format_ignores_request_content_type(emulator):
    user = admin(emulator)
    body = '<login><username>%s</username><password>%s</password></login>' % (user['username'], user['password'])
    response = call(emulator, 'POST', ADMIN_TOKEN, data=body,
                    headers={'Content-Type': 'application/xml', 'Accept': 'application/json'})
    token_of(response)
    assert response.headers['Content-Type'].startswith('application/json')
    json_in = admin_login(emulator, headers={'Accept': 'application/json;q=0.2, application/xml'})
    assert json_in.text.startswith('<?xml version="1.0"?>\n<response>')


def test_error_bodies_are_xml_when_accept_asks(emulator):
    response = call(emulator, 'POST', ADMIN_TOKEN, json={'username': 'admin'}, headers={'Accept': 'application/xml'})
    assert response.status_code == 400
    assert response.text.startswith('<?xml version="1.0"?>\n')
    root = ET.fromstring(response.text)
    assert root.tag == 'response'
    assert root.findtext('message') == REQUIRED
    assert root.findtext('parameters/fieldName') == 'password'
    wrong = admin_login(emulator, password='nope', headers={'Accept': 'text/xml'})
    assert wrong.status_code == 401
    assert ET.fromstring(wrong.text).findtext('message') == SIGN_IN_FAILED['message']


# --- URLs, routes and methods ----------------------------------------------------------------------

@pytest.mark.parametrize('prefix', ['/rest', '/rest/default', '/rest/all', '/rest/fr', '/index.php/rest',
                                    '/index.php/rest/fr', '/magento/index.php/rest/default'])
def test_prefixes_and_store_codes(emulator, prefix):
    response = call(emulator, 'GET', prefix + '/V1/directory/countries')
    assert response.status_code == 200
    assert 'US' in [country['id'] for country in response.json()]
    assert call(emulator, 'POST', prefix + '/V1/integration/admin/token',
                json={'username': admin(emulator)['username'], 'password': admin(emulator)['password']}).status_code == 200


@pytest.mark.parametrize('method, path', [
    ('GET', '/rest/nostore/V1/directory/countries'),
    ('POST', '/rest/nostore/V1/integration/admin/token'),
    ('GET', '/rest/V1/nothing/here'),
    ('GET', ADMIN_TOKEN),
    ('DELETE', COUNTRIES),
    ('GET', '/V1/directory/countries'),
    ('GET', '/'),
])
def test_route_miss(emulator, method, path):
    response = call(emulator, method, path)
    assert response.status_code == 404
    assert response.json() == ROUTE_MISS


@pytest.mark.parametrize('method', ['PATCH', 'OPTIONS', 'PROPFIND'])
@pytest.mark.parametrize('path', [ADMIN_TOKEN, '/rest/V1/nothing', '/rest/nostore/V1/directory/countries'])
def test_unsupported_methods(emulator, method, path):
    response = call(emulator, method, path)
    assert response.status_code == 405
    assert response.json() == {'message': 'The %1 HTTP method is not supported.', 'parameters': [method]}


def test_head_is_not_supported(emulator):
    assert call(emulator, 'HEAD', COUNTRIES).status_code == 405


# --- input errors ----------------------------------------------------------------------------------

@pytest.mark.parametrize('path', [ADMIN_TOKEN, CUSTOMER_TOKEN])
@pytest.mark.parametrize('kwargs', [
    {},
    {'json': {}},
    {'json': {'username': '', 'password': ''}},
    {'json': {'username': None, 'password': None}},
    {'json': 'just a string'},
    {'data': '<login/>', 'headers': {'Content-Type': 'application/xml'}},
    {'data': '<login><username></username><password/></login>', 'headers': {'Content-Type': 'text/xml'}},
    # An empty body is never decoded, so even a strange Content-Type gives the field errors.
    {'data': '', 'headers': {'Content-Type': 'application/x-www-form-urlencoded'}},
], ids=['no-body', 'empty-object', 'empty-strings', 'nulls', 'json-string', 'empty-xml', 'empty-xml-fields', 'empty-form'])
def test_both_fields_missing(emulator, path, kwargs):
    response = call(emulator, 'POST', path, **kwargs)
    assert response.status_code == 400
    assert response.json() == BOTH_REQUIRED


@pytest.mark.parametrize('path', [ADMIN_TOKEN, CUSTOMER_TOKEN])
@pytest.mark.parametrize('body, missing', [
    ({'username': 'someone'}, 'password'),
    ({'username': 'someone', 'password': ''}, 'password'),
    ({'password': 'secret'}, 'username'),
    ({'username': '', 'password': 'secret'}, 'username'),
])
def test_one_field_missing(emulator, path, body, missing):
    response = call(emulator, 'POST', path, json=body)
    assert response.status_code == 400
    assert response.json() == {'message': REQUIRED, 'parameters': {'fieldName': missing}}


@pytest.mark.parametrize('path', [ADMIN_TOKEN, CUSTOMER_TOKEN])
@pytest.mark.parametrize('headers, data, expected', [
    ({}, '{"username": "a", "password": "b"}', {'message': 'Content-Type header is empty.'}),
    ({'Content-Type': 'application/x-www-form-urlencoded'}, 'username=a&password=b',
     {'message': 'Server cannot understand Content-Type HTTP header media type %1',
      'parameters': ['application/x-www-form-urlencoded']}),
    ({'Content-Type': 'text/plain'}, 'hello',
     {'message': 'Server cannot understand Content-Type HTTP header media type %1', 'parameters': ['text/plain']}),
    ({'Content-Type': 'application/json'}, '{"username": "a", ', {'message': 'Decoding error.'}),
    ({'Content-Type': 'application/json'}, ' ', {'message': 'Decoding error.'}),
    ({'Content-Type': 'application/xml'}, '<login><username>a</username>', {'message': 'Decoding error.'}),
    ({'Content-Type': 'text/xml'}, '{"username": "a", "password": "b"}', {'message': 'Decoding error.'}),
    ({'Content-Type': 'application/xml'}, '<!DOCTYPE x [<!ENTITY e "a">]><login><username>&e;</username></login>',
     {'message': 'Decoding error.'}),
    ({'Content-Type': 'multipart/form-data; boundary=xyz'}, 'x', {'message': 'Content-Type header is invalid.'}),
    ({'Content-Type': 'application/json; charset=latin-1'}, '{}', {'message': 'UTF-8 is the only supported charset.'}),
], ids=['no-content-type', 'form', 'text-plain', 'bad-json', 'blank-json', 'bad-xml', 'json-as-xml', 'xml-entities',
        'invalid-content-type', 'charset'])
def test_body_errors(emulator, path, headers, data, expected):
    response = call(emulator, 'POST', path, data=data, headers=headers)
    assert response.status_code == 400
    assert response.json() == expected


@pytest.mark.parametrize('password', ['wrong', 'ADM1N-PASSW0RD!'])
def test_wrong_admin_password(emulator, password):
    response = admin_login(emulator, password=password)
    assert response.status_code == 401
    assert response.json() == SIGN_IN_FAILED


def test_unknown_users(emulator):
    for path in (ADMIN_TOKEN, CUSTOMER_TOKEN):
        response = call(emulator, 'POST', path, json={'username': 'nobody@example.com', 'password': 'x'})
        assert response.status_code == 401
        assert response.json() == SIGN_IN_FAILED


def test_customer_credentials_are_not_admin_credentials(emulator):
    user = customer(emulator)
    response = call(emulator, 'POST', ADMIN_TOKEN, json={'username': user['email'], 'password': user['password']})
    assert response.json() == SIGN_IN_FAILED


# --- throttle --------------------------------------------------------------------------------------

def test_five_failures_then_good_password_gets_a_token(emulator):
    fail_admin_logins(emulator, 5)
    token_of(admin_login(emulator))


def test_six_failures_lock_even_the_good_password(emulator):
    fail_admin_logins(emulator, 6)
    response = admin_login(emulator)
    assert response.status_code == 401
    assert response.json() == SIGN_IN_FAILED


def test_lock_ends_1800_seconds_after_the_last_failure(emulator):
    fail_admin_logins(emulator, 6)
    emulator.advance(1795)
    assert admin_login(emulator).status_code == 401
    emulator.advance(10)
    token_of(admin_login(emulator))


def test_each_failure_pushes_the_window(emulator):
    fail_admin_logins(emulator, 5)
    emulator.advance(1000)
    fail_admin_logins(emulator, 1)
    emulator.advance(1000)
    # 2000 s after the first failure but only 1000 s after the last one: still locked.
    assert admin_login(emulator).status_code == 401
    emulator.advance(805)
    token_of(admin_login(emulator))


def test_locked_attempts_do_not_push_the_window(emulator):
    fail_admin_logins(emulator, 6)
    emulator.advance(1000)
    fail_admin_logins(emulator, 3)
    emulator.advance(805)
    token_of(admin_login(emulator))


def test_old_failures_are_forgotten(emulator):
    fail_admin_logins(emulator, 5)
    emulator.advance(1805)
    fail_admin_logins(emulator, 5)
    token_of(admin_login(emulator))


def test_success_resets_the_count(emulator):
    fail_admin_logins(emulator, 5)
    token_of(admin_login(emulator))
    fail_admin_logins(emulator, 5)
    token_of(admin_login(emulator))


def test_throttle_is_per_user_type(emulator):
    user = customer(emulator)
    for _attempt in range(6):
        call(emulator, 'POST', ADMIN_TOKEN, json={'username': user['email'], 'password': 'wrong'})
    token_of(customer_login(emulator))
    for _attempt in range(6):
        assert customer_login(emulator, password='wrong').status_code == 401
    assert customer_login(emulator).json() == SIGN_IN_FAILED
    token_of(admin_login(emulator))


def test_throttle_ignores_username_case(emulator):
    user = admin(emulator)
    for _attempt in range(6):
        call(emulator, 'POST', ADMIN_TOKEN, json={'username': user['username'].upper(), 'password': 'wrong'})
    assert admin_login(emulator).status_code == 401


def test_throttle_settings_come_from_the_config(emulator):
    emulator.config('magento', max_failures=2, lock_seconds=60)
    fail_admin_logins(emulator, 2)
    assert admin_login(emulator).status_code == 401
    emulator.advance(61)
    token_of(admin_login(emulator))


def test_unlock_hook(emulator):
    fail_admin_logins(emulator, 6)
    response = call(emulator, 'POST', '/__emulator__/magento/unlock', json={'username': 'admin', 'type': 'admin'})
    assert response.json() == {'unlocked': True}
    token_of(admin_login(emulator))


# --- two-factor authentication ---------------------------------------------------------------------

def test_two_factor_asks_for_the_provider_route(emulator):
    emulator.config('magento', two_factor='google')
    response = admin_login(emulator)
    assert response.status_code == 400
    assert response.json() == {'message': 'Please use the 2fa provider-specific endpoints to obtain a token.',
                               'parameters': {'active_providers': ['google']}}
    assert admin_login(emulator, password='wrong').json() == SIGN_IN_FAILED
    # Customers are not concerned.
    token_of(customer_login(emulator))


@pytest.mark.parametrize('settings', [{'two_factor': 'no_provider'}, {'two_factor': 'google', 'google_allowed': False}])
def test_two_factor_without_provider(emulator, settings):
    emulator.config('magento', **settings)
    response = admin_login(emulator)
    assert response.status_code == 400
    assert response.json() == {'message': 'Please ask an administrator with sufficient access to configure 2FA first'}


def test_google_authenticate_with_a_good_code(emulator):
    emulator.config('magento', two_factor='google')
    secret = admin(emulator)['otp_secret']
    response = google_login(emulator, totp(secret, emulator_now(emulator)))
    claims = jwt_part(token_of(response), 1)
    assert claims['utypid'] == 2
    assert call(emulator, 'GET', STORE_CONFIGS, headers=bearer(response.json())).status_code == 200


def test_google_code_follows_the_emulated_clock(emulator):
    emulator.config('magento', two_factor='google')
    secret = admin(emulator)['otp_secret']
    emulator.advance(3600)
    token_of(google_login(emulator, totp(secret, emulator_now(emulator))))


def test_google_leeway(emulator):
    emulator.config('magento', two_factor='google')
    secret = admin(emulator)['otp_secret']
    now = emulator_now(emulator)
    # 20 s off is always within the 29 s leeway; 90 s off is always at least two steps away.
    token_of(google_login(emulator, totp(secret, now - 20)))
    token_of(google_login(emulator, totp(secret, now + 20)))
    for shift in (-90, 90):
        response = google_login(emulator, totp(secret, now + shift))
        assert response.status_code == 401
        assert response.json() == {'message': 'Invalid code.'}


@pytest.mark.parametrize('otp', ['000000x', '', '12345'])
def test_google_wrong_code(emulator, otp):
    emulator.config('magento', two_factor='google')
    response = google_login(emulator, otp)
    assert response.status_code == 401
    assert response.json() == {'message': 'Invalid code.'}


def test_google_route_checks_the_password_first(emulator):
    emulator.config('magento', two_factor='google')
    user = admin(emulator)
    response = call(emulator, 'POST', GOOGLE, json={'username': user['username'], 'password': 'wrong', 'otp': '123456'})
    assert response.status_code == 401
    assert response.json() == SIGN_IN_FAILED


def test_google_route_failures_count_for_the_throttle(emulator):
    emulator.config('magento', two_factor='google')
    user = admin(emulator)
    for _attempt in range(6):
        call(emulator, 'POST', GOOGLE, json={'username': user['username'], 'password': 'wrong', 'otp': '1'})
    response = google_login(emulator, totp(user['otp_secret'], emulator_now(emulator)))
    assert response.json() == SIGN_IN_FAILED


def test_google_route_requires_otp(emulator):
    emulator.config('magento', two_factor='google')
    user = admin(emulator)
    response = call(emulator, 'POST', GOOGLE, json={'username': user['username'], 'password': user['password']})
    assert response.status_code == 400
    assert response.json() == {'message': REQUIRED, 'parameters': {'fieldName': 'otp'}}
    empty = call(emulator, 'POST', GOOGLE, json={})
    assert [error['parameters']['fieldName'] for error in empty.json()['errors']] == ['username', 'password', 'otp']


def test_google_accepts_xml(emulator):
    emulator.config('magento', two_factor='google')
    user = admin(emulator)
    body = '<auth><username>%s</username><password>%s</password><otp>%s</otp></auth>' % (
        user['username'], user['password'], totp(user['otp_secret'], emulator_now(emulator)))
    response = call(emulator, 'POST', GOOGLE, data=body, headers={'Content-Type': 'application/xml', 'Accept': 'application/xml'})
    assert response.status_code == 200
    assert response.text.startswith('<?xml version="1.0"?>\n<response>')


def test_google_provider_not_configured(emulator):
    emulator.config('magento', two_factor='google', google_configured=False)
    response = google_login(emulator, totp(admin(emulator)['otp_secret'], emulator_now(emulator)))
    assert response.status_code == 400
    assert response.json() == {'message': 'Provider is not configured.'}


@pytest.mark.parametrize('settings', [{'two_factor': 'google', 'google_allowed': False}, {'two_factor': 'no_provider'}])
def test_google_provider_not_allowed(emulator, settings):
    emulator.config('magento', **settings)
    response = google_login(emulator, totp(admin(emulator)['otp_secret'], emulator_now(emulator)))
    assert response.status_code == 400
    assert response.json() == {'message': 'Provider is not allowed.'}


def test_google_route_is_absent_without_two_factor(emulator):
    response = google_login(emulator, '123456')
    assert response.status_code == 404
    assert response.json() == ROUTE_MISS


def test_totp_helper_matches_rfc_6238():
    # RFC 6238 appendix B, SHA1, T = 59 s: 94287082 (8 digits).
    secret = base64.b32encode(b'12345678901234567890').decode()
    assert totp(secret, 59, digits=8) == '94287082'


def test_otp_hook_gives_the_code_at_the_emulated_clock(emulator):
    secret = admin(emulator)['otp_secret']
    response = call(emulator, 'GET', '/__emulator__/magento/otp/admin', params={'at': 1800000000})
    assert response.json() == {'otp': totp(secret, 1800000000), 'at': 1800000000}
    emulator.advance(600)
    current = call(emulator, 'GET', '/__emulator__/magento/otp/admin').json()
    assert current['otp'] == totp(secret, current['at'])
    assert abs(current['at'] - emulator_now(emulator)) < 5


# --- using tokens ----------------------------------------------------------------------------------

def test_customer_me_with_a_customer_token(emulator):
    token = token_of(customer_login(emulator))
    response = call(emulator, 'GET', ME, headers=bearer(token))
    assert response.status_code == 200
    data = response.json()
    assert (data['id'], data['email'], data['firstname']) == (1, 'shopper@example.com', 'Sam')


@pytest.mark.parametrize('scheme', ['Bearer', 'bearer', 'BEARER', 'bEaReR'])
def test_bearer_scheme_is_case_insensitive(emulator, scheme):
    token = token_of(customer_login(emulator))
    assert call(emulator, 'GET', ME, headers=bearer(token, scheme)).status_code == 200


@pytest.mark.parametrize('header', ['Bearer  {token}', 'Token {token}', '{token}',
                                    'Bearer\t{token}', 'Bearer', ''])
def test_malformed_authorization_makes_a_guest(emulator, header):
    token = token_of(customer_login(emulator))
    headers = {'Authorization': header.format(token=token)}
    response = call(emulator, 'GET', ME, headers=headers)
    assert response.status_code == 401
    assert response.json() == not_authorized('self')
    assert call(emulator, 'GET', COUNTRIES, headers=headers).status_code == 200


@pytest.mark.parametrize('token', ['not-a-token', 'eyJraWQiOiIxIiwiYWxnIjoiSFMyNTYifQ.e30.c2ln', 'a' * 32])
def test_unknown_tokens_make_a_guest(emulator, token):
    assert call(emulator, 'GET', COUNTRIES, headers=bearer(token)).status_code == 200
    for path, resource in ((ME, 'self'), (STORE_CONFIGS, 'Magento_Backend::store'),
                           ('/rest/V1/customers/1', 'Magento_Customer::customer')):
        response = call(emulator, 'GET', path, headers=bearer(token))
        assert response.status_code == 401
        assert response.json() == not_authorized(resource)


def test_tampered_jwt_makes_a_guest(emulator):
    header, _payload, signature = token_of(customer_login(emulator)).split('.')
    forged = base64.urlsafe_b64encode(json.dumps({'uid': 1, 'utypid': 2, 'iat': 0, 'exp': 9999999999}).encode()).decode().rstrip('=')
    response = call(emulator, 'GET', STORE_CONFIGS, headers=bearer('.'.join((header, forged, signature))))
    assert response.json() == not_authorized('Magento_Backend::store')


def test_admin_token_on_customer_me(emulator):
    response = call(emulator, 'GET', ME, headers=bearer(token_of(admin_login(emulator))))
    assert response.status_code == 401
    assert response.json() == not_authorized('self')


def test_store_configs_need_an_admin_token(emulator):
    response = call(emulator, 'GET', STORE_CONFIGS, headers=bearer(token_of(admin_login(emulator))))
    assert response.status_code == 200
    configs = response.json()
    assert [config['code'] for config in configs] == ['default', 'fr']
    assert configs[0]['base_url'] == emulator.url('magento') + '/'
    customer_response = call(emulator, 'GET', STORE_CONFIGS, headers=bearer(token_of(customer_login(emulator))))
    assert customer_response.status_code == 401
    assert customer_response.json() == not_authorized('Magento_Backend::store')


def test_customer_by_id_needs_an_admin_token(emulator):
    admin_token = token_of(admin_login(emulator))
    response = call(emulator, 'GET', '/rest/all/V1/customers/1', headers=bearer(admin_token))
    assert response.status_code == 200
    assert response.json()['email'] == customer(emulator)['email']
    customer_response = call(emulator, 'GET', '/rest/V1/customers/1', headers=bearer(token_of(customer_login(emulator))))
    assert customer_response.status_code == 401
    assert customer_response.json() == not_authorized('Magento_Customer::customer')


def test_customer_by_id_errors(emulator):
    headers = bearer(token_of(admin_login(emulator)))
    missing = call(emulator, 'GET', '/rest/V1/customers/99', headers=headers)
    assert missing.status_code == 404
    assert missing.json() == {'message': 'No such entity with %fieldName = %fieldValue',
                              'parameters': {'fieldName': 'customerId', 'fieldValue': '99'}}
    invalid = call(emulator, 'GET', '/rest/V1/customers/abc', headers=headers)
    assert invalid.status_code == 400
    assert invalid.json()['parameters'] == {'value': 'abc', 'type': 'int'}


def test_xml_answer_for_a_list(emulator):
    response = call(emulator, 'GET', COUNTRIES, headers={'Accept': 'application/xml'})
    root = ET.fromstring(response.text)
    assert 'US' in [item.findtext('id') for item in root.findall('item')]


# --- lifetime and revocation -----------------------------------------------------------------------

def test_tokens_expire_on_the_emulated_clock(emulator):
    admin_token = token_of(admin_login(emulator))
    customer_token = token_of(customer_login(emulator))
    emulator.advance(3590)
    assert call(emulator, 'GET', STORE_CONFIGS, headers=bearer(admin_token)).status_code == 200
    assert call(emulator, 'GET', ME, headers=bearer(customer_token)).status_code == 200
    emulator.advance(15)
    expired = call(emulator, 'GET', STORE_CONFIGS, headers=bearer(admin_token))
    assert expired.status_code == 401
    # No distinct "expired" message: an expired token is just a guest.
    assert expired.json() == not_authorized('Magento_Backend::store')
    assert call(emulator, 'GET', ME, headers=bearer(customer_token)).json() == not_authorized('self')
    assert call(emulator, 'GET', COUNTRIES, headers=bearer(customer_token)).status_code == 200


def test_opaque_tokens_expire_silently(emulator):
    emulator.config('magento', token_format='opaque', customer_token_lifetime=100)
    token = token_of(customer_login(emulator))
    emulator.advance(105)
    assert call(emulator, 'GET', ME, headers=bearer(token)).status_code == 401


def test_revoke_kills_every_token_of_the_customer(emulator):
    first = token_of(customer_login(emulator))
    emulator.advance(5)  # a JWT of another second, hence another token
    second = token_of(customer_login(emulator))
    assert first != second
    admin_token = token_of(admin_login(emulator))
    response = call(emulator, 'POST', REVOKE, headers=bearer(second))
    assert response.status_code == 200
    assert response.json() is True
    for token in (first, second):
        assert call(emulator, 'GET', ME, headers=bearer(token)).json() == not_authorized('self')
        assert call(emulator, 'POST', REVOKE, headers=bearer(token)).json() == not_authorized('self')
    assert call(emulator, 'GET', STORE_CONFIGS, headers=bearer(admin_token)).status_code == 200
    emulator.advance(5)
    assert call(emulator, 'GET', ME, headers=bearer(token_of(customer_login(emulator)))).status_code == 200


def test_revoke_answers_xml_when_asked(emulator):
    token = token_of(customer_login(emulator))
    response = call(emulator, 'POST', REVOKE, headers=dict(bearer(token), Accept='application/xml'))
    assert response.text == '<?xml version="1.0"?>\n<response>true</response>'


@pytest.mark.parametrize('who', ['guest', 'admin'])
def test_revoke_needs_a_customer_token(emulator, who):
    headers = bearer(token_of(admin_login(emulator))) if who == 'admin' else {}
    response = call(emulator, 'POST', REVOKE, headers=headers)
    assert response.status_code == 401
    assert response.json() == not_authorized('self')


def test_integration_token_is_a_guest_by_default(emulator):
    token = emulator.fixtures['magento']['integration_token']
    response = call(emulator, 'GET', STORE_CONFIGS, headers=bearer(token))
    assert response.json() == not_authorized('Magento_Backend::store')


def test_integration_token_as_bearer(emulator):
    emulator.config('magento', integration_as_bearer=True)
    headers = bearer(emulator.fixtures['magento']['integration_token'])
    assert call(emulator, 'GET', STORE_CONFIGS, headers=headers).status_code == 200
    assert call(emulator, 'GET', '/rest/V1/customers/1', headers=headers).status_code == 200
    assert call(emulator, 'GET', ME, headers=headers).json() == not_authorized('self')
    # Integration tokens never expire.
    emulator.advance(10 * 365 * 86400)
    assert call(emulator, 'GET', STORE_CONFIGS, headers=headers).status_code == 200


def test_deactivated_admin_loses_tokens_and_sign_in(emulator):
    token = token_of(admin_login(emulator))
    response = call(emulator, 'POST', '/__emulator__/magento/admins/admin', json={'active': False})
    assert response.json() == {'username': 'admin', 'active': False, 'revoked': 1}
    assert call(emulator, 'GET', STORE_CONFIGS, headers=bearer(token)).status_code == 401
    assert admin_login(emulator).json() == SIGN_IN_FAILED
    call(emulator, 'POST', '/__emulator__/magento/admins/admin', json={'active': True})
    token_of(admin_login(emulator))


def test_revoke_hook(emulator):
    token = token_of(admin_login(emulator))
    assert call(emulator, 'POST', '/__emulator__/magento/revoke', json={'token': token}).json() == {'revoked': True}
    assert call(emulator, 'GET', STORE_CONFIGS, headers=bearer(token)).status_code == 401
    assert call(emulator, 'POST', '/__emulator__/magento/revoke', json={'token': token}).json() == {'revoked': False}


def test_reset_forgets_tokens_and_failures(emulator):
    token = token_of(admin_login(emulator))
    fail_admin_logins(emulator, 6)
    emulator.reset()
    assert call(emulator, 'GET', STORE_CONFIGS, headers=bearer(token)).status_code == 401
    token_of(admin_login(emulator))


def test_framework_fault_and_counts(emulator):
    emulator.fault('magento', method='POST', path=ADMIN_TOKEN, status=503, headers={'Retry-After': '1'})
    assert admin_login(emulator).status_code == 503
    token_of(admin_login(emulator))
    assert emulator.counts('magento')['POST ' + ADMIN_TOKEN] == 2
