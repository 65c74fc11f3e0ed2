# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""eqp_package_info on a fake EQP client: one package with its test runs, or a list."""

from __future__ import annotations

import json

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_auth import EqpAuth
from ansible_collections.commerceops.api.plugins.modules import eqp_package_info as module

from ansible_collections.commerceops.api.tests.unit.plugins.modules.test_eqp_package import SKU, UST, FakeEqp, token_dict

RUNS = [
    {'tool_run_id': '1', 'name': 'Malware Scan', 'status': 'pass', 'date': '2026-01-05 10:00:00'},
    {'tool_run_id': '2', 'name': 'Coding Standard', 'status': 'fail', 'date': '2026-01-05 10:00:00',
     'summary': 'Class names must be in PascalCase'},
]


@pytest.fixture
def fake(monkeypatch):
    eqp = FakeEqp()
    eqp.packages_by_id = {
        'sub-1': {'submission_id': 'sub-1', 'sku': SKU, 'version': '1.0.0', 'item_id': 'demo-1', '_runs': RUNS,
                  'eqp_status': {'overall': 'draft', 'technical': 'rejected', 'marketing': 'draft'}, 'modified_at': '2026-01-05 10:00:00'},
        'sub-2': {'submission_id': 'sub-2', 'sku': SKU, 'version': '1.0.0', 'eqp_status': {'overall': 'canceled_by_developer'},
                  'modified_at': '2026-01-06 10:00:00'},
        'sub-3': {'submission_id': 'sub-3', 'sku': SKU, 'version': '2.0.0', 'eqp_status': {'overall': 'draft'}},
    }
    monkeypatch.setattr(EqpAuth, 'connect', lambda self: eqp)
    return eqp


def run(capsys, **arguments):
    arguments = dict(arguments, token=token_dict(), _ansible_check_mode=True)
    with patch_module_args(arguments), pytest.raises(SystemExit):
        module.main()
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize('key', [dict(submission_id='sub-1'), dict(item_id='demo-1'), dict(sku=SKU, version='1.0.0')])
def test_one_package_with_its_runs_and_summary(fake, capsys, key):
    result = run(capsys, **key)
    assert result['changed'] is False
    assert result['package']['submission_id'] == 'sub-1'
    assert result['test_runs'] == RUNS
    assert result['summary'] == 'Coding Standard failed on 2026-01-05 10:00:00: Class names must be in PascalCase'
    assert UST not in json.dumps(result)


def test_copies_of_a_version_are_all_listed(fake, capsys):
    result = run(capsys, sku=SKU, version='1.0.0')
    assert [package['submission_id'] for package in result['packages']] == ['sub-1', 'sub-2']
    assert result['total'] == 2


def test_a_missing_package(fake, capsys):
    result = run(capsys, submission_id='nope')
    assert result['packages'] == [] and result['package'] is None and result['test_runs'] == [] and result['summary'] == ''


def test_versions_of_a_sku_are_a_list(fake, capsys):
    result = run(capsys, sku=SKU)
    assert [package['version'] for package in result['packages']] == ['1.0.0', '1.0.0', '2.0.0']
    assert 'package' not in result and 'test_runs' not in result and 'summary' not in result


def test_a_filtered_list(fake, capsys):
    result = run(capsys, filters={'technical': ['approved', 'rejected']}, sort='-modified_at', limit=5, offset=1)
    assert fake.calls == [('list', {'technical': ['approved', 'rejected']}, '-modified_at', 1, 5)]
    assert result['total'] == 3 and 'package' not in result


@pytest.mark.parametrize('arguments, message', [
    (dict(version='1.0.0'), "missing parameter(s) required by 'version': sku"),
    (dict(sku=SKU, submission_id='x'), 'parameters are mutually exclusive: submission_id|item_id|sku|filters'),
    (dict(sku='Bad Sku'), 'sku must look like vendor_name/package_name'),
    (dict(limit=-2), 'limit must be -1 (all) or more, got -2'),
    (dict(offset=-1), 'offset must be 0 or more, got -1'),
    (dict(filters={'technical': {'nested': 1}}), 'filters.technical must be a value or a list of values'),
    (dict(sku=SKU, wait_for=['approved'], wait_timeout=60), 'wait_for needs one package: give submission_id, item_id, or sku and version'),
    (dict(submission_id='sub-1', wait_for=['approved'], wait_timeout=-1), 'wait_timeout must be 0 or more seconds, got -1'),
    (dict(submission_id='sub-1', wait_for=['approved'], wait_interval=0), 'wait_interval must be more than 0 seconds, got 0'),
])
def test_bad_input_makes_no_request(fake, capsys, arguments, message):
    result = run(capsys, **arguments)
    assert result['failed'] is True
    assert message in result['msg']
    assert fake.calls == []


def test_a_wait_that_can_change_nothing_ends_at_the_first_look(fake, capsys):
    # sub-1 was rejected: waiting for the approval would never end well, so the module does not wait.
    result = run(capsys, submission_id='sub-1', wait_for=['approved'], wait_timeout=3600)
    assert result['timed_out'] is False and result['waited'] == 0
    assert result['progress'] == ['   0s examplevendor/module-demo 1.0.0 (submission sub-1): draft (technical rejected, marketing draft)']
    assert result['summary'].startswith('Coding Standard failed')
