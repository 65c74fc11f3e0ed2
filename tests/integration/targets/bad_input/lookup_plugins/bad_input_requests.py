# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only lookup of the bad_input target: the requests the emulator counted since the last call.

    lookup('bad_input_requests')  -> int, summed over every listener (what lookup('emulator_control', 'total') says)

Every case reads it once, so each case starts from zero without a task of its own (a task costs time,
and the matrix has about a hundred cases). When something was counted it resets the emulator, which
zeroes the counters and drops whatever state the request made.

It talks to the control API with http.client rather than through emulator_control: urllib builds an
opener with a fresh TLS context per request, about 25 ms each, and this runs five times per case.
"""

from __future__ import annotations

DOCUMENTATION = r'''
name: bad_input_requests
short_description: Test-only count of the emulator's requests since the last call
description: See the module docstring; used by the bad_input target only.
'''

import http.client
import json
import os

import yaml
from ansible.errors import AnsibleError
from ansible.plugins.lookup import LookupBase


def _control(host, port, method, path):
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request(method, '/__emulator__/' + path)
        answer = connection.getresponse()
        body = answer.read()
    except OSError as exc:
        raise AnsibleError('bad_input_requests: %s %s:%d/__emulator__/%s failed: %s' % (method, host, port, path, exc))
    finally:
        connection.close()
    if answer.status != 200:
        raise AnsibleError('bad_input_requests: %s %s answered %d' % (method, path, answer.status))
    return json.loads(body)


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        path = os.environ.get('COMMERCEOPS_EMULATOR_FIXTURES')
        if not path:
            raise AnsibleError('bad_input_requests: COMMERCEOPS_EMULATOR_FIXTURES is not set (source setup_emulator/emulator.sh)')
        with open(path, encoding='utf-8') as handle:
            fixtures = yaml.safe_load(handle)
        host, ports = fixtures['listen_host'], fixtures['ports']
        total = sum(sum(_control(host, ports[name], 'GET', 'counts').values()) for name in sorted(ports))
        if total:
            # A reset on any listener resets them all.
            _control(host, ports[sorted(ports)[0]], 'POST', 'reset')
        return [total]
