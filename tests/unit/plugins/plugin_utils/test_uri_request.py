# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Request building of bearer_uri: token header, body formats as uri encodes them, module arguments."""

from __future__ import annotations

import json

import pytest

from ansible._internal._datatag._tags import Origin

from ansible_collections.commerceops.api.plugins.plugin_utils.uri_request import (
    RequestError, check_headers, encode_body, form_urlencoded, module_args, token_headers,
)


def test_token_header_default_scheme():
    assert token_headers('Authorization', 'abc', 'Bearer') == {'Authorization': 'Bearer abc'}


def test_token_header_other_scheme_and_none():
    assert token_headers('authorization', 'abc', 'Token') == {'Authorization': 'Token abc'}
    assert token_headers('Authorization', 'abc', '') == {'Authorization': 'abc'}


def test_token_in_its_own_header_has_no_scheme():
    assert token_headers('X-Moltin-Customer-Token', 'abc', 'Bearer') == {'X-Moltin-Customer-Token': 'abc'}


def test_headers_may_not_set_the_token_header():
    with pytest.raises(RequestError, match='headers must not set Authorization'):
        check_headers({'authorization': 'Basic x'}, ['Authorization'])
    check_headers({'Authorization': 'Bearer store'}, ['X-Moltin-Customer-Token'])
    check_headers(None, ['Authorization'])


@pytest.mark.parametrize('body, expected', [
    ('a=1&b=2', 'a=1&b=2'),
    ({'a': 1, 'b': 'x y'}, 'a=1&b=x+y'),
    ({'a': ['one', 'two']}, 'a=one&a=two'),
    ([['a', 1], ['a', 2]], 'a=1&a=2'),
    ({'a': None, 'b': True}, 'b=True'),
])
def test_form_urlencoded(body, expected):
    assert form_urlencoded(body) == expected


def test_form_urlencoded_refuses_other_types():
    with pytest.raises(RequestError, match='form-urlencoded'):
        form_urlencoded(42)


@pytest.mark.parametrize('body, why', [
    ([['a', 1, 2]], 'too many values to unpack (expected 2'),
    (['abc'], 'too many values to unpack (expected 2'),
    (['a'], 'not enough values to unpack (expected 2, got 1)'),
])
def test_an_invalid_form_list_fails_as_uri_says(body, why):
    # ansible.builtin.uri: "failed to parse body as form_urlencoded: <ValueError>", with elapsed 0.
    with pytest.raises(RequestError) as caught:
        form_urlencoded(body)
    assert str(caught.value).startswith('failed to parse body as form_urlencoded: ' + why)
    assert caught.value.extra == {'elapsed': 0}


def test_an_invalid_multipart_value_fails_as_uri_says_without_ansibles_type_names():
    # A YAML integer reaches the action as _AnsibleTaggedInt; the uri module gets a plain int.
    tagged = Origin(path='/play.yml', line_num=1).tag(5)
    assert type(tagged).__name__ == '_AnsibleTaggedInt'
    with pytest.raises(RequestError) as caught:
        encode_body({'count': tagged}, 'form-multipart', {})
    assert str(caught.value) == 'failed to parse body as form-multipart: value must be a string, or mapping, cannot be type int'


def test_json_body_and_content_type():
    headers, data = encode_body({'a': [1, 2]}, 'json', {'X-Trace': '1'})
    assert json.loads(data) == {'a': [1, 2]}
    assert headers == {'X-Trace': '1', 'Content-Type': 'application/json'}


def test_json_string_sent_as_is_and_own_content_type_kept():
    headers, data = encode_body('{"raw": 1}', 'json', {'content-type': 'application/vnd.api+json'})
    assert data == b'{"raw": 1}'
    assert headers == {'content-type': 'application/vnd.api+json'}


def test_json_body_that_cannot_be_encoded():
    with pytest.raises(RequestError, match='JSON'):
        encode_body({'a': object()}, 'json', {})


def test_form_body_and_content_type():
    headers, data = encode_body({'q': 'a b'}, 'form-urlencoded', {})
    assert data == b'q=a+b'
    assert headers['Content-Type'] == 'application/x-www-form-urlencoded'


def test_multipart_body_replaces_content_type(tmp_path):
    archive = tmp_path / 'ext.zip'
    archive.write_bytes(b'PK\x03\x04')
    found = []

    def find_file(name):
        found.append(name)
        return str(archive)

    headers, data = encode_body({'text': 'value', 'file[]': {'filename': 'ext.zip', 'mime_type': 'application/zip'}},
                                'form-multipart', {'Content-Type': 'text/plain'}, find_file=find_file)
    assert found == ['ext.zip']
    assert headers['Content-Type'].startswith('multipart/form-data; boundary=')
    assert list(headers) == ['Content-Type']
    assert b'name="text"' in data and b'filename="ext.zip"' in data


def test_multipart_content_parts_do_not_read_files():
    _headers, data = encode_body({'f': {'content': 'abc', 'filename': 'a.txt'}}, 'form-multipart', {},
                                 find_file=lambda name: pytest.fail('no file to find'))
    assert b'abc' in data


def test_multipart_needs_a_dict():
    with pytest.raises(RequestError, match='^failed to parse body as form-multipart: Mapping is required, cannot be type str$'):
        encode_body('text', 'form-multipart', {})


def test_raw_body():
    assert encode_body('héllo', 'raw', {}) == ({}, 'héllo'.encode('utf-8'))
    assert encode_body(None, 'raw', {}) == ({}, None)
    with pytest.raises(RequestError, match='body_format raw needs a string'):
        encode_body({'a': 1}, 'raw', {})


def test_module_args_add_the_header_and_hide_the_token():
    task_args = {'url': 'https://x/y', 'token': {'token': 'abc'}, 'retries': 2, 'fast_path': False,
                 'headers': {'Accept': 'application/json'}, 'unredirected_headers': ['Cookie']}
    args = module_args(task_args, {'Authorization': 'Bearer abc'}, 'abc')
    assert args == {
        'url': 'https://x/y',
        'headers': {'Accept': 'application/json', 'Authorization': 'Bearer abc'},
        'unredirected_headers': ['Cookie', 'Authorization'],
        'use_netrc': False,
        'url_password': 'abc',
    }
    assert task_args['headers'] == {'Accept': 'application/json'}
