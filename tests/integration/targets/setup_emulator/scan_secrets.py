# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fail when a fixture secret, or a token the emulator issued, shows in what a playbook run wrote.

Usage: python scan_secrets.py FIXTURES OUTPUT_DIR [PATH ...] [--cache DIR]

Looked for in OUTPUT_DIR and every further PATH (output.txt and ansible.log of run_playbook):

- every password, application or client secret, OTP secret and integration token of the fixtures,
  and the Base64 form of each EQP id:secret pair (what an HTTP Basic header carries): never allowed;
- every token the emulator issued since it started, from ``GET /__emulator__/tokens`` of each listener
  of the fixtures (the emulator still runs). A token may show only in the lines of a task whose name
  holds the marker ``[prints token]`` (from its ``TASK [...]`` line to the next task or play): such
  hits are counted as allowed, any other is a leak.

``--cache DIR`` is the token cache root ($XDG_CACHE_HOME). It stores tokens by design, so only the
fixture secrets are looked for there; every directory under it must be mode 0700 and every file 0600.

Reports the name of what leaked and where, never its value. Appends one JSON line per scan to
``$RELIABILITY_RESULTS/leaks.jsonl`` when that variable is set. Exit status 1 on any failure.
"""

import argparse
import base64
import json
import os
import re
import ssl
import stat
import sys
import urllib.request

import yaml

MARKER = '[prints token]'
# Lines that start a task, handler or play; the log file puts "<date> p=<pid> u=<user> n=ansible <level>| "
# before what the output shows.
HEADER = re.compile(r'^(?:\d{4}-\d\d-\d\d \S+ p=\d+ u=.*? n=\S+ ?\w*\| )?(TASK \[|RUNNING HANDLER \[|PLAY \[|PLAY RECAP|PLAYBOOK: )(.*)$')
TASK_HEADERS = ('TASK [', 'RUNNING HANDLER [')
# Every token the emulator issues is made of these characters. Cutting lines into runs of them and
# looking the runs up in a dict is much faster than searching every line for hundreds of tokens.
TOKEN_RUN = re.compile(r'[A-Za-z0-9_.-]{16,}')


def fixture_secrets(fixtures):
    """(name, value) of every secret in the fixture file."""
    secrets = []
    for env in ('sandbox', 'production'):
        app = fixtures['eqp'][env]
        secrets.append(('eqp.%s.app_secret' % env, app['app_secret']))
        pair = ('%s:%s' % (app['app_id'], app['app_secret'])).encode()
        secrets.append(('eqp.%s basic credentials' % env, base64.b64encode(pair).decode()))
    magento = fixtures['magento']
    for admin in magento['admins']:
        secrets.append(('magento admin %s password' % admin['username'], admin['password']))
        secrets.append(('magento admin %s otp_secret' % admin['username'], admin.get('otp_secret')))
    for customer in magento['customers']:
        secrets.append(('magento customer %s password' % customer['email'], customer['password']))
    secrets.append(('magento integration_token', magento['integration_token']))
    # All four values of an integration: the key and the token name the credential, the secrets sign with it.
    for integration in magento.get('integrations', []):
        for field in ('consumer_key', 'consumer_secret', 'access_token', 'access_token_secret'):
            secrets.append(('magento integration %s %s' % (integration['name'], field), integration[field]))
    ims = fixtures.get('ims', {})
    secrets.append(('ims client_secret', ims.get('client_secret')))
    shop = fixtures['elasticpath']
    secrets.append(('elasticpath client_secret', shop['client_secret']))
    secrets.append(('elasticpath customer password', shop['customer']['password']))
    secrets.append(('elasticpath account_member password', shop['account_member']['password']))
    return [(name, str(value)) for name, value in secrets if value]


def fetch_tokens(host, port):
    """The token list of one listener, over http or https (the emulator may run with --tls)."""
    # EMULATOR_CONTROL_SCHEME and EMULATOR_CONTROL_CA_PATH are what the emulator_control lookup reads too.
    ca_path = os.environ.get('EMULATOR_CONTROL_CA_PATH')
    if ca_path:
        context = ssl.create_default_context(cafile=ca_path)
    else:
        # Without the test CA at hand: on loopback, reading our own test tokens needs no certificate check.
        context = ssl._create_unverified_context()  # pylint: disable=protected-access
    # No proxy from the environment: the emulator is on loopback.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context))
    schemes = ['http', 'https']
    if os.environ.get('EMULATOR_CONTROL_SCHEME') == 'https':
        schemes.reverse()
    error = None
    for scheme in schemes:
        try:
            with opener.open('%s://%s:%d/__emulator__/tokens' % (scheme, host, port), timeout=10) as answer:
                return [str(token) for token in json.load(answer)['tokens']]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            error = exc
    raise OSError('no token list from %s:%d: %s' % (host, port, error))


def issued_tokens(fixtures):
    """([(name, value)] of every issued token, [listener names that did not answer])."""
    host = str(fixtures.get('listen_host', '127.0.0.1'))
    if ':' in host:
        host = '[%s]' % host
    tokens = []
    unreachable = []
    for listener, port in sorted(fixtures['ports'].items()):
        try:
            values = fetch_tokens(host, int(port))
        except OSError as exc:
            print('TOKENS: %s: %s' % (listener, exc))
            unreachable.append(listener)
            continue
        tokens.extend(('%s token #%d' % (listener, number), value) for number, value in enumerate(values, 1))
    return tokens, unreachable


class TokenFinder:
    """Which of the issued tokens a line holds."""

    def __init__(self, tokens):
        self.by_value = dict((value, name) for name, value in tokens if TOKEN_RUN.fullmatch(value))
        # Anything of another shape is searched for the slow way.
        self.odd = [(name, value) for name, value in tokens if value and value not in self.by_value]
        self.shortest = min((len(value) for value in self.by_value), default=0)

    def names(self, line):
        found = []
        for run in TOKEN_RUN.findall(line):
            name = self.by_value.get(run)
            if name is not None:
                found.append(name)
            elif len(run) > self.shortest:
                # A token glued to other token characters ("<token>." at the end of a sentence).
                found.extend(name for value, name in self.by_value.items() if len(value) < len(run) and value in run)
        found.extend(name for name, value in self.odd if value in line)
        return found


def files_under(paths):
    for path in paths:
        if os.path.isdir(path):
            for folder, _dirs, names in os.walk(path):
                for name in sorted(names):
                    yield os.path.join(folder, name)
        elif os.path.exists(path):
            yield path


def read_lines(path):
    with open(path, 'rb') as handle:
        return handle.read().decode('utf-8', 'replace').splitlines()


def scan_output(path, secrets, finder, totals):
    """Secrets and tokens of one output file; tokens are allowed inside a task marked [prints token]."""
    marked = False
    for number, line in enumerate(read_lines(path), 1):
        header = HEADER.match(line)
        if header:
            marked = header.group(1) in TASK_HEADERS and MARKER in header.group(2)
        for name, value in secrets:
            if value in line:
                totals['hits'] += 1
                print('LEAK: %s in %s line %d' % (name, path, number))
        for name in finder.names(line):
            if marked:
                totals['allowed'] += 1
            else:
                totals['hits'] += 1
                print('LEAK: %s in %s line %d (not in a task marked %s)' % (name, path, number, MARKER))


def scan_cache(root, secrets, totals):
    """Fixture secrets and modes of the token cache; returns whether every mode is right."""
    modes_ok = True
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            path = os.path.join(folder, name)
            try:
                info = os.lstat(path)
            except FileNotFoundError:
                # A temporary file that its writer has just renamed.
                continue
            want = 0o700 if stat.S_ISDIR(info.st_mode) else 0o600
            if not (stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)) or stat.S_IMODE(info.st_mode) != want:
                modes_ok = False
                kind = 'a directory' if stat.S_ISDIR(info.st_mode) else 'a file' if stat.S_ISREG(info.st_mode) else 'neither file nor directory'
                print('CACHE MODE: %s is %s, mode %04o; expected %04o' % (path, kind, stat.S_IMODE(info.st_mode), want))
            if not stat.S_ISREG(info.st_mode):
                continue
            totals['cache_files'] += 1
            try:
                lines = read_lines(path)
            except FileNotFoundError:
                continue
            for number, line in enumerate(lines, 1):
                for secret, value in secrets:
                    if value in line:
                        totals['hits'] += 1
                        print('LEAK: %s in %s line %d' % (secret, path, number))
    return modes_ok


def record(result):
    folder = os.environ.get('RELIABILITY_RESULTS')
    if not folder:
        return
    os.makedirs(folder, exist_ok=True)
    # One write of one line: runs that scan at the same time do not mix their lines.
    with open(os.path.join(folder, 'leaks.jsonl'), 'a', encoding='utf-8') as handle:
        handle.write(json.dumps(result, sort_keys=True) + '\n')


def main():
    parser = argparse.ArgumentParser(description='Scan what a playbook run wrote for secrets and issued tokens.')
    parser.add_argument('fixtures', help='fixture file of the running emulator')
    parser.add_argument('outputs', nargs='+', help='output directory of the run (its name is the playbook), and more paths')
    parser.add_argument('--cache', help='token cache root ($XDG_CACHE_HOME): fixture secrets and modes only')
    args = parser.parse_args()
    with open(args.fixtures, encoding='utf-8') as handle:
        fixtures = yaml.safe_load(handle)
    secrets = fixture_secrets(fixtures)
    tokens, unreachable = issued_tokens(fixtures)
    finder = TokenFinder(tokens)
    totals = {'files': 0, 'hits': 0, 'allowed': 0, 'cache_files': 0}
    for path in files_under(args.outputs):
        totals['files'] += 1
        scan_output(path, secrets, finder, totals)
    modes_ok = scan_cache(args.cache, secrets, totals) if args.cache else True
    result = dict(totals, target=os.environ.get('COMMERCEOPS_TARGET') or os.path.basename(os.getcwd()),
                  playbook=os.path.basename(os.path.normpath(args.outputs[0])), secrets=len(secrets), tokens=len(tokens),
                  cache_mode_ok=modes_ok)
    record(result)
    print('secret scan: %(files)d files, %(secrets)d secrets and %(tokens)d issued tokens looked for, %(hits)d hits, '
          '%(allowed)d allowed token prints; cache: %(cache_files)d files, modes %(mode)s%(missing)s'
          % dict(result, mode='ok' if modes_ok else 'WRONG',
                 missing='; NO TOKEN LIST from %s' % ', '.join(unreachable) if unreachable else ''))
    sys.exit(1 if totals['hits'] or not modes_ok or unreachable else 0)


if __name__ == '__main__':
    main()
