# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""make bench: measure the goals of the collection against the local emulator, side by side in one run,
and write docs/performance.md.

Every figure comes from running real playbooks with ansible-playbook. Costs are CPU seconds (user +
system) of the whole ansible-playbook run and every process it waited for (its forked workers), read
with wait4(), so they hold on a busy machine where wall times do not. The two sides of each ratio run
alternately, round after round; each ratio is given as min / median / max over the rounds. Token
requests and shipped modules are counted (the emulator's counters, the -vvv output).

The emulator listens on the fixture ports (tests/emulator/fixtures.yml): run it where those are free,
e.g. ``unshare -rn sh -c 'ip link set lo up; make bench'``.
"""

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
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
FLEET = os.path.join(ROOT, 'bench', 'inventory', 'fleet.yml')
FIXTURES = yaml.safe_load(open(os.path.join(ROOT, 'tests', 'emulator', 'fixtures.yml'), encoding='utf-8'))
HOST = 'http://%s' % FIXTURES['listen_host']
PORTS = FIXTURES['ports']
EQP = '%s:%d' % (HOST, PORTS['eqp_sandbox'])
# The token route of each principal the fleet uses, by emulator listener.
TOKEN_ROUTES = {
    'EQP application': ('eqp_sandbox', re.compile(r'^POST /rest/v1/app/session/token$')),
    'Magento admin': ('magento', re.compile(r'^POST .*/V1/integration/admin/token$')),
    'Elastic Path client': ('elasticpath', re.compile(r'^POST /oauth/access_token$')),
}
TOKEN_MODULES = ('eqp_session_token', 'magento_integration_token', 'commerce_token')
SHIPPED = re.compile(r'AnsiballZ_(\w+)\.py')


def control(listener, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request('%s:%d/__emulator__/%s' % (HOST, PORTS[listener], path), data=data, method=method,
                                     headers={'Content-Type': 'application/json'} if data else {})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read() or b'null')


def token_requests():
    """Token requests per principal since the counters were cleared."""
    found = {}
    for principal, (listener, route) in TOKEN_ROUTES.items():
        counts = control(listener, 'GET', 'counts') or {}
        found[principal] = sum(count for key, count in counts.items() if route.match(key))
    return found


def clear_counts():
    for listener, _route in TOKEN_ROUTES.values():
        control(listener, 'DELETE', 'counts')


class Emulator:
    """The emulator on the fixture ports for the duration of the benchmarks."""

    def __enter__(self):
        self.process = subprocess.Popen([sys.executable, '-m', 'tests.emulator', '--idle-timeout', '1800'], cwd=ROOT,
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


class Run:
    """One ansible-playbook run: CPU seconds of it and its workers, wall seconds, output."""

    def __init__(self, cpu, wall, output):
        self.cpu, self.wall, self.output = cpu, wall, output

    @property
    def shipped(self):
        """Modules shipped (AnsiballZ payloads put in place), by name; needs -vvv."""
        found = {}
        for name in SHIPPED.findall(self.output):
            found[name] = found.get(name, 0) + 1
        return found


def start(name, cache_dir, *args, **environment):
    env = dict(os.environ, XDG_CACHE_HOME=cache_dir, ANSIBLE_STDOUT_CALLBACK='ansible.builtin.default', **environment)
    command = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), os.path.join(PLAYBOOKS, name)] + list(args)
    # (os.path.join keeps an absolute path as it is.)
    output = tempfile.TemporaryFile(mode='w+')
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, text=True)
    return process, output, time.monotonic()


def finish(name, started):
    process, output, began = started
    # wait4: the CPU of the process and of every descendant it waited for (the forked workers).
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - began
    output.seek(0)
    text = output.read()
    output.close()
    if process.returncode != 0:
        sys.stdout.write(text[-3000:])
        raise SystemExit('bench: %s failed' % name)
    return Run(usage.ru_utime + usage.ru_stime, wall, text)


def playbook(name, cache_dir, *args, **environment):
    return finish(name, start(name, cache_dir, *args, **environment))


def spread(values):
    return {'min': min(values), 'median': statistics.median(values), 'max': max(values), 'runs': values}


def static_fleet(work):
    """bench/inventory/fleet.yml with its variables rendered once, as plain values, the way a real inventory holds
    them. (The checked-in one reads the fixture file in every variable, and Ansible renders variables again at
    each use: that would be measured as well, on both sides of no ratio.)"""
    with open(FLEET, encoding='utf-8') as stream:
        inventory = yaml.safe_load(stream)
    sandbox, store, admin = FIXTURES['eqp']['sandbox'], FIXTURES['elasticpath'], FIXTURES['magento']['admins'][0]
    plain = {
        'ansible_connection': 'local',
        'ansible_python_interpreter': sys.executable,
        'commerceops_eqp_base_url': EQP, 'commerceops_eqp_app_id': sandbox['app_id'],
        'commerceops_eqp_app_secret': sandbox['app_secret'], 'commerceops_eqp_mage_id': sandbox['mage_id'],
        'commerceops_magento_url': '%s:%d' % (HOST, PORTS['magento']), 'commerceops_magento_username': admin['username'],
        'commerceops_magento_password': admin['password'], 'commerceops_magento_otp_secret': admin['otp_secret'],
        'commerceops_commerce_base_url': '%s:%d' % (HOST, PORTS['elasticpath']),
        'commerceops_commerce_client_id': store['client_id'], 'commerceops_commerce_client_secret': store['client_secret'],
    }
    missing = set(name for name in inventory['fleet']['vars'] if name.startswith('commerceops_')) - set(plain)
    if missing:
        raise SystemExit('bench: static_fleet() does not set %s' % ', '.join(sorted(missing)))
    inventory['fleet']['vars'] = plain
    path = os.path.join(work, 'fleet.yml')
    with open(path, 'w', encoding='utf-8') as stream:
        yaml.safe_dump(inventory, stream)
    return path


def static_local(work):
    """A copy of inventories/local whose ``commerceops_emulator`` is the fixtures themselves rather than a file
    lookup parsed again at every use of every variable built on it (for the same reason as static_fleet)."""
    path = os.path.join(work, 'local')
    shutil.copytree(os.path.join(ROOT, 'inventories', 'local'), path)
    with open(os.path.join(path, 'group_vars', 'emulator', 'emulator.yml'), 'w', encoding='utf-8') as stream:
        stream.write('---\n')
        yaml.safe_dump({'commerceops_emulator': FIXTURES, 'commerceops_emulator_host': FIXTURES['listen_host']}, stream)
    return path


def measure(rounds, cache_dir, inventory, local):
    """Every ratio of the goals, the two sides run alternately ``rounds`` times."""
    fleet = ('-i', inventory, '-f', '10')
    here = ('-i', local)
    for module in TOKEN_MODULES:  # warm the cache (and the disk) before the rounds
        playbook('fleet_token_%s.yml' % module, cache_dir, *fleet)
    playbook('get50_bearer_uri.yml', cache_dir, *here)
    deploy = os.path.join(ROOT, 'playbooks', 'deploy_extension.yml')
    deploy_args = here + ('-e', 'deploy_extension_target_status=approved')
    control('eqp_sandbox', 'POST', 'config', {'scan_delay': 0})
    first_deploy = playbook(deploy, cache_dir, *deploy_args)

    ratios = dict(('tokens_%s' % module, []) for module in TOKEN_MODULES)
    ratios.update(bearer_vs_debug=[], uri_vs_bearer=[], deploy_vs_debug=[])
    cpu = dict((name, []) for name in ['fleet_debug', 'get50_debug', 'get0', 'get50_uri', 'get50_bearer_uri', 'debug3', 'deploy']
               + ['fleet_%s' % module for module in TOKEN_MODULES])
    for _round in range(rounds):
        base = playbook('fleet_debug.yml', cache_dir, *fleet).cpu
        cpu['fleet_debug'].append(base)
        for module in TOKEN_MODULES:
            run = playbook('fleet_token_%s.yml' % module, cache_dir, *fleet).cpu
            cpu['fleet_%s' % module].append(run)
            ratios['tokens_%s' % module].append(run / base)
        empty = playbook('get50_debug.yml', cache_dir, '-e', 'bench_calls=0', *here).cpu
        debug = playbook('get50_debug.yml', cache_dir, *here).cpu
        uri = playbook('get50_uri.yml', cache_dir, *here).cpu
        bearer = playbook('get50_bearer_uri.yml', cache_dir, *here).cpu
        for name, value in (('get0', empty), ('get50_debug', debug), ('get50_uri', uri), ('get50_bearer_uri', bearer)):
            cpu[name].append(value)
        ratios['bearer_vs_debug'].append(bearer / debug)
        # Per request: the run less the same playbook with an empty loop.
        ratios['uri_vs_bearer'].append((uri - empty) / max(bearer - empty, 1e-3))
        three = playbook('debug3.yml', cache_dir, *here).cpu
        warm = playbook(deploy, cache_dir, *deploy_args).cpu
        cpu['debug3'].append(three)
        cpu['deploy'].append(warm)
        ratios['deploy_vs_debug'].append(warm / three)
    # Counted once, at -vvv (which costs CPU of its own, so not in a timed run).
    shipped = playbook(deploy, cache_dir, *deploy_args + ('-vvv',)).shipped
    return {'ratios': dict((name, spread(values)) for name, values in ratios.items()),
            'cpu': dict((name, spread(values)) for name, values in cpu.items()),
            'first_deploy': first_deploy, 'deploy_shipped': shipped}


def concurrent_token_requests(work, inventory, processes=4):
    """Token requests per principal: ``processes`` runs of fleet_frontends.yml at once on an empty cache, then again."""
    cache_dir = os.path.join(work, 'fleet-frontends')
    shutil.rmtree(cache_dir, ignore_errors=True)
    counts = []
    for _run in range(2):
        clear_counts()
        started = [start('fleet_frontends.yml', cache_dir, '-i', inventory, '-f', '10') for _process in range(processes)]
        for process in started:
            finish('fleet_frontends.yml', process)
        counts.append(token_requests())
    return counts


def comparison(cache_dir):
    """The table the bearer_uri integration target prints: uri against both paths of bearer_uri, row by row."""
    path = os.path.join(ROOT, 'tests', 'integration', 'targets', 'bearer_uri', 'compare.yml')
    # compare.yml drives the emulator with the integration targets' test-only collection: it goes on the path
    # after the collection (where ansible.cfg has it) for this run only, not for the timed ones.
    paths = (('.ansible', 'collections'), ('tests', 'integration', 'collections'))
    collections = os.pathsep.join(os.path.join(ROOT, *path) for path in paths)
    output = playbook(path, cache_dir, ANSIBLE_COLLECTIONS_PATH=collections).output
    return [line.strip().strip("'") for line in output.splitlines() if line.strip().startswith("- '|")]


def profile_one_call(cache_dir, top=5):
    """cProfile of one bearer_uri action run (token dict, in-process GET), in this process, after a warm-up call.

    The action gets what a worker gives it: a Task loaded from the task's YAML form, a PlayContext, the local
    connection plugin, a DataLoader and a Templar over the task's variables (real objects, not mocks, so the
    profile holds the action's own work only)."""
    os.environ['XDG_CACHE_HOME'] = cache_dir
    sys.path[:0] = [ROOT, os.path.join(ROOT, '.ansible', 'collections')]
    from ansible.parsing.dataloader import DataLoader
    from ansible.playbook.play_context import PlayContext
    from ansible.playbook.task import Task
    from ansible.plugins.loader import connection_loader, init_plugin_loader
    from ansible.template import Templar
    init_plugin_loader([os.path.join(ROOT, '.ansible', 'collections')])
    from ansible_collections.commerceops.api.plugins.action.bearer_uri import ActionModule
    from ansible_collections.commerceops.api.plugins.module_utils.obtain import obtain_token

    sandbox = FIXTURES['eqp']['sandbox']
    options = {'base_url': EQP, 'app_id': sandbox['app_id'], 'app_secret': sandbox['app_secret']}
    token = obtain_token('eqp', options).to_result()
    task_vars = dict(('commerceops_eqp_%s' % name, value) for name, value in options.items())
    loader = DataLoader()

    def action():
        task = Task.load({'commerceops.api.bearer_uri': {'url': '%s/rest/v1/users/%s' % (EQP, sandbox['mage_id']), 'token': token}},
                         loader=loader)
        play_context = PlayContext()
        connection = connection_loader.get('ansible.builtin.local', play_context, os.devnull)
        return ActionModule(task, connection, play_context, loader=loader, templar=Templar(loader=loader, variables=task_vars))

    assert action().run(task_vars=task_vars)['status'] == 200  # warm-up: imports, the TLS and cache set-up
    profiler = cProfile.Profile()
    one = action()
    profiler.enable()
    result = one.run(task_vars=task_vars)
    profiler.disable()
    assert result['status'] == 200
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats('tottime').print_stats(top)
    lines = [line for line in text.getvalue().splitlines() if line.strip()]
    header = next(index for index, line in enumerate(lines) if line.lstrip().startswith('ncalls'))
    total = next(line for line in lines if 'function calls' in line)
    return total.strip(), [lines[header]] + lines[header + 1:header + 1 + top]


def versions():
    ansible = subprocess.run([os.path.join(os.path.dirname(sys.executable), 'ansible'), '--version'],
                             capture_output=True, text=True, check=False).stdout.splitlines()[0]
    return '%s, Python %s, %s, %d CPUs' % (ansible, platform.python_version(), platform.machine(), os.cpu_count())


GOALS = [
    # (key, measure, goal text, holds(median))
    ('tokens_eqp_session_token', '20 hosts x 5 `eqp_session_token` tasks (cache warm, forks 10) / the same play of `debug` tasks',
     '<= 2.0', lambda value: value <= 2.0),
    ('tokens_magento_integration_token', '20 hosts x 5 `magento_integration_token` tasks / the same play of `debug` tasks',
     '<= 2.0', lambda value: value <= 2.0),
    ('tokens_commerce_token', '20 hosts x 5 `commerce_token` tasks / the same play of `debug` tasks', '<= 2.0', lambda value: value <= 2.0),
    ('bearer_vs_debug', '50 `bearer_uri` GETs / 50 `debug` tasks (same loop shape), whole run', '<= 2.0', lambda value: value <= 2.0),
    ('uri_vs_bearer', '50 `ansible.builtin.uri` GETs / 50 `bearer_uri` GETs (same token and URL), per request', '>= 10',
     lambda value: value >= 10),
    ('deploy_vs_debug', '`deploy_extension.yml` warm re-run / a 3-task `debug` playbook', '<= 3.0', lambda value: value <= 3.0),
]


def verdicts(results):
    """``(lines, all_hold)``: one line per goal with its ratio, goal and verdict."""
    lines = []
    held = True
    for key, measure_text, goal, holds in GOALS:
        ratio = results['ratios'][key]
        ok = holds(ratio['median'])
        held = held and ok
        lines.append('%s: %.2f (min %.2f, max %.2f), goal %s: %s' % (
            key, ratio['median'], ratio['min'], ratio['max'], goal, 'HOLDS' if ok else 'MISSED'))
    shipped = sum(results['deploy_shipped'].values())
    lines.append('deploy_extension.yml warm re-run, modules shipped on a local connection: %d, goal 0: %s'
                 % (shipped, 'HOLDS' if shipped == 0 else 'MISSED'))
    held = held and shipped == 0
    first, second = results['concurrent']
    ok = all(count == 1 for count in first.values()) and all(count == 0 for count in second.values())
    lines.append('token requests, 4 processes x 20 hosts x 5 front-end tasks: %s then %s, goal 1 per principal then 0: %s' % (
        json.dumps(first, sort_keys=True), json.dumps(second, sort_keys=True), 'HOLDS' if ok else 'MISSED'))
    held = held and ok
    return lines, held


def report(results, verdict_lines):
    ratios = results['ratios']
    cpu = results['cpu']
    rounds = len(ratios['bearer_vs_debug']['runs'])
    lines = [
        '# Performance',
        '',
        'Generated by `make bench` (bench/run.py) on %s against the local emulator.' % time.strftime('%Y-%m-%d'),
        'Machine: %s.' % versions(),
        '',
        '## Goals',
        '',
        'CPU seconds (user + system) of each whole `ansible-playbook` run including its forked workers; the two sides of',
        'each ratio ran alternately, %d rounds. "Per request" takes off the CPU of the same playbook with an empty loop.' % rounds,
        'The inventories hold plain values, as real ones do: run.py writes bench/inventory/fleet.yml and a copy of',
        'inventories/local with the emulator\'s fixtures in them, where the checked-in ones read and parse the fixture file',
        'at every use of every variable built on it (Ansible renders variables again at each use).',
        '',
        '| measure | ratio (median) | min | max | goal | verdict |',
        '|---|---:|---:|---:|---|---|',
    ]
    for key, measure_text, goal, holds in GOALS:
        ratio = ratios[key]
        lines.append('| %s | **%.2f** | %.2f | %.2f | %s | %s |' % (
            measure_text, ratio['median'], ratio['min'], ratio['max'], goal, 'holds' if holds(ratio['median']) else 'missed'))
    shipped = results['deploy_shipped']
    lines.append('| `deploy_extension.yml` warm re-run: modules shipped on a local connection | **%d** | | | 0 | %s |' % (
        sum(shipped.values()), 'holds' if not shipped else 'missed (%s)' % ', '.join(sorted(shipped))))
    first, second = results['concurrent']
    for principal in sorted(first):
        lines.append('| token requests of the %s, 4 processes at once x 20 hosts x 5 tasks (every front end), forks 10: '
                     'first run / re-run | **%d / %d** | | | 1 / 0 | %s |' % (
                         principal, first[principal], second[principal],
                         'holds' if (first[principal], second[principal]) == (1, 0) else 'missed'))
    lines += [
        '',
        'Verdicts as `make bench` printed them:',
        '',
        '```',
    ] + verdict_lines + [
        '```',
        '',
        '## CPU seconds per run',
        '',
        '| playbook | median | min | max |',
        '|---|---:|---:|---:|',
    ]
    for name in sorted(cpu):
        lines.append('| %s | %.2f | %.2f | %.2f |' % (name, cpu[name]['median'], cpu[name]['min'], cpu[name]['max']))
    lines += [
        '',
        'The first deploy (uploads, submission, approval with the scan delay at 0) took %.2f s of CPU, %.1f s wall.'
        % (results['first_deploy'].cpu, results['first_deploy'].wall),
        '',
        '## Profile of one bearer_uri call',
        '',
        'cProfile of one in-process `bearer_uri` GET with a token dict (after a warm-up call), sorted by own time,',
        'top 5. %s.' % results['profile'][0],
        '',
        '```',
    ] + results['profile'][1] + [
        '```',
        '',
        '## Same results as uri',
        '',
        'The rows of the bearer_uri integration target (tests/integration/targets/bearer_uri/compare.yml), each sent',
        'through `ansible.builtin.uri` with the header written by hand, through bearer_uri in-process and through',
        'bearer_uri\'s module path. "True" means the three results are equal key by key, leaving out only the token,',
        '`date`, `elapsed`, `invocation` and fields the server changes on every call. Status -1: no connection.',
        '',
    ] + [line.replace("- '", '') for line in results['comparison']] + ['']
    return '\n'.join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--rounds', type=int, default=3, help='rounds of every side-by-side pair (default 3)')
    parser.add_argument('--output', default=os.path.join(ROOT, 'docs', 'performance.md'))
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix='commerceops-bench.')
    try:
        with Emulator():
            inventory = static_fleet(work)
            results = measure(args.rounds, os.path.join(work, 'cache'), inventory, static_local(work))
            results['concurrent'] = concurrent_token_requests(work, inventory)
            results['comparison'] = comparison(os.path.join(work, 'compare'))
            results['profile'] = profile_one_call(os.path.join(work, 'profile'))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    verdict_lines, held = verdicts(results)
    text = report(results, verdict_lines)
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, 'w', encoding='utf-8') as handle:
        handle.write(text)
    print(text)
    print('\n'.join(['', 'bench: verdicts'] + verdict_lines + ['bench: %s' % ('every goal holds' if held else 'some goals missed')]))


if __name__ == '__main__':
    main()
