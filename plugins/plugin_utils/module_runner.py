# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run one of this collection's modules inside the controller's worker process, exactly as its
shipped copy runs on localhost, and return what ``ActionBase._execute_module`` would have returned.

The module is not re-implemented or wrapped: its own ``main()`` runs with the real ``AnsibleModule``,
so its argument spec, fallbacks, ``no_log`` values, check and diff mode, warnings and ``invocation``
are the shipped module's by construction, and any option or logic a module gains is picked up here
with no second place to edit. Only the two ends of AnsiballZ are replaced: the arguments are handed
over in memory (as ansible-core's own ``ansible.module_utils.testing.patch_module_args`` does) and the
JSON the module prints is read back and decoded with the same profile and the same
``_parse_returned_data`` the shipped module's output goes through.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json

from collections.abc import Sequence

from ansible.module_utils import _internal as module_internal, basic
from ansible.module_utils.common import warnings as module_warnings
from ansible.module_utils.common.json import Direction, get_module_encoder
from ansible.utils.display import Display

from ansible_collections.commerceops.api.plugins.module_utils.marketplace import eqp_wait

display = Display()

# The serialization profile ansible-core gives collection modules that declare none (all of ours).
PROFILE = 'legacy'


def python_name(fqcn):
    """``commerceops.api.eqp_package`` -> the Python module that holds it on the controller."""
    namespace, collection, name = fqcn.split('.')
    return 'ansible_collections.%s.%s.plugins.modules.%s' % (namespace, collection, name)


def _encoded_args(module_args):
    encoder = get_module_encoder(PROFILE, Direction.CONTROLLER_TO_MODULE)
    return json.dumps({'ANSIBLE_MODULE_ARGS': module_args}, cls=encoder).encode()


def _forget_warnings():
    """Warnings and deprecations are collected process-wide; a shipped module starts with none."""
    for name in ('_global_warnings', '_global_deprecations'):
        collected = getattr(module_warnings, name, None)
        if collected is not None:
            collected.clear()


def _unhandled(error):
    """The output AnsiballZ prints for an exception the module did not handle (never expected of ours)."""
    try:
        from ansible.module_utils._internal._ansiballz._loader import _handle_exception
    except ImportError:  # a future ansible-core that moved it: the same shape without the detail
        print(json.dumps({'failed': True, 'msg': 'MODULE FAILURE: %s' % type(error).__name__}))
        return 1
    try:
        _handle_exception(error, PROFILE)
    except SystemExit as end:
        return end.code
    return 1


def run_main(module, module_args):
    """Run ``module.main()`` with ``module_args``; return ``(stdout, rc)`` as the shipped module's would be."""
    saved = basic._ANSIBLE_ARGS, basic._ANSIBLE_PROFILE, module_internal.is_controller
    out = io.StringIO()
    rc = 0
    _forget_warnings()
    basic._ANSIBLE_ARGS, basic._ANSIBLE_PROFILE = _encoded_args(module_args), PROFILE
    # module_utils behave as on a target while the module runs: warnings go in the result rather than
    # straight to the display, and the JSON profiles are the module side's.
    module_internal.is_controller = False
    try:
        with contextlib.redirect_stdout(out):
            try:
                module.main()
                # A module must exit itself; AnsiballZ treats returning as a failure too.
                raise RuntimeError('New-style module did not handle its own exit.')
            except SystemExit as end:
                rc = end.code if isinstance(end.code, int) else (0 if end.code is None else 1)
            except Exception as error:  # pylint: disable=broad-except
                rc = _unhandled(error)
    finally:
        basic._ANSIBLE_ARGS, basic._ANSIBLE_PROFILE, module_internal.is_controller = saved
        _forget_warnings()
    return out.getvalue(), rc


def execute_in_process(action, fqcn, task_vars):
    """What ``action._execute_module()`` returns for the task's module ``fqcn``, run in this process."""
    module_args = dict(action._task.args)
    # The same _ansible_* arguments (check mode, diff, no_log, verbosity, invocation...) the shipped module gets.
    action._update_module_args(action._task.action, module_args, task_vars)
    # A wait (malware scan, review) shows each change of state as it happens, which a shipped module cannot:
    # it only returns its lines at the end. The lines are made from states, file names and times, never from
    # an argument, so they are shown for no_log tasks too (the role's waits are no_log for the token they take).
    host = task_vars.get('inventory_hostname', '')
    eqp_wait.set_live_progress(lambda line: display.display('%s on %s: %s' % (fqcn, host, line.strip())))
    try:
        stdout, rc = run_main(importlib.import_module(python_name(fqcn)), module_args)
    finally:
        eqp_wait.set_live_progress(None)
    parsed = action._parse_returned_data({'rc': rc, 'stdout': stdout, 'stderr': '', 'stdout_lines': stdout.splitlines(),
                                          'stderr_lines': []}, PROFILE)
    if hasattr(parsed, 'as_result_dict'):
        # ansible-core 2.21 and later: a UnifiedTaskResult, cleaned as _execute_module cleans it.
        parsed.remove_internal_keys()
        return parsed.as_result_dict(for_round_trip=True)
    return _cleaned(parsed)


def _cleaned(data):
    """ansible-core 2.19 and 2.20: the dict cleaned as _execute_module cleans it."""
    from ansible.vars.clean import remove_internal_keys

    data.pop('_ansible_suppress_tmpdir_delete', None)
    if 'results' in data and (not isinstance(data['results'], Sequence) or isinstance(data['results'], str)):
        data['ansible_module_results'] = data.pop('results')
    remove_internal_keys(data)
    return data
