# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Build the request of a bearer_uri task: the token header, the body as ``ansible.builtin.uri``
encodes it for each ``body_format``, and the arguments of ``ansible.builtin.uri`` for the module path.
"""

from __future__ import annotations

import json

from collections.abc import Mapping, MutableMapping, Sequence
from urllib.parse import urlencode

from ansible.module_utils.urls import prepare_multipart

from ansible_collections.commerceops.api.plugins.plugin_utils.uri_options import OWN_OPTIONS


class RequestError(ValueError):
    """A body or header that cannot be sent; the message names the option. ``extra`` holds keys uri's
    result has beside ``msg`` for the same failure (``elapsed`` for a form body)."""

    def __init__(self, message, **extra):
        super().__init__(message)
        self.extra = extra


def token_headers(header, value, scheme):
    """The header that carries the token: ``Authorization: <scheme> <token>``, or the token alone in another header."""
    if header.lower() == 'authorization':
        return {'Authorization': '%s %s' % (scheme, value) if scheme else value}
    return {header: value}


def check_headers(headers, carried):
    """Refuse ``headers`` that set the header the token goes in: one of the two would be lost."""
    taken = dict((name.lower(), name) for name in carried)
    for name in headers or {}:
        if name.lower() in taken:
            raise RequestError('headers must not set %s: the token is sent in it' % taken[name.lower()])


def _as_module_sees_it(value):
    """``value`` with plain types, as the uri module receives it (its arguments travel as JSON): Ansible's
    tagged subclasses (``_AnsibleTaggedInt``...) would otherwise show their names in messages."""
    try:
        return json.loads(json.dumps(value))
    except (TypeError, ValueError):
        return value


def _kv_list(data):
    """The pairs of a form body, as uri's kv_list makes them."""
    if isinstance(data, Sequence):
        return list(data)
    if isinstance(data, Mapping):
        return list(data.items())
    raise TypeError('cannot form-urlencode body, expect list or dict')


def form_urlencoded(body):
    """A form body as uri sends it: a string as is; a dict or pairs encoded, a list value repeating its key.

    Its errors are uri's: ``failed to parse body as form_urlencoded: <why>``. A body of another type is refused
    (uri would pass it to the HTTP library as it is).
    """
    body = _as_module_sees_it(body)
    if isinstance(body, str):
        return body
    if not isinstance(body, (Mapping, Sequence)):
        raise RequestError('body_format form-urlencoded needs a dict, a list of pairs or a string as body, got %s'
                           % type(body).__name__)
    fields = []
    try:
        for key, values in _kv_list(body):
            if isinstance(values, str) or not isinstance(values, (Mapping, Sequence)):
                values = [values]
            fields.extend((str(key), str(value)) for value in values if value is not None)
    except (TypeError, ValueError) as exc:
        # uri reports a ValueError so (a TypeError ends its module with a traceback).
        raise RequestError('failed to parse body as form_urlencoded: %s' % exc, elapsed=0)
    return urlencode(fields, doseq=True)


def _has_header(headers, name):
    return any(key.lower() == name for key in headers)


def _resolve_files(body, find_file):
    """Multipart parts naming a file (and no content) read it from the controller, found as uri's action finds it."""
    parts = {}
    for field, value in body.items():
        if isinstance(value, MutableMapping) and value.get('filename') and not value.get('content'):
            value = dict(value, filename=find_file(value['filename']) if find_file else value['filename'])
        parts[field] = value
    return parts


def encode_body(body, body_format, headers, find_file=None):
    """``(headers, data)`` for ``body`` in ``body_format``; ``Content-Type`` is set as uri sets it.

    ``find_file`` turns a multipart part's ``filename`` into a controller path (the action's file search).
    """
    headers = dict(headers or {})
    if body_format == 'json':
        if not isinstance(body, str):
            try:
                body = json.dumps(body)
            except (TypeError, ValueError) as exc:
                raise RequestError('body cannot be encoded as JSON: %s' % exc)
        if not _has_header(headers, 'content-type'):
            headers['Content-Type'] = 'application/json'
    elif body_format == 'form-urlencoded':
        body = form_urlencoded(body)
        if not _has_header(headers, 'content-type'):
            headers['Content-Type'] = 'application/x-www-form-urlencoded'
    elif body_format == 'form-multipart':
        body = _as_module_sees_it(body)
        try:
            # prepare_multipart refuses a body that is not a dict as uri reports it.
            content_type, body = prepare_multipart(_resolve_files(body, find_file) if isinstance(body, Mapping) else body)
        except (TypeError, ValueError, OSError) as exc:
            raise RequestError('failed to parse body as form-multipart: %s' % exc)
        for name in [key for key in headers if key.lower() == 'content-type']:
            del headers[name]
        headers['Content-Type'] = content_type
    elif body is not None and not isinstance(body, (str, bytes)):
        raise RequestError('body_format raw needs a string as body, got %s: choose body_format json or form-urlencoded'
                           % type(body).__name__)
    if isinstance(body, str):
        body = body.encode('utf-8')
    return headers, body


def module_args(task_args, carried, token_value):
    """Arguments of ``ansible.builtin.uri`` for the module path.

    ``carried`` holds the token header. It is added to ``unredirected_headers`` (a redirect may lead to
    another origin) and ``use_netrc`` is off. The token also goes in ``url_password``, uri's one secret
    input: uri ignores it without ``url_username`` (which bearer_uri refuses), and the module then masks
    the token wherever it would show (its result, ``invocation``, its log on the target).
    """
    args = dict((name, value) for name, value in task_args.items() if name not in OWN_OPTIONS)
    headers = dict(args.get('headers') or {})
    headers.update(carried)
    args['headers'] = headers
    unredirected = list(args.get('unredirected_headers') or [])
    args['unredirected_headers'] = unredirected + [name for name in carried if name not in unredirected]
    args['use_netrc'] = False
    args['url_password'] = token_value
    return args
