# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only lookup: talk to the emulator's control API from the controller, in-process.

A ``uri`` task per control call costs a module run (about 0.35 s); the matrices make hundreds of them.
setup_emulator/emulator.sh puts this directory on ANSIBLE_LOOKUP_PLUGINS for every target.

    lookup('emulator_control', 'POST', 'reset')                           -> the JSON answer
    lookup('emulator_control', 'POST', 'faults', listener='magento', body={...})
    lookup('emulator_control', 'GET', 'counts', listener='eqp_sandbox')   -> {"GET /path": n, ...}
    lookup('emulator_control', 'total')                                   -> requests counted on every listener
    lookup('emulator_control', 'total', scheme='https', ca_path=ca)        -> the same of an emulator run with --tls

The path is relative to /__emulator__/ (``faults``, ``eqp/revoke``...). Listeners and ports come from
the fixture file in COMMERCEOPS_EMULATOR_FIXTURES (exported by emulator.sh).
"""

from __future__ import annotations

DOCUMENTATION = r'''
name: emulator_control
short_description: Test-only client of the emulator's control API
description: See the module docstring; used by the integration targets only.
options:
  _terms:
    description: METHOD and path below /__emulator__/, or C(total).
    required: true
  listener:
    description: Listener name of the fixtures (eqp_sandbox, eqp_production, magento, elasticpath, ims, commerce_cloud).
    default: eqp_sandbox
  body:
    description: JSON body of a POST or PUT.
  scheme:
    description: C(https) for an emulator started with C(--tls).
    default: http
    env:
      - name: EMULATOR_CONTROL_SCHEME
  ca_path:
    description: The CA certificate that verifies an https emulator (its C(--tls-dir)/ca.pem).
    env:
      - name: EMULATOR_CONTROL_CA_PATH
'''

import json
import os
import ssl
import urllib.request

import yaml
from ansible.errors import AnsibleError
from ansible.plugins.lookup import LookupBase


# Per process (a worker runs a whole looped task): the parsed fixture file, and one opener per TLS setting.
_FIXTURES = {}
_OPENERS = {}


def _fixtures():
    path = os.environ.get('COMMERCEOPS_EMULATOR_FIXTURES')
    if not path:
        raise AnsibleError('emulator_control: COMMERCEOPS_EMULATOR_FIXTURES is not set (source setup_emulator/emulator.sh)')
    if path not in _FIXTURES:
        with open(path, encoding='utf-8') as handle:
            _FIXTURES[path] = yaml.safe_load(handle)
    return _FIXTURES[path]


def _opener(scheme, ca_path):
    """An opener with the handlers of ``scheme`` only. build_opener() would add an HTTPS handler whose default
    context loads the system CA bundle, about 20 ms of CPU, even for the plain-http control API."""
    key = (scheme, ca_path)
    if key not in _OPENERS:
        if scheme == 'https':
            # Its https certificate is checked against its own test CA.
            transport = urllib.request.HTTPSHandler(context=ssl.create_default_context(cafile=ca_path))
        else:
            transport = urllib.request.HTTPHandler()
        opener = urllib.request.OpenerDirector()
        # No proxies: the emulator is on loopback. An HTTP error status raises HTTPError, as with build_opener().
        for handler in (urllib.request.ProxyHandler({}), transport, urllib.request.HTTPDefaultErrorHandler(),
                        urllib.request.HTTPErrorProcessor()):
            opener.add_handler(handler)
        _OPENERS[key] = opener
    return _OPENERS[key]


def call(fixtures, listener, method, path, body=None, scheme='http', ca_path=None):
    """One control request; the decoded JSON answer. Any HTTP error is an AnsibleError."""
    url = '%s://%s:%d/__emulator__/%s' % (scheme, fixtures['listen_host'], fixtures['ports'][listener], path.lstrip('/'))
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method.upper(), headers={'Content-Type': 'application/json'})
    try:
        with _opener(scheme, ca_path).open(request, timeout=30) as answer:
            raw = answer.read()
    except urllib.error.HTTPError as exc:
        raise AnsibleError('emulator_control: %s %s answered %d: %s' % (method, url, exc.code, exc.read()[:300]))
    except OSError as exc:
        raise AnsibleError('emulator_control: %s %s failed: %s' % (method, url, exc))
    return json.loads(raw) if raw else None


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        fixtures = _fixtures()
        tls = dict(scheme=self.get_option('scheme'), ca_path=self.get_option('ca_path'))
        if list(terms) == ['total']:
            return [sum(sum(call(fixtures, name, 'GET', 'counts', **tls).values()) for name in fixtures['ports'])]
        if len(terms) != 2:
            raise AnsibleError('emulator_control: give METHOD and path, or total')
        method, path = terms
        return [call(fixtures, self.get_option('listener'), method, path, self.get_option('body'), **tls)]
