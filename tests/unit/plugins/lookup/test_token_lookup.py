# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lookup's documented options are the modules' options, with the variable and environment names of the convention."""

from __future__ import annotations

import yaml

from ansible_collections.commerceops.api.plugins.lookup import token as token_lookup
from ansible_collections.commerceops.api.plugins.module_utils.obtain import API_ARGS
from ansible_collections.commerceops.api.plugins.plugin_utils.variables import environment_name, options_from_vars, variable_name

DOCUMENTED = yaml.safe_load(token_lookup.DOCUMENTATION)['options']


def test_every_api_option_is_documented_with_the_modules_default_and_choices():
    for api, spec in API_ARGS.items():
        for option, arg in spec.items():
            doc = DOCUMENTED[option]
            assert doc['type'] == arg['type'], option
            assert doc.get('default') == arg.get('default'), option
            assert sorted(doc.get('choices') or []) == sorted(arg.get('choices') or []), option


def test_variable_and_environment_sources_follow_the_convention():
    shared = [option for option in DOCUMENTED if sum(option in spec for spec in API_ARGS.values()) > 1]
    assert sorted(shared) == ['base_url', 'client_id', 'client_secret']
    for api, spec in API_ARGS.items():
        for option in spec:
            if option in shared:
                # Shared by several APIs: resolved in code from the term (see LookupModule._options_for).
                assert 'vars' not in DOCUMENTED[option] and 'env' not in DOCUMENTED[option]
                continue
            assert DOCUMENTED[option]['vars'] == [{'name': variable_name(api, option)}]
            assert DOCUMENTED[option]['env'] == [{'name': environment_name(api, option)}]


def test_no_secret_can_come_from_ansible_cfg():
    assert not [name for name, doc in DOCUMENTED.items() if 'ini' in doc]


def test_variables_win_over_the_environment_and_base_url_follows_the_api():
    variables = {'commerceops_eqp_base_url': 'http://eqp', 'commerceops_commerce_base_url': 'http://shop',
                 'commerceops_eqp_app_id': 'from-vars'}
    environ = {'COMMERCEOPS_EQP_APP_ID': 'from-env', 'COMMERCEOPS_EQP_APP_SECRET': 'env-secret'}
    assert options_from_vars('eqp', variables, environ) == {'base_url': 'http://eqp', 'app_id': 'from-vars', 'app_secret': 'env-secret'}
    assert options_from_vars('commerce', variables, environ) == {'base_url': 'http://shop'}
