# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bring one EQP package to the desired state: look, plan, upload, wait for the scans, save, submit or recall.

Looking uses GETs only; check mode stops there.

Writes whose outcome is unknown (see ``write_outcome``: no answer after sending, a timeout, a 5xx
other than 503) are never sent again: the result is looked for, with backing-off looks, for
``confirm_timeout`` seconds, and the run fails saying what to check when it cannot be seen. Writes
the server refused without taking them (429, 503, a connection never made) are sent again after a
look, up to the client's ``retries``.

Two runs on two controllers share no lock. After creating a package the run lists the copies of the
version: when another live copy exists, the first one (a submitted copy first, else the oldest,
then the lowest ``submission_id``) is kept and the run cancels its own copy and goes on with that one.
A submit refused because the version is already submitted (1409) or in review (1412) is checked the
same way. What remains possible is written in the module documentation (notes).
"""

from __future__ import annotations

import time

from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_package_plan import PackagePlan, file_ids_of, linked_ids
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_package_status import (
    REVIEWS, choose, in_review, is_final, passed, running, settled, status_of,
)
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_resources import (
    API, FILES_PATH, PACKAGES_PATH, REFUSED, UNKNOWN, EqpItemError, write_outcome,
)
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_wait import Progress, Waiter, intervals

SCAN_DONE = ('pass', 'passed')
SCAN_WAITING = ('in-progress', 'in_progress', 'queued')
# Item code of a submit that came while files were still being scanned: the package was saved as a draft.
SCAN_PENDING = 1321
MAX_BACKOFF = 30.0
# The longest pause between two looks at an unfinished malware scan (the first is wait_interval, then doubled).
MAX_SCAN_INTERVAL = 15.0
# Seconds to look for the result of a write whose answer was lost (the module's confirm_timeout).
CONFIRM_TIMEOUT = 60
# Item codes that say another package or run got there first.
DUPLICATE_ITEM_ID = 1410
ALREADY_SUBMITTED = 1409
IN_REVIEW = 1412


def submitted_first(package):
    """Sort key of the copy of a version that every run keeps: submitted first, then oldest, then lowest id."""
    status = status_of(package)
    submitted = status['overall'] != 'draft' or any(status[review] != 'draft' for review in REVIEWS)
    return (0 if submitted else 1, str(package.get('created_at') or ''), str(package.get('submission_id') or ''))


class Restart(Exception):
    """This run's package copy lost to another run's: plan again against the copy that is kept."""


class PackageSync:
    """One run of the package module, on an EqpResources client."""

    def __init__(self, resources, desired, check_mode=False, wait_timeout=300, wait_interval=2.0, clock=None, sleep=None,
                 confirm_timeout=CONFIRM_TIMEOUT):
        self.resources = resources
        self.desired = desired
        self.check_mode = check_mode
        self.wait_timeout = float(wait_timeout)
        self.wait_interval = float(wait_interval)
        self.confirm_timeout = float(confirm_timeout)
        self.clock = clock or time.time
        self.sleep = sleep or time.sleep
        self.warnings = []
        self.progress = Progress(self.clock)
        # Actions done by a first attempt that lost a race to another run (see Restart).
        self.done_before = []

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
        pauses = intervals(self.wait_interval, max(self.wait_interval, MAX_SCAN_INTERVAL))
        while pending:
            waiting = []
            listed = self._listed_files(pending)
            for slot, file_upload_id, filename in pending:
                view = listed.get(file_upload_id) or self.resources.file(file_upload_id)
                if view is None:
                    if strict:
                        raise self._scan_error(slot, filename, file_upload_id, 'cannot be checked: the server does not know the file',
                                               'upload it again')
                    continue
                status = str(view.get('malware_status') or '').lower()
                if strict:
                    # Our own uploads: one progress line per change of their scan status.
                    self.progress.note(('scan', file_upload_id), status, '%s (%s): malware scan %s'
                                       % (slot, filename or view.get('filename') or file_upload_id, status or 'unknown'))
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
            self.sleep(min(next(pauses), left))
            pending = waiting
        return views

    def _listed_files(self, pending):
        """``{file_upload_id: view}`` of the pending files from one list call when there are several of them
        (a file not in the list, or listed without its scan status, is then read on its own)."""
        if len(pending) < 2:
            return {}
        files, _total = self.resources.files()
        wanted = set(item[1] for item in pending)
        return dict((view['file_upload_id'], view) for view in files
                    if isinstance(view, dict) and view.get('file_upload_id') in wanted and 'malware_status' in view)

    # writing ---------------------------------------------------------------------------------

    def _backoff(self, attempt):
        self.sleep(min(MAX_BACKOFF, max(self.wait_interval, 1.0) * (2 ** (attempt - 1))))

    def upload(self, local_files):
        """Upload in one request; ``{slot: file_upload_id}``."""
        if not local_files:
            return {}
        answers = self.resources.upload(local_files)
        return dict((local.slot, answer['file_upload_id']) for local, answer in zip(local_files, answers))

    def _lost(self, error, what, look, seen, check):
        """After a write whose outcome is unknown: look (never write again) until ``look()`` shows it.

        Returns what ``look`` found; raises an ApiError saying what to check when nothing shows within
        confirm_timeout.
        """
        waiter = Waiter(clock=self.clock, sleep=self.sleep, first=1.0)
        done, value, elapsed = waiter.poll(lambda: self._looked(look), self.confirm_timeout)
        if done:
            return value
        raise ApiError(api=API, url=error.url, status=error.status,
                       vendor_message='%s: %s; it was not sent again, because it may have reached the server, and %s was not '
                                      'seen within %g s' % (what, error.vendor_message or 'no answer', seen, self.confirm_timeout),
                       hint='%s before running again (a later run finds it if it appears); raise confirm_timeout or timeout '
                            'if the service is slow' % check,
                       environment=self.resources.environment, secrets=self.resources.client.secrets)

    @staticmethod
    def _looked(look):
        value = look()
        return value is not None, value

    def _created_by_other(self):
        """The package of this version saved by another run, or None (a look after a refused create)."""
        found = self.find()
        if found is not None:
            self.warnings.append('%s was created by another run meanwhile: package %s' % (self.desired.label(), found.get('submission_id')))
        return found

    def create(self, body):
        """POST the new package once; see the module docstring for lost answers and races. Returns its submission_id."""
        label = self.desired.label()
        attempt = 0
        while True:
            attempt += 1
            try:
                result = self.resources.create_package(body, what='creating %s' % label)
            except EqpItemError as error:
                # The server itself refused a second copy: item_id is unique per account (1410), and a version
                # that another run already submitted takes no new package (1409).
                duplicate = error.code == ALREADY_SUBMITTED or (error.code == DUPLICATE_ITEM_ID and self.desired.item_id is not None)
                if duplicate and self._created_by_other() is not None:
                    raise Restart() from None
                raise
            except ApiError as error:
                outcome = write_outcome(error)
                if outcome == UNKNOWN:
                    found = self._lost(error, 'creating %s' % label, self.find, 'the package',
                                       'list the versions of %s (eqp_package_info with sku and version, or the Developer Portal)' % label)
                    self.warnings.append('the answer to creating %s was lost, but the package exists: %s' % (label, found.get('submission_id')))
                    return found['submission_id']
                if outcome != REFUSED or attempt > self.resources.client.retries:
                    raise
                # Not taken by the server: send again, unless another run created it meanwhile.
                self._backoff(attempt)
                if self._created_by_other() is not None:
                    raise Restart() from None
                continue
            if not result.get('submission_id'):
                raise ApiError(api=API, url=self.resources.url(PACKAGES_PATH), status=None,
                               vendor_message='creating %s succeeded without a submission_id' % label,
                               environment=self.resources.environment, secrets=self.resources.client.secrets)
            return self._keep_first(result['submission_id'])

    def _copies(self):
        if not self.desired.sku:
            return []
        packages, _total = self.resources.packages_by_sku(self.desired.sku, self.desired.version)
        return [package for package in packages if isinstance(package, dict) and str(package.get('version')) == self.desired.version
                and not is_final(status_of(package)) and package.get('submission_id')]

    def _keep_first(self, submission_id, ours_only=False):
        """After creating ``submission_id``: when another run created the version too, keep the first copy.

        Returns ``submission_id`` when it is the one kept; else cancels it and raises Restart.
        """
        copies = self._copies()
        if len(copies) < 2 or not any(package['submission_id'] == submission_id for package in copies):
            return submission_id
        kept = min(copies, key=submitted_first)
        if kept['submission_id'] == submission_id:
            return submission_id
        self.resources.update_package(submission_id, {'action': {'overall': 'cancel'}},
                                      what='canceling the second copy %s of %s' % (submission_id, self.desired.label()))
        self.warnings.append('another run created %s at the same time: this run canceled its own copy %s and works on package %s'
                             % (self.desired.label(), submission_id, kept['submission_id']))
        self.done_before.append('create draft')
        self.done_before.append('cancel copy %s' % submission_id)
        raise Restart()

    def submit(self, submission_id, reviews, file_items, created=False):
        """Submit ``reviews``; while the server answers 1321 (scan not finished) wait and retry within wait_timeout."""
        what = 'submitting the %s review of %s' % (' and '.join(reviews), self.desired.label())
        action = dict((review, 'submit') for review in reviews)
        deadline = self.clock() + self.wait_timeout
        attempt = 0

        def submitted():
            package = self.resources.package(submission_id)
            return package if package is not None and all(settled(status_of(package), review) for review in reviews) else None

        while True:
            attempt += 1
            try:
                # Not idempotent: a repeated submit of a package now in review is refused (1412).
                result = self.resources.update_package(submission_id, {'action': action}, what=what,
                                                       allow=(200, SCAN_PENDING), idempotent=False)
            except EqpItemError as error:
                if error.code not in (ALREADY_SUBMITTED, IN_REVIEW):
                    raise
                self._raced(submission_id, reviews, created, error)
                return
            except ApiError as error:
                outcome = write_outcome(error)
                if outcome == UNKNOWN:
                    self._lost(error, what, submitted, 'the review running',
                               'read the package (eqp_package_info submission_id=%s)' % submission_id)
                    return
                if outcome != REFUSED or attempt > self.resources.client.retries:
                    raise
                self._backoff(attempt)
                if submitted() is not None:
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

    def _raced(self, submission_id, reviews, created, error):
        """A submit refused as already submitted (1409) or in review (1412): did another run get there first?

        The package itself now in review: another run submitted it, fine. Another live copy of the
        version submitted while ours (created by this run) is a draft: cancel ours and report that one.
        Anything else: the refusal stands.
        """
        package = self.resources.package(submission_id)
        if package is not None and all(settled(status_of(package), review) for review in reviews):
            self.warnings.append('%s was submitted by another run meanwhile' % self.desired.label())
            return
        if created and error.code == ALREADY_SUBMITTED:
            others = [copy for copy in self._copies() if copy['submission_id'] != submission_id]
            submitted = [copy for copy in others if in_review(status_of(copy)) or any(passed(status_of(copy), r) for r in REVIEWS)]
            if submitted:
                self._keep_first(submission_id)
        raise error

    def recall(self, submission_id, reviews):
        what = 'recalling the %s review of %s' % (' and '.join(reviews), self.desired.label())

        def recalled():
            package = self.resources.package(submission_id)
            return package if package is not None and not any(running(status_of(package), review) for review in reviews) else None

        try:
            self.resources.update_package(submission_id, {'action': dict((review, 'recall') for review in reviews)}, what=what,
                                          idempotent=False)
        except ApiError as error:
            outcome = write_outcome(error)
            if outcome == UNKNOWN:
                self._lost(error, what, recalled, 'the recall', 'read the package (eqp_package_info submission_id=%s)' % submission_id)
                return
            if outcome != REFUSED:
                raise
            self._backoff(1)
            if recalled() is None:
                self.resources.update_package(submission_id, {'action': dict((review, 'recall') for review in reviews)}, what=what,
                                              idempotent=False)

    # the run ---------------------------------------------------------------------------------

    def run(self):
        """One run; a first attempt that lost a race to another run's copy is planned again, once."""
        try:
            return self._run()
        except Restart:
            pass
        try:
            result = self._run(created_here=False)
        except Restart:
            raise ValueError('%s: another run is creating the same version at this moment; run again once it ended'
                             % self.desired.label()) from None
        result['changed'] = bool(self.done_before) or result['changed']
        result['actions'] = self.done_before + result['actions']
        return result

    def _run(self, created_here=True):
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
            self.submit(submission_id, plan.submits, referenced, created=plan.create and created_here)
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
            'progress': list(self.progress.lines),
        }
        return result
