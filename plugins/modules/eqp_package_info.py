#!/usr/bin/python
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: eqp_package_info
short_description: Read Commerce Marketplace EQP packages, their review status and test runs
version_added: 0.1.0
description:
  - Reads one package by O(submission_id), O(item_id), or O(sku) and O(version). For that package it also returns
    the test runs of its reviews and a one-line summary of the failed ones.
  - Reads the versions of a SKU (O(sku) without O(version)), or a filtered list of the account's packages (O(filters)).
  - Changes nothing. Use it with C(until) to wait for a review to end.
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
      - The module only reads, so it runs the same in check mode.
  diff_mode:
    description: Returns details on what has changed, or would change, in diff mode.
    support: none
  action_group:
    description: Use C(group/commerceops.api.eqp) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - commerceops.api.eqp
  platform:
    description: Where the module can run.
    support: full
    platforms: posix
options:
  submission_id:
    description:
      - The server's id of one package.
      - Mutually exclusive with O(item_id), O(sku) and O(filters).
    type: str
  item_id:
    description:
      - Your own id of one package version.
      - Mutually exclusive with O(submission_id), O(sku) and O(filters).
    type: str
  sku:
    description:
      - The package name, C(vendor_name/package_name). Without O(version), every version of it is returned.
      - Mutually exclusive with O(submission_id), O(item_id) and O(filters).
    type: str
  version:
    description:
      - With O(sku), the one version to read.
    type: str
  filters:
    description:
      - "Field names and the values they must have, passed as query parameters of the package list, for example
        C({type: extension}) or C({technical: [approved, rejected]}). A list allows any of its values."
      - The status names C(overall), C(technical) and C(marketing) and dotted paths work against the emulator;
        the vendor documents filters by field.
      - Without O(submission_id), O(item_id), O(sku) and O(filters), every package of the account is listed.
    type: dict
  sort:
    description:
      - Sort order of a list, for example C(-modified_at) or C(+name,-version).
    type: str
  offset:
    description:
      - How many packages of a list to skip.
    type: int
    default: 0
  limit:
    description:
      - How many packages of a list to return; V(-1) returns all of them.
    type: int
    default: -1
notes:
  - "Put C(no_log: true) on tasks that pass O(token) or O(app_secret)."
  - O(token) and the credentials are mutually exclusive. When C(module_defaults) set O(app_id) and O(app_secret),
    a task that passes O(token) sets them to V(null).
seealso:
  - module: commerceops.api.eqp_package
  - module: commerceops.api.eqp_session_token
'''

EXAMPLES = r'''
- name: Wait until version 1.2.0 is approved
  commerceops.api.eqp_package_info:
    token: "{{ eqp }}"
    sku: examplevendor/module-checkout-tweaks
    version: 1.2.0
  register: info
  until: info.package.eqp_status.overall in ['approved', 'released_to_store'] or 'rejected' in info.package.eqp_status.values()
  retries: 60
  delay: 60
  no_log: true

- name: Say why it was rejected
  ansible.builtin.debug:
    msg: "{{ info.summary }}"
  when: info.summary | length > 0

- name: List the packages whose technical review was rejected, newest first
  commerceops.api.eqp_package_info:
    token: "{{ eqp }}"
    filters:
      technical: rejected
    sort: -modified_at
  register: rejected
  no_log: true
'''

RETURN = r'''
packages:
  description: The packages found, as the API returns them. Empty when none matched.
  returned: always
  type: list
  elements: dict
  sample: [{"submission_id": "f4eacd72be", "sku": "examplevendor/module-checkout-tweaks", "version": "1.2.0",
            "eqp_status": {"overall": "approved", "technical": "approved", "marketing": "approved"}}]
total:
  description: How many packages matched in all (the C(X-Total-Count) of a list), whatever O(limit) returned.
  returned: always
  type: int
  sample: 1
package:
  description:
    - The one package asked for (by O(submission_id), O(item_id), or O(sku) and O(version)). V(null) when it does not exist.
    - When a version has several copies, the one that was submitted, else the latest modified.
  returned: when one package was asked for
  type: dict
  sample: {"submission_id": "f4eacd72be", "eqp_status": {"overall": "draft", "technical": "rejected", "marketing": "draft"}}
test_runs:
  description: The test runs of the package's reviews (the C(/status) answer).
  returned: when one package was asked for
  type: list
  elements: dict
  sample: [{"tool_run_id": "7f3a9c2e11b04d85", "name": "Coding Standard", "status": "fail", "date": "2026-01-05 10:00:00",
            "summary": "Class names must be in PascalCase"}]
summary:
  description: One line naming the failed test runs and what they said. Empty when none failed.
  returned: when one package was asked for
  type: str
  sample: "Coding Standard failed on 2026-01-05 10:00:00: Class names must be in PascalCase"
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.commerceops.api.plugins.module_utils.eqp_auth import AUTH_ARGS, EqpAuth, narrow_token_masking
from ansible_collections.commerceops.api.plugins.module_utils.eqp_package_query import check_query, query_packages
from ansible_collections.commerceops.api.plugins.module_utils.token_module import USER_ERRORS, fail, warn_if_unverified

QUERY_ARGS = dict(
    submission_id=dict(type='str'),
    item_id=dict(type='str'),
    sku=dict(type='str'),
    version=dict(type='str'),
    filters=dict(type='dict'),
    sort=dict(type='str'),
    offset=dict(type='int', default=0),
    limit=dict(type='int', default=-1),
)

ARGUMENT_SPEC = dict(AUTH_ARGS, **QUERY_ARGS)


def main():
    module = AnsibleModule(
        argument_spec=ARGUMENT_SPEC,
        mutually_exclusive=[('submission_id', 'item_id', 'sku', 'filters')],
        required_by={'version': 'sku'},
        supports_check_mode=True,
    )
    narrow_token_masking(module)
    params = module.params
    query = dict((name, params[name]) for name in QUERY_ARGS)
    auth = None
    try:
        auth = EqpAuth(params)
        check_query(sku=query['sku'], version=query['version'], filters=query['filters'], offset=query['offset'], limit=query['limit'])
        result = query_packages(auth.connect(), **query)
    except USER_ERRORS as error:
        fail(module, error, auth.secrets() if auth else [params['app_secret']])
    warn_if_unverified(module)
    module.exit_json(changed=False, **result)


if __name__ == '__main__':
    main()
