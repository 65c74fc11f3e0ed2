# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""magento_integration_token without HTTP: option checks, the cache key, and what state=absent revokes."""

from __future__ import annotations

import json
import time

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError
from ansible_collections.commerceops.api.plugins.module_utils.obtain import MagentoLogin
from ansible_collections.commerceops.api.plugins.module_utils.core.token import Token
from ansible_collections.commerceops.api.plugins.module_utils.core.token_module import check_fact_name, token_cache
from ansible_collections.commerceops.api.plugins.modules import magento_integration_token as module

URL = 'http://127.0.0.1:18083'
PASSWORD = 'Sh0pper-Passw0rd!'
OTP_SECRET = 'FS5ZT6XIOIPXUJJ5THAULEMRPLOACWYI'


class FakeStore:
    """Stands in for the provider: counts sign-ins and revocations, and can refuse a revocation."""

    def __init__(self):
        self.fetched = []
        self.revoked = []
        self.revoke_status = 200
        self.jwt = False
        # How many revocations to refuse with 401 before revoke_status applies.
        self.refuse = 0

    def fetch(self, client, url, user_type, username, password, otp=None, otp_secret=None, store_code=None,
              body_format='json', token_lifetime=3600, now=None):
        self.fetched.append(dict(url=url, user_type=user_type, otp=otp, otp_secret=otp_secret, store_code=store_code,
                                 body_format=body_format, token_lifetime=token_lifetime))
        return Token('token-%d' % len(self.fetched), 'magento', URL + '/rest', '%s:%s' % (user_type, username),
                     time.time() + 3600, {'user_type': user_type, 'store_code': store_code, 'jwt': self.jwt, 'two_factor': False})

    def revoke(self, client, url, token, store_code=None):
        self.revoked.append(token.value)
        status = self.revoke_status
        if self.refuse:
            self.refuse -= 1
            status = 401
        if status != 200:
            raise ApiError(api='magento', url=url + '/rest/V1/integration/customer/revoke-customer-token',
                           status=status, vendor_message="The consumer isn't authorized to access self.")
        return True


class Session:
    """One module run as main() assembles it: the login, then obtain() or revoke()."""

    def __init__(self, params):
        check_fact_name(params['fact_name'])
        options = dict((name, value) for name, value in params.items() if name not in ('state', 'fact_name'))
        self.login = MagentoLogin(options, token_cache(options))
        self.rest_base, self.store_code, self.key_parts = self.login.rest_base, self.login.store_code, self.login.key_parts

    def obtain(self):
        return module.obtain(self.login)

    def revoke(self, check_mode):
        return module.revoke(self.login, check_mode)


@pytest.fixture
def fake(monkeypatch):
    store = FakeStore()
    monkeypatch.setattr(module.magento, 'fetch_token', store.fetch)
    monkeypatch.setattr(module.magento, 'revoke_customer_token', store.revoke)
    return store


@pytest.fixture
def params(tmp_path):
    """Module parameters as AnsibleModule would hand them over: every option, defaults filled in."""

    def make(**given):
        values = {}
        for spec in (module.ARGUMENT_SPEC,):
            values.update((name, option.get('default')) for name, option in spec.items())
        values.update(url=URL, username='shopper@example.com', password=PASSWORD, user_type='customer',
                      cache_dir=str(tmp_path / 'cache'))
        values.update(given)
        return values

    return make


@pytest.mark.parametrize('given, message', [
    (dict(url='ftp://shop.example.com'), 'url must be the http(s) base URL of the store'),
    (dict(url='shop.example.com'), 'url must be the http(s) base URL of the store'),
    (dict(token_lifetime=0), 'token_lifetime must be a positive number of seconds, got 0'),
    (dict(fact_name='two words'), 'fact_name must be a valid variable name'),
    (dict(otp='123456'), 'otp and otp_secret apply to admin users only'),
    (dict(user_type='admin', otp='12345'), 'otp must be the current 6-digit code'),
    (dict(user_type='admin', otp_secret='1nv4lid!'), 'otp_secret: the OTP secret is not valid base32'),
    (dict(leeway=-5), 'leeway must be 0 or more'),
    (dict(retries=-1), 'retries must be between 0 and 10'),
])
def test_bad_input_is_refused_before_any_request(fake, params, given, message):
    with pytest.raises(ValueError) as caught:
        Session(params(**given))
    assert str(caught.value).startswith(message)
    assert '1nv4lid' not in str(caught.value)
    assert fake.fetched == []


def test_store_code_from_the_url_and_the_rest_base(fake, params):
    session = Session(params(url=URL + '/index.php/rest/fr/V1'))
    assert session.rest_base == URL + '/index.php/rest'
    assert session.store_code == 'fr'
    assert Session(params(url=URL + '/index.php/rest/fr', store_code='all')).store_code == 'all'
    assert session.key_parts == ('magento', URL + '/index.php/rest', 'customer:shopper@example.com', 'store_code=fr',
                                 'body_format=json', 'token_lifetime=3600')


def test_options_reach_the_provider(fake, params):
    result = Session(params(user_type='admin', username='admin', otp=' 123456 ', body_format='xml', token_lifetime=900,
                            store_code='default', cache=False)).obtain()
    assert fake.fetched == [dict(url=URL, user_type='admin', otp='123456', otp_secret=None, store_code='default',
                                 body_format='xml', token_lifetime=900)]
    assert result['token'] == 'token-1'
    assert result['principal'] == 'admin:admin'


def test_the_cache_serves_later_runs_and_store_views_do_not_share_tokens(fake, params):
    first = Session(params(store_code='fr')).obtain()
    again = Session(params(store_code='fr')).obtain()
    assert len(fake.fetched) == 1
    assert again['token'] == first['token']
    # A customer account may belong to one website only: store fr's token is never served for store default.
    second = Session(params(store_code='default')).obtain()
    assert len(fake.fetched) == 2
    assert [call['store_code'] for call in fake.fetched] == ['fr', 'default']
    assert second['token'] != first['token']
    assert (first['store_code'], second['store_code']) == ('fr', 'default')


def test_another_password_misses_the_cache(fake, params):
    Session(params()).obtain()
    Session(params(password='rotated')).obtain()
    assert len(fake.fetched) == 2


def test_admin_tokens_cannot_be_revoked(fake, params):
    with pytest.raises(ValueError) as caught:
        Session(params(user_type='admin', username='admin')).revoke(check_mode=False)
    assert str(caught.value).startswith('state=absent revokes customer tokens only, and user_type is admin: ')
    assert 'Magento has no REST route that revokes an admin token' in str(caught.value)
    assert fake.fetched == [] and fake.revoked == []


def test_absent_with_nothing_cached_changes_nothing(fake, params):
    changed, message = Session(params()).revoke(check_mode=False)
    assert not changed
    assert 'nothing of ours to revoke' in message
    assert fake.fetched == [] and fake.revoked == []


def test_absent_revokes_the_cached_token_once(fake, params):
    Session(params()).obtain()
    assert Session(params()).revoke(check_mode=True)[0] is True
    assert fake.revoked == []
    assert Session(params()).revoke(check_mode=False)[0] is True
    assert fake.revoked == ['token-1']
    assert Session(params()).revoke(check_mode=False)[0] is False
    assert fake.revoked == ['token-1']
    # The entry is gone: the next run signs in again.
    assert Session(params()).obtain()['token'] == 'token-2'


def test_a_cached_token_the_store_refuses_was_already_dead(fake, params):
    Session(params()).obtain()
    fake.revoke_status = 401
    changed, message = Session(params()).revoke(check_mode=False)
    assert not changed
    assert 'already revoked or expired' in message
    assert Session(params()).obtain()['token'] == 'token-2'


def test_other_revocation_errors_fail_and_keep_the_entry(fake, params):
    Session(params()).obtain()
    fake.revoke_status = 404
    with pytest.raises(ApiError):
        Session(params()).revoke(check_mode=False)
    assert Session(params()).obtain()['token'] == 'token-1'


def test_absent_without_the_cache_signs_in_and_revokes(fake, params):
    assert Session(params(cache=False)).revoke(check_mode=True)[0] is True
    assert (len(fake.fetched), fake.revoked) == (1, [])
    assert Session(params(cache=False)).revoke(check_mode=False)[0] is True
    assert Session(params(cache=False)).revoke(check_mode=False)[0] is True
    assert (len(fake.fetched), fake.revoked) == (3, ['token-2', 'token-3'])


def test_a_fresh_jwt_refused_in_the_second_of_another_revocation_is_replaced(fake, params):
    # Magento refuses every JWT issued up to the second of a revocation: another run revoked moments ago.
    fake.jwt, fake.refuse = True, 1
    session = Session(params(cache=False))
    sleeps = []
    session.login.sleep = sleeps.append
    changed, message = session.revoke(check_mode=False)
    assert changed and 'revoked every token' in message
    assert sleeps == [1.0]
    assert (len(fake.fetched), fake.revoked) == (2, ['token-1', 'token-2'])


def test_a_fresh_token_refused_twice_or_an_opaque_one_refused_is_an_error(fake, params):
    fake.jwt, fake.refuse = True, 2
    session = Session(params(cache=False))
    session.login.sleep = lambda _seconds: None
    with pytest.raises(ApiError):
        session.revoke(check_mode=False)
    fake.jwt, fake.refuse = False, 1
    with pytest.raises(ApiError):
        Session(params(cache=False)).revoke(check_mode=False)
    assert len(fake.fetched) == 3


def run_main(capsys, args):
    with patch_module_args(args), pytest.raises(SystemExit):
        module.main()
    return json.loads(capsys.readouterr().out)


def test_main_returns_the_token_and_the_fact(fake, params, capsys, tmp_path):
    result = run_main(capsys, dict(url=URL, user_type='customer', username='shopper@example.com', password=PASSWORD,
                                   fact_name='shopper', cache_dir=str(tmp_path / 'main')))
    assert result['changed'] is False
    assert result['token'] == 'token-1'
    assert result['ansible_facts']['shopper']['token'] == 'token-1'


def test_main_fails_on_one_redacted_line(monkeypatch, capsys, tmp_path):
    def refuse(client, url, *args, **kwargs):
        # A store that echoes the password back must not get it into the message.
        raise ApiError(api='magento', url=url + '/rest/V1/integration/admin/token', status=401,
                       vendor_message='bad password %s' % PASSWORD)

    monkeypatch.setattr(module.magento, 'fetch_token', refuse)
    result = run_main(capsys, dict(url=URL, username='admin', password=PASSWORD, cache_dir=str(tmp_path / 'main')))
    assert result['failed'] is True
    assert result['status'] == 401
    assert result['msg'] == 'Magento API at %s/rest/V1/integration/admin/token answered HTTP 401: bad password ********' % URL
    assert PASSWORD not in json.dumps(result)


def test_main_mutually_exclusive_codes(capsys, tmp_path):
    result = run_main(capsys, dict(url=URL, username='admin', password=PASSWORD, otp='123456', otp_secret=OTP_SECRET))
    assert result['msg'] == 'parameters are mutually exclusive: otp|otp_secret'
    assert OTP_SECRET not in json.dumps(result)


def test_main_absent_reports_without_a_token(fake, capsys, tmp_path):
    result = run_main(capsys, dict(url=URL, user_type='customer', username='shopper@example.com', password=PASSWORD,
                                   state='absent', cache=False))
    assert result['changed'] is True and result['revoked'] is True
    assert 'token' not in result and 'ansible_facts' not in result
