# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Drive and inspect the emulator from the targets' runme.sh (faster than a playbook per question).

Usage: python emulator_ctl.py FIXTURES COMMAND [ARGS]

  reset                                    fresh state on every listener
  url LISTENER                             the listener's base URL, e.g. http://127.0.0.1:18081
  config LISTENER JSON                     merge runtime settings, e.g. '{"scan_delay": 0}'
  clear LISTENER                           clear the request counts
  requests LISTENER                        how many requests the listener counted
  writes LISTENER                          POST/PUT requests on packages and file uploads
  posts LISTENER                           POST/PUT requests of any kind (token requests included)
  token-requests LISTENER                  requests for a token
  versions LISTENER SKU                    how many packages of SKU exist (GET /products/packages?sku=)
  wait-submitted LISTENER SKU VERSION S    wait up to S seconds for that version to be in review; print its id
  reject LISTENER SUBMISSION REVIEW TEXT   force a rejection of a review with a test-run summary
  profile LISTENER JSON                    merge fields into the account's profile (PUT /users/{mage_id})

Prints the answer; exits 1 with one line on any error. Never prints a credential or a token.
"""

import base64
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import yaml

TOKEN_PATHS = ('/rest/v1/app/session/token', '/rest/V1/integration/admin/token', '/rest/V1/integration/customer/token',
               '/oauth/access_token')
WRITE_PATHS = ('/rest/v1/products/packages', '/rest/v1/files/uploads')


class Emulator:
    def __init__(self, fixtures_path):
        with open(fixtures_path, encoding='utf-8') as handle:
            self.fixtures = yaml.safe_load(handle)

    def url(self, listener, path):
        return 'http://%s:%d%s' % (self.fixtures['listen_host'], self.fixtures['ports'][listener], path)

    def call(self, listener, method, path, body=None, headers=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url(listener, path), data=data, method=method)
        request.add_header('Content-Type', 'application/json')
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                text = answer.read().decode()
        except urllib.error.HTTPError as error:
            raise SystemExit('%s %s answered HTTP %d: %s' % (method, path, error.code, error.read().decode()[:200]))
        return json.loads(text) if text else None

    def bearer(self, listener):
        """A session token of the listener's EQP account, as Authorization headers."""
        account = self.fixtures['eqp'][listener.split('_', 1)[1]]
        basic = base64.b64encode(('%s:%s' % (account['app_id'], account['app_secret'])).encode()).decode()
        answer = self.call(listener, 'POST', '/rest/v1/app/session/token', {'grant_type': 'session'},
                           {'Authorization': 'Basic ' + basic})
        return {'Authorization': 'Bearer ' + answer['ust']}, account['mage_id']

    def counts(self, listener):
        return self.call(listener, 'GET', '/__emulator__/counts') or {}

    def packages(self, listener, headers, query):
        return self.call(listener, 'GET', '/rest/v1/products/packages?' + urllib.parse.urlencode(query), headers=headers)


def main(argv):
    emulator = Emulator(argv[1])
    command, args = argv[2], argv[3:]
    if command == 'url':
        print(emulator.url(args[0], ''))
    elif command == 'reset':
        emulator.call('eqp_sandbox', 'POST', '/__emulator__/reset')
    elif command == 'config':
        print(json.dumps(emulator.call(args[0], 'POST', '/__emulator__/config', json.loads(args[1]))))
    elif command == 'clear':
        emulator.call(args[0], 'DELETE', '/__emulator__/counts')
    elif command == 'requests':
        print(sum(emulator.counts(args[0]).values()))
    elif command == 'writes':
        print(sum(count for key, count in emulator.counts(args[0]).items()
                  if key.split(' ')[0] in ('POST', 'PUT') and key.split(' ')[1].startswith(WRITE_PATHS)))
    elif command == 'posts':
        print(sum(count for key, count in emulator.counts(args[0]).items() if key.split(' ')[0] in ('POST', 'PUT')))
    elif command == 'token-requests':
        print(sum(count for key, count in emulator.counts(args[0]).items() if key.split(' ')[1] in TOKEN_PATHS))
    elif command == 'versions':
        headers, _mage_id = emulator.bearer(args[0])
        print(len(emulator.packages(args[0], headers, {'sku': args[1], 'limit': -1})))
    elif command == 'wait-submitted':
        headers, _mage_id = emulator.bearer(args[0])
        deadline = time.time() + float(args[3])
        while time.time() < deadline:
            found = emulator.packages(args[0], headers, {'sku': args[1], 'version': args[2], 'limit': -1})
            running = [package for package in found if package['eqp_status']['technical'] == 'in_automation']
            if running:
                print(running[0]['submission_id'])
                return 0
            time.sleep(0.2)
        raise SystemExit('%s %s did not reach the technical review within %s s' % (args[1], args[2], args[3]))
    elif command == 'reject':
        emulator.call(args[0], 'POST', '/__emulator__/eqp/packages/%s/reject' % args[1], {'review': args[2], 'summary': args[3]})
    elif command == 'profile':
        headers, mage_id = emulator.bearer(args[0])
        emulator.call(args[0], 'PUT', '/rest/v1/users/%s' % mage_id, json.loads(args[1]), headers)
    else:
        raise SystemExit('unknown command %s' % command)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
