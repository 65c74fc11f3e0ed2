# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""In-process requests against a loopback server: what goes out and the uri result that comes back."""

from __future__ import annotations

import os
import socket
import threading

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.commerceops.api.plugins.plugin_utils import uri_options
from ansible_collections.commerceops.api.plugins.plugin_utils.uri_in_process import send
from ansible_collections.commerceops.api.tests.unit.plugins.module_utils.support_http import Reply, ScriptedServer


@pytest.fixture
def server():
    scripted = ScriptedServer()
    yield scripted
    scripted.close()


def params(**args):
    args.setdefault('token', 't')
    args.setdefault('url', 'http://127.0.0.1/')
    return ArgumentSpecValidator(uri_options.ARGUMENT_SPEC).validate(args).validated_parameters


def test_get_sends_the_header_and_the_agent(server):
    server.queue.append(Reply(200, {'ok': True}, headers={'Set-Cookie': 'sid=1; Path=/'}))
    result = send(params(), 'GET', server.url + '/a', {'Authorization': 'Bearer tok'}, None, [200], secrets=['tok'])
    request = server.requests[0]
    assert request.header('authorization') == 'Bearer tok'
    assert request.header('user-agent') == 'ansible-httpget'
    assert result['json'] == {'ok': True}
    assert result['cookies'] == {'sid': '1'} and result['cookies_string'] == 'sid=1'
    assert result['msg'] == 'OK (12 bytes)'


def test_body_goes_out_as_given(server):
    send(params(), 'PUT', server.url + '/a', {'Content-Type': 'application/json'}, b'{"a": 1}', [200])
    assert server.requests[0].body == b'{"a": 1}'
    assert server.requests[0].header('content-type') == 'application/json'


def test_error_status_result(server):
    server.queue.append(Reply(404, {'message': 'gone'}))
    result = send(params(), 'GET', server.url + '/a', {}, None, [200])
    assert result['status'] == 404
    assert result['failed'] is True
    assert result['msg'] == 'Status code was 404 and not [200]: HTTP Error 404: Not Found'


def test_token_header_is_not_sent_after_a_redirect(server):
    server.queue.append(Reply(302, b'', headers={'Location': '/b'}))
    server.queue.append(Reply(200, {'ok': True}))
    result = send(params(unredirected_headers=['X-Extra']), 'GET', server.url + '/a',
                  {'Authorization': 'Bearer tok', 'X-Extra': '1', 'X-Kept': '2'}, None, [200])
    assert result['redirected'] is True
    assert result['url'] == server.url + '/b'
    second = server.requests[1]
    assert second.header('authorization') is None and second.header('x-extra') is None and second.header('x-kept') == '2'


def test_netrc_is_never_read(server, tmp_path, monkeypatch):
    netrc = tmp_path / '.netrc'
    netrc.write_text('machine 127.0.0.1 login user password pw\n')
    os.chmod(str(netrc), 0o600)
    monkeypatch.setenv('NETRC', str(netrc))
    send(params(), 'GET', server.url + '/a', {'Authorization': 'Bearer tok'}, None, [200])
    assert server.requests[0].header('authorization') == 'Bearer tok'


def test_connection_refused(closed_port_url):
    result = send(params(), 'GET', closed_port_url, {}, None, [200])
    assert result['status'] == -1
    assert result['msg'].startswith('Status code was -1 and not [200]: Request failed: <urlopen error')


@pytest.fixture
def closed_port_url():
    import socket
    probe = socket.socket()
    probe.bind(('127.0.0.1', 0))
    port = probe.getsockname()[1]
    probe.close()
    return 'http://127.0.0.1:%d/' % port


@pytest.fixture
def truncated_chunked():
    """A server that answers 200 with a chunked JSON body and closes the connection in the middle of a chunk."""
    listener = socket.socket()
    listener.bind(('127.0.0.1', 0))
    listener.listen(1)

    def answer():
        connection, _address = listener.accept()
        connection.recv(65536)
        connection.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n'
                           b'20\r\n{"cut": "sh')
        connection.close()
    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    yield 'http://127.0.0.1:%d/cut' % listener.getsockname()[1]
    thread.join(5)
    listener.close()


def test_a_truncated_chunked_body_fails_as_uri_says(truncated_chunked):
    # ansible.builtin.uri reads the JSON body and fails: "HTTP Error while fetching <url>: IncompleteRead(...)".
    result = send(params(), 'GET', truncated_chunked, {}, None, [200])
    assert sorted(result) == ['failed', 'msg'] and result['failed']
    assert result['msg'].startswith('HTTP Error while fetching %s: IncompleteRead(' % truncated_chunked)
