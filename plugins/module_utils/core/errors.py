# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one error type of the collection, the parser of the vendors' error bodies, and secret redaction.

Every message the core builds goes through ``redact`` so that no password, secret or token
reaches a task result, a warning or a log, whatever the vendor echoes back.
"""

from __future__ import annotations

import json
import re

from urllib.parse import quote, quote_plus, unquote, urlsplit, urlunsplit

from ansible_collections.commerceops.api.plugins.module_utils.core.bounded_json import UnsafeJson, loads_bounded

MASK = '********'

# Display names of the three APIs, keyed by the short names used everywhere else.
API_NAMES = {
    'eqp': 'EQP API',
    'magento': 'Magento API',
    'commerce': 'Elastic Path API',
}

# A vendor message longer than this is cut: an error line must stay readable.
MAX_VENDOR_MESSAGE = 300
# A body that is not the vendor's JSON shape (an HTML page from a proxy, a truncated answer)
# is summarised in at most this many characters.
MAX_BODY_SUMMARY = 120

_WHITESPACE = re.compile(r'\s+')
_CONTROL = re.compile(r'[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]')
_HTML_TITLE = re.compile(r'<title[^>]*>(.*?)</title>', re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r'<[^>]+>')
_XML_MESSAGE = re.compile(r'<message>(.*?)</message>', re.DOTALL)
_XML_PARAMETER_ITEM = re.compile(r'<item>(.*?)</item>', re.DOTALL)
_MAGENTO_PLACEHOLDER = re.compile(r'%(\w+)')


def _secret_forms(secret):
    """The spellings a secret can take in a message: as is, URL-encoded, JSON-escaped."""
    forms = {secret, quote(secret, safe=''), quote_plus(secret), json.dumps(secret)[1:-1]}
    return [form for form in forms if form]


def redact(text, secrets):
    """Return ``text`` with every registered secret value replaced by ``********``.

    ``secrets`` is any iterable of strings (``None`` and empty values are skipped). Longer values
    are replaced first so that a secret containing another one is masked whole.
    """
    if text is None:
        return None
    if not isinstance(text, str):
        text = str(text)
    forms = set()
    for secret in secrets or ():
        if secret is None:
            continue
        if isinstance(secret, bytes):
            secret = secret.decode('utf-8', 'replace')
        secret = str(secret)
        if secret:
            forms.update(_secret_forms(secret))
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, MASK)
    return text


def scrub_url(url):
    """Drop the user info, the query string and the fragment of a URL.

    Query strings may carry keys or tokens and user info carries passwords: neither belongs in
    an error message. The scheme, host, port and path are what a user needs to see.
    """
    if not url:
        return url
    try:
        parts = urlsplit(str(url))
        netloc = parts.netloc.rpartition('@')[2]
        return urlunsplit((parts.scheme, netloc, parts.path, '', ''))
    except ValueError:
        return '(unparsable URL)'


def userinfo_parts(url):
    """The user info written in a URL (``user:password`` of ``http://user:password@host``), whole and in parts,
    as written and decoded: the values to mask wherever the URL itself is shown (a task's arguments)."""
    try:
        written = urlsplit(str(url or '')).netloc.rpartition('@')[0]
    except ValueError:
        return []
    if not written:
        return []
    found = [written] + written.split(':', 1)
    return sorted(set(item for value in found for item in (value, unquote(value)) if item), key=len, reverse=True)


def one_line(text):
    """Collapse whitespace and control characters so that a message fits on one line."""
    return _WHITESPACE.sub(' ', _CONTROL.sub('', str(text))).strip()


def _cut(text, limit):
    text = one_line(text)
    if len(text) > limit:
        return text[:limit - 3].rstrip() + '...'
    return text


def _to_text(body):
    if isinstance(body, (bytes, bytearray)):
        return bytes(body).decode('utf-8', 'replace')
    return body


def summarize_body(body, limit=MAX_BODY_SUMMARY):
    """A short, safe description of a body that is not the expected JSON.

    Never the whole page: an HTML page is named by its title, anything else by its first characters.
    """
    raw_length = len(body) if body is not None else 0
    text = _to_text(body) or ''
    if not text.strip():
        return 'empty body'
    head = text[:2048].lower()
    if '<html' in head or '<!doctype html' in head:
        match = _HTML_TITLE.search(text[:8192])
        title = one_line(_HTML_TAG.sub('', match.group(1))) if match else ''
        if title:
            return 'an HTML page titled "%s" (%d bytes)' % (_cut(title, 80), raw_length)
        return 'an HTML page (%d bytes)' % raw_length
    stripped = text.lstrip()
    if stripped[:1] in ('{', '['):
        return 'malformed JSON (%d bytes): %s' % (raw_length, _cut(stripped, limit))
    return 'a non-JSON body (%d bytes): %s' % (raw_length, _cut(stripped, limit))


def _flatten_parameter(value):
    if isinstance(value, (list, tuple)):
        return ', '.join(str(item) for item in value)
    return str(value)


def fill_magento_placeholders(message, parameters):
    """Fill Magento's ``%name`` (dict parameters) and ``%1`` (list parameters, 1-based) placeholders.

    Magento leaves them raw in the ``message`` field; unknown placeholders are left as they are.
    """
    if not parameters or not isinstance(message, str):
        return message

    def replace(match):
        name = match.group(1)
        if isinstance(parameters, dict):
            if name in parameters:
                return _flatten_parameter(parameters[name])
            return match.group(0)
        if isinstance(parameters, (list, tuple)) and name.isdigit():
            index = int(name) - 1
            if 0 <= index < len(parameters):
                return _flatten_parameter(parameters[index])
        return match.group(0)

    return _MAGENTO_PLACEHOLDER.sub(replace, message)


def _parse_eqp(data):
    # EQP always sends a code; a bare {message} is left to the Magento parser, which fills placeholders.
    if isinstance(data, dict) and isinstance(data.get('message'), str) and data.get('code') is not None:
        return '%s (code %s)' % (data['message'], data['code'])
    return None


def _parse_magento(data):
    if not isinstance(data, dict) or not isinstance(data.get('message'), str):
        return None
    text = fill_magento_placeholders(data['message'], data.get('parameters'))
    details = []
    for item in data.get('errors') or ():
        if isinstance(item, dict) and isinstance(item.get('message'), str):
            details.append(fill_magento_placeholders(item['message'], item.get('parameters')))
    if details:
        text = '%s [%s]' % (text, '; '.join(details))
    return text


def error_status(value):
    """Elastic Path writes an error's ``status`` as an int in some places and a string in others."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _parse_elasticpath(data):
    if not isinstance(data, dict) or not isinstance(data.get('errors'), list):
        return None
    parts = []
    several = len(data['errors']) > 1
    for item in data['errors']:
        if not isinstance(item, dict):
            continue
        title = item.get('title') or ''
        detail = item.get('detail') or ''
        text = '%s: %s' % (title, detail) if title and detail else (title or detail)
        status = error_status(item.get('status'))
        if several and status is not None:
            text = '%s (status %d)' % (text, status)
        if text:
            parts.append(str(text))
    return '; '.join(parts) or None


def _parse_generic(data):
    if isinstance(data, dict):
        for key in ('message', 'error_description', 'error', 'detail', 'title'):
            if isinstance(data.get(key), str) and data[key]:
                return data[key]
    return None


# Tried in this order after the API's own parser: each one only accepts its own shape, except
# Magento's, which takes any {message}.
_PARSERS = (
    ('eqp', _parse_eqp),
    ('commerce', _parse_elasticpath),
    ('magento', _parse_magento),
)


def _parse_magento_xml(text):
    """Magento answers in XML when the request's Accept asked for it."""
    match = _XML_MESSAGE.search(text)
    if not match:
        return None
    message = _xml_unescape(match.group(1))
    params_match = re.search(r'<parameters>(.*?)</parameters>', text, re.DOTALL)
    if params_match:
        items = [_xml_unescape(item) for item in _XML_PARAMETER_ITEM.findall(params_match.group(1))]
        named = dict((name, _xml_unescape(value)) for name, value in re.findall(r'<(\w+)>([^<]*)</\1>', params_match.group(1)))
        message = fill_magento_placeholders(message, items or named)
    return message


def _xml_unescape(text):
    return (text.replace('&lt;', '<').replace('&gt;', '>').replace('&quot;', '"')
            .replace('&apos;', "'").replace('&amp;', '&'))


def vendor_message(api, body):
    """The vendor's error message from a response body, as one line for display.

    ``api`` is ``eqp``, ``magento`` or ``commerce`` (or ``None`` to try every shape); ``body`` is
    bytes, text or already-decoded JSON. The API's own shape is tried first: EQP
    ``{code, message}``, Magento ``{message, parameters, errors}`` with placeholders filled,
    Elastic Path ``{errors: [{status, title, detail}]}``. Anything else becomes a short summary.
    """
    data = body
    if body is None:
        return 'empty body'
    if isinstance(body, (bytes, bytearray, str)):
        text = _to_text(body)
        if not text.strip():
            return 'empty body'
        try:
            data = loads_bounded(text)
        except UnsafeJson as exc:
            return str(exc)
        except ValueError:
            if text.lstrip().startswith('<') and '<response>' in text[:512]:
                message = _parse_magento_xml(text)
                if message:
                    return _cut(message, MAX_VENDOR_MESSAGE)
            return summarize_body(body)
    order = [parser for name, parser in _PARSERS if name == api]
    order.extend(parser for name, parser in _PARSERS if name != api)
    order.append(_parse_generic)
    for parser in order:
        message = parser(data)
        if message:
            return _cut(message, MAX_VENDOR_MESSAGE)
    return _cut(json.dumps(data, sort_keys=True), MAX_BODY_SUMMARY)


class ApiError(Exception):
    """Anything that went wrong while talking to one of the APIs, as one redacted line.

    ``status`` is the HTTP status, or ``None`` when no HTTP answer came (connection refused,
    timeout, TLS failure) or when the operation does not exist for that API. ``secrets`` are
    used to redact the message and are not kept on the exception.
    """

    def __init__(self, api=None, url=None, status=None, vendor_message=None, hint=None, environment=None, secrets=None):
        self.api = api
        self.environment = environment
        self.status = status
        self.url = redact(scrub_url(url), secrets) if url else None
        self.vendor_message = redact(one_line(vendor_message), secrets) if vendor_message else None
        self.hint = redact(one_line(hint), secrets) if hint else None
        # How many HTTP attempts were made, when the client knows (set after a connection failure).
        self.attempts = None
        self.message = redact(self._format(), secrets)
        super().__init__(self.message)

    def _format(self):
        who = API_NAMES.get(self.api, 'HTTP service')
        if self.environment:
            who = '%s (%s)' % (who, self.environment)
        if self.url:
            who = '%s at %s' % (who, self.url)
        if self.status is not None:
            line = '%s answered HTTP %s' % (who, self.status)
            if self.vendor_message:
                line = '%s: %s' % (line, self.vendor_message)
        else:
            line = '%s: %s' % (who, self.vendor_message or 'the request failed')
        if self.hint:
            line = '%s (%s)' % (line, self.hint)
        return one_line(line)

    def __str__(self):
        return self.message

    def to_dict(self):
        """Fields for a task result (``fail_json(msg=str(err), **err.to_dict())``), all redacted."""
        return {
            'api': self.api,
            'url': self.url,
            'status': self.status,
            'environment': self.environment,
            'vendor_message': self.vendor_message,
            'hint': self.hint,
        }

    def __reduce__(self):
        # Exceptions pickle as cls(*args) by default, which would put the message in ``api``.
        return (_restore_api_error, (self.to_dict(), self.message))

    @classmethod
    def from_response(cls, response, hint=None, api=None, environment=None, secrets=None):
        """Build the error for an HTTP answer the caller did not expect."""
        api = api or getattr(response, 'api', None)
        return cls(
            api=api,
            url=response.url,
            status=response.status,
            vendor_message=vendor_message(api, response.body),
            hint=hint,
            environment=environment or getattr(response, 'environment', None),
            secrets=secrets if secrets is not None else getattr(response, 'secrets', None),
        )


def _restore_api_error(fields, message):
    error = ApiError.__new__(ApiError)
    Exception.__init__(error, message)
    error.__dict__.update(fields)
    error.message = message
    return error
