# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The EQP resource client on the wire, against a scripted HTTP server."""

from __future__ import annotations

import time

import pytest

from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_local_files import LocalFile
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_resources import EqpItemError, EqpResources, ambiguous, write_outcome
from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError
from ansible_collections.commerceops.api.plugins.module_utils.core.token import Token

from ansible_collections.commerceops.api.tests.unit.plugins.module_utils.support_http import Reply

UST = 'baGXoStRuR9VCDFQGZNzgNqbqu5WUwlr.cAxZJ9m22Le7'


def token(base_url, value=UST):
    return Token(value, 'eqp', base_url, 'AQ17NZ49WC', time.time() + 3600, {'mage_id': 'MAG123456789', 'environment': 'sandbox'})


@pytest.fixture
def resources(server, make_client):
    def factory(renew=None, **client_options):
        client_options.setdefault('retries', 2)
        return EqpResources(make_client(**client_options), token(server.url), renew)
    return factory


def test_upload_sends_one_file_part_per_file(server, resources, tmp_path):
    (tmp_path / 'module.zip').write_bytes(b'PK\x03\x04zip-bytes')
    (tmp_path / 'guide.pdf').write_bytes(b'%PDF-1.4 guide')
    files = [LocalFile('artifact', str(tmp_path / 'module.zip'), 'application/zip', 'md5a', 13),
             LocalFile('documentation.user', str(tmp_path / 'guide.pdf'), 'application/pdf', 'md5b', 14)]
    server.handler = lambda request: Reply(200, [{'filename': 'module.zip', 'file_upload_id': 'id-1'},
                                                 {'filename': 'guide.pdf', 'file_upload_id': 'id-2'}])
    answers = resources().upload(files)
    assert [answer['file_upload_id'] for answer in answers] == ['id-1', 'id-2']
    request = server.requests[0]
    assert request.method == 'POST' and request.path == '/rest/v1/files/uploads'
    assert request.header('content-type').startswith('multipart/form-data; boundary=')
    assert request.header('authorization') == 'Bearer ' + UST
    body = request.body
    assert body.count(b'name="file[]"') == 2
    assert b'name="file[]"; filename="module.zip"\r\nContent-Type: application/zip\r\n\r\nPK\x03\x04zip-bytes\r\n' in body
    assert b'name="file[]"; filename="guide.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 guide\r\n' in body


def test_an_upload_answer_without_ids_is_an_error(server, resources, tmp_path):
    (tmp_path / 'a.zip').write_bytes(b'PK\x03\x04')
    server.handler = lambda request: Reply(200, [])
    with pytest.raises(ApiError, match='expected one file_upload_id per uploaded file'):
        resources().upload([LocalFile('artifact', str(tmp_path / 'a.zip'), 'application/zip', 'x', 4)])


def test_an_unknown_file_or_package_is_none(server, resources):
    server.handler = lambda request: Reply(404, {'code': 1404, 'message': 'not found'})
    client = resources()
    assert client.file('5c11e656057b42.97931218.5') is None
    assert client.package('f4eacd72be') is None
    assert client.package_by_item_id('my item') is None
    assert server.paths() == ['/rest/v1/files/uploads/5c11e656057b42.97931218.5', '/rest/v1/products/packages/f4eacd72be',
                              '/rest/v1/products/packages/items/my%20item']


def test_sku_lookup_encodes_the_sku_and_reads_the_total(server, resources):
    server.handler = lambda request: Reply(200, [{'submission_id': 'a'}], headers={'X-Total-Count': '7'})
    packages, total = resources().packages_by_sku('examplevendor/module-demo', '1.0.0')
    assert packages == [{'submission_id': 'a'}] and total == 7
    assert server.paths() == ['/rest/v1/products/packages/skus/examplevendor%2Fmodule-demo?version=1.0.0&offset=0&limit=-1']


def test_list_filters_repeat_keys_and_spell_booleans(server, resources):
    server.handler = lambda request: Reply(200, [])
    packages, total = resources().packages({'technical': ['approved', 'rejected'], 'launch_on_approval': True}, sort='-modified_at,+name')
    assert packages == [] and total == 0
    assert server.paths() == ['/rest/v1/products/packages?technical=approved&technical=rejected&launch_on_approval=true'
                              '&sort=-modified_at%2C%2Bname&offset=0&limit=-1']


def test_a_list_that_is_not_a_list_is_an_error(server, resources):
    server.handler = lambda request: Reply(200, {'oops': True})
    with pytest.raises(ApiError, match='expected a JSON array'):
        resources().packages()


def test_create_posts_a_batch_of_one_and_reads_the_item(server, resources):
    server.handler = lambda request: Reply(200, [{'code': 200, 'message': 'Success', 'submission_id': 'f4eacd72be'}])
    result = resources().create_package({'name': 'Demo'})
    assert result['submission_id'] == 'f4eacd72be'
    assert server.requests[0].json() == [{'name': 'Demo'}]


def test_a_refused_item_is_an_item_error_with_code_and_details(server, resources):
    server.handler = lambda request: Reply(200, [{'code': 1208, 'message': 'Insufficient information for Technical Submission',
                                                  'details': ['release_notes', 'artifact']}])
    with pytest.raises(EqpItemError) as caught:
        resources().create_package({'name': 'Demo'}, what='creating examplevendor/module-demo 1.0.0')
    error = caught.value
    assert error.code == 1208 and error.details == ['release_notes', 'artifact']
    assert str(error) == ('EQP API (sandbox) at %s/rest/v1/products/packages: creating examplevendor/module-demo 1.0.0 refused: '
                          'item code 1208: Insufficient information for Technical Submission (release_notes, artifact) '
                          '(a technical submit needs artifact, documentation.user, metadata.release_notes and '
                          'metadata.version_compatibility)' % server.url)
    assert error.to_dict()['code'] == 1208
    assert not ambiguous(error)


def test_a_package_post_is_never_retried(server, resources):
    server.handler = lambda request: Reply(503, {'code': 503, 'message': 'busy'}, headers={'Retry-After': '0'})
    with pytest.raises(ApiError) as caught:
        resources(retries=3).create_package({'name': 'Demo'})
    assert caught.value.status == 503 and ambiguous(caught.value)
    assert len(server.requests) == 1


def test_a_single_put_answers_the_item_with_its_own_status(server, resources):
    server.queue = [Reply(409, {'code': 1412, 'message': 'The package is in review: only recall is accepted', 'submission_id': 'x'}),
                    Reply(200, {'code': 1321, 'message': 'Saved as draft', 'submission_id': 'x'}),
                    Reply(400, {'code': 1005, 'message': 'The request body must be a JSON object'})]
    client = resources()
    with pytest.raises(EqpItemError) as caught:
        client.update_package('x', {'action': {'technical': 'submit'}})
    assert caught.value.code == 1412 and 'recall' in str(caught.value)
    assert client.update_package('x', {'action': {'technical': 'submit'}}, allow=(200, 1321))['code'] == 1321
    with pytest.raises(EqpItemError, match='item code 1005'):
        client.update_package('x', {})
    assert [request.method for request in server.requests] == ['PUT', 'PUT', 'PUT']
    assert server.requests[0].json() == {'action': {'technical': 'submit'}}


def test_a_put_that_failed_on_the_server_is_ambiguous(server, resources):
    server.handler = lambda request: Reply(502, '<html><title>Bad gateway</title></html>')
    with pytest.raises(ApiError) as caught:
        resources(retries=0).update_package('x', {'action': {'technical': 'submit'}}, idempotent=False)
    assert caught.value.status == 502 and ambiguous(caught.value)


def test_a_401_gets_one_new_token_and_one_retry(server, resources):
    seen = []

    def handler(request):
        seen.append(request.header('authorization'))
        if request.header('authorization') == 'Bearer ' + UST:
            return Reply(401, {'code': 1003, 'message': 'Invalid or expired session token'})
        return Reply(200, [])

    renewals = []

    def renew(stale):
        renewals.append(stale)
        return token(server.url, 'fresh-token')

    server.handler = handler
    client = resources(renew=renew)
    assert client.packages() == ([], 0)
    assert renewals == [UST]
    assert seen == ['Bearer ' + UST, 'Bearer fresh-token']
    assert client.token.value == 'fresh-token'


def test_a_second_401_is_an_error_without_the_token(server, resources):
    server.handler = lambda request: Reply(401, {'code': 1003, 'message': 'Invalid token %s' % request.header('authorization')})
    client = resources(renew=lambda stale: token(server.url, 'fresh-token'))
    with pytest.raises(ApiError) as caught:
        client.package('x')
    message = str(caught.value)
    assert caught.value.status == 401
    assert 'obtain a new one' in message
    assert UST not in message and 'fresh-token' not in message
    assert len(server.requests) == 2


def test_a_401_without_renewal_is_an_error(server, resources):
    server.handler = lambda request: Reply(401, {'code': 1003, 'message': 'Invalid or expired session token'})
    with pytest.raises(ApiError) as caught:
        resources().test_runs('x')
    assert str(caught.value).startswith('EQP API (sandbox) at %s/rest/v1/products/packages/x/status answered HTTP 401' % server.url)
    assert len(server.requests) == 1


def test_users(server, resources):
    server.handler = lambda request: Reply(200, {'mage_id': 'MAG123456789'})
    client = resources()
    assert client.user(summary=True) == {'mage_id': 'MAG123456789'}
    client.update_user({'screen_name': 'dana'}, action='submit')
    assert server.paths() == ['/rest/v1/users/MAG123456789?style=summary', '/rest/v1/users/MAG123456789']
    assert server.requests[1].json() == {'screen_name': 'dana', 'action': 'submit'}


def test_write_outcome():
    timeout = ApiError(api='eqp', status=None, vendor_message='timed out')
    assert write_outcome(timeout) == 'unknown'
    timeout.unsent = True
    assert write_outcome(timeout) == 'refused'
    assert write_outcome(ApiError(api='eqp', status=502)) == 'unknown'
    assert write_outcome(ApiError(api='eqp', status=504)) == 'unknown'
    assert write_outcome(ApiError(api='eqp', status=503)) == 'refused'
    assert write_outcome(ApiError(api='eqp', status=429)) == 'refused'
    assert write_outcome(ApiError(api='eqp', status=409)) == 'failed'
    assert write_outcome(EqpItemError(1409, 'x', 'y')) == 'failed'


def test_a_refused_connection_was_never_sent_and_a_timeout_maybe(server, resources):
    client = resources(retries=0)
    client.base_url = 'http://127.0.0.1:9'
    with pytest.raises(ApiError) as caught:
        client.create_package({'name': 'Demo'})
    assert caught.value.unsent is True and write_outcome(caught.value) == 'refused'


def test_ambiguous():
    assert ambiguous(ApiError(api='eqp', status=None, vendor_message='timed out'))
    assert ambiguous(ApiError(api='eqp', status=500))
    assert ambiguous(ApiError(api='eqp', status=429))
    assert not ambiguous(ApiError(api='eqp', status=400))
    assert not ambiguous(ValueError('x'))
