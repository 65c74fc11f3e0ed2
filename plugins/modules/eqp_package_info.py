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
  - Changes nothing. With O(wait_for) it waits for the review, one progress line per status change (RV(progress)).
author:
  - commerceops.api contributors (@commerceops)
extends_documentation_fragment:
  - commerceops.api.eqp_auth
  - commerceops.api.connection
  - commerceops.api.cache
  - commerceops.api.controller_path
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
  junit_path:
    description:
      - Write the test results of the one package asked for as a JUnit XML file at this path, where the module runs
        (the controller, for the collection's roles and playbooks). A CI system then shows each tool run as a test case
        with its messages.
      - One test suite for the submission, one test case per tool run. A failed run is a C(failure) with its messages,
        a run that has not finished is C(skipped).
      - Needs O(submission_id), O(item_id), or O(sku) and O(version). Not written in check mode.
    type: path
  wait_for:
    description:
      - Overall statuses to wait for, for example V([approved, released_to_store]). Needs one package (O(submission_id),
        O(item_id), or O(sku) and O(version)) and a O(wait_timeout).
      - The wait also ends when waiting can change nothing any more, a review was rejected, the package was
        canceled or removed, or no review runs. An approved package with C(launch_on_approval) is waited on when
        C(released_to_store) is in O(wait_for).
      - Running out of O(wait_timeout) is no failure. RV(timed_out) says it, and the package is returned as it is.
    type: list
    elements: str
  wait_timeout:
    description:
      - Longest wait for O(wait_for), in seconds. V(0) reads once.
    type: int
    default: 0
  wait_interval:
    description:
      - Seconds before the second look. Each later pause doubles, up to 60 seconds (with the default the looks come
        after 5, 10, 20, 40, 60, 60... seconds), so a quick change is seen quickly and a long review costs few requests.
    type: float
    default: 5
notes:
  - "Put C(no_log: true) on tasks that pass O(token) or O(app_secret)."
  - O(token) and the credentials are mutually exclusive. When C(module_defaults) set O(app_id) and O(app_secret),
    a task that passes O(token) sets them to V(null).
seealso:
  - module: commerceops.api.eqp_package
  - module: commerceops.api.eqp_session_token
'''

EXAMPLES = r'''
- name: Wait up to an hour until version 1.2.0 is approved (or rejected)
  commerceops.api.eqp_package_info:
    token: "{{ eqp }}"
    sku: examplevendor/module-checkout-tweaks
    version: 1.2.0
    wait_for: [approved, released_to_store]
    wait_timeout: 3600
  register: info
  no_log: true

- name: Show how the review went
  ansible.builtin.debug:
    msg: "{{ info.progress }}"

- name: Say why it was rejected
  ansible.builtin.debug:
    msg: "{{ info.summary }}"
  when: info.summary | length > 0

- name: Write the test results of a submission for the CI system
  commerceops.api.eqp_package_info:
    token: "{{ eqp }}"
    submission_id: "{{ submission.submission_id }}"
    junit_path: "{{ lookup('ansible.builtin.env', 'CI_PROJECT_DIR') }}/eqp-results.xml"
  no_log: true

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
test_results:
  description:
    - Each test run of the package's reviews with its report (the C(/status/<tool>/<tool_run_id>) answer), read into
      one shape. One request per finished run, except C(phpcpd), which has no report.
  returned: when one package was asked for
  type: list
  elements: dict
  contains:
    name:
      description: The tool, C(phpcs), C(phpcpd), C(varnish), C(marketing) or C(manual_qa).
      type: str
    status:
      description: C(pass), C(fail), C(error), C(in_progress) or another status of the run.
      type: str
    tool_run_id:
      description: The run id.
      type: str
    date:
      description: When the run ended (or started).
      type: str
    details:
      description:
        - C(phpcs) C(php_version), C(totals) (C(errors), C(warnings), C(fixable)) and C(messages) (C(file), C(line), C(column),
          C(type), C(message), C(source)), from the first failing PHP version.
        - C(varnish) C(environment), C(steps) and C(failing_step) (C(command) and the end of its C(output)).
        - C(marketing) and C(manual_qa) C(reasons), C(message) and C(attachment).
        - V(null) when the run has no report.
      type: dict
    messages:
      description: One line per problem, most important first (C(file:line) errors, the failing step, reasons).
      type: list
      elements: str
  sample: [{"name": "phpcs", "status": "fail", "tool_run_id": "8", "date": "2026-01-05 10:00:00",
            "details": {"php_version": "8.2.12", "totals": {"errors": 1, "warnings": 0, "fixable": 0},
                        "messages": [{"file": "Model/Thing.php", "line": 27, "column": 9, "type": "ERROR",
                                      "message": "The use of function var_dump() is discouraged", "source": "Magento2.Functions.DiscouragedFunction"}]},
            "messages": ["Model/Thing.php:27: ERROR The use of function var_dump() is discouraged"]}]
junit_path:
  description: The absolute path of the JUnit file written.
  returned: when O(junit_path) was given and the package exists
  type: str
  sample: /builds/vendor/module/eqp-results.xml
test_runs:
  description: The test runs of the package's reviews (the C(/status) answer).
  returned: when one package was asked for
  type: list
  elements: dict
  sample: [{"tool_run_id": "8", "name": "phpcs", "status": "fail", "date": "2026-01-05 10:00:00"}]
progress:
  description:
    - With O(wait_for), one line per status seen during the wait, with the seconds since the task started.
    - When the task runs in the controller process, each line is also printed as it happens.
  returned: when O(wait_for) was given
  type: list
  elements: str
  sample: ["   0s examplevendor/module-checkout-tweaks 1.2.0 (submission f4eacd72be): in_progress (technical in_automation,
           marketing awaiting_marketing_review)", "  95s examplevendor/module-checkout-tweaks 1.2.0 (submission f4eacd72be):
           approved (technical approved, marketing approved)"]
waited:
  description: With O(wait_for), the seconds waited.
  returned: when O(wait_for) was given
  type: int
  sample: 95
timed_out:
  description: With O(wait_for), whether O(wait_timeout) ran out before the wait ended.
  returned: when O(wait_for) was given
  type: bool
  sample: false
summary:
  description:
    - One line naming each failed test run with its first three messages (errors with file and line, the failing
      install step, the reviewers' reasons). Empty when none failed.
  returned: when one package was asked for
  type: str
  sample: "phpcs failed on 2026-01-05 10:00:00 (1 errors, 0 warnings): Model/Thing.php:27: ERROR The use of function var_dump() is discouraged"
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_auth import AUTH_ARGS, EqpAuth, narrow_token_masking
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_package_query import check_query, find_one, query_packages
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_review_wait import FIRST_INTERVAL, wait_for_review
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_test_results import write_junit
from ansible_collections.commerceops.api.plugins.module_utils.core.token_module import USER_ERRORS, fail, warn_if_unverified

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

WAIT_ARGS = dict(
    wait_for=dict(type='list', elements='str'),
    wait_timeout=dict(type='int', default=0),
    wait_interval=dict(type='float', default=FIRST_INTERVAL),
)

ARGUMENT_SPEC = dict(AUTH_ARGS, junit_path=dict(type='path'), **dict(WAIT_ARGS, **QUERY_ARGS))


def check_wait(params, single):
    """Checks of the wait options the argument spec cannot make; ValueError naming the option."""
    if params['wait_timeout'] < 0:
        raise ValueError('wait_timeout must be 0 or more seconds, got %s' % params['wait_timeout'])
    if params['wait_interval'] <= 0:
        raise ValueError('wait_interval must be more than 0 seconds, got %s' % params['wait_interval'])
    if params['wait_for'] is not None and not single:
        raise ValueError('wait_for needs one package: give submission_id, item_id, or sku and version')


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
        single = bool(query['submission_id'] or query['item_id'] or query['version'])
        if params['junit_path'] and not single:
            raise ValueError('junit_path needs one package: give submission_id, item_id, or sku and version')
        check_wait(params, single)
        resources = auth.connect()
        waited = None
        if params['wait_for'] is not None:
            waited = wait_for_review(lambda: find_one(resources, query['submission_id'], query['item_id'], query['sku'], query['version']),
                                     params['wait_for'], params['wait_timeout'], params['wait_interval'])
        result = query_packages(resources, **query)
        if waited is not None:
            result.update(progress=waited['progress'], waited=waited['waited'], timed_out=waited['timed_out'])
        if params['junit_path'] and result.get('package') and not module.check_mode:
            result['junit_path'] = write_junit(params['junit_path'], result['package'], result['test_results'])
    except USER_ERRORS as error:
        fail(module, error, auth.secrets() if auth else [params['app_secret']])
    warn_if_unverified(module)
    module.exit_json(changed=False, **result)


if __name__ == '__main__':
    main()
