# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""EQP test results: read the report of each tool run into one plain shape, and write them as JUnit XML.

The report shapes are the vendor's ("Test results" page): ``{"tool", "status", "reports"}`` where
``reports`` is a list (one entry per environment: ``phpcs`` per PHP version, ``varnish`` per Magento
edition, version and PHP version) or one object (``marketing``, ``manual_qa``). Anything else is kept
as it came, with no messages drawn from it: a new shape must never make a read fail.
"""

from __future__ import annotations

import os
import re
import tempfile
from xml.sax.saxutils import quoteattr, escape

FAILED = ('fail', 'failed', 'error')
FINISHED = ('pass', 'passed') + FAILED
# Tools the vendor publishes no report for.
NO_REPORT = ('phpcpd',)
# The automation's checkout prefix in phpcs file names: /eqp-automation/temp/<vendor>/<ext>/<vendor>-<ext>-<version>/
AUTOMATION_PREFIX = re.compile(r'^.*?/eqp-automation/temp/[^/]+/[^/]+/[^/]+/')
MAX_OUTPUT = 2000


def wants_report(run):
    """Whether a run has a report to fetch: finished, and of a tool that publishes one."""
    return (isinstance(run, dict) and str(run.get('status', '')).lower() in FINISHED and run.get('tool_run_id') is not None
            and str(run.get('name', '')) not in NO_REPORT)


def _entries(report):
    reports = report.get('reports') if isinstance(report, dict) else None
    if isinstance(reports, dict):
        return [reports]
    return [entry for entry in reports or () if isinstance(entry, dict)]


def _failed(entry):
    return str(entry.get('status', '')).lower() in FAILED


def relative(path):
    """A phpcs file name without the automation's checkout prefix."""
    return AUTOMATION_PREFIX.sub('', str(path))


def phpcs_details(entries):
    """Totals and per-file messages of the first failing environment (else the first one)."""
    chosen = next((entry for entry in entries if _failed(entry)), entries[0] if entries else {})
    details = chosen.get('details') if isinstance(chosen.get('details'), dict) else {}
    totals = details.get('totals') if isinstance(details.get('totals'), dict) else {}
    files = []
    for path, entry in sorted((details.get('files') or {}).items()):
        if not isinstance(entry, dict):
            continue
        for message in entry.get('messages') or ():
            if isinstance(message, dict):
                files.append({'file': relative(path), 'line': message.get('line'), 'column': message.get('column'),
                              'type': str(message.get('type') or 'ERROR').upper(), 'message': ' '.join(str(message.get('message', '')).split()),
                              'source': message.get('source')})
    files.sort(key=lambda item: (item['type'] != 'ERROR', item['file'], item['line'] or 0))
    return {'php_version': chosen.get('php_version'),
            'totals': {'errors': totals.get('errors', 0), 'warnings': totals.get('warnings', 0), 'fixable': totals.get('fixable', 0)},
            'messages': files}


def varnish_details(entries):
    """The environment and the failing install step (the last one of a failing environment)."""
    chosen = next((entry for entry in entries if _failed(entry)), entries[0] if entries else {})
    steps = [step for step in (chosen.get('details') or ()) if isinstance(step, dict)]
    failing = steps[-1] if steps and _failed(chosen) else None
    environment = ' '.join(str(chosen[key]) for key in ('magento_platform', 'magento_edition', 'magento_version') if chosen.get(key))
    if chosen.get('php_version'):
        environment += ' PHP %s' % chosen['php_version']
    output = str(failing.get('output', '')) if failing else ''
    return {'environment': environment.strip(), 'steps': len(steps),
            'failing_step': {'command': failing.get('command'), 'output': output[-MAX_OUTPUT:]} if failing else None}


def reviewer_details(entries):
    details = (entries[0].get('details') if entries else None) or {}
    details = details if isinstance(details, dict) else {}
    return {'reasons': [' '.join(str(reason).split()) for reason in details.get('reasons') or ()],
            'message': details.get('message'), 'attachment': details.get('attachment')}


def messages_of(name, details):
    """One-line messages of a run, most important first (errors with file:line, the failing step, reasons)."""
    if not details:
        return []
    if 'totals' in details:
        return ['%s:%s: %s %s' % (item['file'], item['line'], item['type'], item['message']) for item in details['messages']]
    if 'failing_step' in details:
        step = details['failing_step']
        if not step:
            return []
        # The error is the last line that is neither the echoed command nor a "In File.php line N:" header.
        lines = [line.strip() for line in step['output'].splitlines() if line.strip()]
        tail = next((line for line in reversed(lines) if not str(step['command']).endswith(line) and not line.startswith('In ')), '')
        text = '%s failed at `%s`' % (details['environment'] or 'install', step['command'])
        return [text + (': %s' % tail if tail else '')]
    if 'reasons' in details:
        return list(details['reasons']) + ([details['message']] if details.get('message') else [])
    return []


def read_run(run, report=None):
    """The plain shape of one tool run and its report."""
    name = str(run.get('name') or 'unknown')
    result = {'name': name, 'status': str(run.get('status') or 'unknown').lower(), 'tool_run_id': run.get('tool_run_id'),
              'date': run.get('date'), 'details': None, 'messages': []}
    entries = _entries(report)
    if entries:
        if name == 'phpcs':
            result['details'] = phpcs_details(entries)
        elif name == 'varnish':
            result['details'] = varnish_details(entries)
        elif name in ('marketing', 'manual_qa'):
            result['details'] = reviewer_details(entries)
    result['messages'] = messages_of(name, result['details'])
    if not result['messages'] and result['status'] in FAILED and run.get('summary'):
        result['messages'] = [' '.join(str(run['summary']).split())]
    return result


def read_runs(resources, submission_id, runs):
    """``[read_run]`` of every run, fetching the report of each finished run that has one."""
    results = []
    for run in runs or ():
        if not isinstance(run, dict):
            continue
        report = resources.test_report(submission_id, run['name'], run['tool_run_id']) if wants_report(run) else None
        results.append(read_run(run, report))
    return results


def summary(results, first=3):
    """One line: each failed tool with its date and its ``first`` messages (errors with file:line, the
    failing install step, the reviewers' reasons); ``''`` when nothing failed."""
    parts = []
    for result in results:
        if result['status'] not in FAILED:
            continue
        text = '%s failed' % result['name']
        if result['date']:
            text += ' on %s' % result['date']
        details = result['details'] or {}
        counts = details.get('totals')
        shown = result['messages'][:first]
        if counts:
            text += ' (%s errors, %s warnings)' % (counts.get('errors', 0), counts.get('warnings', 0))
        if shown:
            text += ': ' + ' | '.join(shown)
        if len(result['messages']) > first:
            text += ' | and %d more' % (len(result['messages']) - first)
        parts.append(text)
    return '; '.join(parts)


def junit_xml(package, results):
    """A JUnit XML document: one test suite for the submission, one test case per tool run."""
    package = package or {}
    suite = 'EQP %s %s (submission %s)' % (package.get('sku') or '', package.get('version') or '', package.get('submission_id') or '')
    failures = [result for result in results if result['status'] in FAILED]
    skipped = [result for result in results if result['status'] not in FINISHED]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<testsuites name="EQP" tests="%d" failures="%d" skipped="%d">' % (len(results), len(failures), len(skipped)),
             '  <testsuite name=%s tests="%d" failures="%d" skipped="%d" errors="0">'
             % (quoteattr(' '.join(suite.split())), len(results), len(failures), len(skipped))]
    for result in results:
        name = '%s (run %s)' % (result['name'], result['tool_run_id'])
        lines.append('    <testcase classname=%s name=%s>' % (quoteattr('eqp.%s' % result['name']), quoteattr(name)))
        if result['status'] in FAILED:
            first = result['messages'][0] if result['messages'] else '%s failed' % result['name']
            lines.append('      <failure type=%s message=%s>%s</failure>'
                         % (quoteattr(result['name']), quoteattr(first), escape('\n'.join(result['messages']) or first)))
        elif result['status'] not in FINISHED:
            lines.append('      <skipped message=%s/>' % quoteattr(result['status']))
        lines.append('    </testcase>')
    lines.extend(['  </testsuite>', '</testsuites>', ''])
    return '\n'.join(lines)


def write_junit(path, package, results):
    """Write the JUnit file atomically (a CI job never reads half of it); returns the path."""
    path = os.path.abspath(os.path.expanduser(path))
    directory = os.path.dirname(path)
    if not os.path.isdir(directory):
        raise ValueError('junit_path: the directory %s does not exist' % directory)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix='.eqp-junit-')
    try:
        with os.fdopen(handle, 'w', encoding='utf-8') as stream:
            stream.write(junit_xml(package, results))
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise ValueError('junit_path: cannot write %s: %s' % (path, error.strerror or error)) from None
    return path
