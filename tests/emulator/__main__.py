# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Command line of the emulator: ``python -m tests.emulator --help``."""

import argparse
import json
import os
import sys

import yaml

from .core import LISTENERS
from .server import StartError, loopback_family, run

DEFAULT_FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures.yml')


class Parser(argparse.ArgumentParser):
    """argparse that reports a bad command line as one line instead of a usage block."""

    def error(self, message):
        raise StartError(message)


def build_parser():
    parser = Parser(prog='python -m tests.emulator', description='Local emulator of the EQP, Magento and Elastic Path APIs.')
    parser.add_argument('--fixtures', default=DEFAULT_FIXTURES, help='fixtures file (default: fixtures.yml beside the package)')
    parser.add_argument('--host', help='loopback address to listen on (default: listen_host of the fixtures)')
    parser.add_argument('--port', action='append', default=[], metavar='NAME=PORT', help='port of one listener, 0 for any free port')
    parser.add_argument('--only', action='append', default=[], metavar='NAME[,NAME]', help='start only these listeners')
    parser.add_argument('--set', action='append', default=[], metavar='NAME.KEY=JSON', dest='settings',
                        help='override a runtime setting; NAME may be "all"')
    parser.add_argument('--tls', action='store_true', help='serve https with a certificate of a fresh test CA')
    parser.add_argument('--tls-dir', metavar='DIR', help='where --tls writes ca.pem (default: a new temporary directory)')
    parser.add_argument('--idle-timeout', type=float, metavar='SECONDS', help='exit after this long without any request')
    parser.add_argument('--pid-file', metavar='PATH', help='write the process id here while running')
    parser.add_argument('--verbose', action='store_true', help='log every request')
    return parser


def read_fixtures(path):
    try:
        with open(path) as handle:
            fixtures = yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as exc:
        raise StartError('cannot read fixtures %s: %s' % (path, getattr(exc, 'strerror', None) or exc))
    if not isinstance(fixtures, dict) or not isinstance(fixtures.get('ports'), dict):
        raise StartError('fixtures %s: expected a mapping with a "ports" mapping' % path)
    return fixtures


def parse_ports(fixtures, overrides):
    ports = dict(fixtures['ports'])
    for item in overrides:
        name, sep, value = item.partition('=')
        if not sep or name not in LISTENERS:
            raise StartError('--port expects NAME=PORT with NAME one of %s, got %r' % (', '.join(LISTENERS), item))
        ports[name] = value
    checked = {}
    for name in LISTENERS:
        try:
            port = int(ports.get(name))
        except (TypeError, ValueError):
            raise StartError('invalid port %r for %s' % (ports.get(name), name))
        if not 0 <= port <= 65535:
            raise StartError('invalid port %d for %s' % (port, name))
        checked[name] = port
    return checked


def parse_only(values):
    if not values:
        return list(LISTENERS), False
    names = []
    for value in values:
        for name in value.split(','):
            name = name.strip()
            if name not in LISTENERS:
                raise StartError('--only: unknown listener %r (known: %s)' % (name, ', '.join(LISTENERS)))
            if name not in names:
                names.append(name)
    return names, True


def parse_settings(values):
    settings = {}
    for item in values:
        target, sep, raw = item.partition('=')
        name, dot, key = target.partition('.')
        if not sep or not dot or not key:
            raise StartError('--set expects NAME.KEY=JSONVALUE, got %r' % item)
        if name != 'all' and name not in LISTENERS:
            raise StartError('--set: unknown listener %r (known: all, %s)' % (name, ', '.join(LISTENERS)))
        try:
            value = json.loads(raw)
        except ValueError:
            raise StartError('--set %s: %r is not a JSON value (quote strings: \'"text"\')' % (target, raw))
        settings.setdefault(name, {})[key] = value
    return settings


def parse_options(argv):
    options = build_parser().parse_args(argv)
    options.fixtures = read_fixtures(options.fixtures)
    if options.host is None:
        options.host = str(options.fixtures.get('listen_host', '127.0.0.1'))
    loopback_family(options.host)
    options.ports = parse_ports(options.fixtures, options.port)
    options.names, options.explicit = parse_only(options.only)
    settings = parse_settings(options.settings)
    shared = settings.pop('all', {})
    options.settings = {}
    for name in options.names:
        merged = {}
        merged.update(shared)
        merged.update(settings.get(name, {}))
        # "all.KEY" only reaches the listeners that know KEY: checked later against each API.
        options.settings[name] = merged
    options.shared_keys = set(shared)
    if options.tls_dir:
        options.tls = True
    if options.idle_timeout is not None and options.idle_timeout <= 0:
        raise StartError('--idle-timeout must be a positive number of seconds')
    return options


def main(argv=None):
    try:
        return run(parse_options(sys.argv[1:] if argv is None else argv))
    except StartError as exc:
        sys.stderr.write('emulator: error: %s\n' % exc)
        sys.stderr.flush()
        return 2


if __name__ == '__main__':
    sys.exit(main())
