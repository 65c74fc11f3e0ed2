# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the lookup and the bearer_uri action find options the task did not give.

The convention: option ``<option>`` of API ``<api>`` comes from the Ansible variable
``commerceops_<api>_<option>``, else the environment variable ``COMMERCEOPS_<API>_<OPTION>``
(``commerceops_eqp_app_id``, ``COMMERCEOPS_EQP_APP_SECRET``, ``commerceops_commerce_base_url``...).
Inventories set these per group, so each environment's hosts carry their own credentials.
"""

from __future__ import annotations

import os

from ansible_collections.commerceops.api.plugins.module_utils.obtain import API_ARGS
# The names are made in module_utils, where the modules' environment fallbacks and the errors need them too.
from ansible_collections.commerceops.api.plugins.module_utils.core.option_names import environment_name, variable_name

__all__ = ('environment_name', 'options_from_vars', 'variable_name')


def options_from_vars(api, variables, environ=None, template=None):
    """The options of ``api`` set by Ansible variables or, failing those, by environment variables.

    ``template`` renders a variable's value (variables reach plugins unrendered); only options that
    are set are returned.
    """
    environ = os.environ if environ is None else environ
    found = {}
    for option in API_ARGS[api]:
        name = variable_name(api, option)
        if variables and variables.get(name) is not None:
            value = variables[name]
            found[option] = template(value) if template else value
        elif environ.get(environment_name(api, option)):
            found[option] = environ[environment_name(api, option)]
    return found
