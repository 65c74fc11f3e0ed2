# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Option handling of obtain.py: defaults, unknown and missing options, choices, API-specific rules."""

from __future__ import annotations

import pytest

from ansible_collections.commerceops.api.plugins.module_utils import obtain


def test_defaults_fill_what_is_left_out():
    options = obtain.complete_options('eqp', {'app_id': 'AQ17NZ49WC', 'app_secret': 's3cret'})
    assert options['environment'] == 'sandbox'
    assert options['token_path'] == '/rest/v1/app/session/token'
    assert options['retries'] == 3 and options['cache'] is True and options['leeway'] == 60


def test_none_values_do_not_override_defaults():
    options = obtain.complete_options('magento', {'url': 'http://shop', 'username': 'u', 'password': 'p', 'user_type': None})
    assert options['user_type'] == 'admin'


@pytest.mark.parametrize('api, options, words', [
    ('eqp', {'app_id': 'x'},
     'missing required option for the eqp API: set app_secret (or the inventory variable '
     'commerceops_eqp_app_secret or the environment variable COMMERCEOPS_EQP_APP_SECRET)'),
    ('magento', {'url': 'http://shop'},
     'missing required options for the magento API: set username (or the inventory variable '
     'commerceops_magento_username or the environment variable COMMERCEOPS_MAGENTO_USERNAME); '
     'password (or the inventory variable commerceops_magento_password or the environment '
     'variable COMMERCEOPS_MAGENTO_PASSWORD); or, instead of username and password, give consumer_key, '
     'consumer_secret, access_token, access_token_secret'),
    ('eqp', {'app_id': 'x', 'app_secret': 'y', 'bogus': 1}, 'unknown option for the eqp API: bogus'),
    ('eqp', {'app_id': 'x', 'app_secret': 'y', 'environment': 'staging'}, "environment must be one of sandbox, production, got 'staging'"),
    ('shopify', {}, "api must be one of eqp, magento, commerce, ims, got 'shopify'"),
])
def test_bad_options_name_the_option(api, options, words):
    with pytest.raises(ValueError) as caught:
        obtain.complete_options(api, options)
    assert str(caught.value) == words


def test_secrets_of_lists_only_secret_values():
    options = {'url': 'http://shop', 'username': 'admin', 'password': 'pw', 'otp_secret': 'JBSWY3DP', 'otp': None}
    assert sorted(obtain.secrets_of('magento', options)) == ['JBSWY3DP', 'pw']


def test_commerce_base_url_and_region_exclude_each_other():
    options = obtain.complete_options('commerce', {'client_id': 'c', 'base_url': 'http://127.0.0.1:18084', 'region': 'us-east'})
    with pytest.raises(ValueError, match='base_url and region are mutually exclusive'):
        obtain.commerce_base_url(options)


def test_commerce_region_default_and_choice():
    assert obtain.commerce_base_url(obtain.complete_options('commerce', {'client_id': 'c'})) == 'https://euwest.api.elasticpath.com'
    options = obtain.complete_options('commerce', {'client_id': 'c', 'region': 'us-east'})
    assert obtain.commerce_base_url(options) == 'https://useast.api.elasticpath.com'


def test_commerce_grant_defaults_on_the_secret():
    assert obtain.commerce_grant(obtain.complete_options('commerce', {'client_id': 'c', 'client_secret': 's'})) == 'client_credentials'
    assert obtain.commerce_grant(obtain.complete_options('commerce', {'client_id': 'c'})) == 'implicit'
    with pytest.raises(ValueError, match='client_secret is required'):
        obtain.commerce_grant(obtain.complete_options('commerce', {'client_id': 'c', 'grant_type': 'client_credentials'}))


@pytest.mark.parametrize('api, options, words', [
    ('eqp', {'app_id': 'x', 'app_secret': 'y', 'base_url': 'ftp://host'}, 'base_url: not an http(s) URL'),
    ('eqp', {'app_id': 'x', 'app_secret': 'y', 'expires_in': 0}, 'expires_in must be a positive number'),
    ('magento', {'url': 'shop.example.com', 'username': 'u', 'password': 'p'}, 'url must be the http(s) base URL of the store'),
    ('magento', {'url': 'http://shop', 'username': 'u', 'password': 'p', 'otp': '123456', 'otp_secret': 'JBSWY3DP'},
     'otp and otp_secret are mutually exclusive'),
    ('eqp', {'app_id': 'x', 'app_secret': 'y', 'retries': -1}, 'retries must be between 0 and 10'),
    ('eqp', {'app_id': 'x', 'app_secret': 'y', 'retries': 1000}, 'retries must be between 0 and 10'),
    ('eqp', {'app_id': 'x', 'app_secret': 'y', 'max_retry_wait': 1e6}, 'max_retry_wait must be between 0 and 600'),
    ('eqp', {'app_id': 'x', 'app_secret': 'y', 'base_url': ''}, 'base_url is empty'),
    ('eqp', {'app_id': 'x', 'app_secret': 'y', 'base_url': '  '}, 'base_url is empty'),
    ('commerce', {'client_id': 'x', 'client_secret': 'y', 'base_url': ''}, 'base_url is empty'),
])
@pytest.mark.usefixtures('no_request')
def test_invalid_values_fail_before_any_request(api, options, words):
    with pytest.raises(ValueError) as caught:
        obtain.obtain_token(api, dict(options, cache=False))
    assert words in str(caught.value)


@pytest.mark.parametrize('api, options, option', [
    ('eqp', {'app_id': 'x', 'app_secret': 'y', 'base_url': 'http://user:pw-in-url@127.0.0.1:9'}, 'base_url'),
    ('eqp', {'app_id': 'x', 'app_secret': 'y', 'base_url': 'https://pw-in-url@eqp.example.com'}, 'base_url'),
    ('commerce', {'client_id': 'x', 'client_secret': 'y', 'base_url': 'http://user:pw-in-url@127.0.0.1:9'}, 'base_url'),
    ('magento', {'url': 'http://admin:pw-in-url@shop.example.com/rest', 'username': 'u', 'password': 'p'}, 'url'),
    ('magento', {'url': 'http://admin:pw-in-url@shop.example.com/rest', 'consumer_key': 'k', 'consumer_secret': 's',
                 'access_token': 't', 'access_token_secret': 'ts'}, 'url'),
    ('ims', {'base_url': 'http://user:pw-in-url@127.0.0.1:9', 'client_id': 'x', 'client_secret': 'y'}, 'base_url'),
    ('ims', {'base_url': 'http://127.0.0.1:9', 'client_id': 'x', 'client_secret': 'y',
             'ims_url': 'https://user:pw-in-url@ims.example.com'}, 'ims_url'),
])
@pytest.mark.usefixtures('no_request')
def test_userinfo_in_a_url_is_refused_without_repeating_it(api, options, option):
    with pytest.raises(ValueError) as caught:
        obtain.obtain_token(api, dict(options, cache=False))
    message = str(caught.value)
    assert message.startswith('%s must not carry a user name or password' % option)
    assert 'pw-in-url' not in message
    assert 'admin' not in message and '127.0.0.1' not in message


def test_base_url_of_refuses_userinfo_too():
    with pytest.raises(ValueError, match='must not carry a user name or password'):
        obtain.base_url_of('commerce', {'client_id': 'x', 'base_url': 'http://u:p@127.0.0.1'})


@pytest.mark.parametrize('api, options, option, kind', [
    ('eqp', {'app_id': 'x', 'app_secret': ['s3cret-in-a-list']}, 'app_secret', 'list'),
    ('magento', {'url': 'http://shop', 'username': 'u', 'password': {'p': 's3cret-in-a-list'}}, 'password', 'dict'),
    ('magento', {'url': 'http://shop', 'username': 'u', 'password': 'p', 'otp_secret': True}, 'otp_secret', 'bool'),
    ('commerce', {'client_id': 'x', 'client_secret': ['s3cret-in-a-list']}, 'client_secret', 'list'),
])
@pytest.mark.usefixtures('no_request')
def test_a_secret_of_the_wrong_type_is_named_not_shown(api, options, option, kind):
    with pytest.raises(ValueError) as caught:
        obtain.obtain_token(api, dict(options, cache=False))
    assert str(caught.value).startswith('%s must be a string, got %s' % (option, kind))
    assert 's3cret-in-a-list' not in str(caught.value)


def test_a_numeric_secret_is_taken_as_its_digits():
    assert obtain.complete_options('magento', {'url': 'http://shop', 'username': 'u', 'password': 123456})['password'] == '123456'
