# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The command line: one-line errors with exit 2, signals, idle timeout, TLS, pid file."""

import os
import signal
import socket
import subprocess
import sys

import pytest
import requests

from tests.emulator.__main__ import main
from tests.emulator.server import StopRequest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
ONE_FREE = ('--only', 'eqp_sandbox', '--port', 'eqp_sandbox=0')


def run_cli(*args, timeout=30):
    return subprocess.run([sys.executable, '-m', 'tests.emulator'] + list(args), cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=timeout, check=False)


def assert_one_line_error(result, *fragments):
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith('emulator: error: ')
    for fragment in fragments:
        assert fragment in lines[0]
    assert result.stdout == ''


def test_unknown_option_exits_2_with_one_line():
    assert_one_line_error(run_cli('--bogus'), 'unrecognized arguments: --bogus')


@pytest.mark.parametrize('args, fragment', [
    (('--port', 'eqp_sandbox=notaport'), 'notaport'),
    (('--port', 'nobody=1'), 'nobody'),
    (('--only', 'nobody'), 'nobody'),
    (('--set', 'eqp_sandbox.scan_delay=zero'), 'zero'),
    (('--set', 'eqp_sandbox.no_such_key=1', '--only', 'eqp_sandbox'), 'no_such_key'),
    (('--set', 'all.no_such_key=1', '--only', 'eqp_sandbox'), 'no_such_key'),
    (('--idle-timeout', 'soon'), 'soon'),
    (('--fixtures', '/nonexistent/fixtures.yml'), '/nonexistent/fixtures.yml'),
    (('--host', '0.0.0.0'), 'loopback'),
    (('--host', '192.0.2.10'), 'loopback'),
    (('--host', 'example.com'), 'loopback'),
])
def test_bad_command_line_is_one_line(capsys, args, fragment):
    # In-process for speed: main() returns the exit code the process would have.
    assert main(list(args)) == 2
    captured = capsys.readouterr()
    assert captured.out == ''
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith('emulator: error: ')
    assert fragment in lines[0]


def test_non_loopback_host_is_refused_by_the_process():
    assert_one_line_error(run_cli('--host', '0.0.0.0', *ONE_FREE), '0.0.0.0', 'loopback')


def test_port_in_use_is_one_line():
    with socket.socket() as taken:
        taken.bind(('127.0.0.1', 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = run_cli('--only', 'eqp_sandbox', '--port', 'eqp_sandbox=%d' % port)
    assert_one_line_error(result, 'port %d (eqp_sandbox) is already in use' % port)


@pytest.mark.parametrize('signum', [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_cleanly(spawn_emulator, signum, tmp_path):
    pid_file = tmp_path / 'emulator.pid'
    process, urls = spawn_emulator('--pid-file', str(pid_file), '--set', 'all.scan_delay=0', *ONE_FREE)
    assert int(pid_file.read_text()) == process.pid
    assert requests.get(urls['eqp_sandbox'] + '/__emulator__/config', timeout=5).json()['scan_delay'] == 0
    process.send_signal(signum)
    assert process.wait(10) == 0
    assert not pid_file.exists()


def test_the_stop_handler_takes_no_lock():
    """A signal handler runs in the main thread between two bytecodes, possibly while that thread holds a lock
    (inside threading.Event.wait, say): a handler that takes a lock can wait for it forever (seen: an emulator
    hung at its stop, and its integration target with it). Every C call the handler makes is watched."""
    taken = []

    def watch(frame, event, arg):
        if event == 'c_call' and getattr(arg, '__name__', '') in ('acquire', '__enter__', 'acquire_lock'):
            taken.append(repr(arg))

    stop = StopRequest()
    sys.setprofile(watch)
    try:
        stop(signal.SIGTERM, None)
    finally:
        sys.setprofile(None)
    assert taken == []
    assert stop.signum == signal.SIGTERM


def test_idle_timeout_exits_by_itself(spawn_emulator):
    process, urls = spawn_emulator('--idle-timeout', '0.5', *ONE_FREE)
    assert requests.get(urls['eqp_sandbox'] + '/__emulator__/health', timeout=5).status_code == 200
    assert process.wait(10) == 0


def test_tls_is_verifiable_with_the_written_ca(spawn_emulator, tmp_path):
    process, urls = spawn_emulator('--tls', '--tls-dir', str(tmp_path), *ONE_FREE)
    url = urls['eqp_sandbox']
    assert url.startswith('https://127.0.0.1:')
    ca_file = str(tmp_path / 'ca.pem')
    assert requests.get(url + '/__emulator__/health', verify=ca_file, timeout=5).json()['name'] == 'eqp_sandbox'
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(url + '/__emulator__/health', timeout=5)
    assert process.poll() is None
    localhost = url.replace('127.0.0.1', 'localhost')
    assert requests.get(localhost + '/__emulator__/health', verify=ca_file, timeout=5).status_code == 200
