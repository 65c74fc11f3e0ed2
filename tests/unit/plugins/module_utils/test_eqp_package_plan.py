# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The package plan without any request: what to upload, create, update, submit or recall, and the diff.

Also the option checks of DesiredPackage, the local file checks and the status helpers it relies on.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile

import pytest

from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_local_files import LocalFile, composer_name, inspect
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_package_plan import PackagePlan, field_reviews, linked_ids, same_file
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_package_spec import DesiredPackage, check_sku
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_package_status import choose, failure_summary, status_of

SKU = 'examplevendor/module-demo'
PNG = b'\x89PNG\r\n\x1a\n' + b'\x00' * 16


def local(slot, content):
    return LocalFile(slot, '/files/%s.bin' % slot.replace('.', '-'), 'application/octet-stream',
                     hashlib.md5(content).hexdigest(), len(content))


def view(content, status='pass'):
    return {'malware_status': status, 'file_hash': hashlib.md5(content).hexdigest() if status == 'pass' else None,
            'size': len(content)}


def desired(state='submitted', reviews=('technical', 'marketing'), fields=None, gallery=(b'shot-1', b'shot-2'), **given):
    files = dict(artifact=b'zip', user=b'guide', icon=b'icon')
    files.update(given.pop('files', {}))
    return DesiredPackage(
        given.pop('sku', SKU), given.pop('version', '1.0.0'), item_id=given.pop('item_id', None), state=state, reviews=reviews,
        fields=fields if fields is not None else {'name': 'Demo', 'long_description': 'A demo.', 'release_notes': 'First.'},
        artifact=local('artifact', files['artifact']) if files['artifact'] is not None else None,
        documentation={'user': local('documentation.user', files['user'])} if files['user'] is not None else {},
        icon=local('media.icon', files['icon']) if files['icon'] is not None else None,
        gallery=[local('media.gallery[%d]' % index, content) for index, content in enumerate(gallery)] if gallery is not None else None,
        resubmit_rejected=given.pop('resubmit_rejected', False),
    )


def package(technical='draft', marketing='draft', overall=None, files=None, gallery=(b'shot-1', b'shot-2'), **fields):
    """A package as the API returns it, linking files f-artifact, f-user, f-icon, f-g0, f-g1; and their views."""
    files = dict(artifact=b'zip', user=b'guide', icon=b'icon', **(files or {}))
    if overall is None:
        running = technical in ('in_automation', 'awaiting_manual_qa', 'in_manual_qa') or marketing in (
            'awaiting_marketing_review', 'in_marketing_review')
        overall = 'in_progress' if running else ('approved' if technical == 'approved' and marketing in ('approved', 'draft') else 'draft')
    body = {
        'submission_id': 'f4eacd72be', 'sku': SKU, 'version': '1.0.0', 'type': 'extension', 'platform': 'M2',
        'name': 'Demo', 'long_description': 'A demo.', 'release_notes': 'First.',
        'artifact': {'file_upload_id': 'f-artifact'},
        'documentation_artifacts': {'user': {'file_upload_id': 'f-user'}},
        'media_artifacts': {'icon_image': {'file_upload_id': 'f-icon'},
                            'gallery_images': [{'file_upload_id': 'f-g%d' % index} for index in range(len(gallery))]},
        'eqp_status': {'overall': overall, 'technical': technical, 'marketing': marketing},
        'modified_at': '2026-01-01 00:00:00',
    }
    body.update(fields)
    views = {'f-artifact': view(files['artifact']), 'f-user': view(files['user']), 'f-icon': view(files['icon'])}
    views.update(('f-g%d' % index, view(content)) for index, content in enumerate(gallery))
    return body, views


# nothing to do ---------------------------------------------------------------------------------

def test_a_package_in_review_with_the_same_content_needs_nothing():
    current, views = package('in_automation', 'awaiting_marketing_review')
    plan = PackagePlan(desired(), current, views)
    assert plan.actions == [] and not plan.changed
    assert plan.uploads == [] and plan.changes == {} and plan.submits == []
    assert plan.warnings == []
    assert plan.diff == {'before': {}, 'after': {}}
    assert 'nothing to do' in plan.summary()


def test_an_approved_package_is_never_submitted_again():
    current, views = package('approved', 'approved')
    plan = PackagePlan(desired(), current, views)
    assert plan.actions == []
    assert plan.warnings == []


def test_a_draft_with_the_same_content_and_state_draft_needs_nothing():
    current, views = package()
    plan = PackagePlan(desired(state='draft'), current, views)
    assert plan.actions == []


# uploads ---------------------------------------------------------------------------------------

def test_only_the_changed_file_is_uploaded():
    current, views = package()
    plan = PackagePlan(desired(state='draft', files={'user': b'guide, second edition'}), current, views)
    assert [item.slot for item in plan.uploads] == ['documentation.user']
    assert plan.actions == ['upload documentation.user', 'update draft']
    assert plan.body({'documentation.user': 'f-new'}) == {'documentation_artifacts': {'user': {'file_upload_id': 'f-new'}}}
    assert plan.kept['artifact'] == 'f-artifact'


def test_a_file_whose_scan_failed_or_is_unknown_is_uploaded_again():
    current, views = package()
    views['f-artifact'] = view(b'zip', status='fail')
    del views['f-icon']
    plan = PackagePlan(desired(state='draft'), current, views)
    assert sorted(item.slot for item in plan.uploads) == ['artifact', 'media.icon']


def test_without_a_hash_size_and_name_decide():
    mine = local('artifact', b'zip')
    assert same_file(mine, {'malware_status': 'passed', 'size': 3, 'filename': 'artifact.bin'})
    assert not same_file(mine, {'malware_status': 'passed', 'size': 4, 'filename': 'artifact.bin'})
    assert not same_file(mine, {'malware_status': 'in-progress', 'size': 3, 'filename': 'artifact.bin'})
    assert same_file(mine, {'malware_status': 'pass', 'file_hash': hashlib.md5(b'zip').hexdigest().upper()})


def test_a_reordered_gallery_is_written_without_uploads():
    current, views = package()
    plan = PackagePlan(desired(state='draft', gallery=(b'shot-2', b'shot-1')), current, views)
    assert plan.uploads == []
    assert plan.actions == ['update draft']
    body = plan.body()
    assert body['media_artifacts']['gallery_images'] == [{'file_upload_id': 'f-g1'}, {'file_upload_id': 'f-g0'}]
    assert body['media_artifacts']['icon_image'] == {'file_upload_id': 'f-icon'}
    assert plan.file_ids()['media.gallery[0]'] == 'f-g1'


def test_a_shorter_gallery_drops_the_rest():
    current, views = package()
    plan = PackagePlan(desired(state='draft', gallery=(b'shot-1',)), current, views)
    assert plan.body()['media_artifacts']['gallery_images'] == [{'file_upload_id': 'f-g0'}]
    assert 'media.gallery[1]' not in plan.file_ids()


def test_files_left_out_keep_their_links():
    current, views = package()
    current['documentation_artifacts']['installation'] = {'file_upload_id': 'f-install'}
    plan = PackagePlan(desired(state='draft', files={'user': b'new guide'}, gallery=None), current, views)
    body = plan.body({'documentation.user': 'f-new'})
    assert body['documentation_artifacts'] == {'user': {'file_upload_id': 'f-new'}, 'installation': {'file_upload_id': 'f-install'}}
    assert 'media_artifacts' not in body


# create vs update ------------------------------------------------------------------------------

def test_a_missing_package_is_created_with_defaults_and_every_file():
    plan = PackagePlan(desired(item_id='demo-1'), None, {})
    assert plan.create
    assert plan.actions == ['upload artifact', 'upload documentation.user', 'upload media.icon', 'upload media.gallery[0]',
                            'upload media.gallery[1]', 'create draft', 'submit technical review', 'submit marketing review']
    ids = {'artifact': 'a', 'documentation.user': 'u', 'media.icon': 'i', 'media.gallery[0]': 'g0', 'media.gallery[1]': 'g1'}
    body = plan.body(ids)
    assert body['type'] == 'extension' and body['platform'] == 'M2'
    assert body['sku'] == SKU and body['version'] == '1.0.0' and body['item_id'] == 'demo-1'
    assert body['artifact'] == {'file_upload_id': 'a'}
    assert body['documentation_artifacts'] == {'user': {'file_upload_id': 'u'}}
    assert body['media_artifacts'] == {'icon_image': {'file_upload_id': 'i'},
                                       'gallery_images': [{'file_upload_id': 'g0'}, {'file_upload_id': 'g1'}]}
    assert plan.file_ids() == dict.fromkeys(ids)


def test_defaults_do_not_overwrite_an_existing_package():
    current, views = package(type='theme')
    plan = PackagePlan(desired(state='draft'), current, views)
    assert plan.actions == []


def test_only_the_fields_that_differ_are_written():
    current, views = package()
    plan = PackagePlan(desired(state='draft', fields={'name': 'Demo', 'release_notes': 'Second.', 'price': 10, 'short_description': None}),
                       current, views)
    assert plan.changes == {'release_notes': 'Second.', 'price': 10}
    assert plan.actions == ['update draft']


def test_item_id_is_added_to_a_package_found_by_sku():
    current, views = package()
    plan = PackagePlan(desired(state='draft', item_id='demo-1'), current, views)
    assert plan.changes == {'item_id': 'demo-1'}


def test_a_numeric_item_id_on_the_server_matches_its_text():
    current, views = package(item_id=42)
    assert PackagePlan(desired(state='draft', item_id='42'), current, views).actions == []


@pytest.mark.parametrize('fields, given, message', [
    ({'version': '2.0.0'}, {'item_id': 'demo-1'}, 'item_id demo-1 is package f4eacd72be of version 2.0.0, not 1.0.0'),
    ({'sku': 'othervendor/other'}, {'item_id': 'demo-1'}, 'item_id demo-1 is package f4eacd72be of sku othervendor/other'),
    ({'item_id': 'other-1'}, {'item_id': 'demo-1'}, 'is already package f4eacd72be with item_id other-1'),
])
def test_identity_conflicts_are_refused(fields, given, message):
    current, views = package(**fields)
    with pytest.raises(ValueError) as caught:
        PackagePlan(desired(**given), current, views)
    assert message in str(caught.value)


def test_a_canceled_package_accepts_no_change():
    current, views = package(overall='canceled_by_developer')
    with pytest.raises(ValueError, match='was canceled or removed'):
        PackagePlan(desired(), current, views)
    assert PackagePlan(desired(state='recalled'), current, views).actions == []


# reviews ---------------------------------------------------------------------------------------

@pytest.mark.parametrize('technical, marketing, reviews, resubmit, submits', [
    ('draft', 'draft', ('technical', 'marketing'), False, ['technical', 'marketing']),
    ('draft', 'draft', ('marketing',), False, ['marketing']),
    ('rejected', 'draft', ('technical', 'marketing'), True, ['technical', 'marketing']),
    ('rejected', 'draft', ('technical', 'marketing'), False, []),
    ('rejected', 'draft', ('marketing',), False, ['marketing']),
    ('recalled', 'recalled', ('technical',), False, ['technical']),
    ('approved', 'draft', ('technical', 'marketing'), False, ['marketing']),
    ('approved', 'rejected', ('technical', 'marketing'), True, ['marketing']),
    ('approved', 'rejected', ('technical', 'marketing'), False, []),
    ('approved', 'approved', ('technical', 'marketing'), False, []),
    ('approved', 'approved_with_modifications_pending', ('marketing',), False, []),
    ('in_automation', 'draft', ('technical', 'marketing'), False, []),
    ('rejected', 'in_marketing_review', ('technical',), True, []),
])
def test_which_reviews_are_submitted(technical, marketing, reviews, resubmit, submits):
    current, views = package(technical, marketing)
    plan = PackagePlan(desired(reviews=reviews, resubmit_rejected=resubmit), current, views)
    assert plan.submits == submits
    assert plan.actions == ['submit %s review' % review for review in submits]


def test_a_rejected_version_is_left_as_it_is_and_says_what_to_do():
    current, views = package('rejected', 'draft')
    # Even a changed file and field: nothing is uploaded or written to a rejected version.
    plan = PackagePlan(desired(fields={'name': 'Demo', 'release_notes': 'Fixed.'}, files={'artifact': b'fixed zip'}), current, views)
    assert plan.actions == [] and plan.uploads == [] and plan.changes == {} and not plan.changed
    expected = ('the technical review of examplevendor/module-demo 1.0.0 (package f4eacd72be) was rejected; it is not submitted '
                'again: publish the fixed package as a new version, or set resubmit_rejected=true to submit this version again')
    assert plan.warnings == [expected]
    assert plan.summary() == 'examplevendor/module-demo 1.0.0: nothing done, draft (technical rejected, marketing draft); ' + expected
    # Asked explicitly: the fixed file and field are sent, and the review submitted again.
    plan = PackagePlan(desired(fields={'name': 'Demo', 'release_notes': 'Fixed.'}, files={'artifact': b'fixed zip'},
                               resubmit_rejected=True), current, views)
    assert plan.actions == ['upload artifact', 'update draft', 'submit technical review', 'submit marketing review']
    # A draft save of a rejected version is not a submission: it is written as usual.
    plan = PackagePlan(desired(state='draft', fields={'name': 'Demo', 'release_notes': 'Fixed.'}), current, views)
    assert plan.actions == ['update draft']


def test_a_review_that_cannot_start_yet_is_a_warning():
    current, views = package('in_automation', 'draft')
    plan = PackagePlan(desired(), current, views)
    assert plan.submits == []
    assert plan.warnings == ['the marketing review of examplevendor/module-demo 1.0.0 can be submitted once the running review ends']


def test_nothing_is_written_to_a_package_in_review():
    current, views = package('in_automation', 'awaiting_marketing_review')
    plan = PackagePlan(desired(fields={'name': 'Demo', 'release_notes': 'Changed.'}, files={'artifact': b'new zip'}), current, views)
    assert plan.actions == []
    assert len(plan.warnings) == 1
    assert 'is in review' in plan.warnings[0] and 'artifact, release_notes' in plan.warnings[0]
    assert 'state=recalled' in plan.warnings[0]


def test_technical_fields_of_an_approved_technical_review_are_left_alone():
    current, views = package('approved', 'rejected')
    plan = PackagePlan(desired(fields={'name': 'Demo 2', 'release_notes': 'Changed.'}, files={'artifact': b'new zip'}, resubmit_rejected=True),
                       current, views)
    assert plan.uploads == []
    assert plan.changes == {'name': 'Demo 2'}
    assert plan.actions == ['update draft', 'submit marketing review']
    assert 'passed review' in plan.warnings[0] and 'artifact, release_notes' in plan.warnings[0]


def test_field_reviews():
    assert field_reviews('artifact') == ('technical',)
    assert field_reviews('documentation_artifacts') == ('technical', 'marketing')
    assert field_reviews('categories') == ('marketing',)


# recall ----------------------------------------------------------------------------------------

@pytest.mark.parametrize('technical, marketing, reviews, recalls', [
    ('in_automation', 'awaiting_marketing_review', ('technical', 'marketing'), ['technical', 'marketing']),
    ('in_manual_qa', 'approved', ('technical', 'marketing'), ['technical']),
    ('in_automation', 'in_marketing_review', ('marketing',), ['marketing']),
    ('rejected', 'draft', ('technical', 'marketing'), []),
    ('recalled', 'recalled', ('technical', 'marketing'), []),
])
def test_recall_only_what_runs(technical, marketing, reviews, recalls):
    current, views = package(technical, marketing)
    plan = PackagePlan(desired(state='recalled', reviews=reviews, files={'artifact': b'other'}), current, views)
    assert plan.recalls == recalls
    assert plan.uploads == [] and plan.changes == {}
    assert plan.actions == ['recall %s review' % review for review in recalls]


def test_recall_of_a_missing_package_changes_nothing():
    plan = PackagePlan(desired(state='recalled'), None, {})
    assert plan.actions == [] and not plan.create
    assert plan.summary() == 'examplevendor/module-demo 1.0.0 does not exist: nothing to recall'


# diff ------------------------------------------------------------------------------------------

def test_diff_of_an_update_shows_fields_hashes_and_reviews():
    current, views = package('rejected', 'draft')
    plan = PackagePlan(desired(reviews=('technical',), fields={'release_notes': 'Fixed.'}, files={'artifact': b'fixed zip'},
                               resubmit_rejected=True), current, views)
    assert plan.actions == ['upload artifact', 'update draft', 'submit technical review']
    assert plan.diff == {
        'before': {'release_notes': 'First.', 'files': {'artifact': hashlib.md5(b'zip').hexdigest()},
                   'eqp_status': {'technical': 'rejected'}},
        'after': {'release_notes': 'Fixed.', 'files': {'artifact': hashlib.md5(b'fixed zip').hexdigest()},
                  'eqp_status': {'technical': 'in_automation'}},
    }


def test_diff_of_a_create_has_an_empty_before():
    plan = PackagePlan(desired(state='draft', gallery=None), None, {})
    diff = plan.diff
    assert diff['before'] == {}
    assert diff['after']['files'] == {'artifact': hashlib.md5(b'zip').hexdigest(), 'documentation.user': hashlib.md5(b'guide').hexdigest(),
                                      'media.icon': hashlib.md5(b'icon').hexdigest()}
    assert diff['after']['type'] == 'extension'
    assert 'eqp_status' not in diff['after']


def test_diff_of_a_recall():
    current, views = package('in_automation', 'awaiting_marketing_review')
    assert PackagePlan(desired(state='recalled', reviews=('marketing',)), current, views).diff == {
        'before': {'eqp_status': {'marketing': 'awaiting_marketing_review'}}, 'after': {'eqp_status': {'marketing': 'recalled'}}}


def test_linked_ids():
    current, _views = package()
    assert linked_ids(current) == {'artifact': 'f-artifact', 'documentation.user': 'f-user', 'media.icon': 'f-icon',
                                   'media.gallery[0]': 'f-g0', 'media.gallery[1]': 'f-g1'}
    assert linked_ids({'artifact': {}, 'media_artifacts': {'gallery_images': 'bad'}}) == {}


# the desired package from options --------------------------------------------------------------

@pytest.fixture
def files(tmp_path):
    paths = {}
    paths['zip'] = str(tmp_path / 'module.zip')
    with zipfile.ZipFile(paths['zip'], 'w') as archive:
        archive.writestr('package/composer.json', json.dumps({'name': 'deep/ignored'}))
        archive.writestr('composer.json', json.dumps({'name': SKU, 'version': '1.0.0'}))
    paths['nameless'] = str(tmp_path / 'nameless.zip')
    with zipfile.ZipFile(paths['nameless'], 'w') as archive:
        archive.writestr('README', 'no composer.json')
    for name, content in (('guide.pdf', b'%PDF-1.4\n%%EOF\n'), ('icon.png', PNG), ('photo.jpg', b'\xff\xd8\xff\xe0rest'),
                          ('anim.gif', b'GIF89a rest'), ('text.zip', b'hello'), ('empty.pdf', b'')):
        path = tmp_path / name
        path.write_bytes(content)
        paths[name] = str(path)
    paths['dir'] = str(tmp_path)
    return paths


def params(files, **given):
    values = dict(sku=SKU, version='1.0.0', item_id=None, state='submitted', reviews=['technical', 'marketing'],
                  artifact=files['zip'], documentation={'user': files['guide.pdf'], 'installation': None, 'reference': None},
                  media={'icon': files['icon.png'], 'gallery': [files['photo.jpg'], files['anim.gif']]},
                  metadata={'name': 'Demo', 'long_description': 'A demo.', 'short_description': None})
    values.update(given)
    return values


def test_desired_package_from_params(files):
    package_ = DesiredPackage.from_params(params(files))
    assert package_.sku == SKU and package_.sku_source == 'sku'
    assert package_.fields == {'name': 'Demo', 'long_description': 'A demo.'}
    assert list(package_.files) == ['artifact', 'documentation.user', 'media.icon', 'media.gallery[0]', 'media.gallery[1]']
    assert [item.content_type for item in package_.files.values()] == ['application/zip', 'application/pdf', 'image/png',
                                                                       'image/jpeg', 'image/gif']
    assert package_.files['artifact'].md5 == hashlib.md5(open(files['zip'], 'rb').read()).hexdigest()


def test_the_sku_comes_from_composer_json(files):
    package_ = DesiredPackage.from_params(params(files, sku=None))
    assert package_.sku == SKU and package_.sku_source == 'composer.json'


@pytest.mark.parametrize('given, message', [
    (dict(sku='Vendor/Package'), "sku must look like vendor_name/package_name in lower case (composer package name rules), got 'Vendor/Package'"),
    (dict(sku='vendor'), 'sku must look like'),
    (dict(version=None), 'version is required'),
    (dict(version='1.0 beta'), "version must not contain spaces, got '1.0 beta'"),
    (dict(reviews=[]), 'reviews must name at least one review'),
    (dict(artifact='/does/not/exist.zip'), 'artifact: /does/not/exist.zip does not exist'),
    (dict(artifact='TEXT'), 'is not a zip archive'),
    (dict(documentation={'user': 'EMPTY'}), 'documentation.user: EMPTY is an empty file'),
    (dict(documentation={'user': 'DIR'}), 'documentation.user: DIR is not a regular file'),
    (dict(documentation={'installation': 'GUIDE'}), 'documentation.user is required to submit the technical and marketing review'),
    (dict(artifact=None), 'artifact is required to submit the technical review'),
    (dict(media={'gallery': ['ICON', 'GUIDE']}), 'media.gallery[1]: GUIDE is not a PNG, JPEG or GIF image'),
    (dict(metadata={'sku': SKU}), 'metadata.sku: use the option sku instead'),
    (dict(metadata={'documentation_artifacts': {}}), 'metadata.documentation_artifacts: use the option documentation instead'),
    (dict(metadata={'eqp_status': {}}), 'metadata.eqp_status: the server sets it'),
    (dict(sku=None, artifact='NAMELESS', state='draft'), 'sku is required to find the package'),
])
def test_bad_options_name_the_option(files, given, message):
    names = {'TEXT': files['text.zip'], 'EMPTY': files['empty.pdf'], 'DIR': files['dir'], 'GUIDE': files['guide.pdf'],
             'ICON': files['icon.png'], 'NAMELESS': files['nameless']}

    def resolve(value):
        if isinstance(value, dict):
            return dict((key, resolve(item)) for key, item in value.items())
        if isinstance(value, list):
            return [resolve(item) for item in value]
        return names.get(value, value)

    with pytest.raises(ValueError) as caught:
        DesiredPackage.from_params(params(files, **dict((key, resolve(value)) for key, value in given.items())))
    assert message in str(caught.value).replace(files['text.zip'], 'TEXT').replace(files['empty.pdf'], 'EMPTY').replace(
        files['guide.pdf'], 'GUIDE').replace(files['dir'], 'DIR')


def test_a_recall_reads_no_file(files):
    package_ = DesiredPackage.from_params(params(files, state='recalled', artifact='/does/not/exist.zip', reviews=['technical']))
    assert package_.files == {} and package_.reviews == ('technical',)


def test_a_draft_needs_no_file(files):
    package_ = DesiredPackage.from_params(params(files, state='draft', artifact=None, documentation=None, media=None))
    assert package_.files == {}


@pytest.mark.skipif(hasattr(os, 'geteuid') and os.geteuid() == 0, reason='root reads any file')
def test_an_unreadable_file(tmp_path):
    path = tmp_path / 'secret.pdf'
    path.write_bytes(b'%PDF-1.4')
    path.chmod(0)
    with pytest.raises(ValueError, match='documentation.user: cannot read .*secret.pdf: Permission denied'):
        inspect('documentation.user', str(path), 'pdf')


def test_composer_name(files):
    assert composer_name(files['zip']) == SKU
    assert composer_name(files['nameless']) is None
    assert composer_name(files['text.zip']) is None


def test_check_sku():
    for good in ('vendor/package', 'my-vendor/my_package.name', 'a1/b--c'):
        assert check_sku(good) == good
    for bad in ('Vendor/package', 'vendor/', '/package', 'vendor/package/extra', 'vendor package', None):
        with pytest.raises(ValueError):
            check_sku(bad)


# status helpers --------------------------------------------------------------------------------

def test_status_of_fills_draft():
    assert status_of({}) == {'overall': 'draft', 'technical': 'draft', 'marketing': 'draft'}
    assert status_of({'eqp_status': {'technical': 'approved'}})['technical'] == 'approved'


def test_choose_prefers_a_submitted_copy_then_the_latest():
    draft_old = {'submission_id': 'a', 'eqp_status': {'overall': 'draft'}, 'modified_at': '2026-01-02 00:00:00'}
    draft_new = {'submission_id': 'b', 'eqp_status': {'overall': 'draft'}, 'modified_at': '2026-01-03 00:00:00'}
    submitted = {'submission_id': 'c', 'eqp_status': {'overall': 'in_progress', 'technical': 'in_automation'},
                 'modified_at': '2026-01-01 00:00:00'}
    canceled = {'submission_id': 'd', 'eqp_status': {'overall': 'canceled_by_developer'}, 'modified_at': '2026-01-09 00:00:00'}
    assert choose([draft_old, draft_new])['submission_id'] == 'b'
    assert choose([draft_old, submitted, draft_new])['submission_id'] == 'c'
    assert choose([canceled]) is None
    assert choose([]) is None


def test_failure_summary():
    runs = [
        {'name': 'Malware Scan', 'status': 'pass', 'date': '2026-01-01 00:00:00'},
        {'name': 'Coding Standard', 'status': 'fail', 'date': '2026-01-01 00:01:00', 'summary': 'Bad\nnames'},
        {'name': 'Marketing Review', 'status': 'failed'},
        'garbage',
    ]
    assert failure_summary(runs) == 'Coding Standard failed on 2026-01-01 00:01:00: Bad names; Marketing Review failed'
    assert failure_summary([]) == ''
    assert failure_summary(None) == ''
