# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """The modules whose action runs them in the controller process when the task runs there."""

    DOCUMENTATION = r'''
attributes:
  action:
    description: Indicates this has a corresponding action plugin so some parts of the options can be executed on the controller.
    support: full
    details:
      - When the task runs on the controller anyway (a C(local) connection, C(delegate_to=localhost), the implicit
        localhost) and uses no C(become), C(async) or task C(environment), the module runs inside the controller's
        worker process and no module is shipped. Otherwise it is shipped as usual. Both return the same result.
notes:
  - On the controller the module runs in-process with the same arguments, check and diff mode, C(no_log) masking,
    warnings and C(invocation) as the shipped module. Set the variable C(commerceops_fast_path=false) for a task, host
    or play to ship the module anyway (for example to run it with another Python interpreter).
'''
