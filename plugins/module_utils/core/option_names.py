# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The names under which an option of an API may be supplied besides the task itself: the Ansible variable
``commerceops_<api>_<option>`` (read by the lookup and bearer_uri's ``auth``) and the environment variable
``COMMERCEOPS_<API>_<OPTION>``. The one place these names are made, for reading them and for the errors
that tell a user where a missing value could come from.
"""

from __future__ import annotations


def variable_name(api, option):
    """The inventory (Ansible) variable of ``option``: ``commerceops_eqp_app_secret``."""
    return 'commerceops_%s_%s' % (api, option)


def environment_name(api, option):
    """The environment variable of ``option``: ``COMMERCEOPS_EQP_APP_SECRET``."""
    return 'COMMERCEOPS_%s_%s' % (api.upper(), option.upper())


# Where a value may come from besides the task: the lookup and bearer_uri's auth read both, the modules
# only the environment variables they declare.
VARIABLE = 'variable'
ENVIRONMENT = 'environment'
EVERY_SOURCE = (VARIABLE, ENVIRONMENT)


def where_from(api, option, sources=EVERY_SOURCE):
    """``option``, then the inventory and environment variables among ``sources`` that would supply it."""
    names = []
    if VARIABLE in sources:
        names.append('the inventory variable %s' % variable_name(api, option))
    if ENVIRONMENT in sources:
        names.append('the environment variable %s' % environment_name(api, option))
    return option if not names else '%s (or %s)' % (option, ' or '.join(names))


def missing_message(api, names, sources=EVERY_SOURCE):
    """One line for required options of ``api`` that nothing supplied, naming where each could come from."""
    return 'missing required option%s for the %s API: set %s' % (
        's' if len(names) > 1 else '', api, '; '.join(where_from(api, name, sources) for name in names))
