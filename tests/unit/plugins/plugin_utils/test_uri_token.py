# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where bearer_uri's token comes from, and when it is renewed after a 401."""

from __future__ import annotations

import pytest

from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError
from ansible_collections.commerceops.api.plugins.module_utils.core.token import Token
from ansible_collections.commerceops.api.plugins.plugin_utils import uri_token

SANDBOX = 'http://127.0.0.1:18081'
VARIABLES = {'commerceops_eqp_base_url': SANDBOX, 'commerceops_eqp_app_id': 'APP', 'commerceops_eqp_app_secret': 's3cret'}


def eqp_dict(value='old-token', base_url=SANDBOX, principal='APP'):
    return Token(value, 'eqp', base_url, principal, 4102444800).to_result()


@pytest.fixture
def obtained(monkeypatch):
    """obtain_token replaced: records its calls, hands out new-1, new-2..."""
    calls = []

    def fake(api, options, stale_value=None):
        calls.append((api, dict(options), stale_value))
        if options.get('app_secret') == 'wrong':
            raise ApiError(api='eqp', url=SANDBOX, status=401, vendor_message='bad secret wrong', secrets=[])
        return Token('new-%d' % len(calls), api, options.get('base_url') or SANDBOX, options.get('app_id'), 4102444800)

    monkeypatch.setattr(uri_token, 'obtain_token', fake)
    monkeypatch.setattr('os.environ', {})
    return calls


def test_plain_string_has_no_origin_and_is_not_renewed(obtained):
    token = uri_token.from_token(' abc \n', VARIABLES)
    assert (token.value, token.header, token.origin, token.renewable) == ('abc', 'Authorization', None, False)


def test_dict_renewed_from_the_variables(obtained):
    token = uri_token.from_token(eqp_dict(), VARIABLES, connection={'timeout': 5})
    assert token.origin == SANDBOX + ''
    assert token.renewable
    token.renew()
    assert token.value == 'new-1'
    assert obtained == [('eqp', {'base_url': SANDBOX, 'app_id': 'APP', 'app_secret': 's3cret', 'timeout': 5}, 'old-token')]
    assert 's3cret' in token.secrets and 'old-token' in token.secrets and 'new-1' in token.secrets


def test_dict_of_another_origin_is_not_renewed(obtained):
    token = uri_token.from_token(eqp_dict(base_url='http://127.0.0.1:18082'), VARIABLES)
    assert token.origin == 'http://127.0.0.1:18082'
    assert not token.renewable


def test_dict_without_credentials_in_the_variables_is_not_renewed(obtained):
    assert not uri_token.from_token(eqp_dict(), {'commerceops_eqp_base_url': SANDBOX}).renewable


def test_renewal_for_another_principal_is_refused(obtained):
    token = uri_token.from_token(eqp_dict(principal='OTHER'), VARIABLES)
    with pytest.raises(uri_token.TokenError, match='credentials of APP, the token was of OTHER'):
        token.renew()
    assert token.value == 'old-token'


def test_shopper_tokens_are_not_renewed(obtained):
    shopper = Token('shop', 'commerce', 'http://127.0.0.1:18084', 'customer:x', None, {'header': 'X-Moltin-Customer-Token'})
    token = uri_token.from_token(shopper.to_result(), {'commerceops_commerce_client_id': 'c'})
    assert token.header == 'X-Moltin-Customer-Token'
    assert not token.renewable


def test_a_dict_that_is_not_ours_names_the_problem_without_the_token(obtained):
    with pytest.raises(uri_token.TokenError, match='token: the token dict has no "api"') as raised:
        uri_token.from_token({'token': 'secret-token-value'}, VARIABLES)
    assert 'secret-token-value' not in str(raised.value)


def test_auth_takes_missing_options_from_the_variables(obtained):
    token = uri_token.from_auth({'api': 'eqp', 'expires_in': 600}, VARIABLES, connection={'validate_certs': False})
    assert token.value == 'new-1' and token.origin == SANDBOX and token.source == 'auth'
    assert obtained[0] == ('eqp', {'base_url': SANDBOX, 'app_id': 'APP', 'app_secret': 's3cret', 'validate_certs': False,
                                   'expires_in': 600}, None)
    token.renew()
    assert token.value == 'new-2'
    assert obtained[1][2] == 'new-1'


def test_auth_errors_are_redacted(obtained):
    with pytest.raises(uri_token.TokenError) as raised:
        uri_token.from_auth({'api': 'eqp', 'app_secret': 'wrong'}, VARIABLES)
    assert str(raised.value).startswith('auth: EQP API')
    assert 'wrong' not in str(raised.value)


def test_auth_needs_a_known_api(obtained):
    with pytest.raises(uri_token.TokenError, match='auth needs api'):
        uri_token.from_auth({'api': 'shopify'}, VARIABLES)


def test_renewal_returning_the_same_token_is_an_error(monkeypatch):
    monkeypatch.setattr(uri_token, 'obtain_token',
                        lambda api, options, stale_value=None: Token('same', 'eqp', SANDBOX, 'APP', 4102444800))
    token = uri_token.from_auth({'api': 'eqp'}, VARIABLES)
    with pytest.raises(uri_token.TokenError, match='returned the refused one'):
        token.renew()


def test_variables_are_templated(obtained):
    seen = []

    def template(value):
        seen.append(value)
        return value.replace('{{ port }}', '18081') if isinstance(value, str) else value

    variables = dict(VARIABLES, commerceops_eqp_base_url='http://127.0.0.1:{{ port }}')
    assert uri_token.from_token(eqp_dict(), variables, template=template).renewable
    assert 'http://127.0.0.1:{{ port }}' in seen


def test_nothing_is_rendered_until_a_renewal_is_asked_about(obtained):
    seen = []

    def template(value):
        seen.append(value)
        return value

    token = uri_token.from_token(eqp_dict(), VARIABLES, template=template)
    # A request that got no 401 never needs the renewer: no variable was rendered for it.
    assert seen == [] and token.value == 'old-token'
    assert token.renewable and seen
    rendered = len(seen)
    assert token.renewable and len(seen) == rendered
    assert 's3cret' in token.secrets
