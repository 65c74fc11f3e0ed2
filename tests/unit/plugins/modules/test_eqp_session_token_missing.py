# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""eqp_session_token without app_id or app_secret: the error names the environment variable that would supply it,
and the environment variable does supply it."""

from __future__ import annotations

import json

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.commerceops.api.plugins.modules import eqp_session_token as module


def run_main(capsys, **args):
    with patch_module_args(dict(base_url='http://127.0.0.1:1', cache=False, **args)), pytest.raises(SystemExit):
        module.main()
    return json.loads(capsys.readouterr().out)


def test_a_missing_secret_names_the_environment_variable(capsys, monkeypatch):
    monkeypatch.delenv('COMMERCEOPS_EQP_APP_SECRET', raising=False)
    result = run_main(capsys, app_id='AQ17NZ49WC')
    assert result['failed']
    assert result['msg'] == ('missing required option for the eqp API: '
                             'set app_secret (or the environment variable COMMERCEOPS_EQP_APP_SECRET)')


def test_the_environment_variable_supplies_it(capsys, monkeypatch):
    seen = {}

    def obtain_token(api, options, **kwargs):
        seen.update(options)
        raise ValueError('stop here')
    monkeypatch.setenv('COMMERCEOPS_EQP_APP_SECRET', 'from-the-environment')
    monkeypatch.setattr(module, 'obtain_token', obtain_token)
    assert run_main(capsys, app_id='AQ17NZ49WC')['msg'] == 'stop here'

    assert seen['app_secret'] == 'from-the-environment'
