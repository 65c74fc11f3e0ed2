# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A local HTTPS listener for EQP callbacks, written apart from the emulator: it checks Basic auth and keeps
each request it received. Used by the emulator tests and, as a script, by the eqp_callback target.

  python callback_listener.py DIR   serve on 127.0.0.1 (a free port) with a certificate of a fresh test CA;
                                    write DIR/ca.pem, DIR/port, and append each request to DIR/received.jsonl
                                    ({"authorized", "body"}). Basic auth expected: EQP_CALLBACK_USER and
                                    EQP_CALLBACK_PASSWORD from the environment. Stops after an hour.
"""

import base64
import http.server
import json
import os
import ssl
import sys
import threading

import trustme


class Listener:
    """An HTTPS server in a thread; ``received`` holds ``{authorized, body}`` per POST."""

    def __init__(self, username, password, record=None):
        self.expected = 'Basic ' + base64.b64encode(('%s:%s' % (username, password)).encode()).decode()
        self.received = []
        self.record = record
        self.ca = trustme.CA()
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (the name http.server calls)
                length = int(self.headers.get('Content-Length') or 0)
                authorized = self.headers.get('Authorization') == listener.expected
                try:
                    body = json.loads(self.rfile.read(length) or b'null')
                except ValueError:
                    body = None
                listener.keep({'authorized': authorized, 'body': body})
                self.send_response(200 if authorized else 401)
                self.send_header('Content-Length', '0')
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ca.issue_cert('127.0.0.1', 'localhost').configure_cert(context)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.url = 'https://127.0.0.1:%d/eqp-callback' % self.port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def keep(self, entry):
        self.received.append(entry)
        if self.record:
            with open(self.record, 'a', encoding='utf-8') as handle:
                handle.write(json.dumps(entry) + '\n')

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def main(directory):
    os.makedirs(directory, exist_ok=True)
    listener = Listener(os.environ['EQP_CALLBACK_USER'], os.environ['EQP_CALLBACK_PASSWORD'],
                        record=os.path.join(directory, 'received.jsonl'))
    listener.ca.cert_pem.write_to_path(os.path.join(directory, 'ca.pem'))
    listener.start()
    with open(os.path.join(directory, 'port'), 'w', encoding='utf-8') as handle:
        handle.write('%d\n' % listener.port)
    threading.Event().wait(3600)


if __name__ == '__main__':
    main(sys.argv[1])
