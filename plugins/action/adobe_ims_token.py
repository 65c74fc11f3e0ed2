# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The commerceops.api.adobe_ims_token action: the module in the controller process when the task runs
there, shipped otherwise (plugin_utils/module_action.py). Options and logic live in the module only."""

from __future__ import annotations

from ansible_collections.commerceops.api.plugins.plugin_utils.module_action import ModuleAction


class ActionModule(ModuleAction):
    MODULE = 'commerceops.api.adobe_ims_token'
