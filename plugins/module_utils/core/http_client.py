# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client of the collection, over ``ansible.module_utils.urls``.

It sends one request, retries the ones that may be retried (429, 502, 503, 504 and connection
failures, idempotent methods only unless the caller vouches for a POST) with exponential backoff
and full jitter, honours ``Retry-After``, and hands every HTTP answer back as a ``Response``:
it never raises for a 4xx or 5xx unless the caller says which statuses it expects. Providers
decide what an error status means.
"""

from __future__ import annotations

import email.utils
import errno
import http.client
import json as jsonlib
import os
import random as random_module
import re
import socket
import ssl
import time
import urllib.error
import uuid

from datetime import timezone
from urllib.parse import urlencode, urlsplit

from ansible_collections.commerceops.api.plugins.module_utils.core.bounded_json import UnsafeJson, loads_bounded
from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError, redact, scrub_url, summarize_body
from ansible_collections.commerceops.api.plugins.module_utils.core.version import USER_AGENT

# Statuses that say "try again later" without the request having had an effect.
RETRY_STATUSES = frozenset((429, 502, 503, 504))
IDEMPOTENT_METHODS = frozenset(('GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'))

# Headers that carry credentials. They are sent as "unredirected" headers, so urllib never forwards
# them to the target of a redirect, which may be another origin (environments must never mix).
# Adobe IMS's x-api-key and org id go with its token, so they stay with it too.
CREDENTIAL_HEADERS = ('authorization', 'x-moltin-customer-token', 'ep-account-management-authentication-token',
                      'x-api-key', 'x-gw-ims-org-id')

REDIRECT_STATUSES = frozenset((301, 302, 303, 307, 308))

# Hard caps of every retry loop, whatever the options say: a server that answers "Retry-After: 0"
# forever must not keep a task busy. Documented in the connection doc fragment and the README.
MAX_RETRIES = 10
MAX_RETRY_WAIT = 600.0

_RETRY_AFTER_SECONDS = re.compile(r'^[0-9]{1,10}$')


class Response:
    """One HTTP answer: status, lower-cased headers, body bytes, final URL and how many attempts it took."""

    def __init__(self, status, headers, body, url, attempts=1, elapsed=0.0, redirected=False, api=None, environment=None, secrets=None):
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
        self.attempts = attempts
        self.elapsed = elapsed
        self.redirected = redirected
        self.api = api
        self.environment = environment
        # Kept so that errors built from this response can be redacted; never displayed.
        self.secrets = secrets

    def __repr__(self):
        return '<Response %s %s (%d bytes, %d attempt(s))>' % (self.status, scrub_url(self.url), len(self.body or b''), self.attempts)

    @property
    def ok(self):
        return 200 <= self.status < 300

    @property
    def text(self):
        return (self.body or b'').decode('utf-8', 'replace')

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)

    def json(self):
        """The body decoded as JSON; a malformed, too large or too deep body is an ``ApiError`` that says what came."""
        try:
            return loads_bounded(self.body)
        except ValueError as exc:
            raise ApiError(
                api=self.api,
                url=self.url,
                status=self.status,
                vendor_message='expected JSON, got %s' % (exc if isinstance(exc, UnsafeJson) else summarize_body(self.body)),
                hint='is the base URL right? a proxy or a maintenance page may have answered',
                environment=self.environment,
                secrets=self.secrets,
            ) from None


class _TransportFailure(Exception):
    """A request that got no HTTP answer; internal to the client."""

    def __init__(self, reason, retryable, hint=None, unsent=False):
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.hint = hint
        # True when the request cannot have reached the server (no connection, no TLS session, bad URL):
        # writers that must not repeat a request whose outcome is unknown may repeat this one.
        self.unsent = unsent


def parse_retry_after(value, now):
    """Seconds to wait from a ``Retry-After`` value (delta seconds or an HTTP date); ``None`` if unusable."""
    if value is None:
        return None
    value = str(value).strip()
    if not value:
        return None
    # ASCII digits only: str.isdigit() also takes "²" and other digits float() refuses.
    if _RETRY_AFTER_SECONDS.match(value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        # RFC 9110 dates are always GMT; a naive result means the zone was "-0000".
        when = when.replace(tzinfo=timezone.utc)
    try:
        return max(0.0, when.timestamp() - now)
    except (OverflowError, OSError, ValueError):
        return None


def _quote_disposition(value):
    # As browsers do for form data: keep the header one line and its quoted string closed.
    return str(value).replace('\\', '\\\\').replace('"', '%22').replace('\r', '%0D').replace('\n', '%0A')


def _multipart_items(parts):
    if hasattr(parts, 'items'):
        return list(parts.items())
    return list(parts)


def build_multipart(parts, boundary=None):
    """Encode ``multipart/form-data``; returns ``(content_type, body_bytes)``.

    ``parts`` is a mapping or a list of ``(field_name, value)`` pairs, so a field name such as
    ``file[]`` may repeat (EQP wants one ``file[]`` part per uploaded file). ``value`` is a string
    (a plain field) or a dict with ``filename`` and either ``content`` (bytes or text) or ``path``,
    and optionally ``content_type`` (``mime_type`` is accepted too).

    Why not ``ansible.module_utils.urls.prepare_multipart``: it takes a mapping (one part per field
    name) and encodes file parts as base64 with a ``Content-Transfer-Encoding`` header, which
    form-data servers are not required to decode (RFC 7578 deprecates it). ``email.mime`` cannot
    carry raw binary either (its generator rewrites line endings), so the body is assembled here,
    bytes as they are.
    """
    boundary = boundary or 'commerceops-%s' % uuid.uuid4().hex
    b_boundary = boundary.encode('ascii')
    chunks = []
    for name, value in _multipart_items(parts):
        disposition = 'form-data; name="%s"' % _quote_disposition(name)
        if isinstance(value, dict):
            filename = value.get('filename')
            content = value.get('content')
            if content is None and value.get('path'):
                with open(value['path'], 'rb') as stream:
                    content = stream.read()
                filename = filename or os.path.basename(value['path'])
            if content is None:
                raise ValueError('multipart part %r needs content or path' % name)
            content_type = value.get('content_type') or value.get('mime_type') or 'application/octet-stream'
            if filename:
                disposition += '; filename="%s"' % _quote_disposition(os.path.basename(filename))
        else:
            content = value
            content_type = None
        if isinstance(content, str):
            content = content.encode('utf-8')
        elif not isinstance(content, (bytes, bytearray)):
            content = str(content).encode('utf-8')
        if b_boundary in content:
            # A random boundary inside the content is practically impossible; pick another and start over.
            return build_multipart(parts)
        head = 'Content-Disposition: %s\r\n' % disposition
        if content_type:
            head += 'Content-Type: %s\r\n' % content_type
        chunks.append(b'--' + b_boundary + b'\r\n' + head.encode('utf-8') + b'\r\n' + bytes(content) + b'\r\n')
    chunks.append(b'--' + b_boundary + b'--\r\n')
    return 'multipart/form-data; boundary=%s' % boundary, b''.join(chunks)


def _urls():
    """``ansible.module_utils.urls``, imported when a request is sent: importing it costs a tenth of a second,
    which the token lookup would pay in every worker even when the token comes from the cache."""
    from ansible.module_utils import urls
    return urls


def make_context(**kwargs):
    return _urls().make_context(**kwargs)


# One TLS context per distinct TLS setting per process. urls.Request.open builds a new one (loading the
# whole CA bundle, tens of ms) for every request that brings none, plain http ones included.
_TLS_CONTEXTS = {}


def _tls_context(settings):
    context = _TLS_CONTEXTS.get(settings)
    if context is None:
        validate_certs, ca_path, client_cert, client_key, ciphers = settings
        context = _TLS_CONTEXTS[settings] = make_context(cafile=ca_path, validate_certs=validate_certs, client_cert=client_cert,
                                                         client_key=client_key, ciphers=list(ciphers) or None)
    return context


class _DeferredContext(ssl.SSLContext):
    """The context handed over with a plain-http request: the real one is built only if a redirect leads to https."""

    def __new__(cls, settings):
        self = super().__new__(cls, ssl.PROTOCOL_TLS_CLIENT)
        self.settings = settings
        return self

    def __init__(self, settings):  # pylint: disable=super-init-not-called
        pass

    def wrap_socket(self, *args, **kwargs):  # pylint: disable=arguments-differ
        return _tls_context(self.settings).wrap_socket(*args, **kwargs)


_DEFERRED = {}


def tls_context(url, validate_certs=True, ca_path=None, client_cert=None, client_key=None, ciphers=None):
    """The TLS context for a request to ``url`` with these settings: shared by every request of the process
    with the same settings, and for an http URL one that costs nothing unless a redirect leads to https."""
    settings = (bool(validate_certs), ca_path, client_cert, client_key, tuple(ciphers or ()))
    if str(url).lower().startswith('https:'):
        return _tls_context(settings)
    deferred = _DEFERRED.get(settings)
    if deferred is None:
        deferred = _DEFERRED[settings] = _DeferredContext(settings)
    return deferred


def _unwrap(exc):
    """The underlying exception of a URLError (urllib wraps socket and TLS errors in it)."""
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        reason = exc.reason
        if isinstance(reason, BaseException):
            return reason
    return exc


# Errors of connect(): the request was never sent.
_UNREACHABLE = frozenset((errno.ENETUNREACH, errno.EHOSTUNREACH))


def describe_failure(exc, timeout, host=None):
    """Turn a transport exception into a one-line reason, whether to retry, and a hint."""
    cause = _unwrap(exc)
    if isinstance(cause, ssl.SSLCertVerificationError):
        detail = getattr(cause, 'verify_message', None) or str(cause)
        return _TransportFailure('TLS certificate verify failed: %s' % detail, False, 'pass ca_path or validate_certs=false', unsent=True)
    if isinstance(cause, ssl.SSLError):
        return _TransportFailure('TLS handshake failed: %s' % (cause.reason or cause), False,
                                 'check that the URL scheme and port are right; pass client_cert/client_key if the server wants them',
                                 unsent=True)
    if isinstance(cause, (socket.timeout, TimeoutError)):
        return _TransportFailure('timed out after %g s' % timeout, True, 'raise timeout if the service is slow')
    if isinstance(cause, ConnectionRefusedError):
        return _TransportFailure('connection refused, so nothing reached the server', True,
                                 'is the service running and the port right?', unsent=True)
    if isinstance(cause, OSError) and cause.errno in _UNREACHABLE:
        return _TransportFailure('%s, so nothing reached the server' % (cause.strerror or 'unreachable').lower(), True,
                                 'check the network route to the host', unsent=True)
    if isinstance(cause, http.client.RemoteDisconnected):
        return _TransportFailure('the server closed the connection without answering', True)
    if isinstance(cause, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError)):
        return _TransportFailure('the connection was reset', True)
    if isinstance(cause, http.client.IncompleteRead):
        return _TransportFailure('the answer was cut short (%d bytes read)' % len(cause.partial or b''), True)
    if isinstance(cause, socket.gaierror):
        retryable = cause.errno == getattr(socket, 'EAI_AGAIN', None)
        return _TransportFailure('cannot resolve host %s' % (host or ''), retryable, 'check the host name in the URL', unsent=True)
    if isinstance(cause, http.client.HTTPException):
        return _TransportFailure('invalid HTTP answer (%s)' % type(cause).__name__, False,
                                 'check that the URL scheme (http or https) matches the port')
    if isinstance(cause, urllib.error.URLError):
        # A URLError without an underlying exception: urllib refused the URL itself.
        return _TransportFailure('request failed: %s' % cause.reason, False, 'check the URL', unsent=True)
    if isinstance(cause, ValueError):
        return _TransportFailure('invalid URL or request: %s' % cause, False, unsent=True)
    if isinstance(cause, OSError):
        return _TransportFailure('network error: %s' % (cause.strerror or cause), True)
    return _TransportFailure('request failed: %s' % cause, False)


def _merge_headers(*layers):
    merged = {}
    for layer in layers:
        for name, value in (layer or {}).items():
            if value is None:
                continue
            for existing in [key for key in merged if key.lower() == name.lower()]:
                del merged[existing]
            merged[name] = value
    return merged


def _lower_headers(message):
    headers = {}
    if message is None:
        return headers
    for name, value in message.items():
        key = name.lower()
        headers[key] = '%s, %s' % (headers[key], value) if key in headers else value
    return headers


class HttpClient:
    """HTTP client with the collection's timeouts, TLS options, retries and redaction.

    ``clock`` (epoch seconds), ``sleep`` and ``random`` (a float in [0, 1)) are injectable so tests
    run on a fake clock; ``transport`` replaces the ``ansible.module_utils.urls.Request`` that sends.
    ``log`` receives one redacted line per retry decision (for ``-vvv`` output), never a body.
    """

    def __init__(self, timeout=30, validate_certs=True, ca_path=None, client_cert=None, client_key=None,
                 use_proxy=True, follow_redirects='safe', headers=None, retries=3, max_retry_wait=60.0,
                 backoff_base=1.0, backoff_max=30.0, api=None, environment=None, user_agent=None,
                 secrets=None, clock=None, sleep=None, random=None, log=None, transport=None):
        self.timeout = timeout
        # Clamped, not trusted: every caller's options are checked, but the loop must end whatever it is given.
        self.retries = min(MAX_RETRIES, max(0, int(retries)))
        self.max_retry_wait = min(MAX_RETRY_WAIT, max(0.0, float(max_retry_wait)))
        self.backoff_base = float(backoff_base)
        self.backoff_max = float(backoff_max)
        self.api = api
        self.environment = environment
        self.user_agent = user_agent or USER_AGENT
        self.headers = dict(headers or {})
        self.secrets = set()
        self.register_secret(*(secrets or ()))
        self.clock = clock or time.time
        self._sleep = sleep or time.sleep
        self._random = random or random_module.random
        self._log = log
        self._tls = dict(validate_certs=validate_certs, ca_path=ca_path, client_cert=client_cert, client_key=client_key)
        self._request_options = dict(use_proxy=use_proxy, timeout=timeout, follow_redirects=follow_redirects)
        self._transport = transport
        self._own_request = False

    @property
    def transport(self):
        """What sends: the given transport, else a urls.Request made at the first request."""
        if self._transport is None:
            # use_netrc=False always: a ~/.netrc entry for the host would otherwise add Basic credentials
            # the user never gave (and override nothing we can see). It exists in ansible-core 2.19 and 2.21.
            # The TLS settings travel in the context of each request (tls_context).
            self._transport = _urls().Request(http_agent=self.user_agent, use_netrc=False, **dict(self._request_options, **self._tls))
            self._own_request = True
        return self._transport

    @transport.setter
    def transport(self, value):
        self._transport = value
        self._own_request = False

    def register_secret(self, *values):
        """Remember values that must never appear in a message built by this client."""
        for value in values:
            if value:
                self.secrets.add(str(value))

    def redact(self, text):
        return redact(text, self.secrets)

    def _note(self, text):
        if self._log is not None:
            self._log(self.redact(text))

    def _body(self, headers, data, json_body, form, multipart):
        given = [item for item in (data, json_body, form, multipart) if item is not None]
        if len(given) > 1:
            raise ValueError('pass at most one of data, json, form and multipart')
        content_type = None
        if json_body is not None:
            data = jsonlib.dumps(json_body).encode('utf-8')
            content_type = 'application/json'
        elif form is not None:
            data = urlencode(_multipart_items(form)).encode('utf-8')
            content_type = 'application/x-www-form-urlencoded'
        elif multipart is not None:
            content_type, data = build_multipart(multipart)
        elif isinstance(data, str):
            data = data.encode('utf-8')
        if content_type and not any(name.lower() == 'content-type' for name in headers):
            headers['Content-Type'] = content_type
        return data

    def _send_once(self, method, url, headers, data, timeout):
        unredirected = [name for name in headers if name.lower() in CREDENTIAL_HEADERS]
        transport = self.transport
        if self._own_request:
            transport.context = tls_context(url, **self._tls)
        try:
            raw = transport.open(method, url, data=data, headers=headers, timeout=timeout, unredirected_headers=unredirected)
        except urllib.error.HTTPError as answer:
            # urllib raises for every status >= 400 (and for redirects it does not follow): still an answer.
            try:
                body = answer.read() or b''
            except (OSError, http.client.HTTPException):
                body = b''
            finally:
                answer.close()
            return answer.code, _lower_headers(answer.headers), body, answer.geturl() or url
        try:
            body = raw.read()
            status = getattr(raw, 'status', None) or raw.getcode()
            return status, _lower_headers(raw.headers), body, raw.geturl() or url
        finally:
            raw.close()

    def _delay(self, attempt, status, headers):
        """Seconds before the next attempt: the server's ``Retry-After`` or backoff with full jitter."""
        if status is not None:
            waited = parse_retry_after(headers.get('retry-after'), self.clock())
            if waited is not None:
                return waited, True
        ceiling = min(self.backoff_max, self.backoff_base * (2 ** (attempt - 1)))
        return self._random() * ceiling, False

    def request(self, method, url, headers=None, data=None, json=None, form=None, multipart=None,
                idempotent=None, expected=None, timeout=None, api=None, environment=None, retry_transport=True,
                sign=None):
        """Send one request (with retries) and return its ``Response``.

        ``json``, ``form`` (mapping or pairs), ``multipart`` (see ``build_multipart``) and ``data``
        (bytes or text) are alternatives. ``idempotent=True`` allows retrying a POST; ``False``
        forbids retries for any method. ``retry_transport=False`` retries only HTTP answers (429, 502,
        503, 504), not a connection that failed or timed out after the request may have been sent.
        A failure to connect (refused, unreachable, name not resolved yet) sent nothing, so it is
        retried within ``retries`` whatever the method and these two say.
        ``expected`` (a status or a collection of statuses) makes any other status an ``ApiError``;
        without it every HTTP answer is returned.
        ``sign`` (a function of no arguments returning headers) is called before each attempt and its
        headers added: an OAuth 1.0a signature carries a nonce that the server refuses to see twice, so a
        retried request must be signed again.
        """
        method = method.upper()
        api = api or self.api
        environment = environment or self.environment
        timeout = self.timeout if timeout is None else timeout
        headers = _merge_headers({'User-Agent': self.user_agent}, self.headers, headers)
        body = self._body(headers, data, json, form, multipart)
        may_retry = idempotent if idempotent is not None else method in IDEMPOTENT_METHODS

        started = self.clock()
        waited = 0.0
        attempt = 0
        while True:
            attempt += 1
            failure = None
            status = answer_headers = answer_body = final_url = None
            # Outside the try: a request that cannot be signed is the caller's error, not a failed send.
            sent_headers = _merge_headers(headers, sign()) if sign is not None else headers
            try:
                status, answer_headers, answer_body, final_url = self._send_once(method, url, sent_headers, body, timeout)
            except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
                failure = describe_failure(exc, timeout, _host_of(url))
            if failure is None:
                retryable = status in RETRY_STATUSES and may_retry
            else:
                # A request that never left (refused, unreachable) is safe to send again whatever the method.
                retryable = failure.retryable and (failure.unsent or (retry_transport and may_retry))
            what = failure.reason if failure is not None else 'HTTP %s' % status
            if not retryable or attempt > self.retries:
                break
            delay, from_server = self._delay(attempt, status, answer_headers or {})
            remaining = self.max_retry_wait - waited
            if from_server and delay > remaining:
                self._note('%s %s: %s asks to wait %.1f s, beyond the retry budget of %.1f s; giving up'
                           % (method, scrub_url(url), what, delay, remaining))
                break
            delay = min(delay, remaining)
            if remaining <= 0:
                break
            self._note('%s %s: %s, attempt %d of %d, next in %.1f s'
                       % (method, scrub_url(url), what, attempt, self.retries + 1, delay))
            self._sleep(delay)
            waited += delay

        if failure is not None:
            attempts = '' if attempt == 1 else ' (after %d attempts)' % attempt
            hint = failure.hint
            if failure.retryable and not failure.unsent and not retry_transport and may_retry:
                hint = 'not repeated, because the request may have reached the server' + ('; ' + hint if hint else '')
            error = ApiError(api=api, url=url, status=None, vendor_message=failure.reason + attempts,
                             hint=hint, environment=environment, secrets=self.secrets)
            error.attempts = attempt
            error.unsent = failure.unsent
            raise error
        response = Response(
            status=status,
            headers=answer_headers,
            body=answer_body,
            url=final_url,
            attempts=attempt,
            elapsed=max(0.0, self.clock() - started),
            redirected=final_url != url,
            api=api,
            environment=environment,
            secrets=self.secrets,
        )
        if expected is not None:
            wanted = (expected,) if isinstance(expected, int) else tuple(expected)
            if status not in wanted:
                raise error_for(response)
        return response


def _host_of(url):
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def error_for(response, hint=None):
    """The ``ApiError`` for an answer the caller did not want, with a hint for redirects."""
    if hint is None and response.status in REDIRECT_STATUSES and response.header('location'):
        hint = 'the server redirects to %s: use that as the base URL' % scrub_url(response.header('location'))
    return ApiError.from_response(response, hint=hint)
