# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the emulator tests: one emulator process for the session, reset before each test."""

import os
import subprocess
import sys
import tempfile
import threading

import pytest
import requests
import yaml

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
FIXTURES_PATH = os.path.join(REPO_ROOT, 'tests', 'emulator', 'fixtures.yml')
LISTENER_NAMES = ('eqp_sandbox', 'eqp_production', 'magento', 'elasticpath', 'ims', 'commerce_cloud')
START_TIMEOUT = 30


def emulator_command(*args):
    """The command that starts the emulator from the repository root, with this interpreter."""
    return [sys.executable, '-m', 'tests.emulator'] + list(args)


def start_emulator(args, timeout=START_TIMEOUT):
    """Start the emulator; return (process, {name: base_url}, stderr file) once it printed "ready".

    Fails the test with the emulator's own output when it exits or stays silent.
    """
    stderr = tempfile.TemporaryFile(mode='w+')
    process = subprocess.Popen(emulator_command(*args), cwd=REPO_ROOT, stdout=subprocess.PIPE,
                               stderr=stderr, text=True, bufsize=1)
    lines = []
    done = threading.Event()

    def read_until_ready():
        for line in process.stdout:
            lines.append(line.rstrip('\n'))
            if line.strip() == 'emulator: ready':
                break
        done.set()

    reader = threading.Thread(target=read_until_ready, daemon=True)
    reader.start()
    if not done.wait(timeout) or not lines or lines[-1] != 'emulator: ready':
        process.kill()
        process.wait()
        stderr.seek(0)
        pytest.fail('emulator did not start: stdout=%r stderr=%r' % (lines, stderr.read()))
    # Keep draining stdout so that a chatty emulator never blocks on a full pipe.
    threading.Thread(target=lambda: [None for _line in process.stdout], daemon=True).start()
    urls = {}
    for line in lines:
        parts = line.split()
        if len(parts) == 3 and parts[1] in LISTENER_NAMES:
            urls[parts[1]] = parts[2]
    return process, urls, stderr


def stop_emulator(process, timeout=10):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


class RunningEmulator:
    """Handle on the emulator process that the tests talk to."""

    def __init__(self, process, urls, fixtures, stderr):
        self.process = process
        self.urls = urls
        self.fixtures = fixtures
        self.stderr = stderr
        # No proxies from the environment: the emulator is always on loopback.
        self.session = requests.Session()
        self.session.trust_env = False

    def url(self, name):
        if name not in self.urls:
            pytest.fail('emulator listener %s is not running (started: %s)' % (name, ', '.join(sorted(self.urls))))
        return self.urls[name]

    def control(self, name, method, what, payload=None):
        """Call the control API of one listener and return the decoded JSON answer."""
        response = self.session.request(method, '%s/__emulator__/%s' % (self.url(name), what), json=payload, timeout=10)
        response.raise_for_status()
        return response.json()

    def reset(self):
        self.control(next(iter(self.urls)), 'POST', 'reset')

    def advance(self, seconds):
        return self.control(next(iter(self.urls)), 'POST', 'clock', {'advance': seconds})

    def fault(self, name, **spec):
        return self.control(name, 'POST', 'faults', spec)

    def counts(self, name):
        return self.control(name, 'GET', 'counts')

    def config(self, name, **settings):
        if settings:
            return self.control(name, 'POST', 'config', settings)
        return self.control(name, 'GET', 'config')


@pytest.fixture(scope='session')
def emulator():
    args = []
    for name in LISTENER_NAMES:
        args += ['--port', '%s=0' % name]
    process, urls, stderr = start_emulator(args)
    with open(FIXTURES_PATH) as handle:
        fixtures = yaml.safe_load(handle)
    running = RunningEmulator(process, urls, fixtures, stderr)
    yield running
    running.session.close()
    stop_emulator(process)
    stderr.close()


@pytest.fixture
def spawn_emulator():
    """Start extra emulator processes (spawn(*args) -> (process, urls)); all are stopped after the test."""
    started = []

    def spawn(*args):
        process, urls, stderr = start_emulator(list(args))
        started.append((process, stderr))
        return process, urls

    yield spawn
    for process, stderr in started:
        stop_emulator(process)
        stderr.close()


@pytest.fixture(autouse=True)
def _fresh_emulator(request):
    """Reset the emulator before each test that uses it; other tests never start it."""
    if 'emulator' in request.fixturenames:
        request.getfixturevalue('emulator').reset()
    yield


# The tests only talk to loopback: make sure no proxy from the environment gets in the way.
os.environ.setdefault('NO_PROXY', '127.0.0.1,localhost,::1')
