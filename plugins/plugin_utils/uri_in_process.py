# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Send one bearer_uri request from the controller process, with the collection's HttpClient over the
same ``ansible.module_utils.urls.Request`` that ``ansible.builtin.uri`` uses, and return uri's result.

The client's transport records what uri reports and the client does not keep: the HTTP error line,
the raw response headers, the cookies and the exception of a failed attempt.
"""

from __future__ import annotations

import http.client
import time
import urllib.error

from http.cookiejar import CookieJar

from ansible.module_utils.urls import Request

from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError
from ansible_collections.commerceops.api.plugins.module_utils.core.http_client import HttpClient, tls_context
from ansible_collections.commerceops.api.plugins.plugin_utils.uri_result import Exchange, read_failure_result, shape


class _RecordedResponse:
    """A response whose body read records its failure (uri reports a body cut short in its own words)."""

    def __init__(self, response, exchange):
        self._response = response
        self._exchange = exchange

    def read(self, *args):
        try:
            return self._response.read(*args)
        except http.client.HTTPException as failure:
            self._exchange.read_failure = failure
            raise

    def __getattr__(self, name):
        return getattr(self._response, name)


class RecordingTransport:
    """The transport of the HttpClient: uri's Request, with an Exchange record of the last attempt."""

    def __init__(self, params, request=None):
        self.extra_unredirected = list(params['unredirected_headers'] or [])
        self.request = request or Request(
            use_proxy=params['use_proxy'],
            force=params['force'],
            timeout=params['timeout'],
            validate_certs=params['validate_certs'],
            http_agent=params['http_agent'],
            follow_redirects=params['follow_redirects'],
            client_cert=params['client_cert'],
            client_key=params['client_key'],
            ca_path=params['ca_path'],
            decompress=params['decompress'],
            ciphers=params['ciphers'],
            use_netrc=False,
        )
        self.tls = dict(validate_certs=params['validate_certs'], client_cert=params['client_cert'], client_key=params['client_key'],
                        ca_path=params['ca_path'], ciphers=params['ciphers'])
        self.exchange = None

    def open(self, method, url, data=None, headers=None, timeout=None, unredirected_headers=None):
        exchange = self.exchange = Exchange()
        jar = CookieJar()
        unredirected = list(unredirected_headers or []) + self.extra_unredirected
        if isinstance(self.request, Request):
            # The process's shared context for these settings, not a new one (a CA bundle load) per request.
            self.request.context = tls_context(url, **self.tls)
        try:
            response = self.request.open(method, url, data=data, headers=headers, timeout=timeout,
                                         unredirected_headers=unredirected, cookies=jar)
        except urllib.error.HTTPError as answer:
            exchange.status = answer.code
            exchange.error_line = str(answer)
            if answer.headers is not None:
                exchange.headers = answer.headers
            raise
        except Exception as failure:
            exchange.failure = failure
            raise
        exchange.status = getattr(response, 'status', None) or response.getcode()
        exchange.headers = response.headers
        exchange.final_url = response.geturl() or url
        exchange.cookies = [(cookie.name, cookie.value) for cookie in jar]
        return _RecordedResponse(response, exchange)


def send(params, method, url, headers, data, status_codes, secrets=(), clock=time.time, transport=None):
    """Make the request once (retries belong to the caller) and return uri's result for it, unscrubbed."""
    transport = transport or RecordingTransport(params)
    client = HttpClient(timeout=params['timeout'], retries=0, user_agent=params['http_agent'],
                        secrets=secrets, transport=transport)
    started = clock()
    try:
        response = client.request(method, url, headers=headers, data=data, idempotent=False)
    except ApiError as error:
        exchange = transport.exchange
        if exchange is None:
            raise
        if exchange.read_failure is not None:
            exchange.elapsed = max(0.0, clock() - started)
            return read_failure_result(exchange, url, status_codes, params['return_content'])
        if exchange.failure is None:
            # The answer started but its body could not be read.
            exchange.failure = OSError(error.vendor_message or str(error))
    except Exception as error:
        exchange = transport.exchange
        if exchange is None or exchange.failure is not error:
            raise
    else:
        exchange = transport.exchange
        exchange.status = response.status
        exchange.body = response.body or b''
        exchange.final_url = response.url
    exchange.elapsed = max(0.0, clock() - started)
    return shape(exchange, url, status_codes, params['return_content'])
