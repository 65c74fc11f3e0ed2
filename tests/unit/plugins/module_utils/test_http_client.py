# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import email.utils
import inspect
import os
import ssl
import threading
import urllib.error

from http.server import ThreadingHTTPServer

import pytest

from ansible.module_utils import urls
from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError
from ansible_collections.commerceops.api.plugins.module_utils.core.http_client import (
    HttpClient, Response, build_multipart, parse_retry_after,
)
from ansible_collections.commerceops.api.plugins.module_utils.core.version import USER_AGENT

from ansible_collections.commerceops.api.tests.unit.plugins.module_utils.support_http import Reply, ScriptedServer

# The documented caps of every retry loop (doc fragment commerceops.api.connection, README).
MAX_RETRIES = 10
MAX_RETRY_WAIT = 600.0


def test_get_returns_response_with_lowercase_headers(server, make_client):
    server.queue.append(Reply(200, {'hello': 'world'}, headers={'X-Total-Count': '3'}))
    response = make_client().request('GET', server.url + '/things')
    assert isinstance(response, Response)
    assert response.status == 200
    assert response.ok
    assert response.headers['x-total-count'] == '3'
    assert response.header('X-Total-Count') == '3'
    assert response.json() == {'hello': 'world'}
    assert response.attempts == 1
    assert server.requests[0].header('user-agent') == USER_AGENT
    assert USER_AGENT == 'commerceops.api/0.1.0 (+ansible)'


def test_error_statuses_come_back_as_responses(server, make_client):
    server.queue.append(Reply(404, {'message': 'Request does not match any route.'}))
    response = make_client().request('GET', server.url + '/missing')
    assert response.status == 404
    assert not response.ok
    assert response.json()['message'].startswith('Request does not match')


def test_extra_headers_merge_case_insensitively(server, make_client):
    client = make_client(headers={'X-Team': 'ops', 'accept': 'text/plain'})
    client.request('GET', server.url + '/', headers={'Accept': 'application/json'})
    recorded = server.requests[0]
    assert recorded.header('x-team') == 'ops'
    assert recorded.header('accept') == 'application/json'


def test_json_and_form_bodies(server, make_client):
    client = make_client()
    client.request('POST', server.url + '/j', json={'grant_type': 'session'})
    client.request('POST', server.url + '/f', form=[('grant_type', 'implicit'), ('client_id', 'a b&c')])
    assert server.requests[0].header('content-type') == 'application/json'
    assert server.requests[0].json() == {'grant_type': 'session'}
    assert server.requests[1].header('content-type') == 'application/x-www-form-urlencoded'
    assert server.requests[1].body == b'grant_type=implicit&client_id=a+b%26c'


def test_only_one_body_kind(make_client):
    with pytest.raises(ValueError):
        make_client().request('POST', 'http://127.0.0.1:1/', json={}, form={})


# -- retries ---------------------------------------------------------------------------------

def test_backoff_with_full_jitter_then_success(server, make_client, clock):
    server.queue.extend([Reply(503), Reply(502), Reply(504), Reply(200, {'ok': 1})])
    response = make_client(random=lambda: 0.5).request('GET', server.url + '/')
    assert response.status == 200
    assert response.attempts == 4
    # Full jitter: random() * min(backoff_max, base * 2 ** (attempt - 1)).
    assert clock.sleeps == [0.5, 1.0, 2.0]


def test_jitter_bounds_follow_random(server, make_client, clock):
    server.queue.extend([Reply(503), Reply(503), Reply(200)])
    make_client(random=lambda: 0.0).request('GET', server.url + '/')
    assert clock.sleeps == [0.0, 0.0]
    clock.sleeps[:] = []
    server.queue.extend([Reply(503), Reply(503), Reply(200)])
    make_client(random=lambda: 0.999, backoff_base=2.0, backoff_max=3.0).request('GET', server.url + '/')
    assert clock.sleeps[0] == pytest.approx(1.998)
    assert clock.sleeps[1] == pytest.approx(2.997)  # capped by backoff_max


def test_retry_after_seconds(server, make_client, clock):
    server.queue.extend([Reply(429, {'errors': [{'status': 429, 'title': 'Too Many Requests'}]}, headers={'Retry-After': '7'}), Reply(200)])
    response = make_client().request('GET', server.url + '/')
    assert response.status == 200
    assert clock.sleeps == [7.0]


def test_retry_after_http_date(server, make_client, clock):
    when = email.utils.formatdate(clock.now + 12, usegmt=True)
    server.queue.extend([Reply(503, headers={'Retry-After': when}), Reply(200)])
    response = make_client().request('GET', server.url + '/')
    assert response.attempts == 2
    assert clock.sleeps == [pytest.approx(12.0)]


def test_parse_retry_after():
    now = 1700000000.0
    assert parse_retry_after('5', now) == 5.0
    assert parse_retry_after(' 30 ', now) == 30.0
    assert parse_retry_after(email.utils.formatdate(now + 90, usegmt=True), now) == pytest.approx(90.0)
    assert parse_retry_after(email.utils.formatdate(now - 90, usegmt=True), now) == 0.0
    assert parse_retry_after('soon', now) is None
    assert parse_retry_after('', now) is None
    assert parse_retry_after(None, now) is None
    assert parse_retry_after('-3', now) is None


def test_retries_are_bounded(server, make_client, clock):
    server.handler = lambda request: Reply(503, {'code': 503, 'message': 'busy'})
    response = make_client(retries=3).request('GET', server.url + '/')
    assert response.status == 503
    assert response.attempts == 4
    assert len(server.requests) == 4
    assert len(clock.sleeps) == 3


def test_retries_zero_means_one_attempt(server, make_client):
    server.handler = lambda request: Reply(503)
    assert make_client(retries=0).request('GET', server.url + '/').attempts == 1


def test_retry_after_beyond_cap_stops(server, make_client, clock):
    server.handler = lambda request: Reply(429, headers={'Retry-After': '120'})
    response = make_client(max_retry_wait=60).request('GET', server.url + '/')
    assert response.status == 429
    assert response.attempts == 1
    assert clock.sleeps == []


def test_total_wait_is_capped(server, make_client, clock):
    server.handler = lambda request: Reply(503)
    response = make_client(random=lambda: 1.0, retries=10, max_retry_wait=5).request('GET', server.url + '/')
    assert clock.sleeps == [1.0, 2.0, 2.0]
    assert sum(clock.sleeps) <= 5
    assert response.attempts == 4


@pytest.mark.parametrize('status', [400, 401, 403, 404, 409, 422, 500])
def test_no_retry_for_other_statuses(server, make_client, clock, status):
    server.handler = lambda request: Reply(status, {'message': 'no'})
    response = make_client().request('GET', server.url + '/')
    assert response.status == status
    assert response.attempts == 1
    assert len(server.requests) == 1
    assert clock.sleeps == []


def test_post_not_retried_unless_marked(server, make_client):
    server.handler = lambda request: Reply(503)
    client = make_client()
    assert client.request('POST', server.url + '/', json={}).attempts == 1
    assert client.request('POST', server.url + '/', json={}, idempotent=True).attempts == 4
    assert client.request('PATCH', server.url + '/', json={}).attempts == 1


@pytest.mark.parametrize('method', ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'])
def test_idempotent_methods_retried(server, make_client, method):
    server.queue.extend([Reply(502), Reply(200)])
    assert make_client().request(method, server.url + '/').attempts == 2


def test_idempotent_false_forbids_retry(server, make_client):
    server.handler = lambda request: Reply(503)
    assert make_client().request('GET', server.url + '/', idempotent=False).attempts == 1


def test_connection_refused_after_retries(make_client, clock, closed_port):
    url = 'http://127.0.0.1:%d/rest/v1/app/session/token' % closed_port
    with pytest.raises(ApiError) as caught:
        make_client(api='eqp', environment='sandbox').request('GET', url)
    error = caught.value
    assert error.status is None
    assert 'connection refused' in str(error)
    assert 'after 4 attempts' in str(error)
    assert str(error).startswith('EQP API (sandbox) at http://127.0.0.1:%d/rest/v1/app/session/token: connection refused' % closed_port)
    assert len(clock.sleeps) == 3
    assert error.attempts == 4
    assert '\n' not in str(error)


@pytest.mark.parametrize('options', [{}, {'idempotent': False}, {'retry_transport': False}, {'idempotent': True, 'retry_transport': False}])
def test_connection_refused_is_retried_whatever_the_method(make_client, clock, closed_port, options):
    # Nothing reached the server: a POST, or a sign-in that must not be sent twice, is safe to send again.
    with pytest.raises(ApiError) as caught:
        make_client().request('POST', 'http://127.0.0.1:%d/' % closed_port, json={}, **options)
    message = str(caught.value)
    assert 'connection refused, so nothing reached the server (after 4 attempts)' in message
    assert 'may have reached the server' not in message
    assert len(clock.sleeps) == 3


def test_a_refused_connection_that_comes_back_is_sent_once(server, make_client, clock, monkeypatch):
    client = make_client()
    real_open = client.transport.open
    calls = []

    def refuse_first(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise urllib.error.URLError(ConnectionRefusedError(111, 'Connection refused'))
        return real_open(*args, **kwargs)
    monkeypatch.setattr(client.transport, 'open', refuse_first)
    response = client.request('POST', server.url + '/', json={}, retry_transport=False)
    assert response.status == 200 and response.attempts == 2
    assert len(server.requests) == 1


def test_a_reset_after_sending_is_not_retried_without_retry_transport(make_client, clock, monkeypatch):
    client = make_client()

    def reset(*args, **kwargs):
        raise ConnectionResetError(104, 'Connection reset by peer')
    monkeypatch.setattr(client.transport, 'open', reset)
    with pytest.raises(ApiError) as caught:
        client.request('POST', 'http://127.0.0.1:1/', json={}, idempotent=True, retry_transport=False)
    assert 'not repeated, because the request may have reached the server' in str(caught.value)
    assert clock.sleeps == []


def test_timeout_is_reported(server, make_client):
    server.handler = lambda request: Reply(200, delay=1.0)
    with pytest.raises(ApiError) as caught:
        make_client(timeout=0.2, retries=0).request('GET', server.url + '/slow')
    assert 'timed out after 0.2 s' in str(caught.value)
    assert caught.value.status is None


def test_dropped_connection_is_retried(server, make_client):
    server.queue.extend([Reply(action='drop'), Reply(200, {'ok': True})])
    response = make_client().request('GET', server.url + '/')
    assert response.status == 200
    assert response.attempts == 2


def test_dropped_connection_message(server, make_client):
    server.handler = lambda request: Reply(action='drop')
    with pytest.raises(ApiError) as caught:
        make_client(retries=1).request('GET', server.url + '/')
    assert 'closed the connection' in str(caught.value) or 'reset' in str(caught.value)


def test_unsupported_url_scheme(make_client):
    with pytest.raises(ApiError) as caught:
        make_client().request('GET', 'gopher://127.0.0.1/')
    assert 'request failed' in str(caught.value)
    assert caught.value.attempts == 1


def test_unresolvable_host(make_client):
    with pytest.raises(ApiError) as caught:
        make_client(retries=0).request('GET', 'http://no-such-host.invalid/')
    assert caught.value.status is None
    assert 'resolve' in str(caught.value) or 'network error' in str(caught.value)


def test_expected_status_raises_with_vendor_message(server, make_client):
    server.queue.append(Reply(401, {'code': 1001, 'message': 'Invalid credentials'}))
    with pytest.raises(ApiError) as caught:
        make_client(api='eqp').request('GET', server.url + '/x?key=s3cr3t', expected=200)
    text = str(caught.value)
    assert 'answered HTTP 401: Invalid credentials (code 1001)' in text
    assert 's3cr3t' not in text and '?' not in text


def test_redirect_hint_when_not_followed(server, make_client):
    server.queue.append(Reply(301, headers={'Location': 'https://shop.example.com/rest/V1/integration/admin/token'}))
    with pytest.raises(ApiError) as caught:
        make_client(api='magento').request('POST', server.url + '/rest/V1/integration/admin/token', json={}, expected=200)
    assert 'redirects to https://shop.example.com/rest/V1/integration/admin/token' in str(caught.value)


def test_redirect_followed_without_credentials(server, make_client):
    def handler(request):
        if request.path == '/a':
            return Reply(302, headers={'Location': '/b'})
        return Reply(200, {'at': request.path})

    server.handler = handler
    response = make_client().request('GET', server.url + '/a', headers={'Authorization': 'Bearer tok', 'X-Moltin-Customer-Token': 'c'})
    assert response.json() == {'at': '/b'}
    assert response.redirected
    assert response.url.endswith('/b')
    assert server.requests[0].header('authorization') == 'Bearer tok'
    # Credential headers never follow a redirect: it may lead to another origin.
    assert server.requests[1].header('authorization') is None
    assert server.requests[1].header('x-moltin-customer-token') is None


def test_malformed_json_is_a_clear_error(server, make_client):
    server.queue.append(Reply(200, b'{"ust": "abc', headers={'Content-Type': 'application/json'}))
    response = make_client(api='eqp').request('GET', server.url + '/')
    with pytest.raises(ApiError) as caught:
        response.json()
    assert 'expected JSON, got malformed JSON (12 bytes)' in str(caught.value)


def test_secrets_redacted_from_errors_and_log(server, make_client):
    lines = []
    server.handler = lambda request: Reply(503, {'message': 'bad password hunter2'})
    client = make_client(log=lines.append, secrets=['hunter2'])
    with pytest.raises(ApiError) as caught:
        client.request('GET', server.url + '/?p=hunter2', expected=200)
    assert 'hunter2' not in str(caught.value)
    assert '********' in str(caught.value)
    assert lines and all('hunter2' not in line for line in lines)
    assert 'next in' in lines[0]


def test_netrc_is_never_used(server, make_client, tmp_path, monkeypatch):
    netrc = tmp_path / 'netrc'
    netrc.write_text('machine 127.0.0.1 login netrcuser password netrcpass\n')
    os.chmod(str(netrc), 0o600)
    monkeypatch.setenv('NETRC', str(netrc))
    make_client().request('GET', server.url + '/')
    assert server.requests[0].header('authorization') is None


def test_urls_request_signature_has_use_netrc():
    # Both ansible-core 2.19 and 2.21 take use_netrc on Request and open_url; the client relies on it.
    assert 'use_netrc' in inspect.signature(urls.Request.__init__).parameters
    assert 'use_netrc' in inspect.signature(urls.Request.open).parameters
    assert HttpClient().transport.use_netrc is False


def test_multipart_repeats_field_names_and_keeps_bytes(server, make_client, tmp_path):
    binary = b'PK\x03\x04\x00\r\n\n\r\xff' * 20
    guide = tmp_path / 'guide.pdf'
    guide.write_bytes(b'%PDF-1.4\r\nbody')
    parts = [
        ('file[]', {'filename': 'pkg.zip', 'content': binary, 'content_type': 'application/zip'}),
        ('file[]', {'path': str(guide), 'content_type': 'application/pdf'}),
        ('note', 'hello "world"'),
    ]
    make_client().request('POST', server.url + '/rest/v1/files/uploads', multipart=parts)
    recorded = server.requests[0]
    content_type = recorded.header('content-type')
    assert content_type.startswith('multipart/form-data; boundary=')
    boundary = content_type.split('boundary=', 1)[1].encode('ascii')
    chunks = recorded.body.split(b'--' + boundary)
    assert chunks[0] == b'' and chunks[-1] == b'--\r\n'
    parsed = []
    for chunk in chunks[1:-1]:
        head, dummy, content = chunk[2:].partition(b'\r\n\r\n')
        parsed.append((head.decode('utf-8'), content[:-2]))
    assert len(parsed) == 3
    assert 'name="file[]"; filename="pkg.zip"' in parsed[0][0]
    assert 'Content-Type: application/zip' in parsed[0][0]
    assert parsed[0][1] == binary
    assert 'name="file[]"; filename="guide.pdf"' in parsed[1][0]
    assert parsed[1][1] == b'%PDF-1.4\r\nbody'
    assert 'name="note"' in parsed[2][0] and parsed[2][1] == b'hello "world"'


def test_multipart_quotes_names():
    content_type, body = build_multipart({'we"ird\r\n': 'x'}, boundary='b0undary')
    assert content_type == 'multipart/form-data; boundary=b0undary'
    assert b'name="we%22ird%0D%0A"' in body


def test_tls_verify_failure_and_ca_path(tmp_path, make_client):
    trustme = pytest.importorskip('trustme')
    authority = trustme.CA()
    server_cert = authority.issue_cert('127.0.0.1', 'localhost')
    scripted = ScriptedServer()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_cert.configure_cert(context)
    tls = ThreadingHTTPServer(('127.0.0.1', 0), scripted.httpd.RequestHandlerClass)
    tls.socket = context.wrap_socket(tls.socket, server_side=True)
    thread = threading.Thread(target=tls.serve_forever, kwargs={'poll_interval': 0.05})
    thread.daemon = True
    thread.start()
    url = 'https://127.0.0.1:%d/' % tls.server_address[1]
    try:
        with pytest.raises(ApiError) as caught:
            make_client(retries=0).request('GET', url)
        text = str(caught.value)
        assert 'TLS certificate verify failed' in text
        assert 'pass ca_path or validate_certs=false' in text
        bundle = tmp_path / 'ca.pem'
        authority.cert_pem.write_to_path(str(bundle))
        assert make_client(retries=0, ca_path=str(bundle)).request('GET', url).status == 200
        assert make_client(retries=0, validate_certs=False).request('GET', url).status == 200
    finally:
        tls.shutdown()
        tls.server_close()
        scripted.close()


@pytest.mark.parametrize('value', ['\u00b2', '\u0663', '1e3', '5.5', '0x10', '9' * 400, 'Mon, 99 Foo 99999 99:99:99 GMT',
                                   'Fri, 31 Dec 99999 23:59:59 GMT'])
def test_parse_retry_after_refuses_what_is_not_seconds_or_a_date(value):
    # str.isdigit() takes "²" (a valid Latin-1 header byte), which float() then refuses.
    assert parse_retry_after(value, 1_700_000_000.0) is None


def test_unusable_retry_after_falls_back_to_backoff(server, make_client, clock):
    server.queue.extend([Reply(429, headers={'Retry-After': '\u00b2'}), Reply(200)])
    response = make_client(random=lambda: 1.0).request('GET', server.url + '/')
    assert response.status == 200
    assert response.attempts == 2
    assert clock.sleeps == [1.0]


def test_retry_after_zero_forever_is_capped(server, make_client, clock):
    # Retry-After: 0 costs no wait, so only the attempt cap ends the loop.
    server.handler = lambda request: Reply(429, headers={'Retry-After': '0'})
    response = make_client(retries=1000, max_retry_wait=10 ** 6).request('GET', server.url + '/')
    assert response.status == 429
    assert response.attempts == MAX_RETRIES + 1
    assert len(server.requests) == MAX_RETRIES + 1


def test_total_wait_is_capped_whatever_the_option(server, make_client, clock):
    server.handler = lambda request: Reply(503, headers={'Retry-After': '500'})
    make_client(retries=10, max_retry_wait=10 ** 6).request('GET', server.url + '/')
    assert sum(clock.sleeps) <= MAX_RETRY_WAIT


@pytest.mark.parametrize('body, what', [
    (b'[' * 100000 + b']' * 100000, 'nested deeper than the 64 levels'),
    (b'{"a": ' * 65 + b'1' + b'}' * 65, 'nested 65 levels deep'),
    (b'{"ust": "abc", "expires_in": Infinity}', 'non-standard constant Infinity'),
    (b'{"ust": "abc", "expires_in": NaN}', 'non-standard constant NaN'),
    (b'{"ust": "abc", "expires_in": 1e999}', 'beyond what a float holds'),
])
def test_hostile_json_is_one_clear_error(server, make_client, body, what):
    server.queue.append(Reply(200, body, headers={'Content-Type': 'application/json'}))
    response = make_client(api='eqp').request('POST', server.url + '/rest/v1/app/session/token')
    with pytest.raises(ApiError) as caught:
        response.json()
    message = str(caught.value)
    assert what in message
    assert message.startswith('EQP API at http://127.0.0.1:')
    assert '/rest/v1/app/session/token' in message
    assert '\n' not in message and len(message) < 400


def test_json_body_size_is_bounded(monkeypatch):
    from ansible_collections.commerceops.api.plugins.module_utils.core import bounded_json
    with pytest.raises(bounded_json.UnsafeJson, match='more than the 10 bytes'):
        bounded_json.loads_bounded(b'{"a": "0123456789"}', max_bytes=10)


def test_json_depth_counts_containers_not_brackets_in_strings():
    from ansible_collections.commerceops.api.plugins.module_utils.core.bounded_json import json_depth, loads_bounded
    assert json_depth({'a': '[[[[[[', 'b': [1, {'c': ']]]'}]}) == 3
    assert json_depth('text') == 0
    assert loads_bounded('{"a": "' + '[' * 1000 + '"}') == {'a': '[' * 1000}


def test_json_integers_are_bounded():
    from ansible_collections.commerceops.api.plugins.module_utils.core.bounded_json import UnsafeJson, loads_bounded
    assert loads_bounded('{"expires_in": 3600}') == {'expires_in': 3600}
    # float() of a 400-digit integer raises OverflowError: a lifetime like that must be refused in parsing.
    with pytest.raises(UnsafeJson, match='an integer of 400 digits'):
        loads_bounded('{"expires_in": %s}' % ('9' * 400))
