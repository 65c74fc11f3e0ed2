# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only lookup of the fault_matrix target: set up one cell of the matrix, then judge it.

    lookup('fault_cell', 'prepare', row=row, fault=fault)   clears faults and counters, then injects the
        fault (an emulator fault on the row's route, the emulator's clock moved past every token's expiry,
        or every token the listener issued revoked)
    lookup('fault_cell', 'record', row=row, fault=fault, result=registered, renewed=bool)
        -> one record: what was expected, what happened (outcome, attempts and token requests from the
           emulator's counters, the message) and whether the two agree
    query('fault_cell', 'records', row=row, faults=[...], results=[...])
        -> the records of a row's cells that ran as one looped task, in order

So that a row's cells can run as one looped task (prepare is called from each item's arguments, the judging
comes after the loop), prepare first keeps the counters of the cell prepared before it, in a file of
$FAULT_CELL_STATE named after that cell; record reads a cell's kept counters, or the live ones for a cell
no other has followed yet.

A row is one front end of one API (rows.yml); a fault says what to inject and what to expect (faults.yml),
with exceptions per "<api> <kind>" or per front end.
"""

from __future__ import annotations

DOCUMENTATION = r'''
name: fault_cell
short_description: Prepare and judge one cell of the fault matrix (test only)
description: See the module docstring; used by the fault_matrix integration target only.
options:
  _terms:
    description: C(prepare) or C(record).
    required: true
  row:
    description: The row (front end) of the cell.
    type: dict
  fault:
    description: The fault (column) of the cell.
    type: dict
  result:
    description: What the front end's task registered.
  renewed:
    description: For a token front end, whether its second call returned a new token.
    type: bool
  faults:
    description: For C(records), the faults of the cells, in the order they ran.
    type: list
  results:
    description: For C(records), the loop results of the cells, in the same order.
    type: list
'''

import fnmatch
import json
import os
import re

from ansible.errors import AnsibleError
from ansible.plugins.loader import lookup_loader
from ansible.plugins.lookup import LookupBase

# Moves the emulator past the longest token lifetime of the fixtures (EQP clamps to 7200 s).
CLOCK_JUMP = 86400
REVOKE_HOOKS = {'eqp': 'eqp/revoke', 'magento': 'magento/revoke', 'commerce': 'elasticpath/revoke'}


def _control():
    # The shared test lookup of setup_emulator (on ANSIBLE_LOOKUP_PLUGINS): one HTTP client for the control API.
    control = lookup_loader.get('emulator_control')
    if control is None:
        raise AnsibleError('fault_cell needs the emulator_control lookup of setup_emulator')
    return control


def _call(listener, method, path, body=None):
    return _control().run([method, path], listener=listener, body=body)[0]


def _state(name):
    """A file of this run's cell state: $FAULT_CELL_STATE, set by runme.sh, holds one run's cells."""
    directory = os.environ.get('FAULT_CELL_STATE')
    if not directory:
        raise AnsibleError('fault_cell needs FAULT_CELL_STATE (runme.sh sets it)')
    return os.path.join(directory, name)


def _cell_key(row, fault):
    return re.sub(r'[^A-Za-z0-9]+', '_', '%s %s %s' % (row['api'], row['front_end'], fault['name']))


def _keep_counts_of_the_previous_cell(key, listener):
    """Before the counters are cleared for the cell ``key``, keep those of the cell prepared last (once per cell)."""
    last_file = _state('last')
    last = None
    if os.path.exists(last_file):
        with open(last_file) as handle:
            last = json.load(handle)
    if last:
        with open(_state(last['key'] + '.json'), 'w') as handle:
            json.dump(_call(last['listener'], 'GET', 'counts'), handle)
    with open(last_file, 'w') as handle:
        json.dump({'key': key, 'listener': listener}, handle)


def _counts_of(row, fault):
    kept = _state(_cell_key(row, fault) + '.json')
    if os.path.exists(kept):
        with open(kept) as handle:
            return json.load(handle)
    return _call(row['listener'], 'GET', 'counts')


def prepare(row, fault):
    # Once per cell and run: should ansible-core render the task's arguments again, even after the module
    # has started, a second prepare would clear the counters of the requests the cell is judged on.
    key = _cell_key(row, fault)
    marker = _state(key + '.prepared')
    if os.path.exists(marker):
        return True
    with open(marker, 'w'):
        pass
    listener = row['listener']
    _keep_counts_of_the_previous_cell(key, listener)
    _call(listener, 'DELETE', 'faults')
    kind = fault.get('kind', 'fault')
    if kind == 'expired':
        _call(listener, 'POST', 'clock', {'advance': CLOCK_JUMP})
    elif kind == 'revoked':
        hook = REVOKE_HOOKS[row['api']]
        if row['api'] == 'eqp':
            _call(listener, 'POST', hook, {})
        else:
            for token in _call(listener, 'GET', 'tokens')['tokens']:
                _call(listener, 'POST', hook, {'token': token})
    _call(listener, 'DELETE', 'counts')
    if kind == 'fault':
        method, path = row['route'].split(' ', 1)
        spec = dict(fault['inject'], method=method, path=path)
        _call(listener, 'POST', 'faults', spec)
    return True


def expectation(row, fault):
    """The expected outcome of a cell: the fault's default, overridden for this API and kind or front end."""
    expected = dict(fault['expect'])
    for key in ('%s %s' % (row['api'], row['kind']), row['kind'], row['front_end']):
        expected.update((fault.get('except') or {}).get(key) or {})
    return expected


def _count(counts, route):
    method, pattern = route.split(' ', 1)
    return sum(number for key, number in counts.items()
               if key.split(' ', 1)[0] == method and fnmatch.fnmatchcase(key.split(' ', 1)[1], pattern))


def _message(result):
    message = result.get('msg') or ''
    return message if isinstance(message, str) else str(message)


def record(row, fault, result, renewed=None):
    counts = _counts_of(row, fault)
    expected = expectation(row, fault)
    failed = bool(result.get('failed'))
    if failed:
        outcome = 'error'
    elif row['kind'] == 'token' and renewed is False:
        outcome = 'stale token'
    elif result.get('status') == 200 and 'json' not in result and row['kind'] == 'resource':
        outcome = 'answered without json'
    else:
        outcome = 'recovered'
    message = _message(result) if failed else ''
    # A token row's mid-run cell is judged where its token was used; every other cell on the faulted route.
    mid_run = fault.get('kind', 'fault') != 'fault'
    route = row['use_route'] if row['kind'] == 'token' and mid_run else row['route']
    observed = {
        'outcome': outcome,
        'attempts': _count(counts, route),
        'token_requests': _count(counts, row['token_route']),
    }
    problems = []
    for key in ('outcome', 'attempts', 'token_requests'):
        if key in expected and expected[key] != observed[key]:
            problems.append('%s: expected %s, got %s' % (key, expected[key], observed[key]))
    wanted = expected.get('message') or []
    for text in [wanted] if isinstance(wanted, str) else wanted:
        if text not in message:
            problems.append('message lacks %r' % text)
    if '\n' in message.strip():
        problems.append('message has more than one line')
    # ansible-core registers failures with exception "(traceback unavailable)": only a real one counts.
    for marker in ('Traceback', '<html', '<HTML'):
        if any(marker in text for text in (message, str(result.get('module_stderr', '')), str(result.get('exception', '')))):
            problems.append('%s in the result' % marker)
    return {
        'api': row['api'],
        'front_end': row['front_end'],
        'fault': fault['name'],
        'expected': ', '.join('%s %s' % (key, expected[key]) for key in ('outcome', 'attempts', 'token_requests') if key in expected),
        'outcome': outcome,
        'attempts': observed['attempts'],
        'token_requests': observed['token_requests'],
        'message': message.strip(),
        'ok': not problems,
        'problems': problems,
    }


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        row, fault = self.get_option('row'), self.get_option('fault')
        if terms == ['prepare']:
            return [prepare(row, fault)]
        if terms == ['record']:
            return [record(row, fault, self.get_option('result') or {}, self.get_option('renewed'))]
        if terms == ['records']:
            faults, results = self.get_option('faults') or [], self.get_option('results') or []
            if len(faults) != len(results):
                raise AnsibleError('fault_cell records: %d faults and %d results' % (len(faults), len(results)))
            return [record(row, one_fault, result) for one_fault, result in zip(faults, results)]
        raise AnsibleError('fault_cell: prepare, record or records')
