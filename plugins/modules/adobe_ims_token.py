#!/usr/bin/python
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: adobe_ims_token
short_description: Obtain an Adobe IMS access token for Adobe Commerce (server-to-server)
version_added: 0.2.0
description:
  - Obtains an access token from Adobe IMS with an OAuth server-to-server credential (C(client_credentials)), the
    credential Adobe Commerce as a Cloud Service takes for REST calls, and that Adobe Commerce PaaS takes once
    Admin IMS is on (the admin token route then answers "Admin token generation is disabled").
  - "Later requests carry C(Authorization: Bearer <token>) and C(x-api-key: <client_id>), plus C(x-gw-ims-org-id) when
    O(org_id) is given. M(commerceops.api.bearer_uri) adds them from the returned dict, and only for O(base_url)'s origin."
  - IMS answers a wrong client id or secret with HTTP 400 C(invalid_client); that answer is not retried.
  - With O(cache) on, the token (valid 24 hours) is reused while it stays fresh for more than O(leeway) seconds.
  - Obtaining a token changes nothing, so the module reports C(changed=false) and runs in check mode too.
  - "The result holds the token: put C(no_log: true) on the task."
author:
  - commerceops.api contributors (@commerceops)
extends_documentation_fragment:
  - commerceops.api.ims
  - commerceops.api.connection
  - commerceops.api.cache
  - commerceops.api.cache.force
  - commerceops.api.token_attributes
attributes:
  action_group:
    description: Use C(group/commerceops.api.ims) or C(group/commerceops.api.all) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - commerceops.api.ims
      - commerceops.api.all
options:
  fact_name:
    description:
      - Name of the fact the token dict is set as.
    type: str
    default: adobe_ims_token
notes:
  - O(client_id) and O(client_secret) fall back to the environment variables E(COMMERCEOPS_IMS_CLIENT_ID) and
    E(COMMERCEOPS_IMS_CLIENT_SECRET).
seealso:
  - module: commerceops.api.bearer_uri
  - module: commerceops.api.magento_integration_token
  - name: Adobe Commerce REST authentication
    description: Server-to-server authentication for Adobe Commerce as a Cloud Service.
    link: https://developer.adobe.com/commerce/webapi/rest/authentication/
'''

EXAMPLES = r'''
- name: An IMS token for the Commerce Cloud Service tenant of the local emulator
  commerceops.api.adobe_ims_token:
    base_url: "http://127.0.0.1:18086/Fx3kQ8mZpW2rT7vN9bYc1d"
    ims_url: http://127.0.0.1:18085
    client_id: f01uesri3z1yat2n4fx9loxddb89w6yy
    client_secret: "{{ ims_client_secret }}"
    org_id: 0F1E2D3C4B5A69788796A5B4@AdobeOrg
  no_log: true

- name: Read the store configuration with it
  commerceops.api.bearer_uri:
    url: "{{ adobe_ims_token.base_url }}/V1/store/storeConfigs"
    token: "{{ adobe_ims_token }}"
  register: configs
'''

RETURN = r'''
token:
  description: "The IMS access token, sent as C(Authorization: Bearer <token>)."
  returned: success
  type: str
  sample: eyJhbGciOiJSUzI1NiIsIng1dSI6Imltc19uYTEta2V5LWF0LTEuY2VyIn0.FAKE.FAKE
headers:
  description: The headers sent with the token besides C(Authorization) (C(x-api-key), and C(x-gw-ims-org-id) with O(org_id)).
  returned: success
  type: dict
  sample: {"x-api-key": "f01uesri3z1yat2n4fx9loxddb89w6yy"}
client_id:
  description: The credential's client id.
  returned: success
  type: str
  sample: f01uesri3z1yat2n4fx9loxddb89w6yy
org_id:
  description: The IMS organization id, when given.
  returned: success
  type: str
  sample: 0F1E2D3C4B5A69788796A5B4@AdobeOrg
scopes:
  description: The scopes asked for.
  returned: success
  type: list
  elements: str
  sample: [AdobeID, openid, commerce.accs]
ims_url:
  description: The IMS the token came from.
  returned: success
  type: str
  sample: https://ims-na1.adobelogin.com
expires_in:
  description: Seconds the token is still valid.
  returned: success
  type: int
  sample: 86399
expires_at:
  description: When the token expires, in epoch seconds.
  returned: success
  type: int
  sample: 1795392000
base_url:
  description: The Commerce REST base URL the token is for.
  returned: success
  type: str
  sample: https://na1.api.commerce.adobe.com/Fx3kQ8mZpW2rT7vN9bYc1d
origin:
  description: Scheme, host and port of O(base_url); the token is only sent there.
  returned: success
  type: str
  sample: https://na1.api.commerce.adobe.com:443
api:
  description: Which API the token is for.
  returned: success
  type: str
  sample: ims
principal:
  description: Whose token it is, C(client:<client_id>:<scopes>:<org_id>).
  returned: success
  type: str
  sample: "client:f01uesri3z1yat2n4fx9loxddb89w6yy:AdobeID,openid:"
ansible_facts:
  description: The same dict under the name O(fact_name).
  returned: success
  type: dict
  sample: {"adobe_ims_token": {"token": "eyJhbGciOiJSUzI1NiJ9.FAKE.FAKE", "api": "ims"}}
'''

from ansible.module_utils.basic import AnsibleModule, env_fallback

from ansible_collections.commerceops.api.plugins.module_utils.obtain import FORCE_ARGS, IMS_ARGS, SHARED_ARGS, obtain_token
from ansible_collections.commerceops.api.plugins.module_utils.core.token_module import USER_ERRORS, check_fact_name, exit_with_token, fail

ARGUMENT_SPEC = dict(
    IMS_ARGS,
    client_id=dict(IMS_ARGS['client_id'], fallback=(env_fallback, ['COMMERCEOPS_IMS_CLIENT_ID'])),
    client_secret=dict(IMS_ARGS['client_secret'], fallback=(env_fallback, ['COMMERCEOPS_IMS_CLIENT_SECRET'])),
    fact_name=dict(type='str', default='adobe_ims_token'),
    **dict(FORCE_ARGS, **SHARED_ARGS)
)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    options = dict((name, value) for name, value in module.params.items() if name != 'fact_name')
    try:
        check_fact_name(module.params['fact_name'])
        result = obtain_token('ims', options).to_result()
    except USER_ERRORS as error:
        fail(module, error, [module.params['client_secret']])
    exit_with_token(module, result, module.params['fact_name'])


if __name__ == '__main__':
    main()
