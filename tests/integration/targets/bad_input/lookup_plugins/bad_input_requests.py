# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only lookup of the bad_input target: the requests the emulator counted since the last call.

    lookup('bad_input_requests')  -> int, summed over every listener (what lookup('emulator_control', 'total') says)

Every case reads it once, so each case starts from zero without a task of its own (a task costs time,
and the matrix has about a hundred cases). When something was counted it resets the emulator, which
zeroes the counters and drops whatever state the request made.

It talks to the control API through setup_emulator's emulator_control lookup.
"""

from __future__ import annotations

DOCUMENTATION = r'''
name: bad_input_requests
short_description: Test-only count of the emulator's requests since the last call
description: See the module docstring; used by the bad_input target only.
'''

from ansible.errors import AnsibleError
from ansible.plugins.loader import lookup_loader
from ansible.plugins.lookup import LookupBase


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        # The shared test lookup of setup_emulator (on ANSIBLE_LOOKUP_PLUGINS): one client for the control API.
        control = lookup_loader.get('emulator_control')
        if control is None:
            raise AnsibleError('bad_input_requests needs the emulator_control lookup of setup_emulator')
        total = control.run(['total'])[0]
        if total:
            # A reset on any listener resets them all.
            control.run(['POST', 'reset'])
        return [total]
