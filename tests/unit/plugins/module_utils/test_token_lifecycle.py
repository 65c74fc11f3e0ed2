# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The token lifecycle through obtain.py, over real HTTP to a scripted server, for every API:
a refused credential costs one request, ``force`` replaces a cached token, the cache key covers every
option that changes the token, and lifetimes count on the local clock, capped."""

from __future__ import annotations

import base64
import json
import time

import pytest

from ansible_collections.commerceops.api.plugins.module_utils import obtain
from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError
from ansible_collections.commerceops.api.plugins.module_utils.core.token import MAX_TOKEN_LIFETIME, Token
from ansible_collections.commerceops.api.plugins.module_utils.core.token_cache import REFUSAL_SECONDS, TokenCache

from ansible_collections.commerceops.api.tests.unit.plugins.module_utils.support_http import Reply

SECRET = 'Wr0ng-but-l0ng-s3cret-value'
OTHER_SECRET = 'An0ther-s3cret-value-xyz'


def jwt(claims):
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip('=')
    return 'eyJhbGciOiJIUzI1NiJ9.%s.c2lnbmF0dXJl' % payload


def options_for(api, url, cache_dir, **more):
    """Options of ``api`` against the scripted server, no retries."""
    base = {
        'eqp': {'base_url': url, 'app_id': 'AQ17NZ49WC', 'app_secret': SECRET},
        'magento': {'url': url, 'username': 'admin', 'password': SECRET},
        'commerce': {'base_url': url, 'client_id': 'client-1', 'client_secret': SECRET},
    }[api]
    return dict(base, cache_dir=cache_dir, retries=0, **more)


REFUSALS = {
    'eqp': Reply(401, {'code': 1001, 'message': 'Invalid credentials'}),
    'magento': Reply(401, {'message': 'The account sign-in was incorrect or your account is disabled temporarily. '
                                      'Please wait and try again later.'}),
    'commerce': Reply(401, {'errors': [{'status': 401, 'title': 'Unauthorized'}]}),
}


def good_answer(api, number, now=None):
    now = time.time() if now is None else now
    if api == 'eqp':
        return Reply(200, {'ust': 'ust-%d' % number, 'expires_in': 7200, 'mage_id': 'MAG1'})
    if api == 'magento':
        return Reply(200, json.dumps(jwt({'uid': 1, 'utypid': 2, 'iat': int(now), 'exp': int(now) + 3600, 'n': number})).encode())
    return Reply(200, {'access_token': 'ep-%d' % number, 'expires_in': 3600, 'expires': int(now) + 3600, 'identifier': 'client_credentials'})


# -- 1. a refused credential is tried once ---------------------------------------------------

@pytest.mark.parametrize('api', sorted(REFUSALS))
def test_a_refused_credential_is_sent_once_across_caches(api, server, tmp_path):
    server.handler = lambda request: REFUSALS[api]
    cache_dir = str(tmp_path / 'tokens')
    with pytest.raises(ApiError) as first:
        obtain.obtain_token(api, options_for(api, server.url, cache_dir))
    assert first.value.status == 401
    assert 'no request was sent' not in str(first.value)
    # Ten more tasks (each a new process with its own TokenCache on the same directory): no request.
    for dummy in range(10):
        with pytest.raises(ApiError) as later:
            obtain.obtain_token(api, options_for(api, server.url, cache_dir))
        message = str(later.value)
        assert message.startswith(str(first.value))
        assert 'no request was sent: the API refused this same credential at %s' % time.strftime('%Y-%m-%d', time.gmtime()) in message
        assert 'force=true' in message
        assert later.value.status == 401
        assert SECRET not in message and '\n' not in message
    assert len(server.requests) == 1
    # The secret itself is nowhere in the cache.
    for path in (tmp_path / 'tokens').iterdir():
        assert SECRET.encode() not in path.read_bytes()


@pytest.mark.parametrize('api', sorted(REFUSALS))
def test_another_secret_is_tried_and_force_tries_again(api, server, tmp_path):
    server.handler = lambda request: REFUSALS[api]
    cache_dir = str(tmp_path / 'tokens')
    secret_name = {'eqp': 'app_secret', 'magento': 'password', 'commerce': 'client_secret'}[api]
    with pytest.raises(ApiError):
        obtain.obtain_token(api, options_for(api, server.url, cache_dir))
    server.handler = lambda request: good_answer(api, len(server.requests))
    token = obtain.obtain_token(api, options_for(api, server.url, cache_dir, **{secret_name: OTHER_SECRET}))
    assert len(server.requests) == 2
    # The old secret is still refused without a request...
    with pytest.raises(ApiError, match='no request was sent'):
        obtain.obtain_token(api, options_for(api, server.url, cache_dir))
    assert len(server.requests) == 2
    # ...until the task forces it (the server accepts it now: the password was fixed on its side).
    forced = obtain.obtain_token(api, options_for(api, server.url, cache_dir, force=True))
    assert len(server.requests) == 3
    assert obtain.obtain_token(api, options_for(api, server.url, cache_dir)).value == forced.value
    assert forced.value != token.value
    assert len(server.requests) == 3


def test_a_refused_user_does_not_block_another_user_type_or_store(server, tmp_path):
    server.handler = lambda request: REFUSALS['magento']
    cache_dir = str(tmp_path / 'tokens')
    with pytest.raises(ApiError):
        obtain.obtain_token('magento', options_for('magento', server.url, cache_dir))
    with pytest.raises(ApiError, match='HTTP 401'):
        obtain.obtain_token('magento', options_for('magento', server.url, cache_dir, user_type='customer'))
    with pytest.raises(ApiError, match='HTTP 401'):
        obtain.obtain_token('magento', options_for('magento', server.url, cache_dir, username='other'))
    assert len(server.requests) == 3


def test_a_refused_two_factor_code_is_remembered_for_that_code_only(server, tmp_path):
    tfa_required = Reply(400, {'message': 'Please use the 2fa provider-specific endpoints to obtain a token.',
                               'parameters': {'active_providers': ['google']}})
    invalid = Reply(401, {'message': 'Invalid code.'})
    server.handler = lambda request: tfa_required if request.path.endswith('/admin/token') else invalid
    cache_dir = str(tmp_path / 'tokens')
    for dummy in range(3):
        with pytest.raises(ApiError, match='Invalid code'):
            obtain.obtain_token('magento', options_for('magento', server.url, cache_dir, otp='123456'))
    assert len(server.requests) == 2  # the password step, then the code: once
    with pytest.raises(ApiError, match='Invalid code'):
        obtain.obtain_token('magento', options_for('magento', server.url, cache_dir, otp='654321'))
    assert len(server.requests) == 4  # a new code is tried


@pytest.mark.parametrize('status', [400, 403, 429, 500, 503])
def test_other_failures_are_not_remembered(status, server, tmp_path):
    server.handler = lambda request: Reply(status, {'code': 1, 'message': 'nope'}, headers={'Retry-After': '0'})
    cache_dir = str(tmp_path / 'tokens')
    for dummy in range(3):
        with pytest.raises(ApiError):
            obtain.obtain_token('eqp', options_for('eqp', server.url, cache_dir))
    assert len(server.requests) == 3


def test_a_refusal_ends_after_its_time(server, tmp_path):
    server.handler = lambda request: REFUSALS['eqp']
    cache_dir = str(tmp_path / 'tokens')
    cache = TokenCache(cache_dir)
    options = obtain.complete_options('eqp', options_for('eqp', server.url, cache_dir))
    parts = obtain.eqp_key_parts(options)[2]
    calls = []

    def fetch():
        calls.append(1)
        raise ApiError(api='eqp', url=server.url, status=401, vendor_message='Invalid credentials')

    for now in (1000.0, 1000.0 + REFUSAL_SECONDS - 1):
        with pytest.raises(ApiError):
            cache.get_or_fetch(parts, SECRET, fetch, now=now)
    assert len(calls) == 1
    with pytest.raises(ApiError) as caught:
        cache.get_or_fetch(parts, SECRET, fetch, now=1000.0 + REFUSAL_SECONDS)
    assert 'no request was sent' not in str(caught.value)
    assert len(calls) == 2


def test_a_tampered_refusal_cannot_last_longer(tmp_path):
    cache = TokenCache(str(tmp_path / 'tokens'))
    parts = ('eqp', 'https://x', 'app')

    def refuse():
        raise ApiError(api='eqp', url='https://x', status=401)

    with pytest.raises(ApiError):
        cache.get_or_fetch(parts, SECRET, refuse, now=1000.0)
    path = tmp_path / 'tokens' / (cache.key(parts, SECRET) + '.json')
    record = json.loads(path.read_text())
    record['refused']['until'] = 1e12
    path.write_text(json.dumps(record))
    calls = []
    cache.get_or_fetch(parts, SECRET, lambda: calls.append(1) or good_token(), now=1001.0)
    assert calls == [1]


def good_token():
    return Token('t', 'eqp', 'https://x', 'app', time.time() + 3600)


# -- 2. force ---------------------------------------------------------------------------------

@pytest.mark.parametrize('api', sorted(REFUSALS))
def test_force_replaces_a_fresh_cached_token(api, server, tmp_path):
    server.handler = lambda request: good_answer(api, len(server.requests))
    cache_dir = str(tmp_path / 'tokens')
    first = obtain.obtain_token(api, options_for(api, server.url, cache_dir))
    assert obtain.obtain_token(api, options_for(api, server.url, cache_dir)).value == first.value
    assert len(server.requests) == 1
    forced = obtain.obtain_token(api, options_for(api, server.url, cache_dir, force=True))
    assert forced.value != first.value
    assert len(server.requests) == 2
    # The entry was replaced: later tasks get the new token without a request.
    assert obtain.obtain_token(api, options_for(api, server.url, cache_dir)).value == forced.value
    assert len(server.requests) == 2


def test_force_shares_a_token_written_while_it_waited(tmp_path):
    # Forks that force at the same moment: the ones that waited for the lock take the token the first wrote.
    cache = TokenCache(str(tmp_path / 'tokens'))
    parts = ('eqp', 'https://x', 'app')
    calls = []

    def fetch():
        calls.append(1)
        return good_token()

    original = cache._record
    seen = []

    def record_then_someone_writes(key):
        value = original(key)
        if not seen:
            # Our peek before the lock: then another process stores a token before we get the lock.
            seen.append(1)
            TokenCache(str(tmp_path / 'tokens')).get_or_fetch(parts, SECRET, fetch)
        return value

    cache._record = record_then_someone_writes
    cache.get_or_fetch(parts, SECRET, fetch, force=True)
    assert len(calls) == 1


# -- 3. the key covers every option that changes the token ------------------------------------

BASES = {
    'eqp': {'app_id': 'AQ17NZ49WC', 'app_secret': SECRET},
    'magento': {'url': 'https://shop.example.com', 'username': 'admin', 'password': SECRET},
    'commerce': {'client_id': 'client-1', 'client_secret': SECRET},
    'ims': {'base_url': 'https://na1.api.commerce.adobe.com/tenant', 'client_id': 'client-1', 'client_secret': SECRET},
}
# Each option of each API with another value. ``key``: it changes the token, so the key; ``attempt``: a one-time
# code, not in the key but in what a remembered refusal applies to; ``same``: the token is the same.
VARIATIONS = {
    'eqp': {
        'environment': ('production', 'key'), 'base_url': ('https://eqp.example.com', 'key'), 'app_id': ('OTHERAPP', 'key'),
        'app_secret': (OTHER_SECRET, 'key'), 'expires_in': (600, 'key'), 'token_path': ('/rest/v1/apps/session/token', 'key'),
    },
    'magento': {
        'url': ('https://other.example.com', 'key'), 'store_code': ('fr', 'key'), 'user_type': ('customer', 'key'),
        'username': ('other', 'key'), 'password': (OTHER_SECRET, 'key'), 'body_format': ('xml', 'key'),
        'token_lifetime': (900, 'key'), 'otp': ('123456', 'attempt'), 'otp_secret': ('JBSWY3DPEHPK3PXP', 'attempt'),
    },
    'commerce': {
        'base_url': ('https://ep.example.com', 'key'), 'region': ('us-east', 'key'), 'client_id': ('client-2', 'key'),
        'client_secret': (OTHER_SECRET, 'key'), 'grant_type': ('implicit', 'key'),
    },
    'ims': {
        'base_url': ('https://na1.api.commerce.adobe.com/other', 'key'), 'client_id': ('client-2', 'key'),
        'client_secret': (OTHER_SECRET, 'key'), 'scopes': (['openid', 'commerce.accs'], 'key'),
        'ims_url': ('https://ims-na1-stg1.adobelogin.com', 'key'), 'org_id': ('0123@AdobeOrg', 'key'),
    },
}
# Options that make another kind of credential, which never reaches the cache: a Magento integration signs requests.
UNCACHED = {
    'magento': {'consumer_key': 'k' * 32, 'consumer_secret': 's' * 32, 'access_token': 't' * 32, 'access_token_secret': 'u' * 32,
                'integration_as_bearer': True},
}
# The same for every API: how to reach the server and how to use the cache never change the token.
SHARED_VARIATIONS = {
    'timeout': 5, 'validate_certs': False, 'ca_path': '/tmp/ca.pem', 'client_cert': '/tmp/c.pem', 'client_key': '/tmp/k.pem',
    'use_proxy': False, 'retries': 0, 'max_retry_wait': 1.0, 'leeway': 600, 'force': True,
}
# These choose the cache itself (none, or another directory with its own salt): not a key question.
CACHE_CHOICE = ('cache', 'cache_dir')


def key_of(api, options, tmp_path, monkeypatch):
    """``(key, attempt)`` under which obtain_token would look the token up; no request is sent."""
    seen = []

    def spy(self, key_parts, secret_material, fetch, **kwargs):
        seen.append((self.key(key_parts, secret_material), self._attempt(kwargs.get('attempt_material'))))
        raise LookupError('spied')

    monkeypatch.setattr(TokenCache, 'get_or_fetch', spy)
    with pytest.raises(LookupError):
        obtain.obtain_token(api, dict(options, cache_dir=str(tmp_path / 'tokens')))
    return seen[0]


@pytest.mark.parametrize('api', sorted(BASES))
def test_every_option_is_classified(api):
    spec = dict(obtain.SHARED_ARGS, **dict(obtain.FORCE_ARGS, **obtain.API_ARGS[api]))
    assert set(spec) == set(VARIATIONS[api]) | set(SHARED_VARIATIONS) | set(CACHE_CHOICE) | set(UNCACHED.get(api, ()))


def test_a_magento_integration_never_reaches_the_cache(tmp_path, monkeypatch):
    def spy(*_args, **_kwargs):
        raise AssertionError('an integration must not be looked up in the token cache')

    monkeypatch.setattr(TokenCache, 'get_or_fetch', spy)
    token = obtain.obtain_token('magento', dict(BASES['magento'], cache_dir=str(tmp_path / 'tokens'), **UNCACHED['magento']))
    assert token.extra['auth_type'] == 'integration_bearer' and token.expires_at is None


@pytest.mark.parametrize('api, option', [(api, option) for api in sorted(VARIATIONS) for option in sorted(VARIATIONS[api])])
def test_each_option_that_changes_the_token_changes_the_key(api, option, tmp_path, monkeypatch):
    value, effect = VARIATIONS[api][option]
    base = key_of(api, BASES[api], tmp_path, monkeypatch)
    changed = key_of(api, dict(BASES[api], **{option: value}), tmp_path, monkeypatch)
    if effect == 'key':
        assert changed[0] != base[0]
    else:
        assert changed[0] == base[0] and changed[1] != base[1]


@pytest.mark.parametrize('api, option', [(api, option) for api in sorted(BASES) for option in sorted(SHARED_VARIATIONS)])
def test_options_that_do_not_change_the_token_keep_the_key(api, option, tmp_path, monkeypatch):
    base = key_of(api, BASES[api], tmp_path, monkeypatch)
    assert key_of(api, dict(BASES[api], **{option: SHARED_VARIATIONS[option]}), tmp_path, monkeypatch) == base


def test_magento_store_fr_is_not_served_from_store_default(server, tmp_path):
    server.handler = lambda request: good_answer('magento', len(server.requests))
    cache_dir = str(tmp_path / 'tokens')
    default = obtain.obtain_token('magento', options_for('magento', server.url, cache_dir, store_code='default', user_type='customer'))
    french = obtain.obtain_token('magento', options_for('magento', server.url, cache_dir, store_code='fr', user_type='customer'))
    paths = [request.path for request in server.requests]
    assert paths == ['/rest/default/V1/integration/customer/token', '/rest/fr/V1/integration/customer/token']
    assert (default.extra['store_code'], french.extra['store_code']) == ('default', 'fr')
    assert default.value != french.value


# -- 4. expiry on the local clock, capped -------------------------------------------------------

@pytest.mark.parametrize('skew', [-86400, -7200, 7200, 86400])
@pytest.mark.parametrize('api', sorted(REFUSALS))
def test_a_server_clock_a_day_apart_still_gives_one_request(api, skew, server, tmp_path):
    # The server writes its dates on its own clock, ``skew`` seconds from ours.
    server.handler = lambda request: good_answer(api, len(server.requests), now=time.time() + skew)
    cache_dir = str(tmp_path / 'tokens')
    tokens = [obtain.obtain_token(api, options_for(api, server.url, cache_dir)) for dummy in range(5)]
    assert len(server.requests) == 1
    assert len(set(token.value for token in tokens)) == 1
    lifetime = tokens[0].expires_at - time.time()
    assert 3000 < lifetime <= (7200 if api == 'eqp' else 3600)


@pytest.mark.parametrize('answer', [
    b'{"ust": "u", "expires_in": 1e308}', b'{"ust": "u", "expires_in": -5}', b'{"ust": "u", "expires_in": "7200"}',
])
def test_eqp_lifetimes_are_clamped(answer, server, tmp_path):
    server.handler = lambda request: Reply(200, answer, headers={'Content-Type': 'application/json'})
    token = obtain.obtain_token('eqp', options_for('eqp', server.url, str(tmp_path / 'tokens')))
    lifetime = token.expires_at - time.time()
    assert 0 < lifetime <= MAX_TOKEN_LIFETIME
    result = token.to_result()
    assert 0 < result['expires_in'] <= MAX_TOKEN_LIFETIME and result['lifetime'] <= MAX_TOKEN_LIFETIME


@pytest.mark.parametrize('answer, words', [
    (b'{"ust": "u", "expires_in": Infinity}', 'the non-standard constant Infinity'),
    (b'{"ust": "u", "expires_in": NaN}', 'the non-standard constant NaN'),
    (b'{"ust": "u", "expires_in": 1e400}', 'the number 1e400, beyond what a float holds'),
])
def test_eqp_non_finite_lifetimes_are_one_clear_error(answer, words, server, tmp_path):
    # Not JSON any API sends (Python reads it, JSON does not have it): refused where the answer is read.
    server.handler = lambda request: Reply(200, answer, headers={'Content-Type': 'application/json'})
    with pytest.raises(ApiError) as caught:
        obtain.obtain_token('eqp', options_for('eqp', server.url, str(tmp_path / 'tokens')))
    assert str(caught.value).startswith('EQP API')
    assert words in str(caught.value) and '/rest/v1/app/session/token' in str(caught.value)


@pytest.mark.parametrize('api, answer', [
    ('commerce', {'access_token': 'a', 'expires_in': 1e308, 'expires': 1e308}),
    ('magento', jwt({'uid': 1, 'iat': 0, 'exp': 1e300})),
])
def test_huge_lifetimes_are_capped(api, answer, server, tmp_path):
    server.handler = lambda request: Reply(200, json.dumps(answer).encode(), headers={'Content-Type': 'application/json'})
    token = obtain.obtain_token(api, options_for(api, server.url, str(tmp_path / 'tokens')))
    assert token.expires_at - time.time() <= MAX_TOKEN_LIFETIME


def test_a_cached_entry_living_longer_than_the_cap_is_dropped(tmp_path):
    cache = TokenCache(str(tmp_path / 'tokens'))
    parts = ('eqp', 'https://x', 'app')
    # As an older version wrote it from an answer of expires_in 1e308.
    cache._store(cache.key(parts, SECRET), Token('old', 'eqp', 'https://x', 'app', time.time() + 1e300), time.time())
    calls = []
    assert cache.get_or_fetch(parts, SECRET, lambda: calls.append(1) or good_token()).value == 't'
    assert calls == [1]


def test_a_store_asking_for_a_code_the_options_do_not_give_is_asked_once(server, tmp_path):
    # Every host would send the (right) password again and get the same answer: remembered like a refusal.
    server.handler = lambda request: Reply(400, {'message': 'Please use the 2fa provider-specific endpoints to obtain a token.',
                                                 'parameters': {'active_providers': ['google']}})
    cache_dir = str(tmp_path / 'tokens')
    for dummy in range(3):
        with pytest.raises(ApiError, match='pass otp or otp_secret'):
            obtain.obtain_token('magento', options_for('magento', server.url, cache_dir))
    assert len(server.requests) == 1
    # Given a code, the task is tried (and the store asks for the code at the second route).
    server.handler = lambda request: (Reply(400, {'message': 'Please use the 2fa provider-specific endpoints to obtain a token.'})
                                      if request.path.endswith('/admin/token') else good_answer('magento', 1))
    token = obtain.obtain_token('magento', options_for('magento', server.url, cache_dir, otp='123456'))
    assert token.extra['two_factor'] is True
    assert len(server.requests) == 3
