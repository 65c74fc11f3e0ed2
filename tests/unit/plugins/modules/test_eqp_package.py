# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""eqp_package end to end on a fake EQP client: what is written, when, and what the result says."""

from __future__ import annotations

import hashlib
import json
import time
import zipfile

import pytest

from ansible.module_utils.common.parameters import PASS_VARS
from ansible.module_utils.testing import patch_module_args

from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_auth import EqpAuth
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_resources import EqpItemError
from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError
from ansible_collections.commerceops.api.plugins.modules import eqp_package as module

BASE_URL = 'http://127.0.0.1:18081'
UST = 'baGXoStRuR9VCDFQGZNzgNqbqu5WUwlr.cAxZJ9m22Le7'
SKU = 'examplevendor/module-demo'
PIPELINE_START = {'technical': 'in_automation', 'marketing': 'awaiting_marketing_review'}


class FakeClient:
    retries = 2
    secrets = {UST}


class FakeEqp:
    """An in-memory EQP account with the EqpResources interface; ``calls`` logs every request."""

    environment = 'sandbox'
    base_url = 'https://commercedeveloper-sandbox-api.adobe.com'
    client = FakeClient()

    def __init__(self):
        self.packages_by_id = {}
        self.files_by_id = {}
        self.calls = []
        # Looks at a file before its scan ends, per file name; and what it ends with.
        self.scan_polls = {}
        self.scan_result = {}
        self.answer_1321 = 0
        self.fail_next = {}
        self.serial = 0

    def url(self, path):
        return BASE_URL + path

    def _next_id(self, prefix):
        self.serial += 1
        return '%s%d' % (prefix, self.serial)

    def _fail(self, kind):
        error = self.fail_next.pop(kind, None)
        if error is not None:
            raise error

    def writes(self):
        return [call for call in self.calls if call[0] in ('upload', 'create', 'update')]

    # files

    def upload(self, local_files):
        self.calls.append(('upload', [local.slot for local in local_files]))
        answers = []
        for local in local_files:
            with open(local.path, 'rb') as stream:
                content = stream.read()
            file_id = self._next_id('file-')
            self.files_by_id[file_id] = {'filename': local.filename, 'content': content, 'content_type': local.content_type,
                                         'polls': self.scan_polls.get(local.filename, 0),
                                         'result': self.scan_result.get(local.filename, 'pass')}
            answers.append({'file_upload_id': file_id, 'filename': local.filename})
        return answers

    def file(self, file_upload_id):
        self.calls.append(('get file', file_upload_id))
        return self._file_view(file_upload_id)

    def files(self, offset=0, limit=-1):
        """The list call: every upload's view, each one a look at its scan."""
        self.calls.append(('list files',))
        views = [self._file_view(file_upload_id) for file_upload_id in sorted(self.files_by_id)]
        return views, len(views)

    def _file_view(self, file_upload_id):
        record = self.files_by_id.get(file_upload_id)
        if record is None:
            return None
        if record['polls'] > 0:
            record['polls'] -= 1
            status = 'in-progress'
        else:
            status = record['result']
        return {'file_upload_id': file_upload_id, 'filename': record['filename'], 'size': len(record['content']),
                'malware_status': status, 'file_hash': hashlib.md5(record['content']).hexdigest() if status == 'pass' else None}

    # packages

    def package(self, submission_id):
        self.calls.append(('get package', submission_id))
        record = self.packages_by_id.get(submission_id)
        return json.loads(json.dumps(record)) if record else None

    def package_by_item_id(self, item_id):
        self.calls.append(('get item', item_id))
        for record in self.packages_by_id.values():
            if str(record.get('item_id')) == str(item_id):
                return json.loads(json.dumps(record))
        return None

    def packages_by_sku(self, sku, version=None, sort=None, offset=0, limit=-1):
        self.calls.append(('get sku', sku, version))
        found = [json.loads(json.dumps(record)) for record in self.packages_by_id.values()
                 if record.get('sku') == sku and (version is None or record.get('version') == version)]
        return found, len(found)

    def packages(self, filters=None, sort=None, offset=0, limit=-1):
        self.calls.append(('list', filters, sort, offset, limit))
        found = list(self.packages_by_id.values())
        return found, len(found)

    def test_runs(self, submission_id):
        self.calls.append(('runs', submission_id))
        return self.packages_by_id[submission_id].get('_runs', [])

    def test_report(self, submission_id, tool, tool_run_id):
        self.calls.append(('report', submission_id, tool, tool_run_id))
        return self.packages_by_id[submission_id].get('_reports', {}).get((tool, tool_run_id))

    def create_package(self, item, what='', allow=(200,)):
        self.calls.append(('create', item))
        self._fail('create')
        submission_id = self._next_id('sub-')
        record = dict(item, submission_id=submission_id, eqp_status={'overall': 'draft', 'technical': 'draft', 'marketing': 'draft'})
        self.packages_by_id[submission_id] = record
        self._fail('create after saving')
        return {'code': 200, 'message': 'Success', 'submission_id': submission_id}

    def update_package(self, submission_id, fields, what='', allow=(200,), idempotent=None):
        self.calls.append(('update', submission_id, fields))
        self._fail('update')
        record = self.packages_by_id[submission_id]
        action = fields.get('action') or {}
        if 'submit' in action.values() and self.answer_1321:
            self.answer_1321 -= 1
            if 1321 not in allow:
                raise EqpItemError(1321, what, 'waiting for the malware check')
            return {'code': 1321, 'submission_id': submission_id}
        if action.get('overall') == 'cancel':
            record['eqp_status']['overall'] = 'canceled_by_developer'
            return {'code': 200, 'submission_id': submission_id}
        for review, verb in action.items():
            record['eqp_status'][review] = PIPELINE_START[review] if verb == 'submit' else 'recalled'
        status = record['eqp_status']
        running = status['technical'] == 'in_automation' or status['marketing'] == 'awaiting_marketing_review'
        status['overall'] = 'in_progress' if running else 'draft'
        record.update((key, value) for key, value in fields.items() if key != 'action')
        self._fail('update after saving')
        return {'code': 200, 'submission_id': submission_id}


@pytest.fixture
def fake(monkeypatch):
    eqp = FakeEqp()
    monkeypatch.setattr(EqpAuth, 'connect', lambda self: eqp)
    return eqp


@pytest.fixture
def files(tmp_path):
    paths = {}
    paths['zip'] = str(tmp_path / 'module.zip')
    with zipfile.ZipFile(paths['zip'], 'w') as archive:
        archive.writestr('composer.json', json.dumps({'name': SKU}))
    for name, content in (('user.pdf', b'%PDF-1.4 user'), ('user-v2.pdf', b'%PDF-1.4 user v2'), ('icon.png', b'\x89PNG\r\n\x1a\nicon'),
                          ('shot.png', b'\x89PNG\r\n\x1a\nshot')):
        (tmp_path / name).write_bytes(content)
        paths[name] = str(tmp_path / name)
    return paths


def token_dict(**extra):
    result = {'token': UST, 'api': 'eqp', 'base_url': BASE_URL, 'origin': BASE_URL,
              'principal': 'AQ17NZ49WC', 'expires_at': int(time.time()) + 3600, 'expires_in': 3600, 'mage_id': 'MAG123456789',
              'lifetime': 7200, 'environment': 'sandbox', 'changed': False,
              'invocation': {'module_args': {'retries': 3, 'timeout': 30, 'app_secret': 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'}}}
    result.update(extra)
    return result


def args(files, **given):
    values = dict(token=token_dict(), sku=SKU, version='1.0.0', artifact=files['zip'], documentation={'user': files['user.pdf']},
                  media={'icon': files['icon.png'], 'gallery': [files['shot.png']]},
                  metadata={'name': 'Demo', 'long_description': 'A demo.', 'release_notes': 'First.'}, wait_interval=0.001)
    values.update(given)
    return values


@pytest.fixture
def warned(monkeypatch):
    """The module's warnings, as it emits them (where they end up depends on the ansible-core version and context)."""
    texts = []
    monkeypatch.setattr(module.AnsibleModule, 'warn', lambda self, text: texts.append(text))
    return texts


# ansible-core 2.21 adds `invocation` only when asked to; older versions always do, and refuse the argument.
INJECT_INVOCATION = {'_ansible_inject_invocation': True} if 'inject_invocation' in PASS_VARS else {}


def run(capsys, arguments, check_mode=False, diff=False):
    arguments = dict(arguments, _ansible_check_mode=check_mode, _ansible_diff=diff, **INJECT_INVOCATION)
    with patch_module_args(arguments), pytest.raises(SystemExit):
        module.main()
    return json.loads(capsys.readouterr().out)


def test_create_upload_and_submit(fake, files, capsys):
    result = run(capsys, args(files, item_id='demo-1'))
    assert result['changed'] is True
    assert result['actions'] == ['upload artifact', 'upload documentation.user', 'upload media.icon', 'upload media.gallery[0]',
                                 'create draft', 'submit technical review', 'submit marketing review']
    assert result['eqp_status'] == {'overall': 'in_progress', 'technical': 'in_automation', 'marketing': 'awaiting_marketing_review'}
    assert result['submission_id'] == result['package']['submission_id']
    assert result['item_id'] == 'demo-1'
    assert result['file_ids']['artifact'] == result['package']['artifact']['file_upload_id']
    assert result['file_ids']['media']['gallery'] == [result['package']['media_artifacts']['gallery_images'][0]['file_upload_id']]
    assert 'diff' not in result
    assert [call[0] for call in fake.writes()] == ['upload', 'create', 'update']
    assert fake.writes()[2][2] == {'action': {'technical': 'submit', 'marketing': 'submit'}}
    created = fake.writes()[1][1]
    assert created['type'] == 'extension' and created['sku'] == SKU and created['item_id'] == 'demo-1'
    # One token only in the output: masked, never in clear; and nothing else of the token dict masked.
    text = json.dumps(result)
    assert UST not in text and '********' not in text
    shown = result['invocation']['module_args']['token']
    assert shown['token'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
    assert sorted(shown) == ['api', 'base_url', 'environment', 'expires_at', 'expires_in', 'lifetime', 'mage_id', 'origin',
                             'principal', 'token']
    assert shown['base_url'] == BASE_URL and shown['lifetime'] == 7200


def test_a_second_run_writes_nothing(fake, files, capsys):
    first = run(capsys, args(files))
    writes = len(fake.writes())
    second = run(capsys, args(files))
    assert second['changed'] is False and second['actions'] == []
    assert second['submission_id'] == first['submission_id']
    assert second['file_ids'] == first['file_ids']
    assert len(fake.writes()) == writes
    assert second['msg'].startswith('examplevendor/module-demo 1.0.0: nothing to do, in_progress')


def test_check_mode_only_reads(fake, files, capsys):
    result = run(capsys, args(files), check_mode=True, diff=True)
    assert result['changed'] is True
    assert result['actions'][-3:] == ['create draft', 'submit technical review', 'submit marketing review']
    assert result['package'] is None and result['submission_id'] is None
    assert result['file_ids'] == {'artifact': None, 'documentation': {'user': None}, 'media': {'icon': None, 'gallery': [None]}}
    assert result['diff']['before'] == {} and result['diff']['after']['name'] == 'Demo'
    assert fake.writes() == []


def test_a_changed_guide_uploads_only_itself(fake, files, capsys):
    first = run(capsys, args(files, state='draft'))
    fake.calls = []
    result = run(capsys, args(files, state='draft', documentation={'user': files['user-v2.pdf']}), diff=True)
    assert result['actions'] == ['upload documentation.user', 'update draft']
    assert fake.writes()[0] == ('upload', ['documentation.user'])
    assert fake.writes()[1][2] == {'documentation_artifacts': {'user': {'file_upload_id': result['file_ids']['documentation']['user']}}}
    assert result['file_ids']['artifact'] == first['file_ids']['artifact']
    assert result['diff']['before']['files']['documentation.user'] == hashlib.md5(b'%PDF-1.4 user').hexdigest()
    assert result['diff']['after']['files']['documentation.user'] == hashlib.md5(b'%PDF-1.4 user v2').hexdigest()


def test_scans_are_waited_for_before_the_package_is_saved(fake, files, capsys, monkeypatch):
    later = Later(fake)
    monkeypatch.setattr('ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_package_sync.time.sleep', later.sleep)
    monkeypatch.setattr('ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_package_sync.time.time', later.clock)
    fake.scan_polls['module.zip'] = 3
    result = run(capsys, args(files, state='draft', wait_interval=2))
    assert result['changed'] is True
    kinds = [call[0] for call in fake.calls]
    assert kinds.index('create') > max(index for index, kind in enumerate(kinds) if kind in ('get file', 'list files'))
    # The four new files are looked at with one list call; then only the zip, still scanning, on its own.
    assert [kind for kind in kinds if kind in ('get file', 'list files')] == ['list files'] + ['get file'] * 3
    # The pauses back off from wait_interval; one progress line per change of a file's scan status.
    assert later.sleeps == [2.0, 4.0, 8.0]
    assert result['progress'] == ['   0s artifact (module.zip): malware scan in-progress', '   0s documentation.user (user.pdf): malware scan pass',
                                  '   0s media.icon (icon.png): malware scan pass', '   0s media.gallery[0] (shot.png): malware scan pass',
                                  '  14s artifact (module.zip): malware scan pass']


def test_a_failed_scan_stops_before_the_package_is_saved(fake, files, capsys):
    fake.scan_result['user.pdf'] = 'fail'
    result = run(capsys, args(files))
    assert result['failed'] is True
    assert "the malware scan of documentation.user (user.pdf, file_upload_id file-2) ended with status 'fail'" in result['msg']
    assert [call[0] for call in fake.writes()] == ['upload']


def test_a_scan_that_outlasts_wait_timeout(fake, files, capsys):
    fake.scan_polls['module.zip'] = 10 ** 6
    result = run(capsys, args(files, wait_timeout=0))
    assert result['failed'] is True
    assert 'the malware scan of artifact (module.zip, file_upload_id file-1) is still in progress after 0 s (raise wait_timeout)' in result['msg']


def test_1321_is_waited_out(fake, files, capsys):
    fake.answer_1321 = 2
    result = run(capsys, args(files))
    assert result['changed'] is True
    submits = [call for call in fake.writes() if call[0] == 'update']
    assert len(submits) == 3
    assert result['eqp_status']['technical'] == 'in_automation'


def test_1321_beyond_wait_timeout_fails(fake, files, capsys):
    fake.answer_1321 = 10 ** 6
    result = run(capsys, args(files, wait_timeout=0))
    assert result['failed'] is True
    assert 'the files were still being scanned for malware after 0 s; the package is saved as a draft' in result['msg']


def test_a_lost_create_answer_is_looked_up_before_posting_again(fake, files, capsys, monkeypatch, warned):
    monkeypatch.setattr(module.PackageSync, '_backoff', lambda self, attempt: None)
    fake.fail_next['create after saving'] = ApiError(api='eqp', url=BASE_URL, status=None, vendor_message='timed out after 30 s')
    result = run(capsys, args(files))
    assert result['changed'] is True
    assert [call[0] for call in fake.writes()] == ['upload', 'create', 'update']
    assert len(fake.packages_by_id) == 1
    assert any('the answer to creating examplevendor/module-demo 1.0.0 was lost, but the package exists' in warning
               for warning in warned)


def test_a_create_the_server_did_not_take_is_posted_again(fake, files, capsys, monkeypatch):
    monkeypatch.setattr(module.PackageSync, '_backoff', lambda self, attempt: None)
    fake.fail_next['create'] = ApiError(api='eqp', url=BASE_URL, status=503, vendor_message='busy')
    result = run(capsys, args(files))
    assert result['changed'] is True
    assert [call[0] for call in fake.writes()] == ['upload', 'create', 'create', 'update']
    assert len(fake.packages_by_id) == 1


class Later:
    """A fake clock for the looks after a lost answer: sleeping advances it, and a package lands at ``land_at``."""

    def __init__(self, fake, land_at=None, record=None):
        self.now = 1000.0
        self.fake = fake
        self.land_at = land_at
        self.record = record
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds
        if self.land_at is not None and self.now >= self.land_at and self.record is not None:
            self.fake.packages_by_id[self.record['submission_id']] = self.record
            self.record = None


def lost_create(fake, later):
    """The next create lands on the server only later (when ``later`` says so); the client hears a timeout."""
    original = fake.create_package

    def create_package(item, what='', allow=(200,)):
        fake.create_package = original
        fake.calls.append(('create', item))
        later.record = dict(item, submission_id='sub-late', eqp_status={'overall': 'draft', 'technical': 'draft', 'marketing': 'draft'})
        raise ApiError(api='eqp', url=BASE_URL + '/rest/v1/products/packages', status=None, vendor_message='timed out after 3 s')

    fake.create_package = create_package


def test_a_create_whose_answer_was_lost_is_never_posted_again(fake, files, capsys, monkeypatch, warned):
    # The POST lands 5 s after it was sent, the client gave up after 3 s: it looks, backing off, and finds it.
    later = Later(fake, land_at=1005.0)
    monkeypatch.setattr('ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_package_sync.time.sleep', later.sleep)
    monkeypatch.setattr('ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_package_sync.time.time', later.clock)
    lost_create(fake, later)
    result = run(capsys, args(files))
    assert result['changed'] is True, result
    assert [call[0] for call in fake.writes()] == ['upload', 'create', 'update']
    assert result['submission_id'] == 'sub-late' and len(fake.packages_by_id) == 1
    # Looks after 1, 2, 4 s: the package is there on the third (the clock is at 1007).
    assert later.sleeps == [1.0, 2.0, 4.0]
    assert any('the answer to creating examplevendor/module-demo 1.0.0 was lost, but the package exists: sub-late' in warning
               for warning in warned)


def test_a_lost_create_that_never_shows_fails_saying_what_to_check(fake, files, capsys, monkeypatch):
    later = Later(fake)
    monkeypatch.setattr('ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_package_sync.time.sleep', later.sleep)
    monkeypatch.setattr('ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_package_sync.time.time', later.clock)
    lost_create(fake, later)
    result = run(capsys, args(files, confirm_timeout=20))
    assert result['failed'] is True
    assert [call[0] for call in fake.writes()] == ['upload', 'create']
    assert sum(later.sleeps) == 20 and later.sleeps == [1.0, 2.0, 4.0, 8.0, 5.0]
    assert result['msg'] == (
        'EQP API (sandbox) at %s/rest/v1/products/packages: creating examplevendor/module-demo 1.0.0: timed out after 3 s; '
        'it was not sent again, because it may have reached the server, and the package was not seen within 20 s '
        '(list the versions of examplevendor/module-demo 1.0.0 (eqp_package_info with sku and version, or the Developer Portal) '
        'before running again (a later run finds it if it appears); raise confirm_timeout or timeout if the service is slow)' % BASE_URL)
    assert '\n' not in result['msg']


def test_a_copy_created_by_another_run_first_wins(fake, files, capsys, monkeypatch, warned):
    # Another controller created the same version a second earlier, after this run looked.
    original = fake.create_package

    def create_package(item, what='', allow=(200,)):
        fake.packages_by_id['sub-other'] = dict(item, submission_id='sub-other', created_at='2026-01-01 00:00:00',
                                                eqp_status={'overall': 'draft', 'technical': 'draft', 'marketing': 'draft'})
        answer = original(item, what, allow)
        fake.packages_by_id[answer['submission_id']]['created_at'] = '2026-01-01 00:00:01'
        return answer

    fake.create_package = create_package
    result = run(capsys, args(files))
    assert result['changed'] is True
    assert result['submission_id'] == 'sub-other'
    mine = [key for key in fake.packages_by_id if key != 'sub-other'][0]
    assert fake.packages_by_id[mine]['eqp_status']['overall'] == 'canceled_by_developer'
    assert result['actions'] == ['create draft', 'cancel copy %s' % mine, 'submit technical review', 'submit marketing review']
    assert fake.packages_by_id['sub-other']['eqp_status']['technical'] == 'in_automation'
    assert any('another run created examplevendor/module-demo 1.0.0 at the same time: this run canceled its own copy' in warning
               for warning in warned)


def test_the_first_copy_is_kept_by_the_run_that_made_it(fake, files, capsys, monkeypatch):
    original = fake.create_package

    def create_package(item, what='', allow=(200,)):
        answer = original(item, what, allow)
        fake.packages_by_id[answer['submission_id']]['created_at'] = '2026-01-01 00:00:00'
        fake.packages_by_id['sub-other'] = dict(item, submission_id='sub-other', created_at='2026-01-01 00:00:01',
                                                eqp_status={'overall': 'draft', 'technical': 'draft', 'marketing': 'draft'})
        return answer

    fake.create_package = create_package
    result = run(capsys, args(files))
    assert result['submission_id'] != 'sub-other'
    assert result['actions'][-3:] == ['create draft', 'submit technical review', 'submit marketing review']
    assert all(package['eqp_status']['overall'] != 'canceled_by_developer' for package in fake.packages_by_id.values())


def test_a_duplicate_item_id_means_another_run_created_the_version(fake, files, capsys, warned):
    def create_package(item, what='', allow=(200,)):
        fake.calls.append(('create', item))
        fake.packages_by_id['sub-other'] = dict(item, submission_id='sub-other',
                                                eqp_status={'overall': 'draft', 'technical': 'draft', 'marketing': 'draft'})
        raise EqpItemError(1410, what, 'Duplicate item_id: demo-1')

    fake.create_package = create_package
    result = run(capsys, args(files, item_id='demo-1'))
    assert result['changed'] is True and result['submission_id'] == 'sub-other'
    assert [call[0] for call in fake.writes()] == ['upload', 'create', 'update']
    assert any('was created by another run meanwhile: package sub-other' in warning for warning in warned)


def test_a_submit_another_run_made_first_is_not_an_error(fake, files, capsys, warned):
    original = fake.update_package

    def update_package(submission_id, fields, what='', allow=(200,), idempotent=None):
        if 'submit' in (fields.get('action') or {}).values():
            original(submission_id, fields, what, allow, idempotent)
            raise EqpItemError(1412, what, 'The package is in review: only recall is accepted')
        return original(submission_id, fields, what, allow, idempotent)

    fake.update_package = update_package
    result = run(capsys, args(files))
    assert result['changed'] is True and result['eqp_status']['technical'] == 'in_automation'
    assert any('was submitted by another run meanwhile' in warning for warning in warned)


def test_a_recall_whose_answer_was_lost_is_looked_for_not_sent_again(fake, files, capsys):
    run(capsys, args(files))
    fake.calls = []
    fake.fail_next['update after saving'] = ApiError(api='eqp', url=BASE_URL, status=None, vendor_message='timed out after 3 s')
    result = run(capsys, args(files, state='recalled', reviews=['technical']))
    assert result['changed'] is True and result['eqp_status']['technical'] == 'recalled'
    assert [call[0] for call in fake.writes()] == ['update']


def test_a_refused_create_is_not_posted_again(fake, files, capsys):
    fake.fail_next['create'] = EqpItemError(1411, 'creating examplevendor/module-demo 1.0.0', 'A package named "Demo" already exists',
                                            url=BASE_URL + '/rest/v1/products/packages', environment='sandbox')
    result = run(capsys, args(files))
    assert result['failed'] is True and result['code'] == 1411
    assert 'item code 1411' in result['msg']
    assert [call[0] for call in fake.writes()] == ['upload', 'create']


def test_a_lost_submit_answer_is_checked_before_submitting_again(fake, files, capsys, monkeypatch):
    monkeypatch.setattr(module.PackageSync, '_backoff', lambda self, attempt: None)
    fake.fail_next['update after saving'] = ApiError(api='eqp', url=BASE_URL, status=504, vendor_message='gateway timeout')
    result = run(capsys, args(files))
    assert result['changed'] is True
    assert [call[0] for call in fake.writes()] == ['upload', 'create', 'update']


def test_recall(fake, files, capsys):
    run(capsys, args(files))
    fake.calls = []
    result = run(capsys, args(files, state='recalled', reviews=['technical'], artifact='/gone.zip'))
    assert result['changed'] is True and result['actions'] == ['recall technical review']
    assert fake.writes() == [('update', result['submission_id'], {'action': {'technical': 'recall'}})]
    assert result['eqp_status']['technical'] == 'recalled'
    again = run(capsys, args(files, state='recalled', reviews=['technical']))
    assert again['changed'] is False


def test_bad_input_makes_no_request(fake, files, capsys):
    result = run(capsys, args(files, sku='Not A Sku'))
    assert result['failed'] is True and result['msg'].startswith('sku must look like vendor_name/package_name')
    result = run(capsys, args(files, app_id='AQ17NZ49WC', app_secret='secret-value'))
    assert result['msg'].startswith('token is mutually exclusive with app_id and app_secret')
    assert 'secret-value' not in json.dumps(result)
    arguments = args(files)
    del arguments['version']
    result = run(capsys, arguments)
    assert result['msg'] == 'missing required arguments: version'
    result = run(capsys, args(files, wait_timeout=-1))
    assert result['msg'] == 'wait_timeout must be 0 or more seconds, got -1'
    result = run(capsys, args(files, token=token_dict(base_url='http://127.0.0.1:18082', origin='http://127.0.0.1:18082'),
                              base_url=BASE_URL))
    assert result['msg'].startswith('token: the token was issued by http://127.0.0.1:18082 (sandbox), not by base_url')
    assert fake.calls == []


def test_item_errors_reach_the_result(fake, files, capsys):
    fake.fail_next['update'] = EqpItemError(1208, 'submitting', 'Insufficient information for Technical Submission',
                                            ['release_notes'], url=BASE_URL, environment='sandbox')
    result = run(capsys, args(files))
    assert result['failed'] is True
    assert result['code'] == 1208 and result['details'] == ['release_notes']
