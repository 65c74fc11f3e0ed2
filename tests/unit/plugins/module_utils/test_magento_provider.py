# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import base64
import json
import re

import pytest

from ansible_collections.commerceops.api.plugins.module_utils.providers import magento
from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError
from ansible_collections.commerceops.api.plugins.module_utils.core.totp import totp

from ansible_collections.commerceops.api.tests.unit.plugins.module_utils.support_http import Reply

ADMIN = ('admin', 'Adm1n-Passw0rd!')
OTP_SECRET = 'FS5ZT6XIOIPXUJJ5THAULEMRPLOACWYI'
CUSTOMER = ('shopper@example.com', 'Sh0pper-Passw0rd!')
WRONG_LOGIN = 'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.'


def make_jwt(claims):
    def part(data):
        return base64.urlsafe_b64encode(json.dumps(data).encode('utf-8')).rstrip(b'=').decode('ascii')
    return '%s.%s.sig' % (part({'kid': '1', 'alg': 'HS256'}), part(claims))


class FakeStore:
    """Magento's token routes as the contract describes them."""

    def __init__(self, clock, two_factor=False, jwt=True, prefix='/rest', store_codes=('default', 'all', 'fr'), customer=CUSTOMER):
        self.clock = clock
        self.customer = customer
        self.two_factor = two_factor
        self.jwt = jwt
        self.prefix = prefix
        self.store_codes = store_codes
        self.issued = []

    def _fields(self, request):
        content_type = (request.header('content-type') or '').split(';')[0]
        if content_type == 'application/json':
            return json.loads(request.body)
        if content_type in ('application/xml', 'text/xml'):
            text = request.body.decode('utf-8')
            fields = {}
            for name, value in re.findall(r'<(username|password|otp)>(.*?)</\1>', text, re.DOTALL):
                fields[name] = value.replace('&lt;', '<').replace('&gt;', '>').replace('&amp;', '&')
            return fields
        raise ValueError(content_type)

    def _answer(self, request, status, data):
        if 'xml' in (request.header('accept') or ''):
            if isinstance(data, str):
                return Reply(status, '<?xml version="1.0"?>\n<response>%s</response>' % data, {'Content-Type': 'application/xml'})
            inner = '<message>%s</message>' % data['message']
            providers = (data.get('parameters') or {}).get('active_providers') if isinstance(data.get('parameters'), dict) else None
            if providers:
                inner += '<parameters><active_providers>%s</active_providers></parameters>' % ''.join('<item>%s</item>' % p for p in providers)
            return Reply(status, '<?xml version="1.0"?>\n<response>%s</response>' % inner, {'Content-Type': 'application/xml'})
        return Reply(status, json.dumps(data), {'Content-Type': 'application/json'})

    def _issue(self, utypid):
        if self.jwt:
            value = make_jwt({'uid': 1, 'utypid': utypid, 'iat': int(self.clock.now), 'exp': int(self.clock.now) + 3600})
        else:
            value = 'abcdefghij0123456789abcdefghij%02d' % len(self.issued)
        self.issued.append(value)
        return value

    def __call__(self, request):
        match = re.match(r'^%s(?:/([a-z]+))?/V1/(.*)$' % re.escape(self.prefix), request.path)
        if not match or (match.group(1) and match.group(1) not in self.store_codes):
            return Reply(404, {'message': 'Request does not match any route.'})
        route = match.group(2)
        if route == 'integration/customer/revoke-customer-token':
            if request.header('authorization') in ['Bearer %s' % value for value in self.issued]:
                return Reply(200, True)
            return Reply(401, {'message': "The consumer isn't authorized to access %resources.", 'parameters': {'resources': 'self'}})
        fields = self._fields(request)
        if route == 'integration/customer/token':
            if (fields.get('username'), fields.get('password')) != self.customer:
                return self._answer(request, 401, {'message': WRONG_LOGIN})
            return self._answer(request, 200, self._issue(3))
        if route == 'integration/admin/token':
            if (fields.get('username'), fields.get('password')) != ADMIN:
                return self._answer(request, 401, {'message': WRONG_LOGIN})
            if self.two_factor:
                return self._answer(request, 400, {'message': magento.TFA_REQUIRED, 'parameters': {'active_providers': ['google']}})
            return self._answer(request, 200, self._issue(2))
        if route == 'tfa/provider/google/authenticate':
            if (fields.get('username'), fields.get('password')) != ADMIN:
                return self._answer(request, 401, {'message': WRONG_LOGIN})
            if fields.get('otp') != totp(OTP_SECRET, self.clock.now):
                return self._answer(request, 401, {'message': 'Invalid code.'})
            return self._answer(request, 200, self._issue(2))
        return Reply(404, {'message': 'Request does not match any route.'})


@pytest.mark.parametrize('url,rest_base,code', [
    ('https://shop.example.com', 'https://shop.example.com/rest', None),
    ('https://shop.example.com/', 'https://shop.example.com/rest', None),
    ('https://shop.example.com/index.php', 'https://shop.example.com/index.php/rest', None),
    ('https://shop.example.com/index.php/rest/', 'https://shop.example.com/index.php/rest', None),
    ('https://shop.example.com/rest', 'https://shop.example.com/rest', None),
    ('https://shop.example.com/rest/V1', 'https://shop.example.com/rest', None),
    ('https://shop.example.com/rest/fr/', 'https://shop.example.com/rest', 'fr'),
    ('https://shop.example.com/sub/index.php/rest/all/V1/store/storeConfigs', 'https://shop.example.com/sub/index.php/rest', 'all'),
    ('https://user:pw@Shop.Example.com:8443/rest?x=1', 'https://shop.example.com:8443/rest', None),
    ('HTTP://shop.example.com/magento', 'http://shop.example.com/magento/rest', None),
])
def test_normalize_store_url(url, rest_base, code):
    assert magento.normalize_store_url(url) == (rest_base, code)


def test_endpoint():
    assert magento.endpoint('https://s.example/', 'integration/admin/token') == 'https://s.example/rest/V1/integration/admin/token'
    assert magento.endpoint('https://s.example/index.php', '/V1/integration/admin/token', 'fr') == \
        'https://s.example/index.php/rest/fr/V1/integration/admin/token'
    assert magento.endpoint('https://s.example/rest/fr', 'x', 'all') == 'https://s.example/rest/all/V1/x'
    with pytest.raises(ValueError):
        magento.normalize_store_url('shop.example.com')


def test_customer_jwt_token(server, make_client, clock):
    server.handler = FakeStore(clock)
    token = magento.fetch_token(make_client(), server.url, 'customer', *CUSTOMER)
    assert token.api == 'magento'
    assert token.principal == 'customer:shopper@example.com'
    assert token.base_url == server.url + '/rest'
    assert token.expires_at == int(clock.now) + 3600  # the JWT's exp
    assert token.extra['jwt'] is True and token.extra['two_factor'] is False
    request = server.requests[0]
    assert request.path == '/rest/V1/integration/customer/token'
    assert request.json() == {'username': CUSTOMER[0], 'password': CUSTOMER[1]}


def test_opaque_token_uses_configured_lifetime(server, make_client, clock):
    server.handler = FakeStore(clock, jwt=False)
    token = magento.fetch_token(make_client(), server.url, 'admin', *ADMIN, token_lifetime=14400)
    assert token.expires_at == clock.now + 14400
    assert token.extra['jwt'] is False


def test_admin_without_two_factor_is_one_request(server, make_client, clock):
    server.handler = FakeStore(clock)
    token = magento.fetch_token(make_client(), server.url, 'admin', *ADMIN)
    assert token.principal == 'admin:admin'
    assert server.paths() == ['/rest/V1/integration/admin/token']


def test_two_factor_without_otp_explains(server, make_client, clock):
    server.handler = FakeStore(clock, two_factor=True)
    with pytest.raises(ApiError) as caught:
        magento.fetch_token(make_client(), server.url, 'admin', *ADMIN)
    assert str(caught.value) == (
        'Magento API at %s/rest/V1/integration/admin/token answered HTTP 400: '
        'Please use the 2fa provider-specific endpoints to obtain a token. '
        '(two-factor auth is on for this admin: pass otp or otp_secret)' % server.url
    )
    assert len(server.requests) == 1


def test_two_factor_with_otp_secret(server, make_client, clock):
    server.handler = FakeStore(clock, two_factor=True)
    token = magento.fetch_token(make_client(), server.url, 'admin', *ADMIN, otp_secret=OTP_SECRET)
    assert server.paths() == ['/rest/V1/integration/admin/token', '/rest/V1/tfa/provider/google/authenticate']
    assert server.requests[1].json() == {'username': 'admin', 'password': ADMIN[1], 'otp': totp(OTP_SECRET, clock.now)}
    assert token.extra['two_factor'] is True


def test_two_factor_with_ready_otp(server, make_client, clock):
    server.handler = FakeStore(clock, two_factor=True)
    token = magento.fetch_token(make_client(), server.url, 'admin', *ADMIN, otp=totp(OTP_SECRET, clock.now))
    assert token.value


def test_two_factor_wrong_code(server, make_client, clock):
    server.handler = FakeStore(clock, two_factor=True)
    wrong = '000000' if totp(OTP_SECRET, clock.now) != '000000' else '111111'
    with pytest.raises(ApiError) as caught:
        magento.fetch_token(make_client(), server.url, 'admin', *ADMIN, otp=wrong)
    assert caught.value.status == 401
    assert 'Invalid code.' in str(caught.value)
    assert 'one-time code was refused' in str(caught.value)
    assert wrong not in str(caught.value)
    assert len(server.requests) == 2


def test_two_factor_other_provider(server, make_client, clock):
    server.queue.append(Reply(400, {'message': magento.TFA_REQUIRED, 'parameters': {'active_providers': ['duo_security']}}))
    with pytest.raises(ApiError) as caught:
        magento.fetch_token(make_client(), server.url, 'admin', *ADMIN, otp_secret=OTP_SECRET)
    assert 'only google' in str(caught.value)
    assert len(server.requests) == 1


def test_two_factor_not_configured(server, make_client):
    server.queue.append(Reply(400, {'message': magento.TFA_UNCONFIGURED}))
    with pytest.raises(ApiError) as caught:
        magento.fetch_token(make_client(), server.url, 'admin', *ADMIN, otp_secret=OTP_SECRET)
    assert 'no provider is set up' in str(caught.value)


@pytest.mark.parametrize('user_type', ['admin', 'customer'])
def test_wrong_password_costs_exactly_one_request(server, make_client, clock, user_type):
    server.handler = FakeStore(clock)
    with pytest.raises(ApiError) as caught:
        magento.fetch_token(make_client(retries=5), server.url, user_type, 'admin' if user_type == 'admin' else CUSTOMER[0], 'wrong-Passw0rd')
    assert len(server.requests) == 1
    assert clock.sleeps == []
    text = str(caught.value)
    assert caught.value.status == 401
    assert WRONG_LOGIN in text
    assert 'not retried' in text
    assert 'wrong-Passw0rd' not in text


@pytest.mark.parametrize('status', [429, 502, 503, 504])
def test_sign_in_refused_by_a_busy_store_is_asked_again(server, make_client, clock, status):
    # The store (or its proxy) answered without checking the password: asking again costs no lockout.
    store = FakeStore(clock)
    answers = [Reply(status, '<html><title>Maintenance</title></html>', {'Retry-After': '2'})]
    server.handler = lambda request: answers.pop(0) if answers else store(request)
    token = magento.fetch_token(make_client(), server.url, 'customer', *CUSTOMER)
    assert len(server.requests) == 2
    assert clock.sleeps == [2.0]
    assert token.value == store.issued[0]


def test_sign_in_still_refused_after_the_retries_is_one_line(server, make_client, clock):
    server.handler = lambda request: Reply(503, '<html><title>Maintenance</title></html>', {'Retry-After': '1'})
    with pytest.raises(ApiError) as caught:
        magento.fetch_token(make_client(retries=2), server.url, 'customer', *CUSTOMER)
    assert len(server.requests) == 3
    assert 'an HTML page titled "Maintenance"' in str(caught.value)
    assert '\n' not in str(caught.value)


def test_sign_in_lost_on_the_way_is_not_repeated(server, make_client, clock):
    # A connection that broke after the password was sent may have counted against the lockout.
    server.handler = lambda request: Reply(action='drop')
    with pytest.raises(ApiError) as caught:
        magento.fetch_token(make_client(retries=5), server.url, 'customer', *CUSTOMER)
    assert len(server.requests) == 1
    assert clock.sleeps == []
    assert 'not repeated' in str(caught.value)


def test_xml_bodies(server, make_client, clock):
    password = 'p<&>"\'w'
    store = FakeStore(clock, customer=(CUSTOMER[0], password))
    server.handler = store
    token = magento.fetch_token(make_client(), server.url, 'customer', CUSTOMER[0], password, body_format='xml')
    request = server.requests[0]
    assert request.header('content-type') == 'application/xml'
    assert request.header('accept') == 'application/xml'
    body = request.body.decode('utf-8')
    assert '<login><username>shopper@example.com</username><password>p&lt;&amp;&gt;"\'w</password></login>' in body
    assert token.value == store.issued[0]


def test_xml_two_factor_flow(server, make_client, clock):
    store = FakeStore(clock, two_factor=True)
    server.handler = store
    token = magento.fetch_token(make_client(), server.url, 'admin', *ADMIN, otp_secret=OTP_SECRET, body_format='xml')
    assert token.value == store.issued[0]
    assert '<otp>%s</otp>' % totp(OTP_SECRET, clock.now) in server.requests[1].body.decode()


def test_xml_two_factor_without_otp(server, make_client, clock):
    server.handler = FakeStore(clock, two_factor=True)
    with pytest.raises(ApiError) as caught:
        magento.fetch_token(make_client(), server.url, 'admin', *ADMIN, body_format='xml')
    assert 'pass otp or otp_secret' in str(caught.value)


def test_store_code_and_index_php(server, make_client, clock):
    server.handler = FakeStore(clock, prefix='/index.php/rest')
    token = magento.fetch_token(make_client(), server.url + '/index.php/', 'customer', *CUSTOMER, store_code='fr')
    assert server.paths() == ['/index.php/rest/fr/V1/integration/customer/token']
    assert token.extra['store_code'] == 'fr'
    assert token.base_url == server.url + '/index.php/rest'


def test_unknown_store_code(server, make_client, clock):
    server.handler = FakeStore(clock)
    with pytest.raises(ApiError) as caught:
        magento.fetch_token(make_client(), server.url, 'customer', *CUSTOMER, store_code='de')
    assert 'Request does not match any route.' in str(caught.value)
    assert 'store_code' in str(caught.value)


def test_argument_checks(make_client):
    with pytest.raises(ValueError):
        magento.fetch_token(make_client(), 'https://s.example', 'guest', 'a', 'b')
    with pytest.raises(ValueError):
        magento.fetch_token(make_client(), 'https://s.example', 'customer', 'a', 'b', otp='123456')
    with pytest.raises(ValueError):
        magento.fetch_token(make_client(), 'https://s.example', 'admin', 'a', 'b', body_format='yaml')


def test_revoke_customer_token(server, make_client, clock):
    store = FakeStore(clock)
    server.handler = store
    client = make_client()
    token = magento.fetch_token(client, server.url, 'customer', *CUSTOMER)
    assert magento.revoke_customer_token(client, server.url, token) is True
    request = server.requests[-1]
    assert request.method == 'POST'
    assert request.path == '/rest/V1/integration/customer/revoke-customer-token'
    assert request.header('authorization') == 'Bearer %s' % token.value
    with pytest.raises(ApiError) as caught:
        magento.revoke_customer_token(client, server.url, 'not-a-token')
    assert "The consumer isn't authorized to access self." in str(caught.value)
    assert 'already revoked' in str(caught.value)
