# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The control API: health, clock, faults, counts, config, reset."""

import json
import time

import pytest
import requests

TOKEN_PATH = '/rest/v1/app/session/token'


def control(emulator, name, method, what, **kwargs):
    return emulator.session.request(method, emulator.url(name) + '/__emulator__/' + what, timeout=10, **kwargs)


def get_token(emulator, name='eqp_sandbox'):
    creds = emulator.fixtures['eqp'][name.split('_')[1]]
    return emulator.session.post(emulator.url(name) + TOKEN_PATH, auth=(creds['app_id'], creds['app_secret']),
                                 json={'grant_type': 'session'}, timeout=10)


def test_health_names_the_listener(emulator):
    for name in ('eqp_sandbox', 'eqp_production'):
        body = control(emulator, name, 'GET', 'health').json()
        assert body['name'] == name
        assert abs(body['now'] - time.time()) < 5


def test_unknown_control_path_is_json_404(emulator):
    for what in ('nothing', 'faults/extra', ''):
        response = control(emulator, 'eqp_sandbox', 'GET', what)
        assert response.status_code == 404
        assert response.headers['Content-Type'].startswith('application/json')
        assert response.json()['code'] == 404


def test_control_rejects_bad_json_and_methods(emulator):
    response = control(emulator, 'eqp_sandbox', 'POST', 'clock', data='{not json')
    assert response.status_code == 400
    assert control(emulator, 'eqp_sandbox', 'PUT', 'health').status_code == 405
    assert control(emulator, 'eqp_sandbox', 'POST', 'faults', json={'action': 'explode'}).status_code == 400
    assert control(emulator, 'eqp_sandbox', 'POST', 'faults', json={'count': 0}).status_code == 400


def test_clock_advance_and_offset_are_shared(emulator):
    before = emulator.control('eqp_sandbox', 'GET', 'clock')
    assert before['offset'] == 0
    emulator.advance(3600)
    after = emulator.control('eqp_production', 'GET', 'clock')
    assert after['offset'] == 3600
    assert after['now'] - before['now'] >= 3600
    body = emulator.control('eqp_production', 'POST', 'clock', {'offset': 10})
    assert body['offset'] == 10
    emulator.control('eqp_sandbox', 'POST', 'clock', {'advance': 5})
    assert emulator.control('eqp_production', 'GET', 'clock')['offset'] == 15


def test_status_fault_with_retry_after_then_normal(emulator):
    spec = emulator.fault('eqp_sandbox', method='POST', path=TOKEN_PATH, status=429, headers={'Retry-After': '2'})
    assert spec['count'] == 1
    response = get_token(emulator)
    assert response.status_code == 429
    assert response.headers['Retry-After'] == '2'
    assert response.json()['code'] == 429
    assert get_token(emulator).status_code == 200


def test_status_fault_default_and_custom_body(emulator):
    emulator.fault('eqp_sandbox', path='/rest/*')
    response = get_token(emulator)
    assert response.status_code == 503
    assert 'code' in response.json()
    emulator.fault('eqp_sandbox', path='/rest/*', status=500, body={'error': 'boom'})
    assert get_token(emulator).json() == {'error': 'boom'}
    emulator.fault('eqp_sandbox', path='/rest/*', status=500, body='plain failure')
    assert get_token(emulator).text == 'plain failure'


def test_fault_count_is_consumed_and_method_matters(emulator):
    emulator.fault('eqp_sandbox', method='POST', path=TOKEN_PATH, count=2, status=502)
    emulator.fault('eqp_sandbox', method='GET', path=TOKEN_PATH, status=500)
    pending = emulator.control('eqp_sandbox', 'GET', 'faults')
    assert [fault['count'] for fault in pending] == [2, 1]
    assert get_token(emulator).status_code == 502
    assert emulator.control('eqp_sandbox', 'GET', 'faults')[0]['count'] == 1
    assert get_token(emulator).status_code == 502
    assert get_token(emulator).status_code == 200
    assert [fault['method'] for fault in emulator.control('eqp_sandbox', 'GET', 'faults')] == ['GET']
    assert emulator.control('eqp_sandbox', 'DELETE', 'faults') == []
    assert emulator.control('eqp_sandbox', 'GET', 'faults') == []


def test_faults_belong_to_one_listener(emulator):
    emulator.fault('eqp_production', path=TOKEN_PATH)
    assert get_token(emulator, 'eqp_sandbox').status_code == 200
    assert get_token(emulator, 'eqp_production').status_code == 503


def test_drop_fault_closes_without_answer(emulator):
    emulator.fault('eqp_sandbox', path=TOKEN_PATH, action='drop')
    with pytest.raises(requests.ConnectionError):
        get_token(emulator)
    assert get_token(emulator).status_code == 200


def test_cut_chunked_fault_ends_in_the_middle_of_a_chunk(emulator):
    emulator.fault('eqp_sandbox', path=TOKEN_PATH, action='cut_chunked')
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        get_token(emulator)
    assert get_token(emulator).status_code == 200


def test_malformed_fault_is_not_json(emulator):
    emulator.fault('eqp_sandbox', path=TOKEN_PATH, action='malformed')
    response = get_token(emulator)
    assert response.status_code == 200
    assert response.headers['Content-Type'].startswith('application/json')
    with pytest.raises(ValueError):
        json.loads(response.text)


def test_html_fault_is_an_error_page(emulator):
    emulator.fault('eqp_sandbox', path=TOKEN_PATH, action='html')
    response = get_token(emulator)
    assert response.status_code == 502
    assert response.headers['Content-Type'].startswith('text/html')
    assert '<html>' in response.text


def test_delay_fault_then_normal_answer(emulator):
    emulator.fault('eqp_sandbox', path=TOKEN_PATH, action='delay', delay=0.3)
    started = time.monotonic()
    response = get_token(emulator)
    assert time.monotonic() - started >= 0.3
    assert response.status_code == 200
    emulator.fault('eqp_sandbox', path=TOKEN_PATH, action='delay', delay=0.5)
    with pytest.raises(requests.Timeout):
        emulator.session.post(emulator.url('eqp_sandbox') + TOKEN_PATH, json={}, timeout=0.1)


def test_counts_include_faulted_but_not_control(emulator):
    emulator.fault('eqp_sandbox', path=TOKEN_PATH)
    get_token(emulator)
    get_token(emulator)
    emulator.session.get(emulator.url('eqp_sandbox') + '/rest/v1/files/uploads?offset=1', timeout=10)
    counts = emulator.counts('eqp_sandbox')
    assert counts == {'POST ' + TOKEN_PATH: 2, 'GET /rest/v1/files/uploads': 1}
    assert emulator.counts('eqp_production') == {}
    assert emulator.control('eqp_sandbox', 'DELETE', 'counts') == {}
    assert emulator.counts('eqp_sandbox') == {}


def test_api_hooks_are_not_counted(emulator):
    emulator.session.post(emulator.url('eqp_sandbox') + '/__emulator__/eqp/packages/none/reject', json={}, timeout=10)
    assert emulator.counts('eqp_sandbox') == {}


def test_config_read_and_merge(emulator):
    config = emulator.config('eqp_sandbox')
    assert config['scan_delay'] == emulator.fixtures['eqp']['scan_delay']
    merged = emulator.config('eqp_sandbox', scan_delay=0, extra='x')
    assert merged['scan_delay'] == 0
    assert merged['extra'] == 'x'
    assert merged['max_expires_in'] == config['max_expires_in']
    assert emulator.config('eqp_production')['scan_delay'] == config['scan_delay']


def test_reset_restores_everything(emulator):
    token = get_token(emulator).json()['ust']
    emulator.config('eqp_sandbox', scan_delay=99)
    emulator.fault('eqp_sandbox', path='/nowhere')
    emulator.advance(100)
    body = emulator.control('eqp_production', 'POST', 'reset')
    assert body['reset'] is True
    assert emulator.control('eqp_sandbox', 'GET', 'clock')['offset'] == 0
    assert emulator.config('eqp_sandbox')['scan_delay'] == emulator.fixtures['eqp']['scan_delay']
    assert emulator.control('eqp_sandbox', 'GET', 'faults') == []
    assert emulator.counts('eqp_sandbox') == {}
    mage_id = emulator.fixtures['eqp']['sandbox']['mage_id']
    response = emulator.session.get(emulator.url('eqp_sandbox') + '/rest/v1/users/' + mage_id,
                                    headers={'Authorization': 'Bearer ' + token}, timeout=10)
    assert response.status_code == 401
