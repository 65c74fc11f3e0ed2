#!/usr/bin/python
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: eqp_session_token
short_description: Obtain a Commerce Marketplace EQP session token
version_added: 0.1.0
description:
  - Exchanges an EQP API access key (application id and secret, sent with HTTP Basic) for a session token
    (C(ust)), the bearer token of every other EQP request.
  - The token is returned and also set as the fact named by O(fact_name), so later tasks can use it.
  - With O(cache) on, a token obtained earlier for the same environment, base URL, application id, secret,
    O(token_path) and O(expires_in) is reused while it stays fresh for more than O(leeway) seconds, so a run over many hosts makes one token request.
  - Obtaining a token changes nothing, so the module reports C(changed=false) and runs in check mode too.
  - "The result holds the token: put C(no_log: true) on the task so that it is not shown."
author:
  - commerceops.api contributors (@commerceops)
extends_documentation_fragment:
  - commerceops.api.eqp
  - commerceops.api.connection
  - commerceops.api.cache
  - commerceops.api.cache.force
  - commerceops.api.controller_path
  - commerceops.api.token_attributes
  - commerceops.api.token_fact
attributes:
  action_group:
    description: Use C(group/commerceops.api.eqp) or C(group/commerceops.api.all) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - commerceops.api.eqp
      - commerceops.api.all
options:
  expires_in:
    description:
      - Requested lifetime of the token in seconds. The server silently lowers it to its maximum (7200 today).
      - Omit it to get the server's default.
    type: int
  token_path:
    description:
      - Path of the token endpoint below O(base_url).
      - Some old documentation wrote C(/rest/v1/apps/session/token); the current path is the default.
    type: str
    default: /rest/v1/app/session/token
  fact_name:
    # Described in the doc fragment commerceops.api.token_fact.
    default: eqp_session
notes:
  - Sandbox and production keys differ, and a token of one environment is refused by the other.
  - Pass the secret as an option (from a vault) or export E(COMMERCEOPS_EQP_APP_SECRET) for the whole run. Setting it
    with a task's C(environment) keyword works too, but C(ansible-playbook -vvvv) prints those values.
seealso:
  - name: EQP authentication
    description: How the Commerce Marketplace EQP API authenticates clients.
    link: https://developer.adobe.com/commerce/marketplace/guides/eqp/v1/auth/
'''

EXAMPLES = r'''
- name: Obtain a sandbox session token (credentials from COMMERCEOPS_EQP_APP_ID and COMMERCEOPS_EQP_APP_SECRET)
  commerceops.api.eqp_session_token:
  no_log: true

- name: Obtain a token from the local emulator
  commerceops.api.eqp_session_token:
    base_url: http://127.0.0.1:18081
    app_id: AQ17NZ49WC
    app_secret: "{{ eqp_app_secret }}"
    expires_in: 3600
  register: eqp
  no_log: true

- name: Read the account's profile with it
  ansible.builtin.uri:
    url: "{{ eqp.base_url }}/rest/v1/users/{{ eqp.mage_id }}"
    headers:
      Authorization: "Bearer {{ ansible_facts['eqp_session'].token }}"
  no_log: true

- name: Production, with the key from a vault
  commerceops.api.eqp_session_token:
    environment: production
    app_id: "{{ vault_eqp_production_app_id }}"
    app_secret: "{{ vault_eqp_production_app_secret }}"
    fact_name: eqp_production_session
  no_log: true
'''

RETURN = r'''
token:
  description: "The session token (C(ust)), sent as C(Authorization: Bearer <token>) on later requests."
  returned: success
  type: str
  sample: baGXoStRuR9VCDFQGZNzgNqbqu5WUwlr.cAxZJ9m22Le7
mage_id:
  description: The account that owns the key, used in C(/rest/v1/users/{mage_id}) paths.
  returned: success
  type: str
  sample: MAG123456789
expires_in:
  description: Seconds the token is still valid (less than the granted lifetime when it came from the cache).
  returned: success
  type: int
  sample: 7200
expires_at:
  description:
    - When the token expires, in epoch seconds on the clock of the host that ran the module
      (the request time plus the granted lifetime, at most 24 hours).
  returned: success
  type: int
  sample: 1795392000
lifetime:
  description: The lifetime the server granted, in seconds.
  returned: success
  type: int
  sample: 7200
environment:
  description: The EQP environment, C(sandbox) or C(production).
  returned: success
  type: str
  sample: sandbox
base_url:
  description: The base URL the token belongs to.
  returned: success
  type: str
  sample: https://commercedeveloper-sandbox-api.adobe.com
origin:
  description: Scheme, host and port of O(base_url); the token is only sent there.
  returned: success
  type: str
  sample: https://commercedeveloper-sandbox-api.adobe.com:443
api:
  description: Which API the token is for.
  returned: success
  type: str
  sample: eqp
principal:
  description: Whose token it is (the application id).
  returned: success
  type: str
  sample: AQ17NZ49WC
ansible_facts:
  description: The same dict under the name O(fact_name).
  returned: success
  type: dict
  sample: {"eqp_session": {"token": "baGXoStRuR9VCDFQGZNzgNqbqu5WUwlr.cAxZJ9m22Le7", "mage_id": "MAG123456789"}}
'''

from ansible.module_utils.basic import AnsibleModule, env_fallback

from ansible_collections.commerceops.api.plugins.module_utils.obtain import EQP_ARGS, FORCE_ARGS, SHARED_ARGS, obtain_token
from ansible_collections.commerceops.api.plugins.module_utils.core.option_names import ENVIRONMENT, environment_name
from ansible_collections.commerceops.api.plugins.module_utils.core.token_module import USER_ERRORS, check_fact_name, exit_with_token, fail

# app_id and app_secret may come from the environment; when nothing gives them, obtain_token's check fails
# naming the variables that could have (AnsibleModule's own message would name only the option).
ARGUMENT_SPEC = dict(
    EQP_ARGS,
    app_id=dict(EQP_ARGS['app_id'], required=False, fallback=(env_fallback, [environment_name('eqp', 'app_id')])),
    app_secret=dict(EQP_ARGS['app_secret'], required=False, fallback=(env_fallback, [environment_name('eqp', 'app_secret')])),
    fact_name=dict(type='str', default='eqp_session'),
    **dict(FORCE_ARGS, **SHARED_ARGS)
)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    options = dict((name, value) for name, value in module.params.items() if name != 'fact_name')
    try:
        check_fact_name(module.params['fact_name'])
        result = obtain_token('eqp', options, sources=(ENVIRONMENT,)).to_result()
    except USER_ERRORS as error:
        fail(module, error, [module.params['app_secret']])
    exit_with_token(module, result, module.params['fact_name'])


if __name__ == '__main__':
    main()
