#!/usr/bin/python
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: eqp_package
short_description: Create, update, submit and recall a Commerce Marketplace EQP package version
version_added: 0.1.0
description:
  - Makes one version of an extension on the Commerce Marketplace (EQP API v1) match the task
    as a draft, a submitted package or a recalled one.
  - Looks before it writes. It finds the package by O(item_id), else by O(sku) and O(version), and never
    creates a second copy of a version. It never submits a review that is running or has passed.
  - Files are uploaded only when they are new or changed. The MD5 of each local file is compared with the
    C(file_hash) of the file the package links now. The module waits for the malware scan of every upload.
  - Saves only the package fields that differ, then submits the reviews in O(reviews) that are in draft, or were
    rejected or recalled.
  - A package whose review is running accepts only a recall. A field whose reviews all passed is not
    changed any more. Such differences are reported as warnings and left alone.
  - A re-run of the same task reports C(changed=false).
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
      - Check mode sends GET requests only. It obtains a token when credentials are given.
      - RV(actions) lists what would be done.
  diff_mode:
    description: Returns details on what has changed, or would change, in diff mode.
    support: full
    details:
      - The diff holds the package fields that change, the MD5 of files that change, and review statuses.
  platform:
    description: Where the module can run.
    support: full
    platforms: posix
  action_group:
    description: Use C(group/commerceops.api.eqp) or C(group/commerceops.api.all) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - commerceops.api.eqp
      - commerceops.api.all
options:
  sku:
    description:
      - The package name, C(vendor_name/package_name) in lower case (composer rules).
      - When left out, the C(name) in the C(composer.json) of O(artifact) is used, as the server does.
      - One of O(sku), O(item_id) or such an artifact is required to find the package.
    type: str
  version:
    description:
      - The version of the package, for example C(1.0.0).
    type: str
    required: true
  item_id:
    description:
      - Your own id of this package version, unique across your packages. When given, it finds the package first.
    type: str
  state:
    description:
      - C(draft) saves the package without submitting it.
      - C(submitted) saves it and submits the reviews of O(reviews).
      - C(recalled) recalls the reviews of O(reviews) that are running. It uploads and changes nothing else.
    type: str
    choices: [draft, submitted, recalled]
    default: submitted
  reviews:
    description:
      - The reviews that O(state=submitted) submits and O(state=recalled) recalls.
    type: list
    elements: str
    choices: [technical, marketing]
    default: [technical, marketing]
  artifact:
    description:
      - Path of the extension zip, checked to be a zip archive. Required to submit the technical review.
    type: path
  documentation:
    description:
      - Paths of PDF guides. C(user) is required to submit a review.
      - Guides that are left out stay as the package has them.
    type: dict
    suboptions:
      user:
        description: The user guide.
        type: path
      installation:
        description: The installation guide.
        type: path
      reference:
        description: The reference manual.
        type: path
  media:
    description:
      - Images of the store page, PNG, JPEG or GIF, checked by their content.
      - The marketing review needs an icon and at least one gallery image.
    type: dict
    suboptions:
      icon:
        description: The icon.
        type: path
      gallery:
        description: The gallery images, in order. When given, the gallery holds exactly these.
        type: list
        elements: path
  metadata:
    description:
      - The package's own fields as the API names them, for example C(name), C(type), C(platform),
        C(short_description), C(long_description), C(release_notes), C(version_compatibility), C(categories),
        C(license_type), C(custom_license_name), C(custom_license_url), C(price), C(launch_on_approval).
      - Only fields given here are compared and written. A field set to V(null) is left as it is.
      - C(type) defaults to C(extension) and C(platform) to C(M2) when the package is created.
      - A draft needs C(name) and C(long_description). The technical review needs C(release_notes) and
        C(version_compatibility). The marketing review needs C(categories) and C(license_type).
    type: dict
  resubmit_rejected:
    description:
      - With O(state=submitted), submit a review of O(reviews) that was rejected again, with the files and fields of
        this task.
      - When V(false), a version with a rejected review is left as it is (see the notes).
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait for the malware scan of uploaded files, before submitting.
    type: int
    default: 300
  wait_interval:
    description:
      - Seconds before the second look at a scan that is not finished. Each later pause doubles, up to 15 seconds
        (with the default, looks come after 2, 4, 8, 15, 15... seconds).
      - Each change of a file's scan status is a line of RV(progress).
    type: float
    default: 2
  confirm_timeout:
    description:
      - Seconds to look for the result of a create, submit or recall whose answer was lost (a timeout, a connection
        closed after the request was sent, an HTTP 5xx other than 503). Such a request is never sent again.
      - The looks come 1, 2, 4, 8 and then every 15 seconds. When the result cannot be seen in time, the task fails
        and says what to check.
    type: int
    default: 60
notes:
  - "Put C(no_log: true) on tasks that pass O(token) or O(app_secret)."
  - O(token) and the credentials are mutually exclusive. When C(module_defaults) set O(app_id) and O(app_secret),
    a task that passes O(token) sets them to V(null).
  - "A rejected review is not submitted again by default: with a review of O(reviews) rejected, O(state=submitted)
    changes nothing (no upload, field or submit), returns the package as it is and warns. A fixed package is normally
    published as a new O(version). O(resubmit_rejected=true) uploads what changed and submits the rejected review of
    this version again."
  - A create, submit or recall whose outcome is unknown is never sent again. The module looks for its result for
    O(confirm_timeout) seconds instead. An HTTP 429 or 503, or a connection that was never made, means the server
    did not take the request. Such a request is sent again, up to O(retries) times, after a look for the package.
  - "Two controllers without a shared lock: after creating the version the module lists its copies. When another
    live copy exists, the first one is kept (a submitted copy, else the oldest, then the lowest C(submission_id)).
    The module cancels its own copy (C(canceled_by_developer)) and works on the kept one. A submit refused with
    item code 1409 or 1412 is checked the same way."
  - "What remains possible without O(item_id): two runs that create the same version within the same second, each
    checking before the other's copy exists, keep two drafts. The server refuses to submit the second one (1409),
    and the run that tries fails in one line. With O(item_id) the server refuses the second create (1410), so the
    version exists once. Give O(item_id) when several controllers may deploy at the same time."
seealso:
  - module: commerceops.api.eqp_package_info
  - module: commerceops.api.eqp_session_token
  - name: EQP packages API
    description: The vendor's documentation of the package endpoints.
    link: https://developer.adobe.com/commerce/marketplace/guides/eqp/v1/packages/
'''

EXAMPLES = r'''
- name: Obtain a session token
  commerceops.api.eqp_session_token:
  register: eqp
  no_log: true

- name: Submit version 1.2.0 for technical and marketing review
  commerceops.api.eqp_package:
    token: "{{ eqp }}"
    sku: examplevendor/module-checkout-tweaks
    version: 1.2.0
    artifact: dist/module-checkout-tweaks-1.2.0.zip
    documentation:
      user: docs/user-guide.pdf
      installation: docs/installation-guide.pdf
    media:
      icon: media/icon.png
      gallery:
        - media/screen-1.png
        - media/screen-2.png
    metadata:
      name: Checkout Tweaks
      short_description: Small checkout improvements
      long_description: "{{ lookup('ansible.builtin.file', 'docs/description.html') }}"
      release_notes: Fixes the coupon field on mobile.
      version_compatibility:
        - edition: CE
          versions: ["2.4"]
      categories:
        - //Extensions//Payments & Security//Checkout Enhancements
      license_type: mit
      price: 0
  register: submission
  no_log: true

- name: Save a draft only, with the credentials from the environment, and show what would change
  commerceops.api.eqp_package:
    state: draft
    sku: examplevendor/module-checkout-tweaks
    version: 1.3.0
    artifact: dist/module-checkout-tweaks-1.3.0.zip
    metadata:
      name: Checkout Tweaks
      long_description: Small checkout improvements.
  check_mode: true
  diff: true

- name: Recall the technical review
  commerceops.api.eqp_package:
    token: "{{ eqp }}"
    sku: examplevendor/module-checkout-tweaks
    version: 1.2.0
    state: recalled
    reviews: [technical]
  no_log: true
'''

RETURN = r'''
msg:
  description: One line saying what was done (or would be), or why nothing.
  returned: always
  type: str
  sample: "examplevendor/module-checkout-tweaks 1.2.0: upload artifact, create draft, submit technical review"
actions:
  description:
    - What was done, or would be done in check mode, in order. Empty when nothing changes.
    - "C(upload <file>) where <file> is C(artifact), C(documentation.user), C(media.icon), C(media.gallery[0]) and so on;
      C(create draft); C(cancel copy <submission_id>) (this run's copy of a version another run created at the same
      time); C(update draft); C(submit technical review); C(submit marketing review);
      C(recall technical review); C(recall marketing review)."
  returned: always
  type: list
  elements: str
  sample: ["upload artifact", "upload documentation.user", "create draft", "submit technical review"]
submission_id:
  description: The package's id on the server. V(null) when it does not exist (yet, in check mode).
  returned: always
  type: str
  sample: f4eacd72be
item_id:
  description: Your id of the package version, when it has one.
  returned: always
  type: str
  sample: checkout-tweaks-1.2.0
sku:
  description: The package name.
  returned: always
  type: str
  sample: examplevendor/module-checkout-tweaks
version:
  description: The package version.
  returned: always
  type: str
  sample: 1.2.0
eqp_status:
  description: The statuses of the package after the task. All V(null) when the package does not exist.
  returned: always
  type: dict
  contains:
    overall:
      description: C(draft), C(in_progress), C(approved), C(released_to_store), or a canceled or removed status.
      type: str
    technical:
      description: The technical review, for example C(in_automation), C(approved), C(rejected).
      type: str
    marketing:
      description: The marketing review, for example C(awaiting_marketing_review), C(approved), C(rejected).
      type: str
  sample: {"overall": "in_progress", "technical": "in_automation", "marketing": "awaiting_marketing_review"}
file_ids:
  description:
    - The C(file_upload_id) of each file the package links. In check mode a file that would be uploaded is V(null).
  returned: always
  type: dict
  contains:
    artifact:
      description: The extension zip.
      type: str
    documentation:
      description: The guides by kind (C(user), C(installation), C(reference)).
      type: dict
    media:
      description: C(icon) (a string) and C(gallery) (a list).
      type: dict
  sample: {"artifact": "5c11e656057b42.97931218.5", "documentation": {"user": "5c11e656057b43.12345678.6"},
           "media": {"icon": null, "gallery": []}}
package:
  description: The package as the API returns it (after the changes). V(null) when it does not exist.
  returned: always
  type: dict
  sample: {"submission_id": "f4eacd72be", "sku": "examplevendor/module-checkout-tweaks", "version": "1.2.0",
           "eqp_status": {"overall": "in_progress", "technical": "in_automation", "marketing": "awaiting_marketing_review"}}
diff:
  description: In diff mode, the fields, file MD5s (under C(files)) and review statuses (under C(eqp_status)) that change.
  returned: diff mode
  type: dict
  sample: {"before": {"release_notes": "First release"}, "after": {"release_notes": "Fixes the coupon field"}}
progress:
  description:
    - One line per change of state seen while waiting, with the seconds since the task started, for example the
      malware scan of each uploaded file going from C(in-progress) to C(pass).
    - When the task runs in the controller process, each line is also printed as it happens.
  returned: always
  type: list
  elements: str
  sample: ["   0s artifact (module-1.2.0.zip): malware scan in-progress", "   4s artifact (module-1.2.0.zip): malware scan pass"]
code:
  description: On failure, the item code of a package the server refused (for example C(1208)).
  returned: failure
  type: int
  sample: 1208
details:
  description: On failure, what the server listed as missing or wrong.
  returned: failure
  type: list
  elements: str
  sample: ["release_notes", "version_compatibility"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_auth import AUTH_ARGS, EqpAuth, narrow_token_masking
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_package_spec import STATES, DesiredPackage
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_package_status import REVIEWS
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_package_sync import PackageSync
from ansible_collections.commerceops.api.plugins.module_utils.core.token_module import USER_ERRORS, fail, token_cache, warn_if_unverified

ARGUMENT_SPEC = dict(
    AUTH_ARGS,
    sku=dict(type='str'),
    version=dict(type='str', required=True),
    item_id=dict(type='str'),
    state=dict(type='str', default='submitted', choices=list(STATES)),
    reviews=dict(type='list', elements='str', default=list(REVIEWS), choices=list(REVIEWS)),
    artifact=dict(type='path'),
    documentation=dict(type='dict', options=dict(
        user=dict(type='path'),
        installation=dict(type='path'),
        reference=dict(type='path'),
    )),
    media=dict(type='dict', options=dict(
        icon=dict(type='path'),
        gallery=dict(type='list', elements='path'),
    )),
    metadata=dict(type='dict'),
    wait_timeout=dict(type='int', default=300),
    wait_interval=dict(type='float', default=2.0),
    confirm_timeout=dict(type='int', default=60),
    resubmit_rejected=dict(type='bool', default=False),
)


def check_waits(params):
    if params['wait_timeout'] < 0:
        raise ValueError('wait_timeout must be 0 or more seconds, got %s' % params['wait_timeout'])
    if params['wait_interval'] <= 0:
        raise ValueError('wait_interval must be more than 0 seconds, got %s' % params['wait_interval'])
    if params['confirm_timeout'] < 0:
        raise ValueError('confirm_timeout must be 0 or more seconds, got %s' % params['confirm_timeout'])


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    narrow_token_masking(module)
    params = module.params
    auth = None
    try:
        auth = EqpAuth(params)
        desired = DesiredPackage.from_params(params)
        check_waits(params)
        resources = auth.connect()
        sync = PackageSync(resources, desired, check_mode=module.check_mode,
                           wait_timeout=params['wait_timeout'], wait_interval=params['wait_interval'],
                           confirm_timeout=params['confirm_timeout'])
        if module.check_mode:
            result = sync.run()
        else:
            # Two runs at once (a schedule and a person) must not both create the version: on this machine
            # the second waits here, then finds what the first did.
            with token_cache(params).exclusive(('eqp_package', resources.base_url, desired.sku or desired.item_id, desired.version)):
                result = sync.run()
    except USER_ERRORS as error:
        fail(module, error, auth.secrets() if auth else [params['app_secret']])
    for warning in result.pop('warnings'):
        module.warn(warning)
    diff = result.pop('diff')
    if module._diff:
        result['diff'] = diff
    warn_if_unverified(module)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
