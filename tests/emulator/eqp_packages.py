# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Packages of one EQP environment: checks of a save, the review pipeline, list queries.

Choices of ours, where the contract leaves them open:

Item codes (a batch item's ``code``; a single PUT also uses them as its HTTP body):

====  ===================================================================================
1201  a draft minimum field is missing (``type``, ``platform``, ``name``, ``version``,
      ``long_description``), or a batch PUT item has no ``submission_id``
1202  a field has the wrong type or value (draft saves run only these checks), bad ``action``
1208  "Insufficient information for Technical Submission" (``details`` lists what is missing;
      this includes ``sku`` when none is given and none can be read from composer.json)
1209  "Insufficient information for Marketing Submission" (``details`` lists what is missing)
1210  ``sku`` is not ``vendor_name/package_name`` (composer package name rules, lower case)
1320  a referenced ``file_upload_id`` is unknown
1321  submit asked while a referenced file is still being scanned: saved as draft
1322  a referenced file failed the malware scan
1404  no package with this ``submission_id``
1409  "Version already submitted": the (sku, version) exists in another package outside
      ``draft``, or this package's technical review is already approved
1410  ``item_id`` already used (by a stored package or earlier in the same POST)
1411  another package already has this ``name`` (the same name is allowed for a new
      version of the same ``sku``)
1412  the package is in review: only ``recall`` is accepted
1413  the package is released: only marketing fields and a marketing submit are accepted
1414  the package was canceled or removed; or ``remove`` of an unreleased package /
      ``cancel`` of a released one
====  ===================================================================================

File references: ``artifact``, ``documentation_artifacts`` (e.g. ``{"user": {...}}``) and
``media_artifacts`` (``icon_image`` object, ``gallery_images`` list) hold objects with a
``file_upload_id``. Fields the emulator does not know are stored and returned unchanged.

Pipeline: every ``review_step_seconds`` of emulated time (read at request time, computed lazily
when a package is read) moves technical ``in_automation -> approved`` and marketing
``awaiting_marketing_review -> in_marketing_review -> approved``. Overall is derived:
``in_progress`` while a review runs; ``approved`` once technical is approved and marketing is
approved or was never submitted; one step later ``released_to_store`` when the package has
``launch_on_approval: true`` (released stays released); ``draft`` otherwise, which includes
a rejected or recalled review with nothing else running. The test runs of ``/status`` are
``in_progress`` while the review runs, then ``pass``, ``fail`` (with a ``summary``) or
``canceled`` (recall). Tools are ``phpcs``, ``phpcpd`` and ``varnish`` (technical) and ``marketing``.
The runtime setting ``fail_tools`` (a list of those names, default empty) makes the review of a
named tool end ``rejected`` where it would have passed: that run ends ``fail`` with the failing report
of eqp_reports.py, the other runs ``pass``. The test hook's rejection fails ``phpcs`` (technical) or
``marketing``, with its summary as the first message of the report.
"""

import random
import re
import time

from .eqp_reports import report as tool_report

TYPES = ('extension', 'theme', 'shared_package')
EDITIONS = ('CE', 'EE', 'ECE')
LICENSES = ('afl', 'apache', 'bsd', 'gnu-gpl', 'gnu-lgpl', 'mit', 'mozilla', 'osl', 'custom')
REVIEWS = ('technical', 'marketing')
TECH_PIPELINE = ('in_automation', 'awaiting_manual_qa', 'in_manual_qa')
MKT_PIPELINE = ('awaiting_marketing_review', 'in_marketing_review')
FINAL = ('canceled_by_developer', 'canceled_by_admin', 'developer_removed_from_store', 'admin_removed_from_store')
DRAFT_MINIMUM = ('type', 'platform', 'name', 'version', 'long_description')
TECHNICAL_FIELDS = frozenset(('type', 'platform', 'version', 'sku', 'artifact', 'version_compatibility', 'release_notes'))
# The tool names of the vendor's "Test results" page; every run of one review round shares its tool_run_id.
TOOLS = ('phpcs', 'phpcpd', 'varnish')
MARKETING_RUN = 'marketing'
# Composer's package name rule, which the marketplace SKU follows.
SKU_PATTERN = re.compile(r'^[a-z0-9]([_.-]?[a-z0-9]+)*/[a-z0-9](([_.]?|-{0,2})[a-z0-9]+)*$')
MISSING = object()


class ItemError(Exception):
    """One failed batch item."""

    def __init__(self, code, message, details=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


def timestamp(epoch):
    return time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(epoch))


def present(value):
    return value is not None and value != '' and value != [] and value != {}


def file_id(value):
    """The file_upload_id of a file reference object, or None."""
    if isinstance(value, dict) and isinstance(value.get('file_upload_id'), str) and value['file_upload_id']:
        return value['file_upload_id']
    return None


def referenced_files(fields):
    found = []

    def walk(value):
        if isinstance(value, dict):
            if file_id(value) and value['file_upload_id'] not in found:
                found.append(value['file_upload_id'])
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    for key in ('artifact', 'documentation_artifacts', 'media_artifacts'):
        walk(fields.get(key))
    return found


def check_types(fields):
    """The only checks of a draft save: right types and known values; raises 1202."""
    def bad(name):
        raise ItemError(1202, 'Invalid value for %s' % name)

    for key in ('name', 'version', 'long_description', 'short_description', 'release_notes', 'sku',
                'custom_license_name', 'custom_license_url'):
        if fields.get(key) is not None and not isinstance(fields[key], str):
            bad(key)
    if fields.get('type') is not None and fields['type'] not in TYPES:
        bad('type')
    if fields.get('platform') is not None and fields['platform'] != 'M2':
        bad('platform')
    if fields.get('license_type') is not None and fields['license_type'] not in LICENSES:
        bad('license_type')
    if fields.get('launch_on_approval') is not None and not isinstance(fields['launch_on_approval'], bool):
        bad('launch_on_approval')
    compat = fields.get('version_compatibility')
    if compat is not None:
        if not isinstance(compat, list):
            bad('version_compatibility')
        for entry in compat:
            if (not isinstance(entry, dict) or entry.get('edition') not in EDITIONS or not isinstance(entry.get('versions'), list)
                    or not all(isinstance(version, str) for version in entry['versions'])):
                bad('version_compatibility')
    categories = fields.get('categories')
    if categories is not None and (not isinstance(categories, list) or not all(isinstance(c, str) for c in categories)):
        bad('categories')
    for key in ('artifact', 'documentation_artifacts', 'media_artifacts'):
        if fields.get(key) is not None and not isinstance(fields[key], dict):
            bad(key)
    if isinstance(fields.get('artifact'), dict) and fields['artifact'] and not file_id(fields['artifact']):
        bad('artifact')


def technical_gaps(fields):
    gaps = [key for key in ('type', 'platform', 'version', 'release_notes', 'version_compatibility') if not present(fields.get(key))]
    if not file_id(fields.get('artifact')):
        gaps.append('artifact')
    if not file_id((fields.get('documentation_artifacts') or {}).get('user')):
        gaps.append('documentation_artifacts.user')
    return gaps


def marketing_gaps(fields):
    gaps = [key for key in ('name', 'long_description', 'documentation_artifacts', 'license_type') if not present(fields.get(key))]
    categories = fields.get('categories') or []
    if not 1 <= len(categories) <= 3 or not all(category.startswith('//') for category in categories):
        gaps.append('categories')
    media = fields.get('media_artifacts') or {}
    if not file_id(media.get('icon_image')):
        gaps.append('media_artifacts.icon_image')
    gallery = media.get('gallery_images')
    if not isinstance(gallery, list) or not gallery or not all(file_id(image) for image in gallery):
        gaps.append('media_artifacts.gallery_images')
    if fields.get('license_type') == 'custom':
        gaps.extend(key for key in ('custom_license_name', 'custom_license_url') if not present(fields.get(key)))
    return gaps


def parse_action(action):
    if action is None:
        action = {}
    if not isinstance(action, dict):
        raise ItemError(1202, 'Invalid value for action')
    parsed = {'technical': action.get('technical', 'draft'), 'marketing': action.get('marketing', 'draft'), 'overall': action.get('overall')}
    for review in REVIEWS:
        if parsed[review] not in ('draft', 'submit', 'recall'):
            raise ItemError(1202, 'Invalid value for action.%s' % review)
    if parsed['overall'] not in (None, 'remove', 'cancel'):
        raise ItemError(1202, 'Invalid value for action.overall')
    return parsed


def lookup(view, key):
    """A view's value for a filter or sort key: a field, a dotted path, or a status name."""
    if key in ('overall', 'technical', 'marketing'):
        return view['eqp_status'][key]
    value = view
    for part in key.split('.'):
        if not isinstance(value, dict) or part not in value:
            return MISSING
        value = value[part]
    return value


def as_text(value):
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if value is None:
        return 'null'
    return str(value)


def sort_key(value):
    if value is MISSING or value is None:
        return (0, 0, '')
    if isinstance(value, (int, float)):
        return (1, value, '')
    return (2, 0, as_text(value))


def filter_views(views, filters):
    """Keep views whose value equals one of the wanted values of every filter key."""
    return [view for view in views
            if all(lookup(view, key) is not MISSING and as_text(lookup(view, key)) in wanted for key, wanted in filters.items())]


def sort_views(views, spec):
    """Sort by ``-field,+field``; '+' arrives as a space when the client did not encode it."""
    for part in reversed((spec or '').split(',')):
        part = part.strip()
        if part.lstrip('+-'):
            views.sort(key=lambda view, key=part.lstrip('+-'): sort_key(lookup(view, key)), reverse=part.startswith('-'))
    return views


class Packages:
    """All packages of one environment, in creation order."""

    def __init__(self, ctx, files, setting):
        # Called with (event, update_info) on each review status change (eqp_callbacks.py).
        self.notify = None
        self.ctx = ctx
        self.files = files
        self.setting = setting
        self.records = {}
        self._random = random.SystemRandom()
        # tool_run_id of each review round: a number as text, as the vendor shows them.
        self._run_serial = 0

    # pipeline --------------------------------------------------------------------------------

    def step(self):
        return float(self.setting('review_step_seconds'))

    @staticmethod
    def in_pipeline(record):
        return record['technical'] in TECH_PIPELINE or record['marketing'] in MKT_PIPELINE

    def overall(self, record):
        if record['final']:
            return record['final']
        if record['released_at'] is not None:
            return 'released_to_store'
        if self.in_pipeline(record):
            return 'in_progress'
        if record['technical'] == 'approved' and record['marketing'] in ('approved', 'draft'):
            return 'approved'
        return 'draft'

    @staticmethod
    def _touch(record, when):
        record['modified_at'] = max(record['modified_at'], when)

    def _move(self, record, review, status, when):
        record[review] = status
        record[review + '_at'] = when
        self._touch(record, when)
        if self.notify is not None:
            self.notify('eqp_status_update', {
                'submission_id': record['submission_id'], 'item_id': record['item_id'], 'eqp_flow': review,
                'current_status': status, 'eqp_status': self.overall(record), 'modified_at': timestamp(when)})

    def failing(self, review):
        """The tools of a review that ``fail_tools`` makes fail."""
        wanted = self.setting('fail_tools') or []
        tools = TOOLS if review == 'technical' else (MARKETING_RUN,)
        return [tool for tool in tools if tool in wanted]

    def advance(self, record):
        """Apply every transition that is due on the emulated clock."""
        if record['final']:
            return
        now, step = self.ctx.now(), self.step()
        if record['technical'] == 'in_automation' and now >= record['technical_at'] + step:
            failing = self.failing('technical')
            started = record['technical_at']
            self._move(record, 'technical', 'rejected' if failing else 'approved', started + step)
            self._end_runs(record, 'technical', 'fail' if failing else 'pass', started + step, failing=failing)
        if record['marketing'] == 'awaiting_marketing_review' and now >= record['marketing_at'] + step:
            self._move(record, 'marketing', 'in_marketing_review', record['marketing_at'] + step)
        if record['marketing'] == 'in_marketing_review' and now >= record['marketing_at'] + step:
            failing = self.failing('marketing')
            started = record['marketing_at']
            self._move(record, 'marketing', 'rejected' if failing else 'approved', started + step)
            self._end_runs(record, 'marketing', 'fail' if failing else 'pass', started + step, failing=failing)
        if (self.overall(record) == 'approved' and record['fields'].get('launch_on_approval') is True):
            approved_at = max(record[review + '_at'] for review in REVIEWS if record[review] == 'approved')
            if now >= approved_at + step:
                record['released_at'] = approved_at + step
                self._touch(record, record['released_at'])

    def _start_review(self, record, review, now):
        self._move(record, review, 'in_automation' if review == 'technical' else 'awaiting_marketing_review', now)
        record['rounds'][review] += 1
        self._run_serial += 1
        for name in (TOOLS if review == 'technical' else (MARKETING_RUN,)):
            record['runs'].append({'tool_run_id': str(self._run_serial), 'name': name, 'status': 'in_progress',
                                   'date': now, 'review': review, 'round': record['rounds'][review]})

    def _end_runs(self, record, review, status, when, summary=None, failing=()):
        """Finish the runs of the latest round of a review; a failure shows on the ``failing`` runs
        (the first run when none is named)."""
        runs = [run for run in record['runs'] if run['review'] == review and run['round'] == record['rounds'][review]]
        if status == 'fail' and not failing and runs:
            failing = (runs[0]['name'],)
        for run in runs:
            failed = status == 'fail' and run['name'] in failing
            if status == 'fail':
                run['status'] = 'fail' if failed else 'pass'
            elif run['status'] == 'in_progress':
                run['status'] = status
            run['date'] = when
            if failed:
                run['summary'] = summary or self._summary(run['name'])
            else:
                run.pop('summary', None)
            if run['status'] in ('pass', 'fail'):
                run['report'] = tool_report(run['name'], record['fields'], run['status'], timestamp(when),
                                            summary if failed else None)

    @staticmethod
    def _summary(tool):
        return {'phpcs': 'Coding standard errors in 2 files', 'varnish': 'Installation failed at php bin/magento setup:di:compile',
                'phpcpd': 'Copy-pasted code found', 'marketing': 'The long description and the gallery images need changes'}.get(tool, 'Failed')

    def reject(self, record, review, summary):
        """The test hook: force a rejection of a review that was submitted; False if it was not."""
        self.advance(record)
        allowed = TECH_PIPELINE + ('approved',) if review == 'technical' else MKT_PIPELINE + ('approved',)
        if record['final'] or record['released_at'] is not None or record[review] not in allowed:
            return False
        now = self.ctx.now()
        self._move(record, review, 'rejected', now)
        self._end_runs(record, review, 'fail', now, summary)
        return True

    # views -----------------------------------------------------------------------------------

    def view(self, record):
        self.advance(record)
        view = dict(record['fields'])
        view.update({
            'submission_id': record['submission_id'],
            'eqp_status': self.status(record),
            'created_at': timestamp(record['created_at']),
            'modified_at': timestamp(record['modified_at']),
        })
        if record['item_id'] is not None:
            view['item_id'] = record['item_id']
        return view

    def status(self, record):
        return {'overall': self.overall(record), 'technical': record['technical'], 'marketing': record['marketing']}

    def runs(self, record):
        self.advance(record)
        shown = []
        for run in record['runs']:
            item = dict((key, value) for key, value in run.items() if key not in ('review', 'round', 'report'))
            item['date'] = timestamp(run['date'])
            shown.append(item)
        return shown

    def run_report(self, record, tool, tool_run_id):
        """The report of one finished run, or None."""
        self.advance(record)
        for run in record['runs']:
            if run['name'] == tool and run['tool_run_id'] == tool_run_id:
                return run.get('report')
        return None

    def by_item_id(self, item_id):
        """The package with this item_id, compared as text since it comes from a URL."""
        for record in self.records.values():
            if record['item_id'] is not None and as_text(record['item_id']) == item_id:
                return record
        return None

    # saves -----------------------------------------------------------------------------------

    def _result(self, record, code=200, message='Success'):
        self.advance(record)
        result = {'code': code, 'message': message, 'submission_id': record['submission_id'], 'eqp_status': self.status(record),
                  'created_at': timestamp(record['created_at']), 'modified_at': timestamp(record['modified_at'])}
        if record['item_id'] is not None:
            result['item_id'] = record['item_id']
        return result

    @staticmethod
    def _error(exc, item, submission_id=None):
        result = {'code': exc.code, 'message': exc.message}
        if isinstance(item, dict) and item.get('item_id') is not None:
            result['item_id'] = item['item_id']
        if submission_id is not None:
            result['submission_id'] = submission_id
        if exc.details:
            result['details'] = exc.details
        return result

    def create_batch(self, items):
        results, seen = [], set()
        for item in items:
            try:
                results.append(self.save(item, None, seen))
            except ItemError as exc:
                results.append(self._error(exc, item))
            if isinstance(item, dict) and isinstance(item.get('item_id'), (str, int)):
                seen.add(item['item_id'])
        return results

    def update(self, submission_id, item):
        record = self.records.get(submission_id) if isinstance(submission_id, str) else None
        try:
            if submission_id is None:
                raise ItemError(1201, 'Missing required field(s): submission_id')
            if record is None:
                raise ItemError(1404, 'Package not found: %s' % submission_id)
            return self.save(item, record)
        except ItemError as exc:
            return self._error(exc, item, submission_id if isinstance(submission_id, str) else None)

    def update_batch(self, items):
        return [self.update(item.get('submission_id') if isinstance(item, dict) else None, item) for item in items]

    def _new_record(self, now):
        submission_id = '%010x' % self._random.getrandbits(40)
        while submission_id in self.records:
            submission_id = '%010x' % self._random.getrandbits(40)
        return {'submission_id': submission_id, 'item_id': None, 'fields': {}, 'technical': 'draft', 'technical_at': now,
                'marketing': 'draft', 'marketing_at': now, 'final': None, 'released_at': None, 'created_at': now,
                'modified_at': now, 'runs': [], 'rounds': {'technical': 0, 'marketing': 0}}

    def _restricted(self, record, fields, item_id, action):
        """Refuse what a package in review, released, canceled or removed does not accept."""
        overall = self.overall(record)
        if overall in FINAL:
            raise ItemError(1414, 'The package was canceled or removed and accepts no change')
        changed = set(key for key, value in fields.items() if record['fields'].get(key) != value)
        if item_id is not None and item_id != record['item_id']:
            changed.add('item_id')
        if self.in_pipeline(record):
            if changed or 'submit' in (action['technical'], action['marketing']) or action['overall']:
                raise ItemError(1412, 'The package is in review: only recall is accepted')
        elif record['released_at'] is not None:
            if changed & TECHNICAL_FIELDS or action['technical'] == 'submit':
                raise ItemError(1413, 'The package is released: only marketing changes are accepted')
        if action['overall'] == 'cancel' and record['released_at'] is not None:
            raise ItemError(1414, 'A released package can be removed, not canceled')
        if action['overall'] == 'remove' and record['released_at'] is None:
            raise ItemError(1414, 'Only a released package can be removed')

    def _check_references(self, fields):
        waiting = False
        for file_upload_id in referenced_files(fields):
            record = self.files.get(file_upload_id)
            if record is None:
                raise ItemError(1320, 'Unknown file_upload_id: %s' % file_upload_id)
            status = self.files.status(record)
            if status == 'fail':
                raise ItemError(1322, 'File %s failed the malware scan' % file_upload_id)
            waiting = waiting or status != 'pass'
        return waiting

    def _derive(self, fields):
        """Take sku (and version when missing) from composer.json of a scanned artifact."""
        artifact = file_id(fields.get('artifact'))
        record = self.files.get(artifact) if artifact else None
        if present(fields.get('sku')) or record is None or self.files.status(record) != 'pass':
            return
        composer = self.files.composer(artifact) or {}
        if isinstance(composer.get('name'), str) and SKU_PATTERN.match(composer['name']):
            fields['sku'] = composer['name']
            if not present(fields.get('version')) and isinstance(composer.get('version'), str):
                fields['version'] = composer['version']

    def _check_unique(self, record, fields, item_id, seen):
        others = [other for other in self.records.values() if other is not record and not other['final']]
        name, sku = fields.get('name'), fields.get('sku')
        for other in others:
            if other['fields'].get('name') == name and (not sku or other['fields'].get('sku') != sku):
                hint = '; give its sku to add a version' if other['fields'].get('sku') and not sku else ''
                raise ItemError(1411, 'A package named "%s" already exists%s' % (name, hint))
        if item_id is not None and (item_id in seen or any(other['item_id'] == item_id for other in self.records.values() if other is not record)):
            raise ItemError(1410, 'Duplicate item_id: %s' % item_id)
        if sku and any(other['fields'].get('sku') == sku and other['fields'].get('version') == fields.get('version')
                       and self.overall(other) != 'draft' for other in others):
            raise ItemError(1409, 'Version already submitted')

    def save(self, item, record=None, seen=()):
        """Create (record None) or update one package; returns its result, raises ItemError."""
        if not isinstance(item, dict):
            raise ItemError(1202, 'Each package must be a JSON object')
        action = parse_action(item.get('action'))
        item_id = item.get('item_id')
        if item_id is not None and (isinstance(item_id, bool) or not isinstance(item_id, (str, int))):
            raise ItemError(1202, 'Invalid value for item_id')
        fields = dict((key, value) for key, value in item.items() if key not in ('action', 'submission_id', 'item_id'))
        if record is not None:
            self.advance(record)
            self._restricted(record, fields, item_id, action)
            if action['overall']:
                record['final'] = 'canceled_by_developer' if action['overall'] == 'cancel' else 'developer_removed_from_store'
                self._touch(record, self.ctx.now())
                return self._result(record)
            if self.in_pipeline(record):
                self._recall(record, action)
                return self._result(record)
        elif action['overall']:
            raise ItemError(1414, 'A new package cannot be canceled or removed')
        merged = dict(record['fields']) if record is not None else {}
        merged.update(fields)
        check_types(merged)
        missing = [key for key in DRAFT_MINIMUM if not present(merged.get(key))]
        if missing:
            raise ItemError(1201, 'Missing required field(s): %s' % ', '.join(missing))
        if present(merged.get('sku')) and not SKU_PATTERN.match(merged['sku']):
            raise ItemError(1210, 'Invalid SKU "%s": expected vendor_name/package_name' % merged['sku'])
        waiting = self._check_references(merged)
        self._derive(merged)
        self._check_unique(record, merged, item_id, seen)
        submits = [review for review in REVIEWS if action[review] == 'submit']
        if 'technical' in submits and record is not None and record['technical'] == 'approved':
            raise ItemError(1409, 'Version already submitted')
        if 'technical' in submits:
            gaps = technical_gaps(merged) + ([] if waiting or present(merged.get('sku')) else ['sku'])
            if gaps:
                raise ItemError(1208, 'Insufficient information for Technical Submission', gaps)
        if 'marketing' in submits and marketing_gaps(merged):
            raise ItemError(1209, 'Insufficient information for Marketing Submission', marketing_gaps(merged))

        now = self.ctx.now()
        if record is None:
            record = self._new_record(now)
            self.records[record['submission_id']] = record
        record['fields'] = merged
        if item_id is not None:
            record['item_id'] = item_id
        record['modified_at'] = max(record['modified_at'], now)
        for file_upload_id in referenced_files(merged):
            self.files.link(file_upload_id, record['submission_id'])
        if submits and waiting:
            return self._result(record, 1321, 'Saved as draft: the uploaded files are waiting for the malware check')
        for review in submits:
            self._start_review(record, review, now)
        return self._result(record)

    def _recall(self, record, action):
        now = self.ctx.now()
        pipelines = {'technical': TECH_PIPELINE, 'marketing': MKT_PIPELINE}
        for review in REVIEWS:
            if action[review] == 'recall' and record[review] in pipelines[review]:
                self._move(record, review, 'recalled', now)
                self._end_runs(record, review, 'canceled', now)
