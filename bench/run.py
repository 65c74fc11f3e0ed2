# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""make bench: measure the collection against the local emulator and write docs/performance.md.

Every figure comes from running real playbooks with ansible-playbook; token requests are read from
the emulator's counters. Task times are taken inside the playbook (around the measured task), so
ansible-playbook's start-up is left out of the ratios.
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLAYBOOKS = os.path.join(ROOT, 'bench', 'playbooks')
FIXTURES = yaml.safe_load(open(os.path.join(ROOT, 'tests', 'emulator', 'fixtures.yml'), encoding='utf-8'))
EQP = 'http://%s:%d' % (FIXTURES['listen_host'], FIXTURES['ports']['eqp_sandbox'])
TOKEN_ROUTE = 'POST /rest/v1/app/session/token'
ELAPSED = re.compile(r'bench_elapsed=([0-9.]+)')


def control(method, path):
    request = urllib.request.Request(EQP + '/__emulator__/' + path, method=method)
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read() or b'null')


def token_requests():
    return control('GET', 'counts').get(TOKEN_ROUTE, 0)


class Emulator:
    """The emulator on the fixture ports for the duration of the benchmarks."""

    def __enter__(self):
        self.process = subprocess.Popen([sys.executable, '-m', 'tests.emulator', '--idle-timeout', '900'], cwd=ROOT,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for line in self.process.stdout:
            if line.startswith('emulator: ready'):
                return self
            if line.startswith('emulator: error'):
                break
        raise SystemExit('bench: the emulator did not start: %s' % line.strip())

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)


def playbook(name, cache_dir, *args):
    """Run one playbook (a name under bench/playbooks, or a path); return (wall seconds, bench_elapsed or None)."""
    return run_playbook(name, cache_dir, *args)[:2]


def run_playbook(name, cache_dir, *args):
    """Run one playbook; return (wall seconds, the bench_elapsed it printed or None, its output)."""
    env = dict(os.environ, XDG_CACHE_HOME=cache_dir, ANSIBLE_STDOUT_CALLBACK='ansible.builtin.default')
    command = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), os.path.join(PLAYBOOKS, name)] + list(args)
    # (os.path.join keeps an absolute path as it is.)
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    wall = time.monotonic() - started
    if done.returncode != 0:
        sys.stdout.write(done.stdout[-3000:])
        raise SystemExit('bench: %s failed' % name)
    found = ELAPSED.findall(done.stdout)
    return wall, float(found[-1]) if found else None, done.stdout


def fifty_gets(cache_dir, rounds):
    """Task time of 50 GETs through uri and through bearer_uri, alternating, ``rounds`` times each."""
    times = {'uri': [], 'bearer_uri': []}
    playbook('get50_uri.yml', cache_dir)  # warm the token cache and the disk
    for _round in range(rounds):
        times['uri'].append(playbook('get50_uri.yml', cache_dir)[1])
        times['bearer_uri'].append(playbook('get50_bearer_uri.yml', cache_dir)[1])
    return dict((name, statistics.median(values)) for name, values in times.items()), times


def fleet(name, cache_dir):
    """Token requests for 20 hosts x 5 tasks with 10 forks, on an empty cache then again."""
    shutil.rmtree(cache_dir, ignore_errors=True)
    counts = []
    for _run in range(2):
        control('DELETE', 'counts')
        wall, _elapsed = playbook(name, cache_dir, '-i', os.path.join(ROOT, 'bench', 'inventory', 'fleet.yml'), '-f', '10')
        counts.append((token_requests(), wall))
    return counts


def lookup_cost(cache_dir, calls):
    """Task times of ``calls`` lookups: options as keywords, options from the inventory, and the env baseline."""
    count = '-e', 'bench_calls=%d' % calls
    return {
        'keywords': playbook('lookup_cost.yml', cache_dir, *count)[1],
        'inventory': playbook('lookup_cost.yml', cache_dir, *count, '-e', 'bench_source=inventory')[1],
        'baseline': playbook('lookup_cost.yml', cache_dir, *count, '-e', 'bench_lookup=env')[1],
    }


def comparison(cache_dir):
    """The table the bearer_uri integration target prints: uri against both paths of bearer_uri, row by row."""
    path = os.path.join(ROOT, 'tests', 'integration', 'targets', 'bearer_uri', 'compare.yml')
    output = run_playbook(path, cache_dir)[2]
    return [line.strip().strip("'") for line in output.splitlines() if line.strip().startswith("- '|")]


def deploy_extension(cache_dir, rounds):
    """Wall times of playbooks/deploy_extension.yml with the scan delay at 0: the first deploy, then warm re-runs."""
    request = urllib.request.Request(EQP + '/__emulator__/config', data=json.dumps({'scan_delay': 0}).encode(),
                                     headers={'Content-Type': 'application/json'}, method='POST')
    urllib.request.urlopen(request, timeout=10).close()
    path = os.path.join(ROOT, 'playbooks', 'deploy_extension.yml')
    first = playbook(path, cache_dir, '-e', 'deploy_extension_target_status=approved')[0]
    warm = [playbook(path, cache_dir, '-e', 'deploy_extension_target_status=approved')[0] for _round in range(rounds)]
    return first, warm


def versions():
    ansible = subprocess.run([os.path.join(os.path.dirname(sys.executable), 'ansible'), '--version'],
                             capture_output=True, text=True, check=False).stdout.splitlines()[0]
    return '%s, Python %s, %s, %d CPUs' % (ansible, platform.python_version(), platform.machine(), os.cpu_count())


def report(results):
    gets, rounds = results['gets']
    ratio = gets['bearer_uri'] / gets['uri']
    cost = results['lookup']
    calls = results['lookup_calls']
    lines = [
        '# Performance',
        '',
        'Generated by `make bench` (bench/run.py) on %s against the local emulator.' % time.strftime('%Y-%m-%d'),
        'Machine: %s.' % versions(),
        '',
        '## 50 authenticated GETs',
        '',
        'One task looping 50 times over `GET /rest/v1/users/{mage_id}` on the EQP sandbox emulator, token from the',
        'lookup (cache warm). Task time, median of %d alternating runs of each.' % len(rounds['uri']),
        '',
        '| how | task time (s) | per call (ms) | runs (s) |',
        '|---|---:|---:|---|',
        '| `ansible.builtin.uri` | %.2f | %.0f | %s |' % (gets['uri'], gets['uri'] * 20, ', '.join('%.2f' % v for v in rounds['uri'])),
        '| `commerceops.api.bearer_uri` (fast path) | %.2f | %.0f | %s |' % (
            gets['bearer_uri'], gets['bearer_uri'] * 20, ', '.join('%.2f' % v for v in rounds['bearer_uri'])),
        '',
        '**Ratio bearer_uri / uri: %.3f** (target: at most 0.2).' % ratio,
        '',
        '## Same results as uri',
        '',
        'The rows of the bearer_uri integration target (tests/integration/targets/bearer_uri/compare.yml), each sent',
        'through `ansible.builtin.uri` with the header written by hand, through bearer_uri in-process and through',
        'bearer_uri\'s module path. "True" means the three results are equal key by key, leaving out only the token,',
        '`date`, `elapsed`, `invocation` and fields the server changes on every call. Status -1: no connection.',
        '',
    ] + [line.replace("- '", '') for line in results['comparison']] + [
        '',
        '## deploy_extension.yml',
        '',
        '`ansible-playbook playbooks/deploy_extension.yml -e deploy_extension_target_status=approved` against the emulator',
        'sandbox with its malware scan delay at 0: the first run uploads, submits and waits for approval; the warm runs',
        'find everything done (changed=0).',
        '',
        '| run | wall time (s) |',
        '|---|---:|',
        '| first deploy | %.2f |' % results['deploy'][0],
        '| warm re-runs (median of %d) | **%.2f** (%s) |' % (
            len(results['deploy'][1]), statistics.median(results['deploy'][1]), ', '.join('%.2f' % v for v in results['deploy'][1])),
        '',
        'Target: at most 15 s warm.',
        '',
        '## Token requests for 20 hosts x 5 tasks (forks 10)',
        '',
        'Counted by the emulator. The first run starts from an empty cache; the second runs within the token\'s life.',
        '',
        '| front end | first run | second run | wall time first / second (s) |',
        '|---|---:|---:|---|',
    ]
    for name, counts in results['fleet'].items():
        lines.append('| %s | %d | %d | %.1f / %.1f |' % (name, counts[0][0], counts[1][0], counts[0][1], counts[1][1]))
    lines += [
        '',
        '## Lookup cost per call, warm cache',
        '',
        '%d calls of `lookup(\'commerceops.api.token\', \'eqp\')` rendered in one task, less the same loop over' % calls,
        '`lookup(\'ansible.builtin.env\', \'HOME\')` (%.3f s), divided by %d:' % (cost['baseline'], calls),
        '',
        '| options from | task time (s) | per lookup (ms) |',
        '|---|---:|---:|',
        '| keywords | %.3f | **%.2f** |' % (cost['keywords'], (cost['keywords'] - cost['baseline']) / calls * 1000),
        '| the local inventory\'s variables | %.3f | %.2f |' % (cost['inventory'], (cost['inventory'] - cost['baseline']) / calls * 1000),
        '',
        'The lookup itself (options, cache read, lock) is the keyword figure. Read from `inventories/local`, each call',
        'also makes Ansible render the credential variables, and each of those re-reads the emulator\'s fixture file.',
        '',
    ]
    return '\n'.join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--rounds', type=int, default=3, help='runs of each 50-GET playbook (default 3)')
    parser.add_argument('--output', default=os.path.join(ROOT, 'docs', 'performance.md'))
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix='commerceops-bench.')
    try:
        with Emulator():
            results = {
                'gets': fifty_gets(os.path.join(work, 'gets'), args.rounds),
                'fleet': {
                    '`lookup(\'commerceops.api.token\')`': fleet('fleet_lookup.yml', os.path.join(work, 'fleet-lookup')),
                    '`bearer_uri` with `auth`': fleet('fleet_bearer_uri.yml', os.path.join(work, 'fleet-bearer')),
                },
                'lookup_calls': 200,
            }
            results['comparison'] = comparison(os.path.join(work, 'compare'))
            results['deploy'] = deploy_extension(os.path.join(work, 'deploy'), args.rounds)
            results['lookup'] = lookup_cost(os.path.join(work, 'gets'), results['lookup_calls'])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = report(results)
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, 'w', encoding='utf-8') as handle:
        handle.write(text)
    print(text)


if __name__ == '__main__':
    main()
