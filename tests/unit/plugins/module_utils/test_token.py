# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import base64
import json

import pytest

from ansible_collections.commerceops.api.plugins.module_utils.core.token import (
    Token, jwt_claims, jwt_expiry, parse_expiry, url_origin,
)

NOW = 1700000000.0


def make_jwt(claims):
    def part(data):
        return base64.urlsafe_b64encode(json.dumps(data).encode('utf-8')).rstrip(b'=').decode('ascii')
    return '%s.%s.%s' % (part({'kid': '1', 'alg': 'HS256'}), part(claims), 'c2lnbmF0dXJl')


def test_fresh_uses_leeway():
    token = Token('v', 'eqp', 'https://x.example', 'app', NOW + 120)
    assert token.fresh(NOW, leeway=60)
    assert token.fresh(NOW + 59, leeway=60)
    assert not token.fresh(NOW + 60, leeway=60)  # now + leeway must be strictly before the expiry
    assert not token.fresh(NOW + 500)
    assert token.fresh(NOW + 110, leeway=0)


def test_unknown_expiry_counts_as_fresh():
    token = Token('v', 'magento', 'https://shop.example/rest', 'admin:a', None)
    assert token.fresh(NOW)
    assert token.expires_in(NOW) is None


def test_expires_in_never_negative():
    token = Token('v', 'eqp', 'https://x.example', 'app', NOW + 10.7)
    assert token.expires_in(NOW) == 10
    assert token.expires_in(NOW + 100) == 0


@pytest.mark.parametrize('url,origin', [
    ('https://Commercedeveloper-API.adobe.com', 'https://commercedeveloper-api.adobe.com:443'),
    ('https://commercedeveloper-api.adobe.com:443/rest/v1', 'https://commercedeveloper-api.adobe.com:443'),
    ('http://127.0.0.1:18083/rest', 'http://127.0.0.1:18083'),
    ('http://shop.example/', 'http://shop.example:80'),
    ('https://user:pw@[::1]:8443/x?y', 'https://[::1]:8443'),
])
def test_origin(url, origin):
    assert url_origin(url) == origin


def test_origin_rejects_other_schemes():
    with pytest.raises(ValueError) as caught:
        url_origin('ftp://user:secret@host/x')
    assert 'secret' not in str(caught.value)


def test_result_round_trip():
    token = Token('ust-value', 'eqp', 'https://commercedeveloper-sandbox-api.adobe.com', 'AQ17NZ49WC', NOW + 7200,
                  {'mage_id': 'MAG123456789', 'lifetime': 7200, 'environment': 'sandbox'})
    result = token.to_result(now=NOW)
    assert result == {
        'token': 'ust-value',
        'api': 'eqp',
        'base_url': 'https://commercedeveloper-sandbox-api.adobe.com',
        'origin': 'https://commercedeveloper-sandbox-api.adobe.com:443',
        'principal': 'AQ17NZ49WC',
        'expires_at': int(NOW + 7200),
        'expires_in': 7200,
        'mage_id': 'MAG123456789',
        'lifetime': 7200,
        'environment': 'sandbox',
    }
    back = Token.from_result(result)
    assert back == token
    assert back.origin == result['origin']


def test_from_registered_task_result():
    token = Token('v', 'magento', 'https://shop.example/rest', 'admin:a', NOW + 60, {'user_type': 'admin'})
    registered = dict(token.to_result(now=NOW), changed=False, failed=False, invocation={'module_args': {}}, _ansible_no_log=True)
    assert Token.from_result(registered).extra == {'user_type': 'admin'}


def test_extras_never_override_core_keys():
    token = Token('v', 'commerce', 'https://euwest.api.elasticpath.com', 'implicit:c', NOW + 10, {'token': 'other', 'expires_in': 3600})
    result = token.to_result(now=NOW)
    assert result['token'] == 'v'
    assert result['expires_in'] == 10


def test_from_result_validation():
    with pytest.raises(ValueError):
        Token.from_result('just-a-string')
    with pytest.raises(ValueError):
        Token.from_result({'api': 'eqp', 'base_url': 'https://x'})
    with pytest.raises(ValueError) as caught:
        Token.from_result({'token': 'secret-token-value', 'api': 'eqp'})
    assert 'secret-token-value' not in str(caught.value)


def test_repr_hides_value():
    token = Token('very-secret-token', 'eqp', 'https://x.example', 'app', NOW)
    assert 'very-secret-token' not in repr(token)


def test_auth_headers():
    bearer = Token('b', 'eqp', 'https://x.example', 'app', NOW)
    assert bearer.auth_headers() == {'Authorization': 'Bearer b'}
    customer = Token('c', 'commerce', 'https://x.example', 'customer:e', NOW, {'header': 'X-Moltin-Customer-Token'})
    assert customer.auth_headers() == {'X-Moltin-Customer-Token': 'c'}


def test_jwt_expiry():
    assert jwt_expiry(make_jwt({'uid': 1, 'utypid': 2, 'iat': 1, 'exp': 1700003600})) == 1700003600.0
    assert jwt_claims(make_jwt({'uid': 1}))['uid'] == 1
    assert jwt_expiry(make_jwt({'uid': 1})) is None
    assert jwt_expiry(make_jwt({'exp': 'tomorrow'})) is None
    assert jwt_expiry(make_jwt({'exp': True})) is None
    assert jwt_expiry('abcdefghijklmnopqrstuvwxyz012345') is None  # opaque Magento token
    assert jwt_expiry('a.b.c') is None
    assert jwt_expiry('a.!!!.c') is None
    assert jwt_expiry('x.%s.y' % base64.urlsafe_b64encode(b'[1,2]').decode()) is None
    assert jwt_expiry(None) is None
    assert jwt_expiry('baGXoStRuR9VCDFQGZNzgNqbqu5WUwlr.cAxZJ9m22Le7') is None


@pytest.mark.parametrize('value,expected', [
    (1524486008, 1524486008.0),
    ('1524486008', 1524486008.0),
    ('2024-06-27T23:45:24.070Z', 1719531924.07),
    ('2024-06-27T23:45:24Z', 1719531924.0),
    ('2024-06-27 23:45:24', 1719531924.0),
    ('2024-06-28T01:45:24+02:00', 1719531924.0),
    ('2024-06-27T20:45:24-0300', 1719531924.0),
    ('2024-06-27T23:45:24.123456789Z', 1719531924.123456789),
    ('not a date', None),
    ('2024-13-45T99:00:00Z', None),
    (None, None),
    (True, None),
])
def test_parse_expiry(value, expected):
    if expected is None:
        assert parse_expiry(value) is None
    else:
        assert parse_expiry(value) == pytest.approx(expected)


def test_non_finite_expiries_are_no_expiry():
    from ansible_collections.commerceops.api.plugins.module_utils.core.token import parse_expiry
    for value in ('inf', 'Infinity', 'nan', '-inf', float('inf'), float('nan'), 10 ** 400):
        assert parse_expiry(value) is None
