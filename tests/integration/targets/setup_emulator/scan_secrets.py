# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fail when any secret of the emulator's fixtures appears in the given files or directories.

Usage: python scan_secrets.py FIXTURES PATH [PATH ...]
Looks for every password, application or client secret, OTP secret and integration token of the
fixtures, and for the Base64 form of each EQP id:secret pair (what an HTTP Basic header carries).
Reports the secret's name and the file and line, never the value.
"""

import base64
import os
import sys

import yaml


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
        secrets.append(('magento admin %s otp_secret' % admin['username'], admin['otp_secret']))
    for customer in magento['customers']:
        secrets.append(('magento customer %s password' % customer['email'], customer['password']))
    secrets.append(('magento integration_token', magento['integration_token']))
    shop = fixtures['elasticpath']
    secrets.append(('elasticpath client_secret', shop['client_secret']))
    secrets.append(('elasticpath customer password', shop['customer']['password']))
    secrets.append(('elasticpath account_member password', shop['account_member']['password']))
    return secrets


def files_under(paths):
    for path in paths:
        if os.path.isdir(path):
            for folder, _dirs, names in os.walk(path):
                for name in names:
                    yield os.path.join(folder, name)
        elif os.path.exists(path):
            yield path


def main():
    with open(sys.argv[1], encoding='utf-8') as handle:
        secrets = fixture_secrets(yaml.safe_load(handle))
    hits = 0
    scanned = 0
    for path in files_under(sys.argv[2:]):
        scanned += 1
        with open(path, 'rb') as handle:
            lines = handle.read().decode('utf-8', 'replace').splitlines()
        for number, line in enumerate(lines, 1):
            for name, value in secrets:
                if value and value in line:
                    hits += 1
                    print('LEAK: %s in %s line %d' % (name, path, number))
    print('secret scan: %d files, %d secrets looked for, %d hits' % (scanned, len(secrets), hits))
    sys.exit(1 if hits else 0)


if __name__ == '__main__':
    main()
