# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The retry policy of bearer_uri, on uri-shaped results."""

from __future__ import annotations

from ansible_collections.commerceops.api.plugins.plugin_utils.uri_retry import Retrying, connect_failure, network_failure


class Clock:
    def __init__(self):
        self.now = 1700000000.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def answers(*results):
    queue = list(results)
    calls = []

    def attempt():
        calls.append(1)
        return queue.pop(0)
    return attempt, calls


def retrying(clock, **options):
    options.setdefault('retries', 3)
    options.setdefault('retry_delay', 1.0)
    options.setdefault('max_retry_wait', 60.0)
    return Retrying(clock=clock, sleep=clock.sleep, random=lambda: 0.5, **options)


def test_retry_after_is_honoured():
    clock = Clock()
    attempt, calls = answers({'status': 503, 'retry_after': '2'}, {'status': 429, 'retry_after': '1'}, {'status': 200})
    assert retrying(clock).run(attempt, 'GET', [200]) == {'status': 200}
    assert len(calls) == 3
    assert clock.sleeps == [2.0, 1.0]


def test_backoff_without_retry_after():
    clock = Clock()
    attempt, calls = answers({'status': 502}, {'status': 504}, {'status': 503}, {'status': 503})
    result = retrying(clock, retry_delay=2.0).run(attempt, 'GET', [200])
    assert result == {'status': 503}
    assert len(calls) == 4
    assert clock.sleeps == [1.0, 2.0, 4.0]


def test_post_is_not_retried_unless_allowed():
    clock = Clock()
    attempt, calls = answers({'status': 503}, {'status': 201})
    assert retrying(clock).run(attempt, 'POST', [201]) == {'status': 503}
    attempt, calls = answers({'status': 503}, {'status': 201})
    assert retrying(clock, retry_unsafe=True).run(attempt, 'POST', [201]) == {'status': 201}


def test_expected_status_is_not_retried():
    attempt, calls = answers({'status': 503})
    assert retrying(Clock()).run(attempt, 'GET', [200, 503]) == {'status': 503}
    assert len(calls) == 1


def test_retry_after_beyond_the_budget_ends_the_retries():
    clock = Clock()
    attempt, calls = answers({'status': 503, 'retry_after': '120'}, {'status': 200})
    assert retrying(clock, max_retry_wait=10).run(attempt, 'GET', [200])['status'] == 503
    assert clock.sleeps == []


def test_waits_stay_within_the_budget():
    clock = Clock()
    attempt, calls = answers(*[{'status': 503, 'retry_after': '4'}] * 4)
    retrying(clock, max_retry_wait=6).run(attempt, 'GET', [200])
    assert clock.sleeps == [4.0]
    assert len(calls) == 2


def test_network_failures_are_retried_other_failures_not():
    assert network_failure({'status': -1, 'msg': 'Status code was -1 and not [200]: Request failed: '
                                                 '<urlopen error [Errno 111] Connection refused>'})
    assert network_failure({'status': -1, 'msg': 'Connection failure: timed out'})
    assert not network_failure({'status': -1, 'msg': 'certificate verify failed'})
    assert not network_failure({'status': 500, 'msg': 'timed out'})
    clock = Clock()
    attempt, calls = answers({'status': -1, 'msg': 'Connection failure: Remote end closed connection'}, {'status': 200})
    assert retrying(clock).run(attempt, 'GET', [200]) == {'status': 200}


def test_no_retries():
    attempt, calls = answers({'status': 503})
    assert retrying(Clock(), retries=0).run(attempt, 'GET', [200]) == {'status': 503}


REFUSED = {'status': -1, 'msg': 'Status code was -1 and not [201]: Request failed: <urlopen error [Errno 111] Connection refused>'}


def test_a_refused_connection_is_retried_whatever_the_method():
    # Nothing reached the server, so a POST is as safe to send again as a GET.
    assert connect_failure(REFUSED)
    clock = Clock()
    attempt, calls = answers(REFUSED, REFUSED, {'status': 201})
    notes = []
    assert retrying(clock, log=notes.append).run(attempt, 'POST', [201]) == {'status': 201}
    assert len(calls) == 3
    assert 'nothing reached the server' in notes[0]


def test_a_post_that_may_have_reached_the_server_is_not_retried():
    reset = {'status': -1, 'msg': 'Connection failure: Remote end closed connection without response'}
    assert network_failure(reset) and not connect_failure(reset)
    attempt, calls = answers(reset, {'status': 201})
    assert retrying(Clock()).run(attempt, 'POST', [201]) == reset
    assert len(calls) == 1


def test_retry_after_zero_forever_ends_at_the_cap():
    # Retry-After: 0 costs no wait, so only the attempt cap ends the loop, whatever retries says.
    clock = Clock()
    calls = []

    def attempt():
        calls.append(1)
        return {'status': 429, 'retry_after': '0'}
    result = retrying(clock, retries=1000, max_retry_wait=10 ** 6).run(attempt, 'GET', [200])
    assert result['status'] == 429
    assert len(calls) == 11


def test_unusable_retry_after_uses_the_backoff():
    clock = Clock()
    attempt, calls = answers({'status': 429, 'retry_after': '\u00b2'}, {'status': 200})
    result = retrying(clock).run(attempt, 'GET', [200])
    assert result['status'] == 200
    assert clock.sleeps == [0.5]
