# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The token lookup warns on the display, once per lookup, when validate_certs is false."""

from __future__ import annotations

import time

import pytest

from ansible.errors import AnsibleLookupError

from ansible_collections.commerceops.api.plugins.lookup import token as token_lookup
from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError
from ansible_collections.commerceops.api.plugins.module_utils.obtain import API_ARGS, SHARED_ARGS
from ansible_collections.commerceops.api.plugins.module_utils.core.token import Token
from ansible_collections.commerceops.api.plugins.module_utils.core.token_module import UNVERIFIED_TLS_WARNING

BASE_URL = 'https://127.0.0.1:1'
OPTIONS = dict(base_url=BASE_URL, app_id='APP', app_secret='s3cret-of-the-app', cache=False)


@pytest.fixture
def warned(monkeypatch):
    texts = []
    monkeypatch.setattr(token_lookup.display, 'warning', lambda text, *args, **kwargs: texts.append(text))
    return texts


@pytest.fixture
def lookup(monkeypatch):
    """The lookup with its options taken as given over the modules' defaults: outside a playbook no
    plugin loader has read the documented ones (the unit tests of the documentation cover those)."""
    monkeypatch.setattr(token_lookup, 'obtain_token',
                        lambda api, options: Token('tok-%s' % api, api, BASE_URL, 'APP', time.time() + 3600, {}))
    plugin = token_lookup.LookupModule()
    defaults = dict((name, arg.get('default')) for name, arg in dict(SHARED_ARGS, **API_ARGS['eqp']).items())
    options = dict(defaults, want='token')
    monkeypatch.setattr(plugin, 'set_options', lambda var_options=None, direct=None: options.update(direct or {}))
    monkeypatch.setattr(plugin, 'get_option', options.get)
    return plugin


def test_unverified_tls_warns_once_per_lookup(lookup, warned):
    assert lookup.run(['eqp', 'eqp'], variables={}, validate_certs=False, **OPTIONS) == ['tok-eqp', 'tok-eqp']
    assert warned == [UNVERIFIED_TLS_WARNING]


def test_unverified_tls_warns_before_a_failure(lookup, warned, monkeypatch):
    def refuse(api, options):
        raise ApiError(api='eqp', url=BASE_URL, status=None, vendor_message='connection refused')

    monkeypatch.setattr(token_lookup, 'obtain_token', refuse)
    with pytest.raises(AnsibleLookupError):
        lookup.run(['eqp'], variables={}, validate_certs=False, **OPTIONS)
    assert warned == [UNVERIFIED_TLS_WARNING]


@pytest.mark.parametrize('tls', [{}, {'validate_certs': True}, {'ca_path': '/etc/ssl/private-ca.pem'}])
def test_verified_tls_does_not_warn(lookup, warned, tls):
    assert lookup.run(['eqp'], variables={}, **dict(OPTIONS, **tls)) == ['tok-eqp']
    assert warned == []


def test_an_unknown_keyword_is_refused_before_any_request(lookup):
    # Found by the bad-input matrix: flavour='vanilla' was ignored and a token was fetched anyway.
    with pytest.raises(AnsibleLookupError) as caught:
        lookup.run(['eqp'], {}, flavour='vanilla', **OPTIONS)
    assert 'unknown keyword flavour' in str(caught.value)
    assert 's3cret-of-the-app' not in str(caught.value)
