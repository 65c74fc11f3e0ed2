# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Option checks of bearer_uri."""

from __future__ import annotations

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.commerceops.api.plugins.plugin_utils import uri_options


def validated(**args):
    result = ArgumentSpecValidator(uri_options.ARGUMENT_SPEC).validate(args)
    assert not result.error_messages, result.error_messages
    return result.validated_parameters


def test_token_and_auth_are_exclusive():
    with pytest.raises(ValueError, match='token and auth are mutually exclusive'):
        uri_options.check_choice({'token': 'x', 'auth': {'api': 'eqp'}})


def test_token_or_auth_is_required():
    with pytest.raises(ValueError, match=r'pass token .* or auth'):
        uri_options.check_choice({'url': 'https://x'})
    uri_options.check_choice({'token': 'x'})
    uri_options.check_choice({'auth': {'api': 'eqp'}})


@pytest.mark.parametrize('given, expected', [
    (200, [200]),
    ('201', [201]),
    ([200, '404'], [200, 404]),
    ('200,204', [200, 204]),
])
def test_status_code_forms(given, expected):
    assert uri_options.status_codes(validated(url='https://x', token='t', status_code=given)) == expected


def test_defaults():
    params = validated(url='https://x', token='t')
    assert uri_options.status_codes(params) == [200]
    assert params['auth_scheme'] == 'Bearer'
    assert params['use_netrc'] is False
    assert params['fast_path'] is True
    uri_options.check(params)


@pytest.mark.parametrize('args, message', [
    ({'method': 'get it'}, 'method needs to be a single word'),
    ({'url_username': 'someone'}, '^url_username cannot be used'),
    ({'password': 'secret-value'}, '^url_password cannot be used'),
    ({'force_basic_auth': True}, '^force_basic_auth cannot be used'),
    ({'use_netrc': True}, 'use_netrc must stay false'),
    ({'timeout': 0}, 'timeout must be a positive'),
    ({'retries': 11}, 'retries must be between 0 and 10'),
    ({'retry_delay': -1}, 'retry_delay must be between'),
    ({'max_retry_wait': -1}, 'max_retry_wait must be between 0 and 600'),
    ({'auth_scheme': 'Bearer x'}, 'auth_scheme must be one word'),
    ({'query': ' '}, 'query must be a JMESPath expression'),
    ({'token': ['a']}, 'token must be a string or the dict'),
    ({'token': '  '}, 'token is empty'),
    ({'token': None, 'auth': {'api': 'shopify'}}, 'auth needs api: one of eqp, magento, commerce'),
])
def test_refused(args, message):
    options = dict({'url': 'https://x', 'token': 't'}, **args)
    params = validated(**dict((key, value) for key, value in options.items() if value is not None))
    with pytest.raises(ValueError, match=message) as raised:
        uri_options.check(params)
    assert 'secret-value' not in str(raised.value)


def test_lower_case_method_is_fine():
    uri_options.check(validated(url='https://x', token='t', method='post'))
    assert uri_options.method_of(validated(url='https://x', token='t', method='post')) == 'POST'


def test_module_only_options():
    assert uri_options.module_only_options(validated(url='https://x', token='t')) == []
    params = validated(url='https://x', token='t', dest='/tmp/out', remote_src=True, unsafe_writes=False, mode='0644')
    assert uri_options.module_only_options(params) == ['dest', 'remote_src', 'mode']


def test_connection_overrides_only_what_the_task_sets():
    params = validated(url='https://x', token='t', timeout=5)
    assert uri_options.connection_overrides(params, {'url': 1, 'timeout': 5}) == {'timeout': 5}
