# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only action commerceops_test.emulator.request: one plain HTTP request from the controller process.

The integration targets drive the emulator's control API (reset, faults, config, clock, counts) and read its raw
answers with this instead of ansible.builtin.uri: a uri task ships and starts a module for every call (about
0.35 s of CPU here), and the targets make several hundred of them. It takes the subset of uri's options those
calls use and returns the keys of uri's result they read (status, json, content, msg, url, the headers), so a
task changes only its action name. Anything else is refused by name, so that a check cannot silently stop
checking. The collection's own front ends are never tested through this: it sends no token and signs nothing.

setup_emulator/emulator.sh puts tests/integration/collections on ANSIBLE_COLLECTIONS_PATH; .ansible-lint
lists the action under mock_modules.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

OPTIONS = frozenset(('url', 'method', 'body', 'body_format', 'headers', 'status_code', 'return_content', 'timeout'))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# No proxy: the emulator listens on loopback. No redirect following: the control API never redirects, and a
# raw check wants to see the answer as sent. (Given to build_opener, _NoRedirect takes the place of the default
# redirect handler; added to an opener afterwards, it would sit beside it.)
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def _encode(body, body_format, headers):
    """The request body as bytes, with uri's Content-Type for json and form-urlencoded."""
    if body is None:
        return None
    if body_format == 'json':
        headers.setdefault('Content-Type', 'application/json')
        return (body if isinstance(body, str) else json.dumps(body)).encode('utf-8')
    if body_format == 'form-urlencoded':
        headers.setdefault('Content-Type', 'application/x-www-form-urlencoded')
        return (body if isinstance(body, str) else urllib.parse.urlencode(body, doseq=True)).encode('utf-8')
    if body_format == 'raw':
        return body.encode('utf-8') if isinstance(body, str) else bytes(body)
    raise AnsibleActionFail('commerceops_test.emulator.request: body_format %r is not supported' % body_format)


def _status_codes(value):
    """status_code as uri takes it: an int, a string of digits, or a list of them."""
    values = value if isinstance(value, (list, tuple)) else [value]
    try:
        return [int(code) for code in values]
    except (TypeError, ValueError):
        raise AnsibleActionFail('commerceops_test.emulator.request: status_code must be integers, got %r' % (value,))


def send(url, method='GET', body=None, body_format='raw', headers=None, timeout=30):
    """Send one request; (status, reason, headers, raw body, elapsed seconds). status -1: no connection."""
    headers = dict(headers or {})
    data = _encode(body, body_format, headers)
    request = urllib.request.Request(url, data=data, method=method.upper(), headers=headers)
    started = time.monotonic()
    try:
        with _OPENER.open(request, timeout=timeout) as answer:
            return answer.status, answer.reason, answer.headers, answer.read(), time.monotonic() - started
    except urllib.error.HTTPError as exc:
        return exc.code, exc.reason, exc.headers, exc.read(), time.monotonic() - started
    except (OSError, ValueError) as exc:
        return -1, str(exc), {}, b'', time.monotonic() - started


def uri_result(url, status, reason, headers, raw, elapsed, return_content):
    """The keys of ansible.builtin.uri's result that the targets read."""
    result = dict(changed=False, status=status, url=url, elapsed=int(elapsed), redirected=False)
    for name, value in (headers or {}).items():
        result[name.lower().replace('-', '_')] = value
    text = raw.decode('utf-8', errors='replace')
    content_type = result.get('content_type', '')
    if raw and ('json' in content_type or 'javascript' in content_type):
        try:
            result['json'] = json.loads(text)
        except ValueError:
            pass
    if return_content or status >= 400:
        result['content'] = text
    result['msg'] = 'OK (%d bytes)' % len(raw) if status >= 0 else 'Status code was -1 and not [200]: Request failed: %s' % reason
    return result


class ActionModule(ActionBase):

    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = self._task.args
        unknown = sorted(set(args) - OPTIONS)
        if unknown:
            raise AnsibleActionFail('commerceops_test.emulator.request does not take %s: use ansible.builtin.uri for that'
                                    % ', '.join(unknown))
        if 'url' not in args:
            raise AnsibleActionFail('commerceops_test.emulator.request: url is required')
        # ansible.builtin.uri does not support check mode: the task is skipped there, and so is this one.
        if self._task.check_mode:
            result.update(skipped=True, msg='commerceops_test.emulator.request is skipped in check mode, as uri is')
            return result
        expected = _status_codes(args.get('status_code', [200]))
        url = args['url']
        status, reason, headers, raw, elapsed = send(url, args.get('method', 'GET'), args.get('body'),
                                                     args.get('body_format', 'raw'), args.get('headers'),
                                                     args.get('timeout', 30))
        result.update(uri_result(url, status, reason, headers, raw, elapsed, args.get('return_content', False)))
        if status not in expected:
            why = result['msg'] if status < 0 else 'HTTP Error %d: %s' % (status, reason)
            result.update(failed=True, msg='Status code was %d and not %s: %s' % (status, expected, why))
        return result
