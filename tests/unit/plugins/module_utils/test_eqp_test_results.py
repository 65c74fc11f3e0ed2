# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading EQP test reports (shapes of the vendor's "Test results" page) and writing them as JUnit XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_test_results import (
    junit_xml, read_run, summary, wants_report, write_junit,
)

ROOT = '/eqp-automation/temp/acme/one-click-checkout/acme-one-click-checkout-1.1.5/'

PHPCS = {'tool': 'phpcs', 'status': 'FAIL', 'reports': [
    {'tool': 'phpcs', 'php_version': '7.1.16', 'status': 'FAIL', 'date': '2020-01-07 18:52:25', 'details': {
        'totals': {'errors': 2, 'warnings': 1, 'fixable': 0},
        'files': {
            ROOT + 'registration.php': {'errors': 1, 'warnings': 1, 'messages': [
                {'message': 'Line too\nlong', 'source': 'Generic.Files.LineLength', 'severity': 5, 'type': 'WARNING', 'line': 9, 'column': 1},
                {'message': '"resource" is a reserved word in PHP 7', 'source': 'MEQP2.NamingConventions.ReservedWords.FoundReservedWord',
                 'severity': 10, 'type': 'ERROR', 'line': 3, 'column': 36, 'fixable': False}]},
            ROOT + 'Model/Cart.php': {'errors': 1, 'warnings': 0, 'messages': [
                {'message': 'Direct use of $_GET Superglobal detected.', 'source': 'Magento2.Security.Superglobal', 'severity': 10,
                 'type': 'ERROR', 'line': 18, 'column': 21}]}}}},
    {'tool': 'phpcs', 'php_version': '5.6.38', 'status': 'PASS', 'details': {'totals': {'errors': 0, 'warnings': 0, 'fixable': 0}, 'files': {}}},
]}

VARNISH = {'tool': 'varnish', 'status': 'FAIL', 'reports': [
    {'tool': 'varnish', 'magento_platform': 'M2', 'magento_edition': 'CE', 'magento_version': '2.2.3', 'php_version': '7.1.16',
     'status': 'FAIL', 'date': '2020-01-07 19:45:42', 'details': [
         {'command': 'composer require acme/one-click-checkout:1.1.5 2>&1', 'output': 'Generating autoload files'},
         {'command': 'php bin/magento setup:upgrade', 'output': 'In Installer.php line 12:\n\n  Module Acme_Checkout: missing table\n\nsetup:upgrade'}]},
]}

MARKETING = {'tool': 'marketing', 'status': 'FAIL', 'reports': {
    'tool': 'marketing', 'status': 'FAIL', 'date': '2020-01-08 16:57:55',
    'details': {'reasons': ['Long Description: Your extension long description contains several errors.'],
                'message': 'Please correct grammar and spelling issues.', 'attachment': 'https://example.com/spelling.zip'}}}


def run(name, status, run_id='5'):
    return {'tool_run_id': run_id, 'name': name, 'status': status, 'date': '2020-01-07 18:52:25'}


def test_phpcs_totals_and_messages_with_file_and_line_errors_first():
    result = read_run(run('phpcs', 'fail'), PHPCS)
    assert result['details']['php_version'] == '7.1.16'
    assert result['details']['totals'] == {'errors': 2, 'warnings': 1, 'fixable': 0}
    assert result['messages'] == ['Model/Cart.php:18: ERROR Direct use of $_GET Superglobal detected.',
                                  'registration.php:3: ERROR "resource" is a reserved word in PHP 7',
                                  'registration.php:9: WARNING Line too long']
    assert result['details']['messages'][0]['source'] == 'Magento2.Security.Superglobal'


def test_varnish_failing_step_is_the_last_one():
    result = read_run(run('varnish', 'fail'), VARNISH)
    assert result['details']['environment'] == 'M2 CE 2.2.3 PHP 7.1.16'
    assert result['details']['failing_step']['command'] == 'php bin/magento setup:upgrade'
    assert result['messages'] == ['M2 CE 2.2.3 PHP 7.1.16 failed at `php bin/magento setup:upgrade`: Module Acme_Checkout: missing table']


def test_marketing_reasons():
    result = read_run(run('marketing', 'fail', '6'), MARKETING)
    assert result['details']['reasons'] == ['Long Description: Your extension long description contains several errors.']
    assert result['messages'][-1] == 'Please correct grammar and spelling issues.'


@pytest.mark.parametrize('report', [None, {}, {'reports': 'odd'}, {'reports': [{'details': 'odd'}]}, {'reports': [None, 3]}])
def test_odd_or_missing_reports_never_fail(report):
    result = read_run(dict(run('phpcs', 'fail'), summary='Coding standard\nerrors'), report)
    assert result['status'] == 'fail'
    assert result['messages'] in ([], ['Coding standard errors'])


def test_which_runs_have_a_report():
    assert wants_report(run('phpcs', 'fail')) and wants_report(run('marketing', 'pass'))
    assert not wants_report(run('phpcpd', 'fail')) and not wants_report(run('phpcs', 'in_progress'))


def test_summary_names_failed_tools_and_their_first_messages():
    results = [read_run(run('phpcs', 'fail'), PHPCS), read_run(run('phpcpd', 'pass')), read_run(run('varnish', 'fail'), VARNISH)]
    text = summary(results, first=2)
    assert text == ('phpcs failed on 2020-01-07 18:52:25 (2 errors, 1 warnings): Model/Cart.php:18: ERROR Direct use of $_GET Superglobal '
                    'detected. | registration.php:3: ERROR "resource" is a reserved word in PHP 7 | and 1 more; '
                    'varnish failed on 2020-01-07 18:52:25: M2 CE 2.2.3 PHP 7.1.16 failed at `php bin/magento setup:upgrade`: '
                    'Module Acme_Checkout: missing table')
    assert summary([read_run(run('phpcs', 'pass'))]) == ''


def test_junit_has_one_case_per_run(tmp_path):
    results = [read_run(run('phpcs', 'fail'), PHPCS), read_run(run('phpcpd', 'pass')), read_run(run('marketing', 'in_progress', '6'))]
    package = {'sku': 'acme/one-click-checkout', 'version': '1.1.5', 'submission_id': 'f4eacd72be'}
    path = write_junit(str(tmp_path / 'eqp.xml'), package, results)
    tree = ET.parse(path)
    suite = tree.getroot().find('testsuite')
    assert suite.get('name') == 'EQP acme/one-click-checkout 1.1.5 (submission f4eacd72be)'
    assert (suite.get('tests'), suite.get('failures'), suite.get('skipped')) == ('3', '1', '1')
    cases = suite.findall('testcase')
    assert [case.get('name') for case in cases] == ['phpcs (run 5)', 'phpcpd (run 5)', 'marketing (run 6)']
    failure = cases[0].find('failure')
    assert failure.get('message') == 'Model/Cart.php:18: ERROR Direct use of $_GET Superglobal detected.'
    assert failure.text.splitlines()[1] == 'registration.php:3: ERROR "resource" is a reserved word in PHP 7'
    assert cases[1].find('failure') is None and cases[2].find('skipped').get('message') == 'in_progress'
    assert junit_xml(package, []).count('<testcase') == 0


def test_junit_path_in_a_missing_directory(tmp_path):
    with pytest.raises(ValueError, match='^junit_path: the directory .* does not exist$'):
        write_junit(str(tmp_path / 'nope' / 'eqp.xml'), {}, [])
