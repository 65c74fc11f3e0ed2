# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Result shaping as ansible.builtin.uri does it, and scrubbing of secrets."""

from __future__ import annotations

import http.client
import urllib.error

from email.message import Message

from ansible.module_utils.urls import SSLValidationError

from ansible_collections.commerceops.api.plugins.plugin_utils.uri_result import Exchange, failure_text, scrub, shape

URL = 'https://shop.example.com/rest/V1/thing'


def headers(*pairs):
    message = Message()
    for name, value in pairs:
        message[name] = value
    return message


def answered(status=200, body=b'{"a": 1}', pairs=(('Content-Type', 'application/json'), ('Content-Length', '8')),
             final_url=URL, error_line=None, cookies=()):
    exchange = Exchange()
    exchange.status = status
    exchange.headers = headers(*pairs)
    exchange.body = body
    exchange.final_url = final_url
    exchange.error_line = error_line
    exchange.cookies = list(cookies)
    exchange.elapsed = 1.7
    return exchange


def test_success_keys_as_uri_names_them():
    exchange = answered(pairs=(('Content-Type', 'application/json'), ('Content-Length', '8'), ('X-Total-Count', '3'),
                               ('Set-Cookie', 'a=1'), ('Set-Cookie', 'b=2')),
                        cookies=[('a', '1'), ('b', '2')])
    result = shape(exchange, URL, [200], False)
    assert result == {
        'redirected': False, 'url': URL, 'status': 200, 'msg': 'OK (8 bytes)', 'elapsed': 1, 'changed': False,
        'failed': False, 'content_type': 'application/json', 'content_length': '8', 'x_total_count': '3',
        'set_cookie': 'a=1, b=2', 'cookies': {'a': '1', 'b': '2'}, 'cookies_string': 'a=1; b=2', 'json': {'a': 1},
    }


def test_no_content_length_and_return_content():
    result = shape(answered(body=b'plain', pairs=(('Content-Type', 'text/plain; charset=latin-1'),)), URL, [200], True)
    assert result['msg'] == 'OK (unknown bytes)'
    assert result['content'] == 'plain'
    assert 'json' not in result


def test_redirect_and_vendor_json_type():
    exchange = answered(final_url='https://shop.example.com/other', pairs=(('Content-Type', 'application/vnd.api+json'),))
    result = shape(exchange, URL, [200], False)
    assert result['redirected'] is True
    assert result['url'] == 'https://shop.example.com/other'
    assert result['json'] == {'a': 1}


def test_unexpected_status_fails_with_uris_message():
    exchange = answered(status=404, error_line='HTTP Error 404: NOT FOUND', body=b'{"message": "no"}')
    result = shape(exchange, URL, [200, 201], False)
    assert result['failed'] is True
    assert result['msg'] == 'Status code was 404 and not [200, 201]: HTTP Error 404: NOT FOUND'
    assert result['json'] == {'message': 'no'}
    assert 'cookies' not in result and 'body' not in result and 'content' not in result


def test_unexpected_status_with_return_content():
    exchange = answered(status=500, error_line='HTTP Error 500: BOOM', body=b'oops', pairs=(('Content-Type', 'text/plain'),))
    result = shape(exchange, URL, [200], True)
    assert result['content'] == 'oops'
    assert result['failed'] is True


def test_expected_error_status_keeps_a_non_json_body_as_uri_does():
    exchange = answered(status=404, error_line='HTTP Error 404: NOT FOUND', body=b'<html/>',
                        pairs=(('Content-Type', 'text/html'),))
    result = shape(exchange, URL, [404], False)
    assert result['failed'] is False
    assert result['body'] == '<html/>'
    assert result['msg'] == 'HTTP Error 404: NOT FOUND'
    assert result['url'] == URL


def test_location_is_made_absolute():
    exchange = answered(status=302, error_line='HTTP Error 302: FOUND', body=b'',
                        pairs=(('Location', '/rest/V1/other'), ('Content-Type', 'text/plain')))
    result = shape(exchange, URL, [302], False)
    assert result['location'] == 'https://shop.example.com/rest/V1/other'


def test_connection_failure():
    exchange = Exchange()
    exchange.failure = urllib.error.URLError(ConnectionRefusedError(111, 'Connection refused'))
    result = shape(exchange, URL, [200], False)
    assert result == {'redirected': False, 'url': URL, 'status': -1, 'elapsed': 0, 'changed': False, 'failed': True,
                      'msg': 'Status code was -1 and not [200]: Request failed: <urlopen error [Errno 111] Connection refused>'}


def test_tls_setup_failure_ends_at_once():
    exchange = Exchange()
    exchange.failure = SSLValidationError('certificate verify failed')
    assert shape(exchange, 'https://user:pw@shop.example.com/', [200], False) == {
        'failed': True, 'msg': 'certificate verify failed', 'url': 'https://****:****@shop.example.com/', 'status': -1}


def test_failure_texts_follow_fetch_url():
    assert failure_text(http.client.RemoteDisconnected('Remote end closed connection without response')) == (
        'Connection failure: Remote end closed connection without response', False)
    assert failure_text(http.client.BadStatusLine('xx'))[0].startswith('Connection failure: connection was closed')
    assert failure_text(ValueError('unknown url type')) == ('unknown url type', True)
    assert failure_text(RuntimeError('odd'))[0] == 'An unknown error occurred: odd'


def test_scrub_masks_values_and_substrings_everywhere():
    result = {'msg': 'refused Bearer tok-123', 'json': {'token': 'tok-123', 'list': ['a tok-123 b', 5]},
              'invocation': {'module_args': {'token': {'token': 'tok-123', 'api': 'eqp'}}},
              'url': 'https://x/?t=tok%2D123'}
    scrubbed = scrub(result, ['tok-123', None, ''])
    assert 'tok-123' not in repr(scrubbed)
    assert scrubbed['json']['token'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
    assert scrubbed['msg'] == 'refused Bearer ********'
    assert scrubbed['json']['list'][1] == 5
    assert scrubbed['invocation']['module_args']['token']['api'] == 'eqp'


def test_scrub_without_secrets_is_the_identity():
    result = {'a': 1}
    assert scrub(result, []) is result
