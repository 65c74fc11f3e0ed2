# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json
import pickle

import pytest

from ansible_collections.commerceops.api.plugins.module_utils.core.errors import (
    MASK, MAX_VENDOR_MESSAGE, ApiError, fill_magento_placeholders, redact, scrub_url, summarize_body, vendor_message,
)


def body(data):
    return json.dumps(data).encode('utf-8')


# -- EQP ---------------------------------------------------------------------------------------

def test_eqp_shape_includes_code():
    assert vendor_message('eqp', body({'code': 1001, 'message': 'Invalid application credentials.'})) == \
        'Invalid application credentials. (code 1001)'


def test_eqp_shape_without_code():
    assert vendor_message('eqp', body({'message': 'Nope'})) == 'Nope'


# -- Magento ------------------------------------------------------------------------------------

def test_magento_plain_message():
    text = 'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.'
    assert vendor_message('magento', body({'message': text})) == text


def test_magento_dict_placeholder():
    data = {'message': '"%fieldName" is required. Enter and try again.', 'parameters': {'fieldName': 'password'}}
    assert vendor_message('magento', body(data)) == '"password" is required. Enter and try again.'


def test_magento_list_placeholder():
    data = {'message': 'Server cannot understand Content-Type HTTP header media type %1',
            'parameters': ['application/x-www-form-urlencoded']}
    assert vendor_message('magento', body(data)) == \
        'Server cannot understand Content-Type HTTP header media type application/x-www-form-urlencoded'


def test_magento_resources_placeholder():
    data = {'message': "The consumer isn't authorized to access %resources.", 'parameters': {'resources': 'Magento_Backend::store'}}
    assert vendor_message('magento', body(data)) == "The consumer isn't authorized to access Magento_Backend::store."


def test_magento_aggregate_errors_appended():
    data = {
        'message': 'One or more input exceptions have occurred.',
        'errors': [
            {'message': '"%fieldName" is required. Enter and try again.', 'parameters': {'fieldName': 'username'}},
            {'message': '"%fieldName" is required. Enter and try again.', 'parameters': {'fieldName': 'password'}},
        ],
    }
    assert vendor_message('magento', body(data)) == (
        'One or more input exceptions have occurred. ["username" is required. Enter and try again.; '
        '"password" is required. Enter and try again.]'
    )


def test_magento_list_parameter_in_dict_is_joined():
    data = {'message': 'Please use the 2fa provider-specific endpoints to obtain a token.', 'parameters': {'active_providers': ['google']}}
    assert vendor_message('magento', body(data)) == 'Please use the 2fa provider-specific endpoints to obtain a token.'
    assert fill_magento_placeholders('providers: %active_providers', {'active_providers': ['google', 'duo']}) == 'providers: google, duo'


def test_magento_placeholder_edge_cases():
    assert fill_magento_placeholders('%1 and %2 and %10', ['a', 'b']) == 'a and b and %10'
    assert fill_magento_placeholders('%missing stays', {'other': 1}) == '%missing stays'
    assert fill_magento_placeholders('no params %1', None) == 'no params %1'


def test_magento_xml_error():
    xml = (b'<?xml version="1.0"?>\n<response><message>The %1 HTTP method is not supported.</message>'
           b'<parameters><item>PATCH</item></parameters></response>')
    assert vendor_message('magento', xml) == 'The PATCH HTTP method is not supported.'


# -- Elastic Path -------------------------------------------------------------------------------

@pytest.mark.parametrize('status', [401, '401'])
def test_elasticpath_status_int_or_string(status):
    assert vendor_message('commerce', body({'errors': [{'status': status, 'title': 'Unauthorized'}]})) == 'Unauthorized'


def test_elasticpath_detail_and_several_errors():
    data = {'errors': [
        {'status': 400, 'title': 'Bad Request', 'detail': 'grant_type is required'},
        {'status': '422', 'title': 'Failed Validation', 'detail': 'client_id is required'},
    ]}
    assert vendor_message('commerce', body(data)) == \
        'Bad Request: grant_type is required (status 400); Failed Validation: client_id is required (status 422)'


def test_shapes_are_recognised_whatever_the_api():
    assert vendor_message(None, body({'errors': [{'status': '403', 'title': 'Forbidden'}]})) == 'Forbidden'
    assert vendor_message(None, body({'code': 1001, 'message': 'Invalid'})) == 'Invalid (code 1001)'
    assert vendor_message(None, body({'message': 'The %1 HTTP method is not supported.', 'parameters': ['PATCH']})) == \
        'The PATCH HTTP method is not supported.'
    assert vendor_message('eqp', body({'message': 'x %1', 'parameters': ['y']})) == 'x y'
    assert vendor_message('commerce', body({'code': 1003, 'message': 'Invalid token'})) == 'Invalid token (code 1003)'


# -- bodies that are not the vendor's JSON ------------------------------------------------------

def test_html_page_summarised_by_title():
    page = b'<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>' + b'x' * 5000 + b'</body></html>'
    text = vendor_message('eqp', page)
    assert text == 'an HTML page titled "502 Bad Gateway" (%d bytes)' % len(page)


def test_html_page_without_title():
    page = b'<html><body><h1>Maintenance</h1>' + b'y' * 9000 + b'</body></html>'
    assert vendor_message('magento', page) == 'an HTML page (%d bytes)' % len(page)


def test_truncated_json_summarised_and_capped():
    raw = b'{"errors": [{"status": 401, "title": "Unauth' + b'z' * 1000
    text = vendor_message('commerce', raw)
    assert text.startswith('malformed JSON (%d bytes): {"errors"' % len(raw))
    assert len(text) < 200
    assert text.endswith('...')


def test_plain_text_and_empty_bodies():
    assert vendor_message('eqp', b'') == 'empty body'
    assert vendor_message('eqp', None) == 'empty body'
    assert vendor_message('eqp', b'Service\nUnavailable') == 'a non-JSON body (19 bytes): Service Unavailable'


def test_unknown_json_shape_is_dumped_short():
    text = vendor_message('eqp', body({'weird': 'x' * 500}))
    assert text.startswith('{"weird": "xxx')
    assert len(text) <= 120


def test_long_vendor_message_is_cut():
    text = vendor_message('eqp', body({'code': 1, 'message': 'm' * 1000}))
    assert len(text) == MAX_VENDOR_MESSAGE


def test_summarize_body_never_returns_whole_page():
    assert len(summarize_body(b'a' * 100000)) < 200


# -- redaction and URLs -------------------------------------------------------------------------

def test_redact_replaces_every_form_of_a_secret():
    secret = 'p@ss w/rd"'
    text = 'raw %s, url p%%40ss%%20w%%2Frd%%22, form p%%40ss+w%%2Frd%%22, json p@ss w/rd\\" end' % secret
    cleaned = redact(text, [secret, None, ''])
    assert 'p@ss' not in cleaned and 'w%2Frd' not in cleaned
    assert cleaned.count(MASK) == 4


def test_redact_longest_first_and_non_strings():
    assert redact('token abcdef', ['abc', 'abcdef']) == 'token ' + MASK
    assert redact(None, ['x']) is None
    assert redact(12345, ['234']) == '1' + MASK + '5'
    assert redact('nothing', []) == 'nothing'


def test_scrub_url():
    assert scrub_url('https://user:pw@api.example.com:8443/a/b?token=abc#frag') == 'https://api.example.com:8443/a/b'
    assert scrub_url('') == ''


# -- ApiError -----------------------------------------------------------------------------------

def test_api_error_one_line_with_hint():
    error = ApiError(
        api='magento',
        url='http://127.0.0.1:18083/rest/V1/integration/admin/token',
        status=400,
        vendor_message='Please use the 2fa provider-specific endpoints to obtain a token.',
        hint='two-factor auth is on for this admin: pass otp or otp_secret',
    )
    assert str(error) == (
        'Magento API at http://127.0.0.1:18083/rest/V1/integration/admin/token answered HTTP 400: '
        'Please use the 2fa provider-specific endpoints to obtain a token. '
        '(two-factor auth is on for this admin: pass otp or otp_secret)'
    )


def test_api_error_environment_and_connection_failure():
    error = ApiError(api='eqp', environment='production', url='https://commercedeveloper-api.adobe.com/rest/v1/app/session/token',
                     status=None, vendor_message='timed out after 10 s')
    assert str(error) == 'EQP API (production) at https://commercedeveloper-api.adobe.com/rest/v1/app/session/token: timed out after 10 s'


def test_api_error_redacts_everything_and_keeps_no_secret():
    error = ApiError(api='commerce', url='https://u:s3cret@x.example/oauth?client_secret=s3cret', status=401,
                     vendor_message='bad secret s3cret\nsecond line', hint='hint s3cret', secrets=['s3cret'])
    assert 's3cret' not in str(error)
    assert 's3cret' not in repr(error.__dict__)
    assert '\n' not in str(error)
    assert error.to_dict()['vendor_message'] == 'bad secret ******** second line'
    assert str(error).startswith('Elastic Path API at https://x.example/oauth answered HTTP 401')


def test_api_error_pickles():
    error = ApiError(api='eqp', url='https://e.example/x', status=401, vendor_message='no', hint='h')
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == str(error)
    assert copy.status == 401 and copy.api == 'eqp'
