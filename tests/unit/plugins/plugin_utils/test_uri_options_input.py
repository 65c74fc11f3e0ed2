# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""bearer_uri refuses a URL it cannot send a token to, and names the types of bad values plainly.

Found by the bad_input integration target: an ftp:// URL went to the HTTP library (which tried FTP and
timed out, with retries), and a list token was reported as "_AnsibleTaggedList".
"""

from __future__ import annotations

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.commerceops.api.plugins.plugin_utils import uri_options


def validated(**args):
    result = ArgumentSpecValidator(uri_options.ARGUMENT_SPEC).validate(args)
    assert not result.error_messages, result.error_messages
    return result.validated_parameters


@pytest.mark.parametrize('url', [
    'ftp://127.0.0.1:21/file',
    'file:///etc/hosts',
    'http//127.0.0.1/rest',
    '127.0.0.1:8080/rest',
    'https://',
])
def test_url_must_be_http_or_https(url):
    with pytest.raises(ValueError, match=r'^url: not an http\(s\) URL') as raised:
        uri_options.check(validated(url=url, token='t'))
    assert '\n' not in str(raised.value)


def test_url_credentials_stay_out_of_the_message():
    with pytest.raises(ValueError) as raised:
        uri_options.check(validated(url='ftp://someone:secret-value@127.0.0.1/x?key=secret-key', token='t'))
    assert 'secret-value' not in str(raised.value)
    assert 'secret-key' not in str(raised.value)


@pytest.mark.parametrize('url', ['http://someone:secret-value@127.0.0.1/x', 'https://secret-value@127.0.0.1/x'])
def test_url_userinfo_is_refused(url):
    # urllib would send it as Basic auth in place of the token; the message must not repeat it.
    with pytest.raises(ValueError, match=r'^url must not carry a user name or password') as raised:
        uri_options.check(validated(url=url, token='t'))
    assert 'secret-value' not in str(raised.value) and 'someone' not in str(raised.value)


def test_url_empty_is_refused():
    with pytest.raises(ValueError, match=r'^url is empty'):
        uri_options.check(validated(url='', token='t'))


@pytest.mark.parametrize('args, words', [
    ({'retries': 11}, 'retries must be between 0 and 10'),
    ({'max_retry_wait': 601.0}, 'max_retry_wait must be between 0 and 600 seconds'),
])
def test_retry_caps(args, words):
    with pytest.raises(ValueError, match=words):
        uri_options.check(validated(url='http://127.0.0.1/x', token='t', **args))


@pytest.mark.parametrize('url', ['http://127.0.0.1:8080/rest', 'HTTPS://Shop.Example.com', 'http://[::1]:80/'])
def test_http_urls_pass(url):
    uri_options.check(validated(url=url, token='t'))


class TaggedList(list):
    """Like the list subclass Ansible hands plugins for a templated value (_AnsibleTaggedList)."""


@pytest.mark.parametrize('token, name', [(TaggedList(['t']), 'list'), (42, 'int'), (True, 'bool'), (1.5, 'float')])
def test_token_type_is_named_plainly(token, name):
    params = dict(validated(url='https://x', token='t'), token=token)
    with pytest.raises(ValueError, match=r'^token must be a string or the dict .*, got %s$' % name):
        uri_options.check(params)
