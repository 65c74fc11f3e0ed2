# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action of a module that may run on the controller: the base class of the thin files in
plugins/action/ named after the token and package modules.

When the task runs on the controller anyway (controller_path.why_not_in_process), the module's own
``main()`` runs in this worker process (module_runner.py): no AnsiballZ payload, no interpreter, no
temporary directory. Otherwise, or with the variable ``commerceops_fast_path`` set to false, the module
is shipped as it always was. Both return the same result, key for key.
"""

from __future__ import annotations

import importlib

from ansible.module_utils.common.validation import check_type_bool
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash

from ansible_collections.commerceops.api.plugins.plugin_utils import controller_path, module_runner

display = Display()


class ModuleAction(ActionBase):
    """Run the module named after this action in-process when it would run on this machine anyway."""

    _supports_check_mode = True
    _supports_async = True

    # The FQCN of the module this action runs; each thin action file sets it.
    MODULE = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Imported with the action class, which the strategy loads in the main process before forking:
        # the workers then inherit the module and its module_utils instead of importing them per task.
        importlib.import_module(module_runner.python_name(cls.MODULE))

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        # What ansible.builtin.normal (the action of every module without one) does, in either path.
        result = super().run(tmp, task_vars)
        del tmp
        why_not = self._why_not_in_process(task_vars)
        host = task_vars.get('inventory_hostname')
        if why_not:
            display.vvv('%s: shipping the module because %s' % (self.MODULE, why_not), host=host)
            wrap_async = self._task.async_val and not getattr(self._connection, 'has_native_async', False)
            result = merge_hash(result, self._execute_module(task_vars=task_vars, wrap_async=wrap_async))
            if not wrap_async:
                self._remove_tmp_path(self._connection._shell.tmpdir)
            return result
        display.vvv('%s: running the module in the controller process' % self.MODULE, host=host)
        return merge_hash(result, module_runner.execute_in_process(self, self.MODULE, task_vars))

    def _why_not_in_process(self, task_vars):
        wanted = task_vars.get(controller_path.FAST_PATH_VARIABLE, True)
        if isinstance(wanted, str):
            wanted = self._templar.template(wanted)
        try:
            if not check_type_bool(wanted):
                return '%s is false' % controller_path.FAST_PATH_VARIABLE
        except TypeError:
            return '%s is not a boolean' % controller_path.FAST_PATH_VARIABLE
        return controller_path.why_not_in_process(self)
