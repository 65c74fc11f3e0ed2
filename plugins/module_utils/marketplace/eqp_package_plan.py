# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Desired package versus the package on the server: what to upload, create, update, submit or recall.

Pure logic, no request: ``PackagePlan(desired, current, linked)`` takes the DesiredPackage, the package
as the API returned it (or ``None``) and the views of the files it links (``{file_upload_id: view}``),
and decides. Rules, which follow the EQP contract and keep a re-run from changing anything:

- A linked file is kept when its ``file_hash`` (MD5) equals the local file's; anything else is uploaded.
- Only fields that differ are written; ``type`` and ``platform`` defaults apply to a new package only.
- While a review runs the package accepts only a recall: nothing else is written. A field belongs to the
  technical review, the marketing review or both; once every review it belongs to passed, it is not
  written either. Such differences become warnings.
- A review is submitted when it is asked for and its status is draft or recalled: never while it runs or
  after it passed, so a version is never submitted twice. A rejected review is submitted again only with
  ``resubmit_rejected``: otherwise the plan writes nothing at all (no upload, no field, no submit) and says
  so, because a fixed package is normally published as a new version and a re-run of a deployment must
  not quietly send a rejected version back to the reviewers.
- ``recalled`` recalls the asked-for reviews that run, and nothing else.
"""

from __future__ import annotations

from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_package_spec import CREATE_DEFAULTS, DOCUMENTATION_KINDS
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_package_status import (
    REVIEWS, SUBMITTABLE, SUBMITTED_STATUS, describe, in_review, is_final, passed, running, settled, status_of,
)
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_resources import file_ref

# Which reviews look at a field (the server's own split: a released package takes marketing changes only).
TECHNICAL_FIELDS = frozenset(('type', 'platform', 'version', 'sku', 'artifact', 'version_compatibility', 'release_notes'))
SHARED_FIELDS = frozenset(('documentation_artifacts', 'item_id'))
FILE_FIELDS = ('artifact', 'documentation_artifacts', 'media_artifacts')

SCAN_PASSED = ('pass', 'passed')


def field_reviews(field):
    if field in TECHNICAL_FIELDS:
        return ('technical',)
    if field in SHARED_FIELDS:
        return REVIEWS
    return ('marketing',)


def field_of(slot):
    """The package field that references the file of a slot."""
    if slot == 'artifact':
        return 'artifact'
    if slot.startswith('documentation.'):
        return 'documentation_artifacts'
    return 'media_artifacts'


def linked_ids(package):
    """``{slot: file_upload_id}`` of the files a package references."""
    package = package or {}
    ids = {}
    if file_ref(package.get('artifact')):
        ids['artifact'] = file_ref(package['artifact'])
    documentation = package.get('documentation_artifacts')
    if isinstance(documentation, dict):
        for kind, value in documentation.items():
            if file_ref(value):
                ids['documentation.%s' % kind] = file_ref(value)
    media = package.get('media_artifacts')
    if isinstance(media, dict):
        if file_ref(media.get('icon_image')):
            ids['media.icon'] = file_ref(media['icon_image'])
        gallery = media.get('gallery_images')
        for index, value in enumerate(gallery if isinstance(gallery, list) else ()):
            if file_ref(value):
                ids['media.gallery[%d]' % index] = file_ref(value)
    return ids


def _gallery_ids(ids):
    found = []
    index = 0
    while 'media.gallery[%d]' % index in ids:
        found.append(ids['media.gallery[%d]' % index])
        index += 1
    return found


def file_ids_of(ids):
    """The ``file_ids`` return value from ``{slot: file_upload_id}``."""
    documentation = dict((slot.split('.', 1)[1], value) for slot, value in ids.items() if slot.startswith('documentation.'))
    return {
        'artifact': ids.get('artifact'),
        'documentation': documentation,
        'media': {'icon': ids.get('media.icon'), 'gallery': _gallery_ids(ids)},
    }


def same_file(local, view):
    """Whether an uploaded file (its API view) holds the content of a LocalFile."""
    if not isinstance(view, dict) or str(view.get('malware_status', '')).lower() not in SCAN_PASSED:
        return False
    if view.get('file_hash'):
        return str(view['file_hash']).lower() == local.md5
    # The contract promises a hash once the scan passed; without one, size and name are the best evidence.
    return view.get('size') == local.size and view.get('filename') == local.filename


class PackagePlan:
    """The decisions for one package; see the module docstring for the rules."""

    def __init__(self, desired, current=None, linked=None):
        self.desired = desired
        self.current = current
        self.status = status_of(current) if current is not None else None
        self.linked = linked or {}
        self.current_ids = linked_ids(current)
        self.warnings = []
        self.uploads = []
        self.kept = {}
        self.changes = {}
        self.file_fields = []
        self.submits = []
        self.recalls = []
        self._locked_differences = []
        if current is not None:
            self._check_identity()
        if desired.state == 'recalled':
            self._plan_recall()
        elif current is not None and is_final(self.status):
            raise ValueError('package %s (%s) was canceled or removed and accepts no change'
                             % (current.get('submission_id'), desired.label()))
        elif self.held_rejected:
            self.warnings.append(self.rejected_text())
        else:
            self._plan_files()
            self._plan_fields()
            self._plan_submits()

    # identity --------------------------------------------------------------------------------

    def _check_identity(self):
        current, desired = self.current, self.desired
        submission_id = current.get('submission_id')
        if current.get('version') is not None and str(current['version']) != desired.version:
            raise ValueError('item_id %s is package %s of version %s, not %s: give each version its own item_id'
                             % (desired.item_id, submission_id, current['version'], desired.version))
        if desired.sku and current.get('sku') and current['sku'] != desired.sku:
            raise ValueError('item_id %s is package %s of sku %s, not %s' % (desired.item_id, submission_id, current['sku'], desired.sku))
        if desired.item_id is not None and current.get('item_id') is not None and str(current['item_id']) != desired.item_id:
            raise ValueError('%s is already package %s with item_id %s: pass that item_id or leave item_id out'
                             % (desired.label(), submission_id, current['item_id']))

    # decisions -------------------------------------------------------------------------------

    @property
    def held_rejected(self):
        """The asked-for reviews that were rejected and are not submitted again (no ``resubmit_rejected``)."""
        if self.current is None or self.desired.state != 'submitted' or self.desired.resubmit_rejected:
            return []
        return [review for review in self.desired.reviews if self.status[review] == 'rejected']

    def rejected_text(self):
        return ('the %s review of %s (package %s) was rejected; it is not submitted again: publish the fixed package as a new '
                'version, or set resubmit_rejected=true to submit this version again'
                % (' and '.join(self.held_rejected), self.desired.label(), self.current.get('submission_id')))

    @property
    def create(self):
        return self.current is None and self.desired.state != 'recalled'

    def locked(self, field):
        """Whether a field must not be written now (see the module docstring)."""
        if self.current is None:
            return False
        if in_review(self.status):
            return True
        return all(passed(self.status, review) for review in field_reviews(field))

    def _matches(self, local, file_upload_id):
        return file_upload_id is not None and same_file(local, self.linked.get(file_upload_id))

    def _plan_files(self):
        desired_files = self.desired.files
        pool = _gallery_ids(self.current_ids)
        for slot, local in desired_files.items():
            if slot.startswith('media.gallery['):
                match = next((file_id for file_id in pool if self._matches(local, file_id)), None)
                if match is not None:
                    pool.remove(match)
            else:
                current_id = self.current_ids.get(slot)
                match = current_id if self._matches(local, current_id) else None
            if match is not None:
                self.kept[slot] = match
            elif self.locked(field_of(slot)):
                self._locked_differences.append(slot)
            else:
                self.uploads.append(local)
        for field in FILE_FIELDS:
            slots = [slot for slot in desired_files if field_of(slot) == field]
            if not slots or self.locked(field):
                continue
            if self.create or any(local.slot in slots for local in self.uploads) or self._ids_moved(field):
                self.file_fields.append(field)

    def _ids_moved(self, field):
        """Whether kept files sit in other places than now (a reordered or shortened gallery)."""
        if field != 'media_artifacts' or self.desired.gallery is None:
            return False
        wanted = [self.kept.get('media.gallery[%d]' % index) for index in range(len(self.desired.gallery))]
        return wanted != _gallery_ids(self.current_ids)

    def _wanted_fields(self):
        desired = self.desired
        wanted = dict(CREATE_DEFAULTS) if self.create else {}
        wanted.update(desired.fields)
        if desired.sku:
            wanted['sku'] = desired.sku
        wanted['version'] = desired.version
        if desired.item_id is not None:
            wanted['item_id'] = desired.item_id
        return wanted

    def _plan_fields(self):
        current = self.current or {}
        differences = list(self._locked_differences)
        for field, value in self._wanted_fields().items():
            have = current.get(field, None)
            if field == 'item_id' and have is not None:
                have = str(have)
            if not self.create and have == value:
                continue
            if self.locked(field):
                differences.append(field)
            else:
                self.changes[field] = value
        if differences:
            self._warn_locked(differences)

    def _warn_locked(self, differences):
        names = ', '.join(differences)
        if in_review(self.status):
            self.warnings.append('%s is in review, %s: the differences in %s are not applied; recall it (state=recalled) to change them'
                                 % (self.desired.label(), describe(self.status), names))
        else:
            self.warnings.append('%s passed review, %s: the differences in %s are not applied; publish them as a new version'
                                 % (self.desired.label(), describe(self.status), names))

    def _plan_submits(self):
        if self.desired.state != 'submitted':
            return
        if self.current is None:
            self.submits = list(self.desired.reviews)
            return
        if in_review(self.status):
            waiting = [review for review in self.desired.reviews if not settled(self.status, review)]
            if waiting:
                self.warnings.append('the %s review of %s can be submitted once the running review ends'
                                     % (' and '.join(waiting), self.desired.label()))
            return
        self.submits = [review for review in self.desired.reviews if self.status[review] in SUBMITTABLE]

    def _plan_recall(self):
        if self.current is None or is_final(self.status):
            return
        self.recalls = [review for review in self.desired.reviews if running(self.status, review)]

    # what to send ----------------------------------------------------------------------------

    @property
    def writes(self):
        """Whether the package fields are saved (created or updated)."""
        return self.create or bool(self.changes) or bool(self.file_fields)

    @property
    def actions(self):
        actions = ['upload %s' % local.slot for local in self.uploads]
        if self.create:
            actions.append('create draft')
        elif self.writes:
            actions.append('update draft')
        actions.extend('submit %s review' % review for review in self.submits)
        actions.extend('recall %s review' % review for review in self.recalls)
        return actions

    @property
    def changed(self):
        return bool(self.actions)

    def file_ids(self, uploaded=None):
        """``{slot: file_upload_id}`` after the uploads (``None`` for a file not uploaded yet)."""
        ids = dict(self.current_ids)
        if 'media_artifacts' in self.file_fields and self.desired.gallery is not None:
            for slot in [slot for slot in ids if slot.startswith('media.gallery[')]:
                del ids[slot]
        # Fields that are not written keep what the package references now.
        ids.update((slot, file_id) for slot, file_id in self.kept.items() if field_of(slot) in self.file_fields)
        for local in self.uploads:
            ids[local.slot] = (uploaded or {}).get(local.slot)
        return ids

    def _file_field(self, field, ids):
        current = self.current or {}
        if field == 'artifact':
            return {'file_upload_id': ids['artifact']}
        if field == 'documentation_artifacts':
            value = dict(current.get(field) or {}) if isinstance(current.get(field), dict) else {}
            for kind in DOCUMENTATION_KINDS:
                if 'documentation.%s' % kind in self.desired.files:
                    value[kind] = {'file_upload_id': ids['documentation.%s' % kind]}
            return value
        value = dict(current.get(field) or {}) if isinstance(current.get(field), dict) else {}
        if self.desired.icon is not None:
            value['icon_image'] = {'file_upload_id': ids['media.icon']}
        if self.desired.gallery is not None:
            value['gallery_images'] = [{'file_upload_id': ids['media.gallery[%d]' % index]} for index in range(len(self.desired.gallery))]
        return value

    def body(self, uploaded=None):
        """The fields to POST (create) or PUT (update), file references pointing at ``uploaded`` ids."""
        ids = self.file_ids(uploaded)
        body = dict(self.changes)
        for field in self.file_fields:
            body[field] = self._file_field(field, ids)
        return body

    # reporting -------------------------------------------------------------------------------

    def _hash_of(self, file_upload_id):
        view = self.linked.get(file_upload_id) if file_upload_id else None
        return view.get('file_hash') if isinstance(view, dict) else None

    @property
    def diff(self):
        """``{before, after}`` of the fields, file hashes and review statuses that change."""
        current = self.current or {}
        before, after = {}, {}
        for field, value in sorted(self.changes.items()):
            if not self.create:
                before[field] = current.get(field)
            after[field] = value
        files_before, files_after = {}, {}
        for slot, local in self.desired.files.items():
            if field_of(slot) not in self.file_fields:
                continue
            old = self._hash_of(self.current_ids.get(slot))
            if old != local.md5:
                files_before[slot] = old
                files_after[slot] = local.md5
        if files_after:
            if not self.create:
                before['files'] = files_before
            after['files'] = files_after
        reviews_before, reviews_after = {}, {}
        for review in self.submits:
            reviews_before[review] = self.status[review] if self.status else None
            reviews_after[review] = SUBMITTED_STATUS[review]
        for review in self.recalls:
            reviews_before[review] = self.status[review]
            reviews_after[review] = 'recalled'
        if reviews_after:
            if self.current is not None:
                before['eqp_status'] = reviews_before
            after['eqp_status'] = reviews_after
        return {'before': before, 'after': after}

    def summary(self):
        """One line saying what was (or would be) done, or why nothing."""
        label = self.desired.label()
        if self.actions:
            return '%s: %s' % (label, ', '.join(self.actions))
        if self.current is None:
            return '%s does not exist: nothing to recall' % label
        if self.held_rejected:
            return '%s: nothing done, %s; %s' % (label, describe(self.status), self.rejected_text())
        if self.desired.state == 'recalled':
            return '%s has no review running, %s: nothing to recall' % (label, describe(self.status))
        return '%s: nothing to do, %s' % (label, describe(self.status))
