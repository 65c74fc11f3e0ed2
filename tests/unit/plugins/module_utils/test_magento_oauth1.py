# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The stdlib OAuth 1.0a signer against oauthlib's HMAC-SHA256 output and the contract's worked example."""

from __future__ import annotations

import json
import random

from urllib.parse import quote, unquote, urlencode

import pytest

from oauthlib.oauth1 import SIGNATURE_HMAC_SHA256, Client
from oauthlib.oauth1.rfc5849.utils import parse_authorization_header

from ansible_collections.commerceops.api.plugins.module_utils.providers import magento_oauth1 as oauth1

# Contract magento_oauth1.md section 3.3 (fake credentials).
EXAMPLE = dict(consumer_key='aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1', consumer_secret='consumer-secret-xxxxxxxxxxxxxxxx',
               access_token='bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2', access_token_secret='token-secret-yyyyyyyyyyyyyyyyyyy')
EXAMPLE_URL = 'https://shop.example.test/rest/V1/products?searchCriteria%5BpageSize%5D=10'
EXAMPLE_BASE = ('GET&https%3A%2F%2Fshop.example.test%2Frest%2FV1%2Fproducts&oauth_consumer_key%3Daaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1'
                '%26oauth_nonce%3Dn0nce0123456789abcdef%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1767225600'
                '%26oauth_token%3Dbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2%26oauth_version%3D1.0%26searchCriteria%255BpageSize%255D%3D10')
EXAMPLE_SIGNATURE = 'fTi2Vex2q2uN+KN7YmK1J7xkpD7w+UMmtmgZH54BAUQ='

HOSTS = ['shop.example.test', 'SHOP.Example.Test', '127.0.0.1', 'store.internal', '[::1]']
SCHEMES_PORTS = [('https', None), ('http', None), ('https', 443), ('http', 80), ('http', 18083), ('https', 8443)]
PREFIXES = ['/rest', '/index.php/rest', '/magento/rest']
STORE_CODES = ['', 'default', 'all', 'fr', 'de_ch', 'b2b_store2']
ROUTES = ['V1/products', 'V1/customers/search', 'V1/store/storeConfigs', 'V1/orders/42',
          'V1/products/' + quote('SKU with space', safe=''), 'V1/products/' + quote('caf\u00e9-sku', safe=''),
          'V1/products/' + quote('a+b&c', safe=''), 'V1/cmsPage/search']
TEXTS = ['10', 'shopper@example.com', 'caf\u00e9 cr\u00e8me', '\u65e5\u672c\u8a9e', 'a+b', 'x y', '100%', 'a&b=c',
         '~tilde.dot-dash_under', 'emoji \U0001F600', '', 'eq', 'like', '%25sale%25']
FIELDS = ['searchCriteria[pageSize]', 'searchCriteria[currentPage]', 'searchCriteria[sortOrders][0][field]',
          'fields', 'storeId', 'q', 'searchCriteria[filter_groups][0][filters][0][value]', 'name with space', 'x~y']


def _query(rng, count):
    names = rng.sample(FIELDS, count)
    # Brackets are always sent encoded: oauthlib refuses raw ones and so would a careful client.
    pairs = [(name, rng.choice(TEXTS)) for name in names]
    if rng.random() < 0.3:
        # Indexed filters, fewer than 11 per array: the safe subset Magento verifies.
        for index in range(rng.randint(1, 10)):
            pairs.append(('searchCriteria[filter_groups][%d][filters][0][field]' % index, rng.choice(TEXTS)))
    return urlencode(pairs, quote_via=quote, safe='') if rng.random() < 0.7 else urlencode(pairs)


def _url(rng):
    scheme, port = rng.choice(SCHEMES_PORTS)
    host = rng.choice(HOSTS)
    netloc = host if port is None else '%s:%d' % (host, port)
    store = rng.choice(STORE_CODES)
    path = rng.choice(PREFIXES) + ('/' + store if store else '') + '/' + rng.choice(ROUTES)
    query = _query(rng, rng.randint(0, 4)) if rng.random() < 0.8 else ''
    return '%s://%s%s%s' % (scheme, netloc, path, '?' + query if query else '')


def generated_requests(count=240, seed=20261204):
    """(method, url, body, content_type) tuples: GETs, form POSTs/PUTs and JSON POSTs/PUTs."""
    rng = random.Random(seed)
    requests_ = []
    for _number in range(count):
        url = _url(rng)
        kind = rng.choice(['get', 'get', 'form', 'json', 'json_charset', 'delete'])
        if kind == 'get':
            requests_.append(('GET', url, None, None))
        elif kind == 'delete':
            requests_.append(('DELETE', url, None, None))
        elif kind == 'form':
            body = urlencode([(name, rng.choice(TEXTS)) for name in rng.sample(['username', 'password', 'otp', 'sku name', 'note'], 3)])
            requests_.append((rng.choice(['POST', 'PUT']), url, body, rng.choice([oauth1.FORM_TYPE, oauth1.FORM_TYPE + '; charset=UTF-8'])))
        else:
            body = json.dumps({'product': {'sku': rng.choice(TEXTS), 'price': rng.randint(1, 999)}})
            content_type = 'application/json' if kind == 'json' else 'application/json; charset=utf-8'
            requests_.append((rng.choice(['POST', 'PUT']), url, body, content_type))
    return requests_


def oauthlib_header(method, url, body, content_type, nonce, timestamp, credentials=None):
    creds = credentials or EXAMPLE
    client = Client(creds['consumer_key'], client_secret=creds['consumer_secret'],
                    resource_owner_key=creds['access_token'], resource_owner_secret=creds['access_token_secret'],
                    signature_method=SIGNATURE_HMAC_SHA256, nonce=nonce, timestamp=str(timestamp))
    if content_type and content_type.startswith(oauth1.FORM_TYPE):
        # oauthlib wants the bare media type; Magento (and our signer) take a charset after it too.
        _uri, headers, _body = client.sign(url, method, body=body, headers={'Content-Type': oauth1.FORM_TYPE})
    else:
        # A JSON body is not signed: requests-oauthlib hands oauthlib no body for it, as Magento signs none.
        _uri, headers, _body = client.sign(url, method)
    return headers['Authorization']


def ours(method, url, body, content_type, nonce, timestamp, credentials=None):
    creds = credentials or EXAMPLE
    return oauth1.authorization_header(method, url, creds['consumer_key'], creds['consumer_secret'], creds['access_token'],
                                       creds['access_token_secret'], body=body, content_type=content_type,
                                       nonce=nonce, timestamp=timestamp)


def header_params(header):
    """The parameters of an ``OAuth ...`` header, decoded."""
    return dict((name, unquote(value)) for name, value in parse_authorization_header(header))


def test_worked_example_of_the_contract():
    pairs = oauth1.oauth_parameters(EXAMPLE['consumer_key'], EXAMPLE['access_token'], 'n0nce0123456789abcdef', 1767225600)
    base = oauth1.signature_base_string('GET', EXAMPLE_URL, pairs + oauth1.request_parameters(EXAMPLE_URL))
    assert base == EXAMPLE_BASE
    header = ours('GET', EXAMPLE_URL, None, None, 'n0nce0123456789abcdef', 1767225600)
    assert header_params((header))['oauth_signature'] == EXAMPLE_SIGNATURE
    reference = oauthlib_header('GET', EXAMPLE_URL, None, None, 'n0nce0123456789abcdef', 1767225600)
    assert header_params((reference))['oauth_signature'] == EXAMPLE_SIGNATURE


GENERATED = generated_requests()


def test_at_least_200_generated_requests_of_every_kind():
    assert len(GENERATED) >= 200
    kinds = {(method, (content_type or '').split(';')[0]) for method, _url, _body, content_type in GENERATED}
    assert {('GET', ''), ('POST', oauth1.FORM_TYPE), ('PUT', 'application/json'), ('DELETE', '')} <= kinds
    urls = ' '.join(url for _method, url, _body, _ct in GENERATED)
    for needle in (':18083/', '/rest/fr/', '%5B', '%C3%A9', '[::1]', '+', '/index.php/rest/'):
        assert needle in urls


@pytest.mark.parametrize('number', range(len(GENERATED)))
def test_signature_equals_oauthlib(number):
    method, url, body, content_type = GENERATED[number]
    creds = dict(EXAMPLE, consumer_secret='cs&%d \u00e9' % number, access_token_secret='ts/%d+' % number)
    nonce, timestamp = 'nonce%05d' % number, 1767225600 + number
    expected = header_params((oauthlib_header(method, url, body, content_type, nonce, timestamp, creds)))
    actual = header_params((ours(method, url, body, content_type, nonce, timestamp, creds)))
    assert actual == expected


def test_header_lists_every_protocol_parameter_once():
    header = ours('GET', EXAMPLE_URL, None, None, None, None)
    params = header_params((header))
    assert sorted(params) == ['oauth_consumer_key', 'oauth_nonce', 'oauth_signature', 'oauth_signature_method',
                              'oauth_timestamp', 'oauth_token', 'oauth_version']
    assert params['oauth_signature_method'] == 'HMAC-SHA256'
    assert len(params['oauth_nonce']) == 32 and params['oauth_nonce'].isalnum()
    # A fresh nonce each time: Magento refuses a nonce it has seen.
    assert header_params((ours('GET', EXAMPLE_URL, None, None, None, None)))['oauth_nonce'] != params['oauth_nonce']


def test_json_body_is_not_signed_but_a_form_body_is():
    url = 'https://shop.example.test/rest/V1/products'
    one = ours('POST', url, '{"a": 1}', 'application/json', 'n', 1)
    two = ours('POST', url, '{"a": 2}', 'application/json', 'n', 1)
    assert one == two
    assert ours('POST', url, 'a=1', oauth1.FORM_TYPE, 'n', 1) != ours('POST', url, 'a=2', oauth1.FORM_TYPE, 'n', 1)


def test_repeated_query_key_is_refused_before_sending():
    with pytest.raises(oauth1.MagentoQuirkError, match='appears more than once'):
        ours('GET', 'https://shop.example.test/rest/V1/products?a=1&a=2', None, None, None, None)


def test_eleven_entries_in_one_indexed_array_are_refused():
    query = '&'.join('searchCriteria%%5Bfilter_groups%%5D%%5B%d%%5D%%5Bfilters%%5D%%5B0%%5D%%5Bfield%%5D=sku' % index
                     for index in range(11))
    with pytest.raises(oauth1.MagentoQuirkError, match='11 or more entries'):
        ours('GET', 'https://shop.example.test/rest/V1/products?' + query, None, None, None, None)
    # Ten entries are fine: natural and byte order agree.
    ten = query.rsplit('&', 1)[0]
    assert ours('GET', 'https://shop.example.test/rest/V1/products?' + ten, None, None, None, None).startswith('OAuth ')


def test_encoded_slash_in_the_path_explains_a_signature_failure():
    hint = oauth1.signature_failure_hint('https://shop.example.test/rest/V1/products/a%2Fb')
    assert '2.4.4 to 2.4.6' in hint and '%2F' in hint
    assert 'offloader' in oauth1.signature_failure_hint('https://shop.example.test/rest/V1/products/ab')


def test_base_string_uri_rules():
    assert oauth1.base_string_uri('HTTPS://Shop.Example.TEST:443/rest/V1/x?y=1') == 'https://shop.example.test/rest/V1/x'
    assert oauth1.base_string_uri('http://shop:8080/rest/V1/a%2Fb') == 'http://shop:8080/rest/V1/a%2Fb'
