# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bring one EQP package to the desired state: look, plan, upload, wait for the scans, save, submit or recall.

Looking uses GETs only; check mode stops there. A package POST is never repeated blindly: after an
answer that may hide a created package (no answer, 429, 5xx), the package is looked up again first.
"""

from __future__ import annotations

import time

from ansible_collections.commerceops.api.plugins.module_utils.errors import ApiError
from ansible_collections.commerceops.api.plugins.module_utils.eqp_package_plan import PackagePlan, file_ids_of, linked_ids
from ansible_collections.commerceops.api.plugins.module_utils.eqp_package_status import choose, is_final, settled, status_of
from ansible_collections.commerceops.api.plugins.module_utils.eqp_resources import API, FILES_PATH, ambiguous

SCAN_DONE = ('pass', 'passed')
SCAN_WAITING = ('in-progress', 'in_progress', 'queued')
# Item code of a submit that came while files were still being scanned: the package was saved as a draft.
SCAN_PENDING = 1321
MAX_BACKOFF = 30.0


class PackageSync:
    """One run of the package module, on an EqpResources client."""

    def __init__(self, resources, desired, check_mode=False, wait_timeout=300, wait_interval=2.0, clock=None, sleep=None):
        self.resources = resources
        self.desired = desired
        self.check_mode = check_mode
        self.wait_timeout = float(wait_timeout)
        self.wait_interval = float(wait_interval)
        self.clock = clock or time.time
        self.sleep = sleep or time.sleep
        self.warnings = []

    # looking ---------------------------------------------------------------------------------

    def find(self):
        """The package of this version: by item_id first, else by sku and version (``None`` if none)."""
        resources, desired = self.resources, self.desired
        if desired.item_id is not None:
            package = resources.package_by_item_id(desired.item_id)
            if package is not None:
                return package
        if not desired.sku:
            return None
        packages, _total = resources.packages_by_sku(desired.sku, desired.version)
        copies = [package for package in packages if isinstance(package, dict) and str(package.get('version')) == desired.version]
        chosen = choose(copies)
        alive = [package for package in copies if not is_final(status_of(package))]
        if len(alive) > 1:
            self.warnings.append('%d packages hold %s; working on %s' % (len(alive), desired.label(), chosen.get('submission_id')))
        return chosen

    def linked_files(self, package):
        """Views of the files the package links in the places this task manages, scans finished."""
        if package is None or self.desired.state == 'recalled':
            return {}
        managed = self.desired.files
        wanted = []
        for slot, file_upload_id in sorted(linked_ids(package).items()):
            in_gallery = slot.startswith('media.gallery[') and self.desired.gallery is not None
            if (slot in managed or in_gallery) and file_upload_id not in [item[1] for item in wanted]:
                wanted.append((slot, file_upload_id, None))
        # A linked file that failed its scan is simply replaced: only our own uploads fail the run.
        return self.wait_for_scans(wanted, strict=False)

    # waiting ---------------------------------------------------------------------------------

    def _scan_error(self, slot, filename, file_upload_id, text, hint):
        what = '%s (%s)' % (slot, ', '.join(part for part in (filename, 'file_upload_id %s' % file_upload_id) if part))
        return ApiError(api=API, url=self.resources.url('%s/%s' % (FILES_PATH, file_upload_id)), status=None,
                        vendor_message='the malware scan of %s %s' % (what, text), hint=hint,
                        environment=self.resources.environment, secrets=self.resources.client.secrets)

    def wait_for_scans(self, items, strict=True, deadline=None):
        """Poll files until their scans end; ``items`` are ``(slot, file_upload_id, filename)``.

        ``pass``/``passed`` is done, ``in-progress``/``queued`` waits up to wait_timeout, anything else
        fails (``strict``) or is returned as it is. Returns ``{file_upload_id: view}``.
        """
        deadline = self.clock() + self.wait_timeout if deadline is None else deadline
        views = {}
        pending = list(items)
        while pending:
            waiting = []
            for slot, file_upload_id, filename in pending:
                view = self.resources.file(file_upload_id)
                if view is None:
                    if strict:
                        raise self._scan_error(slot, filename, file_upload_id, 'cannot be checked: the server does not know the file',
                                               'upload it again')
                    continue
                status = str(view.get('malware_status') or '').lower()
                if status in SCAN_WAITING:
                    waiting.append((slot, file_upload_id, filename or view.get('filename')))
                    continue
                if status not in SCAN_DONE and strict:
                    raise self._scan_error(slot, filename or view.get('filename'), file_upload_id,
                                           'ended with status %r' % (view.get('malware_status'),),
                                           'the file was refused; check it and run again')
                views[file_upload_id] = view
            if not waiting:
                break
            left = deadline - self.clock()
            if left <= 0:
                slot, file_upload_id, filename = waiting[0]
                raise self._scan_error(slot, filename, file_upload_id, 'is still in progress after %g s' % self.wait_timeout,
                                       'raise wait_timeout')
            self.sleep(min(self.wait_interval, left))
            pending = waiting
        return views

    # writing ---------------------------------------------------------------------------------

    def _backoff(self, attempt):
        self.sleep(min(MAX_BACKOFF, max(self.wait_interval, 1.0) * (2 ** (attempt - 1))))

    def upload(self, local_files):
        """Upload in one request; ``{slot: file_upload_id}``."""
        if not local_files:
            return {}
        answers = self.resources.upload(local_files)
        return dict((local.slot, answer['file_upload_id']) for local, answer in zip(local_files, answers))

    def create(self, body):
        """POST the new package; after an ambiguous failure look again before posting again."""
        attempt = 0
        while True:
            attempt += 1
            try:
                result = self.resources.create_package(body, what='creating %s' % self.desired.label())
            except ApiError as error:
                if not ambiguous(error) or attempt > self.resources.client.retries:
                    raise
                # Give a request the server may still be working on time to land, then look.
                self._backoff(attempt)
                found = self.find()
                if found is not None:
                    self.warnings.append('the answer to creating %s was lost, but the package exists: %s'
                                         % (self.desired.label(), found.get('submission_id')))
                    return found['submission_id']
                continue
            if not result.get('submission_id'):
                raise ApiError(api=API, url=self.resources.url('/rest/v1/products/packages'), status=None,
                               vendor_message='creating %s succeeded without a submission_id' % self.desired.label(),
                               environment=self.resources.environment, secrets=self.resources.client.secrets)
            return result['submission_id']

    def submit(self, submission_id, reviews, file_items):
        """Submit ``reviews``; while the server answers 1321 (scan not finished) wait and retry within wait_timeout."""
        what = 'submitting the %s review of %s' % (' and '.join(reviews), self.desired.label())
        action = dict((review, 'submit') for review in reviews)
        deadline = self.clock() + self.wait_timeout
        attempt = 0
        while True:
            attempt += 1
            try:
                # Not idempotent: a repeated submit of a package now in review is refused (1412).
                result = self.resources.update_package(submission_id, {'action': action}, what=what,
                                                       allow=(200, SCAN_PENDING), idempotent=False)
            except ApiError as error:
                if not ambiguous(error) or attempt > self.resources.client.retries:
                    raise
                self._backoff(attempt)
                package = self.resources.package(submission_id)
                if package is not None and all(settled(status_of(package), review) for review in reviews):
                    return
                continue
            if result['code'] != SCAN_PENDING:
                return
            if self.clock() >= deadline:
                raise ApiError(api=API, url=self.resources.url('/rest/v1/products/packages/%s' % submission_id), status=None,
                               vendor_message='%s: the files were still being scanned for malware after %g s; the package is saved '
                                              'as a draft' % (what, self.wait_timeout),
                               hint='raise wait_timeout, or run again later', environment=self.resources.environment,
                               secrets=self.resources.client.secrets)
            self.wait_for_scans(file_items, deadline=deadline)
            self.sleep(min(self.wait_interval, max(0.0, deadline - self.clock())))

    def recall(self, submission_id, reviews):
        action = dict((review, 'recall') for review in reviews)
        self.resources.update_package(submission_id, {'action': action},
                                      what='recalling the %s review of %s' % (' and '.join(reviews), self.desired.label()))

    # the run ---------------------------------------------------------------------------------

    def run(self):
        current = self.find()
        plan = PackagePlan(self.desired, current, self.linked_files(current))
        self.warnings.extend(plan.warnings)
        if self.check_mode or not plan.changed:
            return self.result(plan, current, plan.file_ids())
        uploaded = self.upload(plan.uploads)
        names = dict((local.slot, local.filename) for local in plan.uploads)
        self.wait_for_scans([(slot, file_upload_id, names[slot]) for slot, file_upload_id in uploaded.items()])
        submission_id = current.get('submission_id') if current is not None else None
        if plan.create:
            submission_id = self.create(plan.body(uploaded))
        elif plan.writes:
            self.resources.update_package(submission_id, plan.body(uploaded), what='updating %s' % self.desired.label())
        if plan.submits:
            referenced = [(slot, file_upload_id, names.get(slot)) for slot, file_upload_id in sorted(plan.file_ids(uploaded).items())
                          if file_upload_id]
            self.submit(submission_id, plan.submits, referenced)
        if plan.recalls:
            self.recall(submission_id, plan.recalls)
        package = self.resources.package(submission_id) or current
        return self.result(plan, package, linked_ids(package))

    def result(self, plan, package, ids):
        package = package if isinstance(package, dict) else None
        status = status_of(package) if package is not None else dict.fromkeys(('overall', 'technical', 'marketing'))
        result = {
            'changed': plan.changed,
            'actions': plan.actions,
            'msg': plan.summary(),
            'submission_id': package.get('submission_id') if package else None,
            'item_id': package.get('item_id', self.desired.item_id) if package else self.desired.item_id,
            'sku': (package or {}).get('sku') or self.desired.sku,
            'version': self.desired.version,
            'eqp_status': status,
            'file_ids': file_ids_of(ids),
            'package': package,
            'diff': plan.diff,
            'warnings': list(self.warnings),
        }
        return result
