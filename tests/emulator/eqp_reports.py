# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reports of the emulated EQP test runs, in the shapes of the vendor's "Test results" page.

``GET /rest/v1/products/packages/{submission_id}/status/{tool}/{tool_run_id}`` answers
``{"tool", "status": "PASS"|"FAIL", "reports": ...}``: a list with one entry per environment for
``phpcs`` (PHP versions) and ``varnish`` (Magento edition, version and PHP version), one object for
``marketing`` and ``manual_qa``. ``phpcpd`` has no report (the vendor says so), so its route is a 404.

Failing reports are fixed, realistic examples (ours): phpcs errors in two files of the package, the
Varnish/install test failing at ``setup:di:compile``, a marketing rejection with reasons.
"""

PHP_VERSIONS = ('8.2.12', '8.3.4')
AUTOMATION_ROOT = '/eqp-automation/temp'

PHPCS_ERRORS = (
    ('Model/Thing.php', {'message': 'The use of function var_dump() is discouraged', 'source': 'Magento2.Functions.DiscouragedFunction.Discouraged',
                         'severity': 10, 'type': 'ERROR', 'line': 27, 'column': 9, 'fixable': False}),
    ('Model/Thing.php', {'message': 'Missing PHP DocBlock for class Thing.', 'source': 'Magento2.Commenting.ClassAndInterfacePHPDocFormatting.Missing',
                         'severity': 5, 'type': 'WARNING', 'line': 8, 'column': 1, 'fixable': False}),
    ('Controller/Index/Index.php', {'message': 'Direct use of $_GET Superglobal detected.',
                                    'source': 'Magento2.Security.Superglobal.SuperglobalUsageError',
                                    'severity': 10, 'type': 'ERROR', 'line': 18, 'column': 21, 'fixable': False}),
)

INSTALL_STEPS = (
    ('composer require {sku}:{version} 2>&1',
     './composer.json has been updated\nPackage operations: 1 install, 0 updates, 0 removals\n'
     '  - Installing {sku} ({version}): Extracting archive\nGenerating autoload files'),
    ('php bin/magento setup:upgrade', 'Cache cleared successfully\nUpdating modules:\nSchema creation/updates:\nModule \'{module}\':\n'
                                      'Post-updates:\nPlease re-run Magento compile command.'),
)
FAILING_STEP = ('php bin/magento setup:di:compile',
                'Compilation was started.\nRepositories code generation... 1/9 [===>------------------------]  11% < 1 sec 124.0 MiB\n'
                'In ClassReader.php line 57:\n\n  Impossible to process constructor argument Parameter #0 [ <required> '
                '{namespace}\\Model\\Missing $missing ] of {namespace}\\Model\\Thing class\n\n'
                'setup:di:compile')
PASSING_STEP = (FAILING_STEP[0], 'Generated code and dependency injection configuration successfully.')

MARKETING_REASONS = ['Long Description: Your extension long description contains several errors. View marketing review guidelines.',
                     'Images: The gallery images must show the extension in use.']
MARKETING_MESSAGE = 'Please correct grammar and spelling issues, and replace the gallery images. See attached screenshots.'


def identity(fields):
    """``vendor`` and ``extension`` from the package sku (``vendor/extension``)."""
    vendor, _sep, extension = str(fields.get('sku') or 'examplevendor/module').partition('/')
    return vendor, extension or vendor


def _base(tool, fields, status, date):
    vendor, extension = identity(fields)
    return {'tool': tool, 'vendor': vendor, 'extension': extension, 'version': fields.get('version'),
            'status': 'FAIL' if status == 'fail' else 'PASS', 'date': date}


def phpcs(fields, status, date, summary=None):
    vendor, extension = identity(fields)
    root = '%s/%s/%s/%s-%s-%s' % (AUTOMATION_ROOT, vendor, extension, vendor, extension, fields.get('version'))
    reports = []
    for php_version in PHP_VERSIONS:
        files = {}
        if status == 'fail':
            errors = [(path, dict(message)) for path, message in PHPCS_ERRORS]
            if summary:
                # The test hook's text becomes the first error, so a test can find it.
                errors[0][1]['message'] = summary
            for path, message in errors:
                entry = files.setdefault('%s/%s' % (root, path), {'errors': 0, 'warnings': 0, 'messages': []})
                entry['errors' if message['type'] == 'ERROR' else 'warnings'] += 1
                entry['messages'].append(message)
        else:
            files['%s/registration.php' % root] = {'errors': 0, 'warnings': 0, 'messages': []}
        totals = {'errors': sum(entry['errors'] for entry in files.values()),
                  'warnings': sum(entry['warnings'] for entry in files.values()), 'fixable': 0}
        report = _base('phpcs', fields, status, date)
        report.update(php_version=php_version, details={'totals': totals, 'files': files})
        reports.append(report)
    return reports


def varnish(fields, status, date, summary=None):
    vendor, extension = identity(fields)
    words = {'sku': fields.get('sku'), 'version': fields.get('version'),
             'module': '%s_%s' % (vendor.capitalize(), extension.replace('module-', '').replace('-', ' ').title().replace(' ', '')),
             'namespace': '%s\\%s' % (vendor.capitalize(), extension.replace('module-', '').replace('-', ' ').title().replace(' ', ''))}
    steps = [{'command': command.format(**words), 'output': output.format(**words)} for command, output in INSTALL_STEPS]
    last = FAILING_STEP if status == 'fail' else PASSING_STEP
    steps.append({'command': last[0], 'output': summary if (summary and status == 'fail') else last[1].format(**words)})
    report = _base('varnish', fields, status, date)
    report.update(magento_platform='M2', magento_edition='CE', magento_version='2.4.7', php_version=PHP_VERSIONS[0], details=steps)
    return [report]


def reviewers(tool, fields, status, date, summary=None):
    report = _base(tool, fields, status, date)
    if status == 'fail':
        report['details'] = {'reasons': [summary] if summary else list(MARKETING_REASONS), 'message': MARKETING_MESSAGE,
                             'attachment': None}
    else:
        report['details'] = {'reasons': [], 'message': 'Approved.', 'attachment': None}
    return report


BUILDERS = {'phpcs': phpcs, 'varnish': varnish}


def report(tool, fields, status, date, summary=None):
    """The report route's answer for a finished run, or ``None`` (no report for this tool)."""
    if tool in BUILDERS:
        reports = BUILDERS[tool](fields, status, date, summary)
    elif tool in ('marketing', 'manual_qa'):
        reports = reviewers(tool, fields, status, date, summary)
    else:
        return None
    return {'tool': tool, 'status': 'FAIL' if status == 'fail' else 'PASS', 'reports': reports}
