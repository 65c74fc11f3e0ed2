# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The token modules say so, once, when validate_certs is false: whether they succeed or fail."""

from __future__ import annotations

import json
import time

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError
from ansible_collections.commerceops.api.plugins.module_utils.core.token import Token
from ansible_collections.commerceops.api.plugins.module_utils.core.token_module import UNVERIFIED_TLS_WARNING
from ansible_collections.commerceops.api.plugins.modules import eqp_session_token as module

BASE_URL = 'https://127.0.0.1:1'
ARGS = dict(base_url=BASE_URL, app_id='APP', app_secret='s3cret-of-the-app', cache=False)


@pytest.fixture
def warned(monkeypatch):
    """The module's warnings as it emits them (where they end up depends on the ansible-core version)."""
    texts = []
    monkeypatch.setattr(module.AnsibleModule, 'warn', lambda self, text: texts.append(text))
    return texts


@pytest.fixture
def obtained(monkeypatch):
    monkeypatch.setattr(module, 'obtain_token', lambda api, options, **_: Token('tok-1', 'eqp', BASE_URL, 'APP', time.time() + 3600, {}))


def run_main(capsys, **args):
    with patch_module_args(dict(ARGS, **args)), pytest.raises(SystemExit):
        module.main()
    return json.loads(capsys.readouterr().out)


def test_unverified_tls_warns_once(obtained, warned, capsys):
    result = run_main(capsys, validate_certs=False)
    assert result['token'] == 'tok-1'
    assert warned == [UNVERIFIED_TLS_WARNING]


def test_unverified_tls_warns_on_a_failure_too(monkeypatch, warned, capsys):
    def refuse(api, options, **_):
        raise ApiError(api='eqp', url=BASE_URL + '/rest/v1/app/session/token', status=None, vendor_message='connection refused')

    monkeypatch.setattr(module, 'obtain_token', refuse)
    result = run_main(capsys, validate_certs=False)
    assert result['failed'] is True
    assert warned == [UNVERIFIED_TLS_WARNING]


@pytest.mark.parametrize('args', [{}, {'validate_certs': True}, {'ca_path': '/etc/ssl/private-ca.pem'}])
def test_verified_tls_does_not_warn(obtained, warned, capsys, args):
    assert run_main(capsys, **args)['token'] == 'tok-1'
    assert warned == []


def test_the_wording_says_what_is_off_and_what_to_do():
    assert 'validate_certs is false' in UNVERIFIED_TLS_WARNING and 'ca_path' in UNVERIFIED_TLS_WARNING


def test_the_token_is_a_fact_by_default(obtained, capsys):
    result = run_main(capsys)
    assert result['ansible_facts']['eqp_session']['token'] == 'tok-1'


def test_an_empty_fact_name_sets_no_fact(obtained, capsys):
    # Fact caches (jsonfile, redis, AWX fact storage) write facts in clear: the user can keep the token out.
    result = run_main(capsys, fact_name='')
    assert result['token'] == 'tok-1'
    assert not result.get('ansible_facts')
    assert 'failed' not in result
