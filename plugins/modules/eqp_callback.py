#!/usr/bin/python
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: eqp_callback
short_description: Register, update or remove a Commerce Marketplace EQP API callback URL
version_added: 0.1.0
description:
  - Manages one entry of the C(api_callbacks) of the account's profile (C(PUT /rest/v1/users/<mage_id>)), found by O(name).
  - The marketplace then POSTs JSON to the URL when a malware scan ends (C(malware_scan_complete)) and when a review
    status changes (C(eqp_status_update)), over HTTPS with Basic authentication (O(username), O(password)).
author:
  - commerceops.api contributors (@commerceops)
extends_documentation_fragment:
  - commerceops.api.eqp_auth
  - commerceops.api.connection
  - commerceops.api.cache
attributes:
  check_mode:
    description: Can run in check mode and return the changed status it predicts without changing anything.
    support: full
    details:
      - Check mode reads the profile only.
  diff_mode:
    description: Returns details on what has changed, or would change, in diff mode.
    support: full
    details:
      - The diff shows the callback's C(name), C(url) and C(username), never its password.
  action_group:
    description: Use C(group/commerceops.api.eqp) or C(group/commerceops.api.all) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - commerceops.api.eqp
      - commerceops.api.all
  platform:
    description: Where the module can run.
    support: full
    platforms: posix
options:
  name:
    description:
      - The name of the callback, which identifies it in the profile.
    type: str
    required: true
  url:
    description:
      - The URL that receives the callbacks. It must be C(https://) (the marketplace sends callbacks over HTTPS only)
        and must not hold a user name or password.
      - Required with O(state=present).
    type: str
  username:
    description:
      - The Basic authentication user name the marketplace sends.
    type: str
  password:
    description:
      - The Basic authentication password the marketplace sends. The API never returns it, so it cannot be compared.
        It is sent when the callback is created, when its O(url) or O(username) changes, and with O(update_password=always).
    type: str
  update_password:
    description:
      - V(on_create) sends O(password) only as described above, so a second run reports no change.
      - V(always) sends it on every run, and the task then always reports a change.
    type: str
    choices: [always, on_create]
    default: on_create
  state:
    description:
      - V(present) registers the callback or updates it; V(absent) removes it.
    type: str
    choices: [present, absent]
    default: present
notes:
  - "Put C(no_log: true) on tasks that pass O(token) or O(app_secret); O(password) is masked by the module itself."
  - The API replaces the whole C(api_callbacks) list. The other callbacks are sent back as the API returned them, that
    is without their password. The vendor does not document whether the service then keeps their password (the
    emulator does). Manage every callback of an account with this module, and use O(update_password=always) once
    if in doubt.
seealso:
  - module: commerceops.api.eqp_package
  - name: EQP API callbacks
    description: The vendor's documentation of callbacks and their events.
    link: https://developer.adobe.com/commerce/marketplace/guides/eqp/v1/callbacks/
'''

EXAMPLES = r'''
- name: Hear about scans and review status changes
  commerceops.api.eqp_callback:
    token: "{{ eqp }}"
    name: ci-status
    url: https://ci.example.com/hooks/eqp
    username: eqp
    password: "{{ vault_eqp_callback_password }}"
  no_log: true

- name: Stop the callbacks
  commerceops.api.eqp_callback:
    token: "{{ eqp }}"
    name: ci-status
    state: absent
  no_log: true
'''

RETURN = r'''
callback:
  description: The callback after the task (C(name), C(url), C(username)); V(null) when absent.
  returned: always
  type: dict
  sample: {"name": "ci-status", "url": "https://ci.example.com/hooks/eqp", "username": "eqp"}
callbacks:
  description: Every callback of the profile after the task, without passwords.
  returned: always
  type: list
  elements: dict
  sample: [{"name": "ci-status", "url": "https://ci.example.com/hooks/eqp", "username": "eqp"}]
diff:
  description: In diff mode, the callback before and after (no password).
  returned: diff mode
  type: dict
  sample: {"before": {}, "after": {"name": "ci-status", "url": "https://ci.example.com/hooks/eqp", "username": "eqp"}}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_auth import AUTH_ARGS, EqpAuth, narrow_token_masking
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_callbacks import check_callback_url, plan, shown
from ansible_collections.commerceops.api.plugins.module_utils.core.token_module import USER_ERRORS, fail, warn_if_unverified

ARGUMENT_SPEC = dict(
    AUTH_ARGS,
    name=dict(type='str', required=True),
    url=dict(type='str'),
    username=dict(type='str'),
    password=dict(type='str', no_log=True),
    update_password=dict(type='str', default='on_create', choices=['always', 'on_create'], no_log=False),
    state=dict(type='str', default='present', choices=['present', 'absent']),
)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, required_if=[('state', 'present', ('url',))], supports_check_mode=True)
    narrow_token_masking(module)
    params = module.params
    auth = None
    try:
        auth = EqpAuth(params)
        if not params['name'].strip():
            raise ValueError('name must not be empty')
        if params['state'] == 'present':
            check_callback_url(params['url'])
        resources = auth.connect()
        current = (resources.user() or {}).get('api_callbacks') or []
        changed, wanted, before, after = plan(current, params['name'], params['state'], url=params['url'],
                                              username=params['username'], password=params['password'],
                                              update_password=params['update_password'])
        callbacks = [shown(callback) for callback in wanted]
        if changed and not module.check_mode:
            profile = resources.update_user({'api_callbacks': wanted})
            callbacks = [shown(callback) for callback in (profile or {}).get('api_callbacks') or []]
            after = next((callback for callback in callbacks if callback.get('name') == params['name']), None)
    except USER_ERRORS as error:
        fail(module, error, (auth.secrets() if auth else [params['app_secret']]) + [params['password']])
    result = dict(changed=changed, callback=after, callbacks=callbacks)
    if module._diff:
        result['diff'] = {'before': before or {}, 'after': after or {}}
    warn_if_unverified(module)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
