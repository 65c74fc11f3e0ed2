# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A small httpbin-like server for the uri_suite target: the routes ansible-core's uri tests use, offline.

Usage: server.py STATE_DIR. Listens on 127.0.0.1 on two free ports (http, and https with a fresh trustme CA
whose certificate names only ``localhost``), writes STATE_DIR/ca.pem and then STATE_DIR/ports.json
({"http": N, "https": M}) once both listen, and serves until killed. The answers follow httpbin's shapes
(``method``, ``args``, ``headers``, ``data``, ``form``, ``files``, ``json``, ``url``) without being httpbin.
"""

import gzip
import json
import os
import socket
import ssl
import sys
import threading

import trustme
from flask import Flask, Response, request
from werkzeug.serving import make_server

HERE = os.path.dirname(os.path.abspath(__file__))
ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
app = Flask(__name__)


def as_json(data, status=200, headers=None):
    """A JSON answer, indented like httpbin's."""
    return Response(json.dumps(data, indent=2) + '\n', status=status, headers=headers or {},
                    content_type='application/json')


def echo():
    """What httpbin answers on /anything: the request as the server saw it."""
    raw = request.get_data(cache=True)
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = None
    files = {}
    for name, storage in request.files.items():
        files[name] = storage.read().decode('utf-8', 'replace')
    return {
        'method': request.method,
        'args': request.args.to_dict(flat=True),
        'headers': dict(request.headers.items()),
        'data': raw.decode('utf-8', 'replace') if not request.form and not files else '',
        'form': request.form.to_dict(flat=True),
        'files': files,
        'json': parsed,
        'url': request.url,
    }


@app.route('/')
def root():
    return Response('<html><body>uri_suite server</body></html>\n', content_type='text/html')


@app.route('/get')
def get():
    return as_json(echo())


@app.route('/post', methods=['POST'])
def post():
    return as_json(echo())


@app.route('/put', methods=['PUT'])
def put():
    return as_json(echo())


@app.route('/anything', methods=ALL_METHODS)
@app.route('/anything/<path:rest>', methods=ALL_METHODS)
def anything(rest=None):
    return as_json(echo())


@app.route('/status/<int:code>', methods=ALL_METHODS)
def status(code):
    return Response('', status=code)


@app.route('/json/<name>')
def json_file(name):
    """The JSON test documents of files/json, byte for byte, as application/json."""
    path = os.path.join(HERE, 'json', os.path.basename(name))
    if not os.path.isfile(path):
        return Response('', status=404)
    with open(path, 'rb') as handle:
        return Response(handle.read(), content_type='application/json')


@app.route('/chunked')
def chunked():
    """A chunk that announces 10 bytes and brings 6, then the connection closes (uri: IncompleteRead)."""
    sock = request.environ['werkzeug.socket']
    sock.sendall(b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\n123456')
    sock.shutdown(socket.SHUT_RDWR)
    raise ConnectionAbortedError('cut on purpose')


@app.route('/redirect/<int:count>')
def redirect_n(count):
    return relative_redirect(count)


@app.route('/relative-redirect/<int:count>')
def relative_redirect(count):
    target = '/get' if count <= 1 else '/relative-redirect/%d' % (count - 1)
    return Response('', status=302, headers={'Location': target})


@app.route('/redirect-to', methods=ALL_METHODS)
def redirect_to():
    code = int(request.args.get('status_code', 302))
    return Response('', status=code, headers={'Location': request.args['url']})


@app.route('/basic-auth/<user>/<password>')
def basic_auth(user, password):
    auth = request.authorization
    if auth is None or auth.type != 'basic' or auth.username != user or auth.password != password:
        return Response('', status=401, headers={'WWW-Authenticate': 'Basic realm="Fake Realm"'})
    return as_json({'authenticated': True, 'user': user})


@app.route('/hidden-basic-auth/<user>/<password>')
def hidden_basic_auth(user, password):
    auth = request.authorization
    if auth is None or auth.type != 'basic' or auth.username != user or auth.password != password:
        return Response('', status=404)
    return as_json({'authenticated': True, 'user': user})


@app.route('/response-headers', methods=['GET', 'POST'])
def response_headers():
    response = as_json(request.args.to_dict(flat=False))
    for key, values in request.args.lists():
        if key.lower() == 'content-type':
            response.headers['Content-Type'] = values[-1]
            continue
        for value in values:
            response.headers.add(key, value)
    return response


@app.route('/bearer')
def bearer():
    """httpbin's /bearer: the token of a Bearer Authorization header, else 401."""
    scheme, dummy, token = request.headers.get('Authorization', '').partition(' ')
    if scheme != 'Bearer' or not token:
        return Response('', status=401, headers={'WWW-Authenticate': 'Bearer'})
    return as_json({'authenticated': True, 'token': token})


@app.route('/gzip')
def gzipped():
    body = gzip.compress(json.dumps({'gzipped': True, 'method': request.method}).encode())
    return Response(body, content_type='application/json', headers={'Content-Encoding': 'gzip'})


@app.route('/cache')
def cache():
    if request.headers.get('If-Modified-Since') or request.headers.get('If-None-Match'):
        return Response('', status=304)
    return as_json(echo(), headers={'Last-Modified': 'Thu, 01 Jan 2026 00:00:00 GMT', 'ETag': '"uri-suite"'})


def main(state_dir):
    ca = trustme.CA()
    ca.cert_pem.write_to_path(os.path.join(state_dir, 'ca.pem'))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    # Only localhost: https://127.0.0.1 is the "mismatched hostname" case of uri's tests.
    ca.issue_cert('localhost').configure_cert(context)
    plain = make_server('127.0.0.1', 0, app, threaded=True)
    secure = make_server('127.0.0.1', 0, app, threaded=True, ssl_context=context)
    ports = {'http': plain.server_port, 'https': secure.server_port}
    threading.Thread(target=secure.serve_forever, daemon=True).start()
    tmp = os.path.join(state_dir, 'ports.json.tmp')
    with open(tmp, 'w') as handle:
        json.dump(ports, handle)
    os.rename(tmp, os.path.join(state_dir, 'ports.json'))
    plain.serve_forever()


if __name__ == '__main__':
    main(sys.argv[1])
