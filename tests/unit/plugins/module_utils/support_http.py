# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test helpers: a scripted HTTP server on loopback and a fake clock."""

from __future__ import annotations

import json
import socket
import threading

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

EPOCH = 1700000000.0


class FakeClock:
    """A clock that only moves when the client sleeps (or a test moves it)."""

    def __init__(self, now=EPOCH):
        self.now = now
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


class Recorded:
    def __init__(self, method, path, headers, body):
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body.decode('utf-8'))

    def header(self, name):
        return self.headers.get(name.lower())


class Reply:
    """What the server answers: status, headers, body (bytes, text or JSON-able), or a special action."""

    def __init__(self, status=200, body=b'', headers=None, action=None, delay=0.0):
        self.status = status
        self.headers = dict(headers or {})
        if not isinstance(body, (bytes, str)):
            body = json.dumps(body)
            self.headers.setdefault('Content-Type', 'application/json')
        self.body = body.encode('utf-8') if isinstance(body, str) else body
        self.action = action
        self.delay = delay


class ScriptedServer:
    """A loopback HTTP server whose answers come from ``handler(recorded) -> Reply`` or a queue of Replies."""

    def __init__(self):
        self.requests = []
        self.queue = []
        self.handler = None
        self._stop = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep pytest output clean
                pass

            def _serve(self):
                length = int(self.headers.get('Content-Length') or 0)
                body = self.rfile.read(length) if length else b''
                recorded = Recorded(self.command, self.path, dict((k.lower(), v) for k, v in self.headers.items()), body)
                outer.requests.append(recorded)
                if outer.queue:
                    reply = outer.queue.pop(0)
                elif outer.handler is not None:
                    reply = outer.handler(recorded)
                else:
                    reply = Reply(200, {'ok': True})
                if reply.delay:
                    outer._stop.wait(reply.delay)
                if reply.action == 'drop':
                    # Close without a status line: the client sees RemoteDisconnected.
                    self.close_connection = True
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header('Content-Length', str(len(reply.body)))
                self.end_headers()
                if self.command != 'HEAD':
                    self.wfile.write(reply.body)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = do_PATCH = _serve

        self.httpd = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = 'http://127.0.0.1:%d' % self.port
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={'poll_interval': 0.05})
        self.thread.daemon = True
        self.thread.start()

    def close(self):
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def paths(self):
        return [request.path for request in self.requests]
