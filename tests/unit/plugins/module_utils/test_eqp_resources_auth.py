# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the EQP resource client gets its token: a token dict checked before any request, or the credentials
through the cache with one renewal after a 401; and masking only the token of a token dict."""

from __future__ import annotations

import time

import pytest

from ansible_collections.commerceops.api.plugins.module_utils.marketplace import eqp_auth
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_auth import AUTH_ARGS, EqpAuth, narrow_token_masking
from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError
from ansible_collections.commerceops.api.plugins.module_utils.core.token import Token

from ansible_collections.commerceops.api.tests.unit.plugins.module_utils.support_http import Reply

SANDBOX = 'http://127.0.0.1:18081'
PRODUCTION = 'http://127.0.0.1:18082'
UST = 'baGXoStRuR9VCDFQGZNzgNqbqu5WUwlr.cAxZJ9m22Le7'
SECRET = '8820c99614d65f923df7660276f20e029d73e2ca'


def params(**given):
    values = dict((name, spec.get('default')) for name, spec in AUTH_ARGS.items())
    values.update(given)
    return values


def token_dict(**given):
    values = {'token': UST, 'api': 'eqp', 'base_url': SANDBOX, 'origin': SANDBOX, 'principal': 'AQ17NZ49WC',
              'expires_at': int(time.time()) + 3600, 'expires_in': 3600, 'environment': 'sandbox', 'mage_id': 'MAG123456789'}
    values.update(given)
    return values


def test_a_token_dict_is_used_as_given():
    auth = EqpAuth(params(token=token_dict(), base_url=SANDBOX + '/', environment='sandbox'))
    assert auth.token.value == UST and auth.options is None
    assert auth.environment == 'sandbox'
    assert auth.secrets() == [UST]
    resources = auth.connect()
    assert resources.base_url == SANDBOX and resources.renew is None and resources.mage_id == 'MAG123456789'
    assert UST in resources.client.secrets


@pytest.mark.parametrize('given, message', [
    (dict(token=token_dict(), base_url=PRODUCTION),
     'token: the token was issued by %s (sandbox), not by base_url %s; a token is only sent where it was issued' % (SANDBOX, PRODUCTION)),
    (dict(token=token_dict(), environment='production'), 'token: the token belongs to the sandbox environment, not to environment production'),
    (dict(token=token_dict(api='magento')), 'token: this is a token of the magento API; pass an EQP token'),
    (dict(token=token_dict(expires_at=1700000000)), 'token: the session token expired at 2023-11-14 22:13:20 UTC; obtain a new one'),
    (dict(token={'token': UST}), 'token: the token dict has no "api"'),
    (dict(token=token_dict(base_url='ftp://x')), 'token: its base_url is not an http(s) URL'),
    (dict(token=token_dict(), base_url='not a url'), 'base_url: not an http(s) URL'),
    (dict(token=token_dict(), app_id='AQ17NZ49WC'), 'token is mutually exclusive with app_id and app_secret'),
    (dict(token=token_dict(), app_secret=SECRET), 'token is mutually exclusive with app_id and app_secret'),
    (dict(), 'missing required options for the eqp API: set app_id (or the environment variable COMMERCEOPS_EQP_APP_ID); '
     'app_secret (or the environment variable COMMERCEOPS_EQP_APP_SECRET), or give token'),
    (dict(app_id='AQ17NZ49WC'),
     'missing required option for the eqp API: set app_secret (or the environment variable COMMERCEOPS_EQP_APP_SECRET), or give token'),
    (dict(token=token_dict(), timeout=0), 'timeout must be a positive number of seconds'),
])
def test_bad_auth_options(given, message):
    with pytest.raises(ValueError) as caught:
        EqpAuth(params(**given), environ={})
    assert str(caught.value).startswith(message)
    assert UST not in str(caught.value) and SECRET not in str(caught.value)


def test_a_production_token_of_a_vendor_url_knows_its_environment():
    token = token_dict(base_url='https://commercedeveloper-api.adobe.com', origin='https://commercedeveloper-api.adobe.com:443')
    del token['environment']
    with pytest.raises(ValueError, match='belongs to the production environment'):
        EqpAuth(params(token=token, environment='sandbox'))


def test_credentials_come_from_the_environment_only_without_a_token(monkeypatch):
    environ = {'COMMERCEOPS_EQP_APP_ID': 'AQ17NZ49WC', 'COMMERCEOPS_EQP_APP_SECRET': SECRET}
    auth = EqpAuth(params(base_url=SANDBOX), environ=environ)
    assert auth.options['app_id'] == 'AQ17NZ49WC' and auth.options['app_secret'] == SECRET
    assert auth.options['environment'] == 'sandbox' and auth.environment == 'sandbox'
    assert SECRET in auth.secrets()
    # A token given explicitly wins over the environment: no clash.
    assert EqpAuth(params(token=token_dict()), environ=environ).options is None


def test_credentials_obtain_through_the_cache_and_renew_once(monkeypatch):
    calls = []

    def obtain(api, options, stale_value=None):
        calls.append((api, options['app_id'], stale_value))
        return Token('token-%d' % len(calls), 'eqp', SANDBOX, options['app_id'], time.time() + 3600, {'environment': 'sandbox'})

    monkeypatch.setattr(eqp_auth, 'obtain_token', obtain)
    resources = EqpAuth(params(base_url=SANDBOX, app_id='AQ17NZ49WC', app_secret=SECRET), environ={}).connect()
    assert resources.token.value == 'token-1'
    assert SECRET in resources.client.secrets and 'token-1' in resources.client.secrets
    assert resources.renew('token-1').value == 'token-2'
    assert calls == [('eqp', 'AQ17NZ49WC', None), ('eqp', 'AQ17NZ49WC', 'token-1')]


class FakeModule:
    def __init__(self, params, no_log_values):
        self.params = params
        self.no_log_values = set(no_log_values)
        self.argument_spec = AUTH_ARGS


def test_only_the_token_of_a_token_dict_stays_masked():
    given = dict(token_dict(), changed=False, invocation={'module_args': {'retries': 3, 'timeout': 30}},
                 ansible_facts={'eqp_session': {'token': UST}}, note='Bearer %s' % UST)
    # What Ansible collects from a no_log dict option: every scalar in it.
    collected = {UST, 'eqp', SANDBOX, 'AQ17NZ49WC', str(given['expires_at']), '3600', 'sandbox', 'MAG123456789', '3', '30',
                 'Bearer %s' % UST}
    module = FakeModule(params(token=given), collected | {'other-secret'})
    narrow_token_masking(module)
    assert module.no_log_values == {UST, 'Bearer %s' % UST, 'other-secret'}
    assert sorted(module.params['token']) == ['api', 'base_url', 'environment', 'expires_at', 'expires_in', 'mage_id', 'origin',
                                              'principal', 'token']


def test_masking_is_left_alone_without_a_token_dict():
    module = FakeModule(params(app_secret=SECRET), {SECRET})
    narrow_token_masking(module)
    assert module.no_log_values == {SECRET}


def test_a_renewed_token_refused_at_once_is_not_renewed_by_later_tasks(server, tmp_path):
    """A 401 about rights (not the token): one renewal for the run, not one per task."""
    issued = []

    def handler(request):
        if request.path == eqp_auth.eqp.TOKEN_PATH:
            issued.append('ust-%d' % len(issued))
            return Reply(200, {'mage_id': 'MAG123456789', 'ust': issued[-1], 'expires_in': 7200})
        return Reply(401, {'code': 1003, 'message': 'Invalid or expired session token'})

    server.handler = handler
    for task in range(4):
        resources = EqpAuth(params(base_url=server.url, app_id='AQ17NZ49WC', app_secret=SECRET, cache_dir=str(tmp_path)),
                            environ={}).connect()
        with pytest.raises(ApiError):
            resources.packages()
    # The first task's token, and one renewal; the later tasks send the marked token once each and stop.
    assert issued == ['ust-0', 'ust-1']
