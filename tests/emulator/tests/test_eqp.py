# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The EQP emulator against contracts/eqp.md, over real HTTP."""

import base64
import hashlib
import io
import json
import re
import time
import zipfile

import pytest

TOKEN_PATH = '/rest/v1/app/session/token'
PACKAGES = '/rest/v1/products/packages'
UPLOADS = '/rest/v1/files/uploads'
DOC_APP_ID = 'AQ17NZ49WC'
DOC_SECRET = '8820c99614d65f923df7660276f20e029d73e2ca'
CATEGORY = '//Extensions//Payments & Security//Checkout Enhancements'


def make_zip(name='examplevendor/module-demo', version='1.0.0', composer=True):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w') as archive:
        if composer:
            archive.writestr('composer.json', json.dumps({'name': name, 'version': version, 'type': 'magento2-module'}))
        archive.writestr('registration.php', '<?php // demo\n')
    return buffer.getvalue()


class Eqp:
    """A small client of one EQP listener, holding one session token."""

    def __init__(self, emulator, name='eqp_sandbox'):
        self.emulator = emulator
        self.name = name
        self.base = emulator.url(name)
        self.account = emulator.fixtures['eqp'][name.split('_')[1]]
        self.session = emulator.session
        self.ust = None

    def token(self, body=None, auth=None, path=TOKEN_PATH, **kwargs):
        auth = auth if auth is not None else (self.account['app_id'], self.account['app_secret'])
        payload = body if body is not None else {'grant_type': 'session'}
        return self.session.post(self.base + path, auth=auth, json=payload, timeout=10, **kwargs)

    def login(self):
        self.ust = self.token().json()['ust']
        return self

    def call(self, method, path, ust=None, **kwargs):
        headers = {'Authorization': 'Bearer ' + (ust or self.ust)}
        return self.session.request(method, self.base + path, headers=headers, timeout=10, **kwargs)

    def upload(self, *files):
        parts = [('file[]', spec) for spec in files]
        response = self.call('POST', UPLOADS, files=parts)
        assert response.status_code == 200, response.text
        return [item['file_upload_id'] for item in response.json()]

    def assets(self, version='1.0.0', sku='examplevendor/module-demo', composer=True):
        """Upload a package zip, a user guide, an icon and a gallery image; return their ids."""
        return self.upload(('demo.zip', make_zip(sku, version, composer), 'application/zip'),
                           ('guide.pdf', b'%PDF-1.4 guide', 'application/pdf'),
                           ('icon.png', b'\x89PNG icon', 'image/png'),
                           ('shot.png', b'\x89PNG shot', 'image/png'))

    def create(self, *items):
        response = self.call('POST', PACKAGES, json=list(items))
        assert response.status_code == 200, response.text
        return response.json()

    def update(self, *items):
        response = self.call('PUT', PACKAGES, json=list(items))
        assert response.status_code == 200, response.text
        return response.json()

    def package(self, submission_id):
        return self.call('GET', PACKAGES + '/' + submission_id).json()


def draft(name='Demo Module', version='1.0.0', **extra):
    item = {'type': 'extension', 'platform': 'M2', 'name': name, 'version': version, 'long_description': 'A demo extension.'}
    item.update(extra)
    return item


def complete(ids, name='Demo Module', version='1.0.0', **extra):
    """A package with everything both submits need, built on the ids of Eqp.assets()."""
    artifact, guide, icon, shot = ids
    item = draft(name, version, version_compatibility=[{'edition': 'CE', 'versions': ['2.4']}], release_notes='First release',
                 artifact={'file_upload_id': artifact}, documentation_artifacts={'user': {'file_upload_id': guide}},
                 categories=[CATEGORY], license_type='mit',
                 media_artifacts={'icon_image': {'file_upload_id': icon}, 'gallery_images': [{'file_upload_id': shot}]})
    item.update(extra)
    return item


SUBMIT = {'technical': 'submit', 'marketing': 'submit'}


@pytest.fixture
def eqp(emulator):
    return Eqp(emulator).login()


@pytest.fixture
def scanned(eqp, emulator):
    """Assets whose malware scan already passed."""
    ids = eqp.assets()
    emulator.advance(emulator.fixtures['eqp']['scan_delay'])
    return ids


# session token --------------------------------------------------------------------------------


def test_documented_curl_example(emulator):
    auth = base64.b64encode(('%s:%s' % (DOC_APP_ID, DOC_SECRET)).encode()).decode()
    response = emulator.session.post(emulator.url('eqp_sandbox') + TOKEN_PATH, data='{"grant_type":"session"}', timeout=10,
                                     headers={'Authorization': 'Basic ' + auth, 'Content-Type': 'application/json'})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {'mage_id', 'ust', 'expires_in'}
    assert body['mage_id'] == 'MAG123456789'
    assert body['expires_in'] == 7200
    assert re.match(r'^[A-Za-z0-9]{32}\.[A-Za-z0-9]{12}$', body['ust'])


def test_each_call_mints_a_new_valid_token(eqp):
    first, second = eqp.token().json()['ust'], eqp.token().json()['ust']
    assert first != second
    for ust in (first, second):
        assert eqp.call('GET', '/rest/v1/users/' + eqp.account['mage_id'], ust=ust).status_code == 200


def test_expires_in_is_clamped_and_honoured(eqp):
    assert eqp.token({'grant_type': 'session', 'expires_in': 999999}).json()['expires_in'] == 7200
    assert eqp.token({'grant_type': 'session', 'expires_in': 60, 'scope': 'ignored'}).json()['expires_in'] == 60


def test_max_expires_in_follows_config(eqp, emulator):
    emulator.config('eqp_sandbox', max_expires_in=300)
    assert eqp.token({'grant_type': 'session', 'expires_in': 3600}).json()['expires_in'] == 300


def test_legacy_plural_path(eqp):
    response = eqp.token(path='/rest/v1/apps/session/token')
    assert response.status_code == 200
    assert response.json()['mage_id'] == eqp.account['mage_id']


@pytest.mark.parametrize('auth', [None, ('AQ17NZ49WC', 'wrong'), ('PRD4X7Q2LM', 'e741a3d46e1e5d9aebb9ee7780b44dd756da885b')])
def test_bad_credentials_are_1001(emulator, auth):
    response = emulator.session.post(emulator.url('eqp_sandbox') + TOKEN_PATH, auth=auth, json={'grant_type': 'session'}, timeout=10)
    assert response.status_code == 401
    assert response.json()['code'] == 1001
    assert set(response.json()) == {'code', 'message'}


@pytest.mark.parametrize('body', ['{"grant_type": "client_credentials"}', '{}', 'not json', '[]', '{"grant_type": "session", "expires_in": "soon"}'])
def test_bad_token_body_is_1002(eqp, body):
    response = eqp.session.post(eqp.base + TOKEN_PATH, auth=(eqp.account['app_id'], eqp.account['app_secret']), data=body,
                                headers={'Content-Type': 'application/json'}, timeout=10)
    assert response.status_code == 400
    assert response.json()['code'] == 1002


def test_bearer_errors_are_1003(eqp):
    path = '/rest/v1/users/' + eqp.account['mage_id']
    assert eqp.session.get(eqp.base + path, timeout=10).json()['code'] == 1003
    response = eqp.call('GET', path, ust='unknown.token')
    assert response.status_code == 401
    assert response.json()['code'] == 1003


def test_sandbox_token_refused_by_production(eqp, emulator):
    production = Eqp(emulator, 'eqp_production')
    response = production.call('GET', '/rest/v1/users/' + production.account['mage_id'], ust=eqp.ust)
    assert response.status_code == 401
    assert response.json()['code'] == 1003
    production.login()
    assert production.call('GET', '/rest/v1/users/MAG987654321').json()['mage_id'] == 'MAG987654321'
    assert eqp.call('GET', '/rest/v1/users/MAG123456789', ust=production.ust).status_code == 401


def test_token_expires_on_the_emulated_clock(eqp, emulator):
    short = eqp.token({'grant_type': 'session', 'expires_in': 60}).json()['ust']
    path = '/rest/v1/users/' + eqp.account['mage_id']
    emulator.advance(59)
    assert eqp.call('GET', path, ust=short).status_code == 200
    emulator.advance(2)
    assert eqp.call('GET', path, ust=short).json()['code'] == 1003
    assert eqp.call('GET', path).status_code == 200
    emulator.advance(7200)
    assert eqp.call('GET', path).status_code == 401


# users ----------------------------------------------------------------------------------------


def test_user_profile_full_and_summary(eqp):
    path = '/rest/v1/users/' + eqp.account['mage_id']
    full = eqp.call('GET', path).json()
    for key in ('mage_id', 'first_name', 'last_name', 'email', 'screen_name', 'has_completed_profile', 'has_accepted_tos',
                'is_company', 'vendor_name', 'partner_level', 'api_callbacks', 'personal_profile', 'company_profile'):
        assert key in full
    assert full['email'] == eqp.account['profile']['email']
    summary = eqp.call('GET', path, params={'style': 'summary'}).json()
    assert set(summary) == {'mage_id', 'first_name', 'last_name', 'email', 'screen_name', 'has_completed_profile',
                            'has_accepted_tos', 'profile_image_artifact'}


def test_user_update_merges_and_hides_callback_password(eqp):
    path = '/rest/v1/users/' + eqp.account['mage_id']
    callback = {'name': 'ci', 'url': 'https://ci.example.com/hook', 'username': 'hook', 'password': 's3cret'}
    response = eqp.call('PUT', path, json={'action': 'submit', 'screen_name': 'newname', 'api_callbacks': [callback],
                                           'company_profile': {'website': 'https://example.com'}})
    assert response.status_code == 200
    body = response.json()
    assert body['screen_name'] == 'newname'
    assert body['first_name'] == eqp.account['profile']['first_name']
    assert body['api_callbacks'] == [{'name': 'ci', 'url': 'https://ci.example.com/hook', 'username': 'hook'}]
    assert body['company_profile']['website'] == 'https://example.com'
    assert 's3cret' not in eqp.call('GET', path).text
    assert eqp.call('PUT', path, json={'action': 'publish'}).status_code == 400


def test_other_account_is_forbidden(eqp):
    for method in ('GET', 'PUT'):
        response = eqp.call(method, '/rest/v1/users/MAG987654321', json={'action': 'draft'})
        assert response.status_code == 403
        assert response.json()['code'] == 1004


# files ----------------------------------------------------------------------------------------


def test_upload_answers_in_order(eqp):
    response = eqp.call('POST', UPLOADS, files=[('file[]', ('a.zip', b'zipzip', 'application/zip')),
                                                ('file[]', ('b.pdf', b'%PDF', 'application/pdf'))])
    assert response.status_code == 200
    first, second = response.json()
    assert (first['filename'], first['content_type'], first['size']) == ('a.zip', 'application/zip', 6)
    assert (second['filename'], second['content_type'], second['size']) == ('b.pdf', 'application/pdf', 4)
    for item in (first, second):
        assert re.match(r'^[0-9a-f]{14}\.[0-9]{8}\.[0-9]+$', item['file_upload_id'])


def test_upload_needs_file_parts(eqp):
    response = eqp.call('POST', UPLOADS, files=[('file', ('a.zip', b'zip', 'application/zip'))])
    assert response.status_code == 400
    assert response.json()['code'] == 1005


def test_scan_moves_to_pass_on_the_clock(eqp, emulator):
    data = make_zip()
    file_upload_id = eqp.upload(('demo.zip', data, 'application/zip'))[0]
    record = eqp.call('GET', UPLOADS + '/' + file_upload_id).json()
    assert record['malware_status'] == 'in-progress'
    assert 'file_hash' not in record
    assert record['submission_ids'] == []
    assert record['is_profile_image'] is False
    emulator.advance(emulator.fixtures['eqp']['scan_delay'])
    record = eqp.call('GET', UPLOADS + '/' + file_upload_id).json()
    assert record['malware_status'] == 'pass'
    assert record['file_hash'] == hashlib.md5(data).hexdigest()
    assert eqp.session.get(record['url'], headers={'Authorization': 'Bearer ' + eqp.ust}, timeout=10).content == data


def test_scan_delay_config_and_eicar_fails(eqp, emulator):
    emulator.config('eqp_sandbox', scan_delay=0)
    good, bad = eqp.upload(('ok.zip', b'fine', 'application/zip'),
                           ('bad.zip', b'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*', 'application/zip'))
    assert eqp.call('GET', UPLOADS + '/' + good).json()['malware_status'] == 'pass'
    assert eqp.call('GET', UPLOADS + '/' + bad).json()['malware_status'] == 'fail'


def test_file_list_paginates(eqp):
    eqp.upload(*[('f%d.pdf' % index, b'%PDF', 'application/pdf') for index in range(5)])
    response = eqp.call('GET', UPLOADS, params={'offset': 1, 'limit': 2})
    assert response.headers['X-Total-Count'] == '5'
    assert [item['filename'] for item in response.json()] == ['f1.pdf', 'f2.pdf']
    assert len(eqp.call('GET', UPLOADS, params={'limit': -1}).json()) == 5
    assert eqp.call('GET', UPLOADS, params={'limit': 'x'}).json()['code'] == 1006
    assert eqp.call('GET', UPLOADS + '/nope').status_code == 404


# packages: creation ---------------------------------------------------------------------------


def test_draft_minimum_and_results_in_order(eqp):
    results = eqp.create(draft(item_id='one'), {'type': 'extension', 'platform': 'M2', 'name': 'Half'}, draft('Second'))
    assert [result['code'] for result in results] == [200, 1201, 200]
    first = results[0]
    assert first['message'] == 'Success'
    assert first['item_id'] == 'one'
    assert re.match(r'^[0-9a-f]{10}$', first['submission_id'])
    assert first['eqp_status'] == {'overall': 'draft', 'technical': 'draft', 'marketing': 'draft'}
    assert re.match(r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$', first['created_at'])
    assert 'version' in results[1]['message'] and 'long_description' in results[1]['message']
    assert results[2]['submission_id'] != first['submission_id']


def test_post_body_must_be_an_array(eqp):
    response = eqp.call('POST', PACKAGES, json=draft())
    assert response.status_code == 400
    assert response.json()['code'] == 1005


def test_draft_saves_check_types(eqp):
    results = eqp.create(draft(type='plugin'), draft('P2', platform='M1'), draft('P3', categories='one'),
                         draft('P4', action={'technical': 'publish'}))
    assert [result['code'] for result in results] == [1202, 1202, 1202, 1202]


def test_sku_format_is_1210(eqp):
    results = eqp.create(draft(sku='no-slash'), draft('Other', sku='Vendor/Upper'), draft('Good', sku='examplevendor/module-good'))
    assert [result['code'] for result in results] == [1210, 1210, 200]


def test_duplicate_item_id_and_name(eqp):
    results = eqp.create(draft(item_id='dup'), draft('Other', item_id='dup'), draft())
    assert [result['code'] for result in results] == [200, 1410, 1411]
    assert results[1]['item_id'] == 'dup'
    again = eqp.create(draft('Third', item_id='dup'))
    assert again[0]['code'] == 1410


def test_same_name_allowed_for_a_new_version_of_the_sku(eqp):
    eqp.create(draft(sku='examplevendor/module-demo'))
    results = eqp.create(draft(version='1.0.1', sku='examplevendor/module-demo'), draft(version='1.0.2'))
    assert [result['code'] for result in results] == [200, 1411]
    assert 'sku' in results[1]['message']


def test_unknown_file_reference(eqp):
    assert eqp.create(draft(artifact={'file_upload_id': 'nope'}))[0]['code'] == 1320


# packages: submit -----------------------------------------------------------------------------


def test_technical_submit_missing_fields_is_1208(eqp):
    result = eqp.create(draft(action={'technical': 'submit'}))[0]
    assert result['code'] == 1208
    assert result['message'] == 'Insufficient information for Technical Submission'
    assert 'artifact' in result['details'] and 'release_notes' in result['details']


def test_marketing_submit_missing_fields_is_1209(eqp, scanned):
    item = complete(scanned, categories=[], action={'marketing': 'submit'})
    result = eqp.create(item)[0]
    assert result['code'] == 1209
    assert result['message'] == 'Insufficient information for Marketing Submission'
    assert result['details'] == ['categories']
    item = complete(scanned, license_type='custom', action={'marketing': 'submit'})
    assert eqp.create(item)[0]['details'] == ['custom_license_name', 'custom_license_url']


def test_submit_before_scan_is_saved_as_draft_1321(eqp, emulator):
    ids = eqp.assets()
    result = eqp.create(complete(ids, item_id='early', action=SUBMIT))[0]
    assert result['code'] == 1321
    assert result['eqp_status'] == {'overall': 'draft', 'technical': 'draft', 'marketing': 'draft'}
    package = eqp.package(result['submission_id'])
    assert package['name'] == 'Demo Module'
    assert 'sku' not in package
    emulator.advance(emulator.fixtures['eqp']['scan_delay'])
    retry = eqp.update({'submission_id': result['submission_id'], 'action': SUBMIT})[0]
    assert retry['code'] == 200
    assert retry['eqp_status']['overall'] == 'in_progress'


def test_full_flow_upload_scan_draft_submit_approved(eqp, emulator):
    ids = eqp.assets(version='2.1.0', sku='examplevendor/module-flow')
    emulator.advance(emulator.fixtures['eqp']['scan_delay'])
    created = eqp.create(complete(ids, version='2.1.0', item_id='flow-1'))[0]
    assert created['code'] == 200
    submission_id = created['submission_id']
    package = eqp.package(submission_id)
    # sku derived from composer.json of the scanned zip
    assert package['sku'] == 'examplevendor/module-flow'
    linked = eqp.call('GET', UPLOADS + '/' + ids[0]).json()
    assert linked['submission_ids'] == [submission_id]
    assert eqp.call('GET', PACKAGES + '/%s/status' % submission_id).json() == []

    submitted = eqp.update({'submission_id': submission_id, 'action': SUBMIT})[0]
    assert submitted['code'] == 200
    assert submitted['eqp_status'] == {'overall': 'in_progress', 'technical': 'in_automation', 'marketing': 'awaiting_marketing_review'}
    runs = eqp.call('GET', PACKAGES + '/%s/status' % submission_id).json()
    assert runs and all(set(run) >= {'tool_run_id', 'name', 'status', 'date'} for run in runs)
    assert {run['status'] for run in runs} == {'in_progress'}

    emulator.advance(1)
    assert eqp.package(submission_id)['eqp_status'] == {'overall': 'in_progress', 'technical': 'approved', 'marketing': 'in_marketing_review'}
    emulator.advance(1)
    assert eqp.package(submission_id)['eqp_status'] == {'overall': 'approved', 'technical': 'approved', 'marketing': 'approved'}
    assert {run['status'] for run in eqp.call('GET', PACKAGES + '/%s/status' % submission_id).json()} == {'pass'}
    assert eqp.call('GET', PACKAGES + '/items/flow-1').json()['submission_id'] == submission_id


def test_launch_on_approval_releases(eqp, emulator, scanned):
    emulator.config('eqp_sandbox', review_step_seconds=10)
    result = eqp.create(complete(scanned, launch_on_approval=True, action=SUBMIT))[0]
    emulator.advance(20)
    assert eqp.package(result['submission_id'])['eqp_status']['overall'] == 'approved'
    emulator.advance(10)
    released = eqp.package(result['submission_id'])
    assert released['eqp_status']['overall'] == 'released_to_store'
    # released: marketing changes only
    change = eqp.update({'submission_id': result['submission_id'], 'release_notes': 'changed'})[0]
    assert change['code'] == 1413
    assert eqp.update({'submission_id': result['submission_id'], 'short_description': 'new'})[0]['code'] == 200


def test_version_already_submitted_is_1409(eqp, scanned):
    first = eqp.create(complete(scanned, sku='examplevendor/module-demo', action={'technical': 'submit'}))[0]
    assert first['code'] == 200
    again = eqp.create(complete(scanned, sku='examplevendor/module-demo', action={'technical': 'submit'}))[0]
    assert again['code'] == 1409
    assert again['message'] == 'Version already submitted'


def test_resubmit_of_approved_technical_is_1409(eqp, emulator, scanned):
    result = eqp.create(complete(scanned, action={'technical': 'submit'}))[0]
    emulator.advance(1)
    assert eqp.package(result['submission_id'])['eqp_status']['technical'] == 'approved'
    assert eqp.update({'submission_id': result['submission_id'], 'action': {'technical': 'submit'}})[0]['code'] == 1409


def test_sku_required_when_composer_has_none(eqp, emulator):
    ids = eqp.assets(composer=False)
    emulator.advance(emulator.fixtures['eqp']['scan_delay'])
    result = eqp.create(complete(ids, action={'technical': 'submit'}))[0]
    assert result['code'] == 1208
    assert result['details'] == ['sku']
    assert eqp.create(complete(ids, sku='examplevendor/given', action={'technical': 'submit'}))[0]['code'] == 200


def test_only_recall_in_the_pipeline(eqp, scanned):
    submission_id = eqp.create(complete(scanned, action=SUBMIT))[0]['submission_id']
    refused = eqp.update({'submission_id': submission_id, 'release_notes': 'edit'})[0]
    assert refused['code'] == 1412
    assert refused['submission_id'] == submission_id
    recalled = eqp.update({'submission_id': submission_id, 'action': {'technical': 'recall', 'marketing': 'recall'}})[0]
    assert recalled['code'] == 200
    assert recalled['eqp_status'] == {'overall': 'draft', 'technical': 'recalled', 'marketing': 'recalled'}
    assert {run['status'] for run in eqp.call('GET', PACKAGES + '/%s/status' % submission_id).json()} == {'canceled'}
    assert eqp.update({'submission_id': submission_id, 'release_notes': 'edit'})[0]['code'] == 200


def test_cancel_and_unknown_submission(eqp):
    submission_id = eqp.create(draft())[0]['submission_id']
    results = eqp.update({'submission_id': submission_id, 'action': {'overall': 'cancel'}}, {'submission_id': 'ffffffffff'}, {'name': 'x'})
    assert [result['code'] for result in results] == [200, 1404, 1201]
    assert results[0]['eqp_status']['overall'] == 'canceled_by_developer'
    assert eqp.update({'submission_id': submission_id, 'name': 'again'})[0]['code'] == 1414


def test_single_put(eqp, scanned):
    submission_id = eqp.create(complete(scanned))[0]['submission_id']
    response = eqp.call('PUT', PACKAGES + '/' + submission_id, json={'short_description': 'Short', 'action': SUBMIT})
    assert response.status_code == 200
    assert response.json()['code'] == 200
    assert eqp.package(submission_id)['short_description'] == 'Short'
    refused = eqp.call('PUT', PACKAGES + '/' + submission_id, json={'short_description': 'Other'})
    assert refused.status_code == 409
    assert refused.json()['code'] == 1412
    missing = eqp.call('PUT', PACKAGES + '/ffffffffff', json={})
    assert missing.status_code == 404
    assert missing.json()['code'] == 1404


def test_get_one_and_not_found(eqp):
    result = eqp.create(draft(item_id='x-1', sku='examplevendor/one'))[0]
    package = eqp.package(result['submission_id'])
    assert package['item_id'] == 'x-1'
    assert package['eqp_status']['overall'] == 'draft'
    for path in ('/ffffffffff', '/items/none', '/ffffffffff/status'):
        response = eqp.call('GET', PACKAGES + path)
        assert response.status_code == 404
        assert response.json()['code'] == 1404


# packages: lists ------------------------------------------------------------------------------


def test_list_pagination_sort_and_filters(eqp, emulator):
    for index in range(5):
        eqp.create(draft('Pkg %d' % index, version='1.0.%d' % index, sku='examplevendor/pkg-%d' % index,
                         type='theme' if index % 2 else 'extension'))
        emulator.advance(1)
    everything = eqp.call('GET', PACKAGES, params={'limit': -1})
    assert everything.headers['X-Total-Count'] == '5'
    assert [item['name'] for item in everything.json()] == ['Pkg %d' % index for index in range(5)]
    page = eqp.call('GET', PACKAGES, params={'offset': 1, 'limit': 2, 'sort': '-created_at'})
    assert page.headers['X-Total-Count'] == '5'
    assert [item['name'] for item in page.json()] == ['Pkg 3', 'Pkg 2']
    # an unencoded '+' arrives as a space
    ascending = eqp.call('GET', PACKAGES + '?sort=+name&limit=2')
    assert [item['name'] for item in ascending.json()] == ['Pkg 0', 'Pkg 1']
    themes = eqp.call('GET', PACKAGES, params={'type': 'theme'})
    assert themes.headers['X-Total-Count'] == '2'
    assert eqp.call('GET', PACKAGES, params={'overall': 'draft', 'version': '1.0.4'}).json()[0]['name'] == 'Pkg 4'
    assert eqp.call('GET', PACKAGES, params={'eqp_status.technical': 'approved'}).json() == []
    assert len(eqp.call('GET', PACKAGES).json()) == 5
    assert eqp.call('GET', PACKAGES, params={'offset': -1}).status_code == 400


def test_list_default_limit_is_20(eqp):
    eqp.create(*[draft('Many %d' % index) for index in range(23)])
    response = eqp.call('GET', PACKAGES)
    assert len(response.json()) == 20
    assert response.headers['X-Total-Count'] == '23'


def test_skus_endpoint_with_version_filter(eqp):
    eqp.create(draft(sku='examplevendor/module-demo'), draft(version='1.1.0', sku='examplevendor/module-demo'),
               draft('Else', sku='examplevendor/else'))
    both = eqp.call('GET', PACKAGES + '/skus/examplevendor%2Fmodule-demo')
    assert both.headers['X-Total-Count'] == '2'
    assert sorted(item['version'] for item in both.json()) == ['1.0.0', '1.1.0']
    one = eqp.call('GET', PACKAGES + '/skus/examplevendor%2Fmodule-demo', params={'version': '1.1.0'}).json()
    assert [item['version'] for item in one] == ['1.1.0']
    assert eqp.call('GET', PACKAGES + '/skus/examplevendor%2Fnone').json() == []


def test_environments_do_not_share_packages(eqp, emulator):
    eqp.create(draft())
    production = Eqp(emulator, 'eqp_production').login()
    assert production.call('GET', PACKAGES).json() == []


# test hook ------------------------------------------------------------------------------------


def reject(emulator, submission_id, review, **extra):
    body = dict(review=review, **extra)
    return emulator.session.post(emulator.url('eqp_sandbox') + '/__emulator__/eqp/packages/%s/reject' % submission_id, json=body, timeout=10)


def test_forced_technical_rejection(eqp, emulator, scanned):
    submission_id = eqp.create(complete(scanned, action=SUBMIT))[0]['submission_id']
    response = reject(emulator, submission_id, 'technical', summary='PHPCS: 3 errors')
    assert response.status_code == 200
    assert response.json()['eqp_status'] == {'overall': 'in_progress', 'technical': 'rejected', 'marketing': 'awaiting_marketing_review'}
    failed = [run for run in eqp.call('GET', PACKAGES + '/%s/status' % submission_id).json() if run['status'] == 'fail']
    assert len(failed) == 1
    assert failed[0]['summary'] == 'PHPCS: 3 errors'
    emulator.advance(2)
    assert eqp.package(submission_id)['eqp_status'] == {'overall': 'draft', 'technical': 'rejected', 'marketing': 'approved'}
    # fixed and resubmitted
    again = eqp.update({'submission_id': submission_id, 'release_notes': 'Fixed', 'action': {'technical': 'submit'}})[0]
    assert again['eqp_status']['technical'] == 'in_automation'
    emulator.advance(1)
    assert eqp.package(submission_id)['eqp_status']['overall'] == 'approved'


def test_forced_marketing_rejection_and_hook_errors(eqp, emulator, scanned):
    submission_id = eqp.create(complete(scanned, action={'marketing': 'submit'}))[0]['submission_id']
    response = reject(emulator, submission_id, 'marketing')
    assert response.json()['eqp_status'] == {'overall': 'draft', 'technical': 'draft', 'marketing': 'rejected'}
    runs = eqp.call('GET', PACKAGES + '/%s/status' % submission_id).json()
    assert [(run['name'], run['status']) for run in runs] == [('marketing', 'fail')]
    assert runs[0]['summary']
    assert reject(emulator, submission_id, 'technical').status_code == 409
    assert reject(emulator, 'ffffffffff', 'technical').status_code == 404
    assert reject(emulator, submission_id, 'legal').status_code == 400
    assert emulator.counts('eqp_sandbox').get('POST /__emulator__/eqp/packages/%s/reject' % submission_id) is None


def test_unknown_route_is_json_404(eqp):
    response = eqp.call('GET', '/rest/v1/nothing')
    assert response.status_code == 404
    assert response.json()['code'] == 1404
    assert eqp.call('DELETE', PACKAGES).status_code == 405


def runs_of(eqp, submission_id):
    return eqp.call('GET', PACKAGES + '/%s/status' % submission_id).json()


def test_runs_carry_the_documented_tool_names_and_one_run_id_per_round(eqp, emulator, scanned):
    submission_id = eqp.create(complete(scanned, action=SUBMIT))[0]['submission_id']
    runs = runs_of(eqp, submission_id)
    assert [run['name'] for run in runs] == ['phpcs', 'phpcpd', 'varnish', 'marketing']
    technical = {run['tool_run_id'] for run in runs if run['name'] != 'marketing'}
    assert len(technical) == 1 and technical.pop().isdigit()
    # no report while a run is in progress
    response = eqp.call('GET', PACKAGES + '/%s/status/phpcs/%s' % (submission_id, runs[0]['tool_run_id']))
    assert response.status_code == 404 and response.json()['code'] == 1404


def test_fail_tools_rejects_with_realistic_reports(eqp, emulator, scanned):
    emulator.config('eqp_sandbox', fail_tools=['phpcs', 'varnish', 'marketing'])
    submission_id = eqp.create(complete(scanned, action=SUBMIT))[0]['submission_id']
    emulator.advance(2)
    assert eqp.package(submission_id)['eqp_status'] == {'overall': 'draft', 'technical': 'rejected', 'marketing': 'rejected'}
    runs = dict((run['name'], run) for run in runs_of(eqp, submission_id))
    assert {name: run['status'] for name, run in runs.items()} == {'phpcs': 'fail', 'phpcpd': 'pass', 'varnish': 'fail', 'marketing': 'fail'}
    assert all('report' not in run for run in runs.values())

    phpcs = eqp.call('GET', PACKAGES + '/%s/status/phpcs/%s' % (submission_id, runs['phpcs']['tool_run_id'])).json()
    assert phpcs['tool'] == 'phpcs' and phpcs['status'] == 'FAIL'
    assert len(phpcs['reports']) == 2 and {report['php_version'] for report in phpcs['reports']} == {'8.2.12', '8.3.4'}
    details = phpcs['reports'][0]['details']
    assert details['totals'] == {'errors': 2, 'warnings': 1, 'fixable': 0}
    assert len(details['files']) == 2
    first = [message for entry in details['files'].values() for message in entry['messages'] if message['type'] == 'ERROR']
    assert {'message', 'source', 'severity', 'type', 'line', 'column', 'fixable'} <= set(first[0])

    varnish = eqp.call('GET', PACKAGES + '/%s/status/varnish/%s' % (submission_id, runs['varnish']['tool_run_id'])).json()
    report = varnish['reports'][0]
    assert varnish['status'] == 'FAIL' and report['magento_edition'] == 'CE' and report['magento_platform'] == 'M2'
    assert report['details'][-1]['command'] == 'php bin/magento setup:di:compile'
    assert 'Impossible to process constructor argument' in report['details'][-1]['output']
    assert report['details'][0]['command'].startswith('composer require examplevendor/')

    marketing = eqp.call('GET', PACKAGES + '/%s/status/marketing/%s' % (submission_id, runs['marketing']['tool_run_id'])).json()
    assert marketing['status'] == 'FAIL' and isinstance(marketing['reports'], dict)
    assert marketing['reports']['details']['reasons'][0].startswith('Long Description:')
    # phpcpd has no report, as the vendor documents
    assert eqp.call('GET', PACKAGES + '/%s/status/phpcpd/%s' % (submission_id, runs['phpcpd']['tool_run_id'])).status_code == 404


def test_passing_runs_have_passing_reports(eqp, emulator, scanned):
    submission_id = eqp.create(complete(scanned, action=SUBMIT))[0]['submission_id']
    emulator.advance(2)
    runs = dict((run['name'], run) for run in runs_of(eqp, submission_id))
    phpcs = eqp.call('GET', PACKAGES + '/%s/status/phpcs/%s' % (submission_id, runs['phpcs']['tool_run_id'])).json()
    assert phpcs['status'] == 'PASS' and phpcs['reports'][0]['details']['totals']['errors'] == 0


# callbacks ------------------------------------------------------------------------------------


def wait_for(predicate, seconds=10):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


@pytest.fixture
def listener(tmp_path):
    from callback_listener import Listener
    served = Listener('hook-user', 'hook-secret').start()
    ca_file = tmp_path / 'ca.pem'
    served.ca.cert_pem.write_to_path(str(ca_file))
    served.ca_file = str(ca_file)
    yield served
    served.stop()


def register(eqp, *callbacks):
    response = eqp.call('PUT', '/rest/v1/users/' + eqp.account['mage_id'], json={'api_callbacks': list(callbacks)})
    assert response.status_code == 200, response.text
    return response.json()['api_callbacks']


def test_callbacks_deliver_scan_and_status_events_over_https_with_basic_auth(eqp, emulator, listener):
    emulator.config('eqp_sandbox', callback_ca=listener.ca_file)
    register(eqp, {'name': 'ci', 'url': listener.url, 'username': 'hook-user', 'password': 'hook-secret'},
             {'name': 'plain', 'url': listener.url.replace('https:', 'http:'), 'username': 'hook-user', 'password': 'hook-secret'})
    ids = eqp.assets()
    emulator.advance(emulator.fixtures['eqp']['scan_delay'])
    assert eqp.call('GET', UPLOADS + '/' + ids[0]).json()['malware_status'] == 'pass'
    submission_id = eqp.create(complete(ids, item_id='cb-1'))[0]['submission_id']
    eqp.update({'submission_id': submission_id, 'action': {'technical': 'submit'}})
    emulator.advance(1)
    eqp.package(submission_id)
    assert wait_for(lambda: len(listener.received) == 6), listener.received
    bodies = [entry['body'] for entry in listener.received]
    assert all(entry['authorized'] for entry in listener.received)
    scans = [body['update_info'] for body in bodies if body['callback_event'] == 'malware_scan_complete']
    assert sorted(info['file_upload_id'] for info in scans) == sorted(ids)
    assert {info['tool_result'] for info in scans} == {'passed'} and all(info['modified_at'] for info in scans)
    updates = [body['update_info'] for body in bodies if body['callback_event'] == 'eqp_status_update']
    assert [(info['eqp_flow'], info['current_status'], info['eqp_status']) for info in updates] == [
        ('technical', 'in_automation', 'in_progress'), ('technical', 'approved', 'approved')]
    assert {info['submission_id'] for info in updates} == {submission_id} and {info['item_id'] for info in updates} == {'cb-1'}
    # The http:// callback is never called; the control route lists each delivery without credentials.
    assert wait_for(lambda: len(emulator.control('eqp_sandbox', 'GET', 'eqp/callbacks')) == 12)
    sent = emulator.control('eqp_sandbox', 'GET', 'eqp/callbacks')
    assert {entry['status'] for entry in sent if entry['name'] == 'ci'} == {200}
    assert {entry['error'] for entry in sent if entry['name'] == 'plain'} == {'not sent: callbacks go to https:// URLs only'}
    assert 'hook-secret' not in json.dumps(sent)


def test_a_callback_sent_back_without_password_keeps_it(eqp, emulator, listener):
    emulator.config('eqp_sandbox', callback_ca=listener.ca_file)
    register(eqp, {'name': 'ci', 'url': listener.url, 'username': 'hook-user', 'password': 'hook-secret'})
    shown = register(eqp, {'name': 'ci', 'url': listener.url, 'username': 'hook-user'}, {'name': 'other', 'url': listener.url})
    assert shown == [{'name': 'ci', 'url': listener.url, 'username': 'hook-user'}, {'name': 'other', 'url': listener.url}]
    eqp.upload(('guide.pdf', b'%PDF-1.4 guide', 'application/pdf'))
    emulator.advance(emulator.fixtures['eqp']['scan_delay'])
    eqp.call('GET', UPLOADS)
    assert wait_for(lambda: len(listener.received) == 2)
    assert sorted(entry['authorized'] for entry in listener.received) == [False, True]


def test_an_untrusted_callback_certificate_is_refused(eqp, emulator, listener):
    register(eqp, {'name': 'ci', 'url': listener.url, 'username': 'hook-user', 'password': 'hook-secret'})
    eqp.upload(('guide.pdf', b'%PDF-1.4 guide', 'application/pdf'))
    emulator.advance(emulator.fixtures['eqp']['scan_delay'])
    eqp.call('GET', UPLOADS)
    assert wait_for(lambda: len(emulator.control('eqp_sandbox', 'GET', 'eqp/callbacks')) == 1)
    assert 'CERTIFICATE_VERIFY_FAILED' in emulator.control('eqp_sandbox', 'GET', 'eqp/callbacks')[0]['error']
    assert listener.received == []


# keys and reports -----------------------------------------------------------------------------


def test_keys_in_the_documented_shape(eqp):
    keys = '/rest/v1/users/%s/keys' % eqp.account['mage_id']
    assert eqp.call('GET', keys).json() == {'m2': [], 'm1': []}
    created = eqp.call('POST', keys, json={'m2': [{'label': 'key_for_alice'}, {'label': 'key_for_charlie'}, {'label': 'key_for_alice'}]})
    assert created.status_code == 200
    items = created.json()['m2']
    assert [(item['label'], item['code'], item['message']) for item in items[:2]] == [
        ('key_for_alice', 200, 'Success'), ('key_for_charlie', 200, 'Success')]
    assert all(re.match('^[0-9a-f]{32}$', item[name]) for item in items[:2] for name in ('user_key', 'password_key'))
    assert items[0]['is_enabled'] is True and items[0]['user_key'] != items[1]['user_key']
    assert items[2]['code'] == 400 and 'already exists' in items[2]['message']

    listed = eqp.call('GET', keys).json()
    assert [sorted(key) for key in listed['m2']] == [['is_enabled', 'label', 'password_key', 'user_key']] * 2
    assert listed['m1'] == []
    assert eqp.call('GET', keys, params={'type': 'm2', 'label': 'key_for_charlie'}).json() == {'m2': [listed['m2'][1]]}
    assert eqp.call('GET', keys, params={'type': 'm1'}).json() == {'m1': []}
    assert eqp.call('GET', keys, params={'type': 'm3'}).json()['code'] == 1005

    disabled = eqp.call('PUT', keys + '/key_for_charlie', json={'m2': [{'is_enabled': False}]})
    assert disabled.json() == {'m2': [dict(listed['m2'][1], is_enabled=False)]}
    assert eqp.call('PUT', keys + '/key_for_charlie', json={'m2': [{'is_enabled': 'no'}]}).status_code == 400
    assert eqp.call('DELETE', keys + '/key_for_charlie').status_code == 204
    assert eqp.call('DELETE', keys + '/key_for_charlie').json()['code'] == 1404
    assert [key['label'] for key in eqp.call('GET', keys).json()['m2']] == ['key_for_alice']
    # Another account's keys are not this token's.
    assert eqp.call('GET', '/rest/v1/users/MAG000000000/keys').status_code == 403


@pytest.mark.parametrize('report', ['pageviews', 'totals', 'sales', 'refunds'])
def test_user_reports_answer_json(eqp, report):
    answer = eqp.call('GET', '/rest/v1/users/%s/reports/%s' % (eqp.account['mage_id'], report))
    assert answer.status_code == 200 and answer.json() == []


def test_an_unknown_report_is_404(eqp):
    answer = eqp.call('GET', '/rest/v1/users/%s/reports/payouts' % eqp.account['mage_id'])
    assert answer.status_code == 404 and answer.json()['code'] == 1404
