# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Whether a task of this collection may do its work in the controller's worker process instead of
shipping a module: one rule for bearer_uri and for the module actions (plugin_utils/module_action.py).

The work may stay on the controller only when the shipped module would run there too, as the same
user and with the same environment: a local connection (``connection: local``, ``delegate_to:
localhost``, the implicit localhost), no ``become``, no ``async`` and no task ``environment``.
"""

from __future__ import annotations

# The variable that turns the in-process path off for the module actions (bearer_uri has its
# fast_path option), e.g. to compare both paths or to run a module with another Python.
FAST_PATH_VARIABLE = 'commerceops_fast_path'


def why_not_in_process(action):
    """``None`` when ``action``'s task may run in this process, else the reason it may not."""
    if action._task.async_val:
        return 'the task is async'
    transport = getattr(action._connection, 'transport', None)
    if transport != 'local':
        return 'the connection is %s, not local' % transport
    if action._play_context.become:
        return 'the task uses become'
    if any(action._task.environment or ()):
        # Proxies, CA bundles and credentials set there would apply to the module only.
        return 'the task sets environment variables'
    return None
