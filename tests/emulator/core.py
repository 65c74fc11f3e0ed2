# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Framework shared by every emulated API.

A Listener is one emulated API on one port. It wraps the API's current Flask app in a WSGI
middleware that answers the control API under ``/__emulator__/``, counts requests and injects
faults. An Emulator groups the listeners so that reset and the clock act on all of them.
"""

import copy
import fnmatch
import importlib
import json
import socket
import struct
import threading
import time
from urllib.parse import urlsplit

from werkzeug.wrappers import Request, Response

CONTROL_PREFIX = '/__emulator__/'
CONTROL_NAMES = ('health', 'reset', 'clock', 'faults', 'counts', 'config', 'tokens')
FAULT_ACTIONS = ('status', 'drop', 'malformed', 'html', 'delay', 'cut_chunked')

# listener name -> (API module name, EQP environment or None)
LISTENERS = {
    'eqp_sandbox': ('eqp', 'sandbox'),
    'eqp_production': ('eqp', 'production'),
    'magento': ('magento', None),
    'elasticpath': ('elasticpath', None),
    'ims': ('ims', None),
    'commerce_cloud': ('commerce_cloud', None),
}


class DroppedConnection(ConnectionError):
    """Raised by the middleware to make werkzeug abandon the request without answering."""


class Clock:
    """Emulated time: real time plus an offset that tests move forward."""

    def __init__(self):
        self._lock = threading.Lock()
        self._offset = 0.0

    @property
    def offset(self):
        with self._lock:
            return self._offset

    def set_offset(self, seconds):
        with self._lock:
            self._offset = float(seconds)

    def advance(self, seconds):
        with self._lock:
            self._offset += float(seconds)

    def now(self):
        return time.time() + self.offset


class IssuedTokens:
    """Every token value one listener's API handed out, in issue order and without repeats.

    Kept for the life of the process, apart from the app: a reset forgets the tokens as
    credentials, but the leak scan of the integration targets must still look for them.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._values = []
        self._seen = set()

    def add(self, token):
        with self._lock:
            if token not in self._seen:
                self._seen.add(token)
                self._values.append(token)

    def values(self):
        with self._lock:
            return list(self._values)


class ListenerContext:
    """What an API module sees of its listener (see README.md, "API modules")."""

    def __init__(self, name, environment, fixtures, clock, base_url=''):
        self.name = name
        self.environment = environment
        self.fixtures = fixtures
        self.config = {}
        self.base_url = base_url
        self._clock = clock
        self.issued_tokens = IssuedTokens()

    def now(self):
        return self._clock.now()

    def issued(self, token):
        """Record a token the API is about to hand out; returns it, so that issuing code can wrap its value."""
        self.issued_tokens.add(token)
        return token


def load_api(module_name):
    """Import tests/emulator/<module_name>.py relative to this package."""
    return importlib.import_module('.' + module_name, __package__)


def json_response(data, status=200, headers=None):
    return Response(json.dumps(data, sort_keys=True), status=status, headers=headers, content_type='application/json')


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def normalize_fault(spec):
    """Check a fault as posted to /__emulator__/faults and fill in its defaults; ValueError if wrong."""
    if not isinstance(spec, dict):
        raise ValueError('a fault is a JSON object')
    unknown = sorted(set(spec) - {'method', 'path', 'count', 'action', 'status', 'body', 'headers', 'delay'})
    if unknown:
        raise ValueError('unknown fault field(s): %s' % ', '.join(unknown))
    fault = {
        'method': spec.get('method', '*'),
        'path': spec.get('path', '*'),
        'count': spec.get('count', 1),
        'action': spec.get('action', 'status'),
        'headers': spec.get('headers') or {},
        'delay': spec.get('delay', 0),
    }
    if not isinstance(fault['method'], str) or not isinstance(fault['path'], str):
        raise ValueError('method and path must be strings')
    fault['method'] = fault['method'].upper()
    if not isinstance(fault['count'], int) or isinstance(fault['count'], bool) or fault['count'] < 1:
        raise ValueError('count must be an integer >= 1')
    if fault['action'] not in FAULT_ACTIONS:
        raise ValueError('action must be one of %s' % ', '.join(FAULT_ACTIONS))
    if not isinstance(fault['headers'], dict):
        raise ValueError('headers must be an object')
    fault['headers'] = dict((str(k), str(v)) for k, v in fault['headers'].items())
    if not _is_number(fault['delay']) or fault['delay'] < 0:
        raise ValueError('delay must be a number >= 0')
    default_status = {'malformed': 200, 'html': 502, 'cut_chunked': 200}.get(fault['action'], 503)
    fault['status'] = spec.get('status', default_status)
    if not isinstance(fault['status'], int) or isinstance(fault['status'], bool) or not 100 <= fault['status'] <= 599:
        raise ValueError('status must be an HTTP status code')
    if 'body' in spec:
        fault['body'] = spec['body']
    return fault


def fault_response(fault):
    """The answer of a status, malformed or html fault."""
    status = fault['status']
    if fault['action'] == 'malformed':
        # Cut in the middle of a string: no JSON parser accepts it.
        body = fault.get('body', '{"code": %d, "message": "truncated' % status)
        if not isinstance(body, str):
            body = json.dumps(body)[:-1]
        return Response(body, status=status, headers=fault['headers'], content_type='application/json')
    if fault['action'] == 'html':
        title = '%d %s' % (status, Response(status=status).status.split(' ', 1)[1].title())
        body = fault.get('body', '<html><head><title>%s</title></head><body><h1>%s</h1><p>Emulated upstream error.</p></body></html>'
                         % (title, title))
        return Response(body, status=status, headers=fault['headers'], content_type='text/html; charset=utf-8')
    body = fault.get('body', {'code': status, 'message': 'Emulated fault: HTTP %d' % status})
    if isinstance(body, str):
        return Response(body, status=status, headers=fault['headers'])
    return Response(json.dumps(body), status=status, headers=fault['headers'], content_type='application/json')


def request_path(environ):
    """The path as the client sent it (still percent-encoded), without the query string."""
    raw = environ.get('REQUEST_URI') or environ.get('RAW_URI')
    if raw:
        return urlsplit(raw).path or '/'
    return environ.get('PATH_INFO', '/') or '/'


class Listener:
    """One emulated API on one port: context, current app, pending faults and request counts."""

    def __init__(self, ctx, api, group, overrides=None):
        self.ctx = ctx
        self.api = api
        self.group = group
        self.overrides = dict(overrides or {})
        self._lock = threading.Lock()
        self._faults = []
        self._counts = {}
        self.app = None
        self.reset()

    @property
    def name(self):
        return self.ctx.name

    def default_config(self):
        config = copy.deepcopy(getattr(self.api, 'DEFAULT_CONFIG', {}))
        config.update(copy.deepcopy(self.overrides))
        return config

    def reset(self):
        """Fresh state: config back to defaults plus overrides, a new app, no faults, no counts.

        The record of issued tokens lives in ctx and stays: the leak scan needs old tokens too.
        """
        with self._lock:
            # Updated in place so that anything holding ctx.config keeps seeing the live settings.
            self.ctx.config.clear()
            self.ctx.config.update(self.default_config())
            self.app = self.api.create_app(self.ctx)
            self._faults = []
            self._counts = {}

    def _take_fault(self, method, path):
        with self._lock:
            for fault in self._faults:
                if fault['method'] in ('*', method) and fnmatch.fnmatchcase(path, fault['path']):
                    fault['count'] -= 1
                    if fault['count'] <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def __call__(self, environ, start_response):
        self.group.touch()
        path = request_path(environ)
        method = environ.get('REQUEST_METHOD', 'GET').upper()
        if path.startswith(CONTROL_PREFIX):
            rest = path[len(CONTROL_PREFIX):].strip('/')
            if rest.split('/', 1)[0] in CONTROL_NAMES or '/' not in rest:
                return self._control(Request(environ), rest)(environ, start_response)
            # /__emulator__/<api>/...: the API's own test hooks, never counted nor faulted.
            return self.app(environ, start_response)
        key = '%s %s' % (method, path)
        with self._lock:
            self._counts[key] = self._counts.get(key, 0) + 1
            app = self.app
        fault = self._take_fault(method, path)
        if fault is not None:
            if fault['delay']:
                time.sleep(fault['delay'])
            if fault['action'] == 'drop':
                self._drop(environ)
            if fault['action'] == 'cut_chunked':
                self._cut_chunked(environ, fault)
            if fault['action'] not in ('delay', 'drop'):
                return fault_response(fault)(environ, start_response)
        return app(environ, start_response)

    @staticmethod
    def _drop(environ):
        sock = environ.get('werkzeug.socket')
        if sock is not None:
            # Linger 0: closing the socket sends a reset instead of a graceful end.
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
            except OSError:
                pass
        raise DroppedConnection('fault: drop')

    @staticmethod
    def _cut_chunked(environ, fault):
        """Answer ``status`` with a chunked JSON body and close the connection in the middle of its first chunk."""
        sock = environ.get('werkzeug.socket')
        if sock is not None:
            reason = Response(status=fault['status']).status.split(' ', 1)[1]
            head = ['HTTP/1.1 %d %s' % (fault['status'], reason), 'Content-Type: application/json',
                    'Transfer-Encoding: chunked'] + ['%s: %s' % pair for pair in fault['headers'].items()]
            # The chunk announces 64 bytes; 11 come.
            sock.sendall(('\r\n'.join(head) + '\r\n\r\n40\r\n{"cut": "sh').encode('ascii'))
        raise DroppedConnection('fault: cut_chunked')

    # control API -----------------------------------------------------------------------------

    def _control(self, request, name):
        # Only the exact names: /__emulator__/faults/x is as unknown as /__emulator__/nothing.
        handler = getattr(self, '_control_' + name, None) if name in CONTROL_NAMES else None
        if handler is None:
            return json_response({'code': 404, 'message': 'Unknown control path: %s' % request.path}, 404)
        try:
            body = None
            if request.method in ('POST', 'PUT') and request.get_data():
                body = json.loads(request.get_data())
            return handler(request.method, body)
        except ValueError as exc:
            return json_response({'code': 400, 'message': str(exc)}, 400)

    @staticmethod
    def _not_allowed(method):
        return json_response({'code': 405, 'message': 'Method %s not allowed here' % method}, 405)

    def _control_health(self, method, body):
        if method != 'GET':
            return self._not_allowed(method)
        return json_response({'name': self.name, 'now': self.ctx.now()})

    def _control_reset(self, method, body):
        if method != 'POST':
            return self._not_allowed(method)
        self.group.reset()
        return json_response({'reset': True, 'now': self.ctx.now()})

    def _control_clock(self, method, body):
        clock = self.group.clock
        if method == 'POST':
            body = body or {}
            if not isinstance(body, dict) or not set(body) <= {'advance', 'offset'}:
                raise ValueError('expected {"advance": seconds} or {"offset": seconds}')
            for key in ('offset', 'advance'):
                if key in body and not _is_number(body[key]):
                    raise ValueError('%s must be a number of seconds' % key)
            if 'offset' in body:
                clock.set_offset(body['offset'])
            if 'advance' in body:
                clock.advance(body['advance'])
        elif method != 'GET':
            return self._not_allowed(method)
        return json_response({'now': clock.now(), 'offset': clock.offset})

    def _control_faults(self, method, body):
        if method == 'POST':
            fault = normalize_fault(body if body is not None else {})
            with self._lock:
                self._faults.append(fault)
            return json_response(fault)
        with self._lock:
            if method == 'DELETE':
                self._faults = []
            elif method != 'GET':
                return self._not_allowed(method)
            return json_response(copy.deepcopy(self._faults))

    def _control_counts(self, method, body):
        with self._lock:
            if method == 'DELETE':
                self._counts = {}
            elif method != 'GET':
                return self._not_allowed(method)
            return json_response(dict(self._counts))

    def _control_config(self, method, body):
        if method == 'POST':
            if not isinstance(body, dict):
                raise ValueError('config is a JSON object')
            with self._lock:
                self.ctx.config.update(body)
        elif method != 'GET':
            return self._not_allowed(method)
        return json_response(self.ctx.config)

    def _control_tokens(self, method, body):
        if method != 'GET':
            return self._not_allowed(method)
        return json_response({'tokens': self.ctx.issued_tokens.values()})


class Emulator:
    """All listeners of one process: the shared clock, reset of everything, idle tracking."""

    def __init__(self, fixtures):
        self.fixtures = fixtures
        self.clock = Clock()
        self.listeners = {}
        self._last_activity = time.monotonic()

    def add(self, name, api, base_url, overrides=None):
        environment = LISTENERS[name][1]
        ctx = ListenerContext(name, environment, self.fixtures, self.clock, base_url)
        listener = Listener(ctx, api, self, overrides)
        self.listeners[name] = listener
        return listener

    def reset(self):
        self.clock.set_offset(0)
        for listener in self.listeners.values():
            listener.reset()

    def touch(self):
        self._last_activity = time.monotonic()

    def idle_seconds(self):
        return time.monotonic() - self._last_activity
