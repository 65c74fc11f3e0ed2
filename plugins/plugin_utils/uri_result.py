# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shape what an in-process request saw into the result ``ansible.builtin.uri`` returns, and scrub secrets
from results of either path.

Key for key, as uri builds it: every response header lower-cased with ``-`` turned into ``_``,
``status``, ``url``, ``msg`` (``OK (<n> bytes)``, or the HTTP error line), ``redirected``, ``elapsed``
(whole seconds), ``cookies`` and ``cookies_string`` on a 2xx answer, ``json`` for a JSON content type,
``content`` when asked for or when the status was not expected, ``location`` made absolute, and
``body`` when an error status was expected and its content not otherwise read.
"""

from __future__ import annotations

import email.message
import http.client
import urllib.error

from urllib.parse import urljoin

from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.urls import ConnectionError as UrlsConnectionError, mask_url

from ansible_collections.commerceops.api.plugins.module_utils.core.bounded_json import loads_bounded
from ansible_collections.commerceops.api.plugins.module_utils.core.errors import redact

JSON_TYPES = frozenset(('json', 'javascript'))


class Exchange:
    """What one in-process attempt saw: the answer (status, headers, body, final URL, cookies), or the failure."""

    def __init__(self):
        self.status = -1
        self.headers = email.message.Message()
        self.error_line = None
        self.body = b''
        self.final_url = None
        self.cookies = []
        self.failure = None
        # An answer whose headers came but whose body could not be read (a chunked body cut short).
        self.read_failure = None
        self.elapsed = 0

    @property
    def answered(self):
        return self.failure is None

    @property
    def is_http_error(self):
        """urllib raised HTTPError: a status outside 2xx (or a redirect not followed)."""
        return self.error_line is not None


def failure_text(failure):
    """uri's message for a request that got no HTTP answer, and whether uri fails right there.

    The order of the checks is fetch_url's: its own ConnectionError (TLS and proxy setup) and
    ValueError (a bad URL) end the module at once; URLError is also an OSError.
    """
    if isinstance(failure, (UrlsConnectionError, ValueError)):
        return str(failure), True
    if isinstance(failure, urllib.error.URLError):
        return 'Request failed: %s' % failure, False
    if isinstance(failure, OSError):
        return 'Connection failure: %s' % failure, False
    if isinstance(failure, http.client.BadStatusLine):
        return 'Connection failure: connection was closed before a valid response was received: %s' % failure.line, False
    return 'An unknown error occurred: %s' % failure, False


def _content_type(headers):
    content_type = (headers.get_content_type() or 'application/octet-stream').split(',')[0]
    main_type, _sep, sub_type = content_type.partition('/')
    charset = (headers.get_param('charset') or 'utf-8')
    if not isinstance(charset, str):
        charset = 'utf-8'
    return sub_type, charset.split(',')[0]


def _is_json(headers):
    if 'content-type' not in headers:
        return False
    sub_type, _charset = _content_type(headers)
    if '+' in sub_type:
        sub_type = sub_type.partition('+')[2]
    return sub_type.lower() in JSON_TYPES


def _decode(content, charset):
    try:
        return content.decode(charset, 'replace')
    except LookupError:
        return content.decode('utf-8', 'replace')


def _info(exchange, masked_url):
    """The ``info`` dict of fetch_url for this exchange."""
    info = {'url': masked_url, 'status': -1}
    if not exchange.answered:
        info['msg'] = failure_text(exchange.failure)[0]
        return info
    headers = exchange.headers.items()
    if exchange.is_http_error:
        info.update((name.lower(), value) for name, value in headers)
        info.update(msg=exchange.error_line, body=exchange.body, status=exchange.status)
        return info
    info.update((name.lower(), value) for name, value in headers)
    joined = {}
    for name, value in headers:
        name = name.lower()
        joined[name] = '%s, %s' % (joined[name], value) if name in joined else value
    info.update(joined)
    info['cookies_string'] = '; '.join('%s=%s' % pair for pair in exchange.cookies)
    info['cookies'] = dict(exchange.cookies)
    info.update(msg='OK (%s bytes)' % exchange.headers.get('Content-Length', 'unknown'),
                url=mask_url(exchange.final_url), status=exchange.status)
    return info


def shape(exchange, url, status_codes, return_content):
    """The result ``ansible.builtin.uri`` would return for ``exchange`` (a request to ``url``)."""
    masked_url = mask_url(url)
    if not exchange.answered and failure_text(exchange.failure)[1]:
        # uri fails at once for an invalid URL or a TLS setup problem, with only these keys.
        return {'failed': True, 'msg': failure_text(exchange.failure)[0], 'url': masked_url, 'status': -1}
    info = _info(exchange, masked_url)
    maybe_json = exchange.answered and _is_json(exchange.headers)
    maybe_output = maybe_json or return_content or info['status'] not in status_codes
    if maybe_output:
        content = exchange.body if exchange.answered and not exchange.is_http_error else info.pop('body', b'')
    else:
        content = None

    result = {'redirected': info['url'] != masked_url}
    result.update(info)
    result['elapsed'] = int(exchange.elapsed)
    result['status'] = int(result['status'])
    result['changed'] = False
    result = dict((key.replace('-', '_').lower(), value) for key, value in result.items())
    if 'location' in result:
        result['location'] = urljoin(masked_url, result['location'])
    if isinstance(result.get('body'), bytes):
        result['body'] = _decode(result['body'], 'utf-8')

    text = None
    if isinstance(content, bytes):
        text = _decode(content, _content_type(exchange.headers)[1])
        if maybe_json:
            try:
                # Bounded: a 100 000-deep answer would otherwise raise RecursionError, not ValueError.
                result['json'] = loads_bounded(text)
            except ValueError:
                pass

    if result['status'] not in status_codes:
        result['msg'] = 'Status code was %s and not %s: %s' % (result['status'], status_codes, result.get('msg', ''))
        result['failed'] = True
        if return_content:
            result['content'] = text
    else:
        result['failed'] = False
        if return_content:
            result['content'] = text
    return result


def read_failure_result(exchange, url, status_codes, return_content):
    """uri's result for an answer whose body could not be read: uri reads a body only to return it (JSON,
    ``return_content`` or a status not expected) and then fails with ``HTTP Error while fetching <url>: <why>``;
    otherwise it answers without the body."""
    if _is_json(exchange.headers) or return_content or exchange.status not in status_codes:
        return {'failed': True, 'msg': 'HTTP Error while fetching %s: %s' % (mask_url(url), exchange.read_failure)}
    exchange.read_failure = None
    exchange.body = b''
    return shape(exchange, url, status_codes, return_content)


def _plain(data):
    """Containers as plain dicts and lists, so remove_values walks every value."""
    if isinstance(data, dict):
        return dict((key, _plain(value)) for key, value in data.items())
    if isinstance(data, (list, tuple)):
        return [_plain(item) for item in data]
    return data


def _redact_strings(data, secrets):
    if isinstance(data, dict):
        return dict((key, _redact_strings(value, secrets)) for key, value in data.items())
    if isinstance(data, list):
        return [_redact_strings(item, secrets) for item in data]
    if isinstance(data, str):
        return redact(data, secrets)
    return data


def scrub(result, secrets):
    """``result`` without any of ``secrets``: masked as a uri module with those no_log values masks them
    (a value that is a secret becomes ``VALUE_SPECIFIED_IN_NO_LOG_PARAMETER``, a secret inside a string
    ``********``), then also in their URL-encoded and JSON-escaped spellings."""
    secrets = [str(secret) for secret in secrets if secret]
    if not secrets:
        return result
    return _redact_strings(remove_values(_plain(result), frozenset(secrets)), secrets)
