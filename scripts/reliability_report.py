# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write docs/reliability.md from the figures the reliability suites left in tests/output/reliability.

The integration targets write them (scripts/test.sh integration runs this at the end):
  leaks*.jsonl        one line per secret scan (setup_emulator/scan_secrets.py, every playbook run)
  faults.json         the fault matrix (fault_matrix)
  bad_input.json      the bad-input matrix (bad_input)
  concurrency.json    concurrency checks (concurrency)
  tls.json            TLS checks (tls)
  lifecycle-*.json    token requests of 20 hosts x 10 forks x every front end: a refused credential, a forced
                      renewal, the server's clock a day apart (token_lifecycle)
  hostile.json        hostile answers: bounded JSON, unusable Retry-After, retry caps (fault_matrix, hostile.yml)
It also builds the collection itself with the local secret files a user is told to create planted in the tree
(scripts/build_listing.py) and reports what of them reached the tarball.
Exits 1, after writing, when a section is missing or a figure misses its mark.
Usage: python scripts/reliability_report.py [RESULTS_DIR] [REPORT]
"""

import glob
import json
import os
import platform
import sys
import tempfile
from collections import OrderedDict

import build_listing

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIN_BAD_INPUTS = 40


def load(results, name):
    """Every record of one section, from every run folder below results."""
    records = []
    for path in sorted(glob.glob(os.path.join(results, '**', name), recursive=True)):
        with open(path, encoding='utf-8') as handle:
            if name.endswith('.jsonl'):
                records.extend(json.loads(line) for line in handle if line.strip())
            else:
                records.extend(json.load(handle))
    return records


def cell(text):
    """Markdown table cell: one line, pipes escaped."""
    return ' '.join(str(text).split()).replace('|', '\\|')


def mark(ok):
    return 'yes' if ok else '**NO**'


def table(headers, rows):
    lines = ['| ' + ' | '.join(headers) + ' |', '|' + '---|' * len(headers)]
    lines.extend('| ' + ' | '.join(cell(value) for value in row) + ' |' for row in rows)
    return lines


def fault_section(records):
    lines = []
    faults = list(OrderedDict.fromkeys(record['fault'] for record in records))
    for api in OrderedDict.fromkeys(record['api'] for record in records):
        rows = []
        for front_end in OrderedDict.fromkeys(r['front_end'] for r in records if r['api'] == api):
            by_fault = dict((r['fault'], r) for r in records if r['api'] == api and r['front_end'] == front_end)
            row = [front_end]
            for fault in faults:
                record = by_fault.get(fault)
                if record is None:
                    row.append('-')
                    continue
                text = '%s %d' % (record['outcome'], record['attempts'])
                if record['token_requests'] and (record['attempts'] != record['token_requests']):
                    text += ' +%d token' % record['token_requests']
                row.append(text if record['ok'] else '**%s** (%s)' % (text, '; '.join(record['problems'])))
            rows.append(row)
        lines += ['', '### %s' % {'eqp': 'EQP', 'magento': 'Magento', 'commerce': 'Elastic Path'}.get(api, api), '']
        lines += table(['front end'] + faults, rows)
    expected = OrderedDict()
    for record in records:
        expected.setdefault(record['fault'], OrderedDict()).setdefault(record['expected'], []).append(
            '%s %s' % (record['api'], record['front_end']))
    lines += ['', 'What each column expects (the matrix asserts it cell by cell):', '']
    rows = []
    for fault, outcomes in expected.items():
        if len(outcomes) == 1:
            rows.append([fault, next(iter(outcomes)), 'every row'])
        else:
            for outcome, where in outcomes.items():
                rows.append([fault, outcome, ', '.join(where) if len(where) < 6 else 'the other %d rows' % len(where)])
    lines += table(['fault', 'expected', 'rows'], rows)
    errors = [r for r in records if r['outcome'] == 'error']
    examples = OrderedDict()
    for record in errors:
        examples.setdefault((record['api'], record['front_end'].split()[0]), record)
    lines += ['', 'One error line per front end, as the user sees it:', '']
    lines += ['- %s %s, %s: `%s`' % (r['api'], r['front_end'], r['fault'], r['message'][:300].replace('`', "'"))
              for r in examples.values()]
    return lines


def main():
    results = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'tests', 'output', 'reliability')
    report = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, 'docs', 'reliability.md')
    leaks = load(results, 'leaks*.jsonl')
    faults = load(results, 'faults.json')
    bad = load(results, 'bad_input.json')
    concurrency = load(results, 'concurrency.json')
    tls = load(results, 'tls.json')
    lifecycle = load(results, 'lifecycle-*.json')
    hostile = load(results, 'hostile.json')

    failures = []
    with tempfile.TemporaryDirectory() as workdir:
        try:
            names, texts = build_listing.build(workdir)
        except RuntimeError as error:
            names, texts = [], []
            failures.append('build contents: %s' % error)
    built = dict(build_listing.secret_files(names, texts), files=len(names))
    # A planted vault.yml is vault-like too: count each file of the tarball once.
    built['found'] = len(set(built['planted']) | set(built['vault_like']))
    build_ok = bool(names) and not built['planted'] and not built['vault_like'] and not built['marker_files']
    if names and not build_ok:
        failures.append('build contents: %d planted secret files and %d files with a planted secret in the tarball'
                        % (built['found'], built['marker_files']))
    for name, records in (('leak audit', leaks), ('fault matrix', faults), ('bad-input matrix', bad),
                          ('concurrency', concurrency), ('TLS', tls), ('token lifecycle', lifecycle),
                          ('hostile answers', hostile)):
        if not records:
            failures.append('%s: no results (did its target run?)' % name)
    leak_hits = sum(r['hits'] for r in leaks)
    cache_bad = [r for r in leaks if not r.get('cache_mode_ok', True)]
    faults_bad = [r for r in faults if not r['ok']]
    bad_failed = [r for r in bad if not r['ok']]
    tracebacks = sum(1 for r in bad if r.get('traceback'))
    sent = sum(r.get('requests', 0) for r in bad)
    if leak_hits or cache_bad:
        failures.append('leak audit: %d hits, %d scans with wrong cache modes' % (leak_hits, len(cache_bad)))
    if faults_bad:
        failures.append('fault matrix: %d cells not as expected' % len(faults_bad))
    if bad and (len(bad) < MIN_BAD_INPUTS or bad_failed or tracebacks or sent):
        failures.append('bad-input matrix: %d cases, %d not ok, %d tracebacks, %d requests sent'
                        % (len(bad), len(bad_failed), tracebacks, sent))
    for name, records in (('concurrency', concurrency), ('TLS', tls), ('token lifecycle', lifecycle), ('hostile answers', hostile)):
        if any(not r['ok'] for r in records):
            failures.append('%s: %d checks failed' % (name, sum(1 for r in records if not r['ok'])))

    lines = [
        '# Reliability and security figures',
        '',
        'Generated by `scripts/reliability_report.py` from the suites that `make test` runs (the integration',
        'targets `fault_matrix` (with its hostile answers), `bad_input`, `concurrency`, `tls`, `token_lifecycle`, and the secret',
        'scan after every playbook of',
        'every target). Do not edit by hand; run `make test` (or `make integration`) to refresh it.',
        '',
        'Python %s, %s.' % (platform.python_version(), ansible_version()),
        '',
        '## Summary',
        '',
    ]
    lines += table(['check', 'result', 'as required'], [
        ['Leak audit: playbook runs scanned at -vvvv (output, log file, token cache)', len(leaks), mark(bool(leaks))],
        ['Leak audit: files scanned', sum(r['files'] for r in leaks), ''],
        ['Leak audit: distinct secrets looked for / issued tokens looked for (largest run)',
         '%d / %d' % (max([r['secrets'] for r in leaks] or [0]), max([r['tokens'] for r in leaks] or [0])), ''],
        ['Leak audit: hits', leak_hits, mark(leaks and leak_hits == 0)],
        ['Leak audit: deliberate token prints (tasks marked `[prints token]`)', sum(r.get('allowed', 0) for r in leaks), ''],
        ['Token cache: files 0600 in 0700 folders, no secret', '%d scans, %d wrong' % (len(leaks), len(cache_bad)),
         mark(leaks and not cache_bad)],
        ['Fault matrix: cells as expected', '%d of %d' % (len(faults) - len(faults_bad), len(faults)), mark(faults and not faults_bad)],
        ['Bad-input matrix: cases (at least %d)' % MIN_BAD_INPUTS, len(bad), mark(len(bad) >= MIN_BAD_INPUTS and not bad_failed)],
        ['Bad-input matrix: tracebacks / requests sent', '%d / %d' % (tracebacks, sent), mark(bad and not tracebacks and not sent)],
    ] + [['Concurrency: %s' % r['check'], r['observed'], mark(r['ok'])] for r in concurrency]
      + [['TLS: %s, %s' % (r['front_end'], r['case']), r['observed'], mark(r['ok'])] for r in tls]
      + [['Token lifecycle: %s' % lifecycle_case(r), '%s token requests for %s attempts' % (r['observed'], r['attempts']),
          mark(r['ok'])] for r in lifecycle]
      + [['Hostile answer: %s' % r['check'], r['observed'], mark(r['ok'])] for r in hostile]
      + [['Build contents: local secret files planted (vault.yml, vault password files, host_vars) / in the tarball',
          '%d / %d of %d files' % (len(build_listing.PLANTED), built['found'], built['files']),
          mark(build_ok)]])

    lines += ['', '## Fault matrix', '',
              'Each cell: the outcome and the attempts the emulator counted on the faulted route (for the',
              'mid-run columns, on the resource the token was used for, "+1 token" = one new token). Front ends',
              'run with `retries: 2`; token front ends ask with the cache off so that every cell makes a request.']
    lines += fault_section(faults)

    lines += ['', '## Bad-input matrix', '', 'Every case failed before any request reached the emulator (its counters stayed at 0).', '']
    lines += table(['front end', 'case', 'option', 'message', 'ok'],
                   [[r['front_end'], r['case'], r['option'], r['message'][:240], mark(r['ok'])] for r in bad])

    lines += ['', '## Concurrency', '']
    lines += table(['check', 'expected', 'observed', 'ok'], [[r['check'], r['expected'], r['observed'], mark(r['ok'])] for r in concurrency])

    lines += ['', '## TLS', '', 'The emulator served https with a certificate of a fresh test CA.', '']
    lines += table(['front end', 'case', 'expected', 'observed', 'ok'],
                   [[r['front_end'], r['case'], r['expected'], r['observed'], mark(r['ok'])] for r in tls])

    lines += ['', '## Token lifecycle', '',
              'Each run: %s hosts, forks %s, each host asking the lookup, bearer_uri (`auth`) and the token module for' % (
                  max([int(r['hosts']) for r in lifecycle] or [0]), max([int(r['forks']) for r in lifecycle] or [0])),
              'a token of each API; the emulator counted the requests to the token route.', '']
    lines += table(['case', 'API', 'attempts', 'expected token requests', 'observed', 'ok'],
                   [[lifecycle_case(r, with_api=False), r['api'], r['attempts'], r['expected'], r['observed'], mark(r['ok'])] for r in lifecycle])

    lines += ['', '## Hostile answers', '',
              'One answer injected on a token route; the task must fail in one line (or recover), within the retry caps.', '']
    lines += table(['case', 'expected', 'observed', 'ok'], [[r['check'], r['expected'], r['observed'], mark(r['ok'])] for r in hostile])

    lines += ['', '## Leak audit per playbook run', '',
              'Looked for: every password, application and client secret, OTP secret and integration token of the',
              'fixtures, the Base64 Basic credentials, and every token the emulator issued during the run.', '']
    lines += table(['target', 'playbook', 'files', 'tokens looked for', 'hits', 'deliberate prints', 'cache files', 'cache modes'],
                   [[r.get('target', ''), r.get('playbook', ''), r['files'], r['tokens'], r['hits'], r.get('allowed', 0),
                     r.get('cache_files', 0), mark(r.get('cache_mode_ok', True))]
                    for r in sorted(leaks, key=lambda r: (r.get('target', ''), r.get('playbook', '')))])
    if failures:
        lines += ['', '## Not as required', ''] + ['- %s' % failure for failure in failures]

    with open(report, 'w', encoding='utf-8') as handle:
        handle.write('\n'.join(lines) + '\n')
    print('reliability report: %s (%d leak scans, %d fault cells, %d bad inputs, %d concurrency, %d TLS and %d hostile-answer checks)'
          % (os.path.relpath(report, ROOT), len(leaks), len(faults), len(bad), len(concurrency), len(tls), len(hostile)))
    for failure in failures:
        print('reliability: %s' % failure)
    return 1 if failures else 0


LIFECYCLE_CASES = {
    'refused': 'wrong secret (refused credential remembered)',
    'corrected': 'right secret after the refusal (another key; account not locked)',
    'forced': 'force=true once, then every front end reads the cache',
}


def lifecycle_case(record, with_api=True):
    """What a token_lifecycle run tried, in words."""
    if record['case'] in LIFECYCLE_CASES:
        name = LIFECYCLE_CASES[record['case']]
    elif int(record.get('offset', 0)):
        name = 'server clock %+d h from the controller\'s' % (int(record['offset']) // 3600)
    else:
        name = record['case']
    return '%s, %s' % (name, record['api']) if with_api else name


def ansible_version():
    try:
        from ansible.release import __version__
    except ImportError:
        return 'ansible-core not importable'
    return 'ansible-core %s' % __version__


if __name__ == '__main__':
    sys.exit(main())
