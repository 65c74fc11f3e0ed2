# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the listeners: bind the sockets, optional TLS, one werkzeug server thread each, signals."""

import ipaddress
import logging
import os
import signal
import socket
import ssl
import sys
import tempfile
import threading
import time

from werkzeug.serving import WSGIRequestHandler, make_server

from .core import LISTENERS, Emulator, load_api


class StartError(Exception):
    """A problem with how the emulator was asked to start; shown as one line, exit code 2."""


class Handler(WSGIRequestHandler):
    """werkzeug's handler, plus: a dropped request also ends its keep-alive connection."""

    def connection_dropped(self, error, environ=None):
        # Without this the handler would wait for a next request on a connection
        # whose client is still waiting for the first answer.
        self.close_connection = True


def loopback_family(host):
    """The address family of a loopback host; StartError for anything that is not loopback."""
    if host == 'localhost':
        return socket.AF_INET
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise StartError('host %s is not a loopback address (the emulator only listens on loopback)' % host)
    if not address.is_loopback:
        raise StartError('host %s is not a loopback address (the emulator only listens on loopback)' % host)
    return socket.AF_INET6 if address.version == 6 else socket.AF_INET


def bind(host, port, name):
    """A listening socket, bound before werkzeug sees it so that errors stay one clean line."""
    family = loopback_family(host)
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(('127.0.0.1' if host == 'localhost' else host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
            raise StartError('port %d (%s) is already in use' % (port, name))
        raise StartError('cannot listen on %s port %d (%s): %s' % (host, port, name, exc.strerror or exc))
    return sock


def tls_context(directory):
    """A server TLS context from a fresh test CA; the CA certificate goes to DIRECTORY/ca.pem."""
    import trustme

    if directory is None:
        directory = tempfile.mkdtemp(prefix='emulator-tls-')
    try:
        os.makedirs(directory, exist_ok=True)
        ca = trustme.CA()
        ca_file = os.path.join(directory, 'ca.pem')
        ca.cert_pem.write_to_path(ca_file)
    except OSError as exc:
        raise StartError('cannot write the test CA to %s: %s' % (directory, exc.strerror or exc))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert('127.0.0.1', 'localhost', '::1').configure_cert(context)
    return context, ca_file


def base_url(host, port, tls):
    shown = '[%s]' % host if ':' in host else host
    return '%s://%s:%d' % ('https' if tls else 'http', shown, port)


def load_listeners(names, explicit):
    """Import the API module of each listener; a broken optional one is skipped with one line."""
    apis = {}
    for name in names:
        module = LISTENERS[name][0]
        try:
            apis[name] = load_api(module)
        except Exception as exc:  # any error in an API module must not stop the others
            if explicit:
                raise StartError('cannot load tests/emulator/%s.py for %s: %s: %s' % (module, name, type(exc).__name__, exc))
            sys.stderr.write('emulator: skipping %s: cannot load tests/emulator/%s.py (%s: %s)\n' % (name, module, type(exc).__name__, exc))
    return apis


def check_settings(apis, settings, shared_keys=()):
    """Refuse --set keys an API does not know, which are almost always typos.

    Keys given as "all.KEY" go only to the APIs that know them, and must be known to at least one.
    """
    used = set()
    for name, values in settings.items():
        if name not in apis:
            continue
        known = getattr(apis[name], 'DEFAULT_CONFIG', {})
        for key in list(values):
            if key in known:
                used.add(key)
            elif key in shared_keys:
                del values[key]
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise StartError('unknown setting %s for %s (known: %s)' % (', '.join(unknown), name, ', '.join(sorted(known)) or 'none'))
    unused = sorted(set(shared_keys) - used)
    if unused:
        raise StartError('unknown setting %s for all listeners' % ', '.join(unused))


def write_pid(path):
    try:
        with open(path, 'w') as handle:
            handle.write('%d\n' % os.getpid())
    except OSError as exc:
        raise StartError('cannot write the pid file %s: %s' % (path, exc.strerror or exc))


def run(options):
    """Check, bind and build everything, then serve; returns the exit code (StartError for a bad start)."""
    if options.verbose:
        logging.getLogger('werkzeug').setLevel(logging.INFO)
    else:
        # werkzeug logs every request at INFO; keep its errors.
        logging.getLogger('werkzeug').setLevel(logging.WARNING)

    apis = load_listeners(options.names, options.explicit)
    check_settings(apis, options.settings, getattr(options, 'shared_keys', ()))
    if not apis:
        raise StartError('no listener could be started')
    sockets = {}
    try:
        for name in apis:
            sockets[name] = bind(options.host, options.ports[name], name)
    except StartError:
        for sock in sockets.values():
            sock.close()
        raise

    context = ca_file = None
    if options.tls:
        context, ca_file = tls_context(options.tls_dir)

    emulator = Emulator(options.fixtures)
    servers = []
    for name, api in apis.items():
        port = sockets[name].getsockname()[1]
        try:
            listener = emulator.add(name, api, base_url(options.host, port, options.tls), options.settings.get(name))
        except Exception as exc:  # a broken create_app is treated like a broken import
            if options.explicit:
                raise StartError('cannot start %s: %s: %s' % (name, type(exc).__name__, exc))
            sys.stderr.write('emulator: skipping %s: create_app failed (%s: %s)\n' % (name, type(exc).__name__, exc))
            sockets[name].close()
            continue
        server = make_server(options.host, port, listener, threaded=True, request_handler=Handler,
                             ssl_context=context, fd=sockets[name].fileno())
        # werkzeug duplicated the descriptor; ours is no longer needed.
        sockets[name].close()
        servers.append(server)
    if not servers:
        raise StartError('no listener could be started')
    try:
        if options.pid_file:
            write_pid(options.pid_file)
    except StartError:
        for server in servers:
            server.server_close()
        raise
    serve(emulator, servers, options, ca_file)
    return 0


class StopRequest:
    """The handler of SIGTERM and SIGINT: it records the signal, and the serve loop polls for it.

    A plain attribute, not a threading.Event: a handler runs in the main thread between two bytecodes, possibly
    while that thread holds the Event's own lock inside Event.wait, and Event.set would then wait for that lock
    forever (seen: an emulator hung at its stop, and its integration target with it).
    """

    def __init__(self):
        self.signum = None

    def __call__(self, signum, frame):
        self.signum = signum


def serve(emulator, servers, options, ca_file):
    """Announce the listeners, then serve until SIGTERM/SIGINT or the idle timeout."""
    stop = StopRequest()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for server in servers:
        threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.1}, daemon=True).start()
    try:
        if ca_file:
            print('emulator: ca %s' % ca_file)
        for name, listener in emulator.listeners.items():
            print('emulator: %s %s' % (name, listener.ctx.base_url))
        print('emulator: ready', flush=True)
        while stop.signum is None:
            time.sleep(0.1)
            if options.idle_timeout and emulator.idle_seconds() >= options.idle_timeout:
                print('emulator: idle for %gs, stopping' % options.idle_timeout, flush=True)
                break
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        if options.pid_file:
            try:
                os.unlink(options.pid_file)
            except OSError:
                pass
