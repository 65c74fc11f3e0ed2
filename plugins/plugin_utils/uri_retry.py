# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Retry a bearer_uri request, on either path, from the uri-shaped result of each attempt.

An attempt is retried when it got 429, 502, 503 or 504 (and that status is not in ``status_code``)
or no answer because of the network, only for idempotent methods unless ``retry_unsafe`` is set; a
connection that was refused (nothing reached the server) is retried whatever the method.
The wait is the server's ``Retry-After``, else an exponential backoff from ``retry_delay`` with full
jitter; all waits together stay within ``max_retry_wait``, and a ``Retry-After`` beyond what is left
ends the retries. Both are capped (``MAX_RETRIES``, ``MAX_RETRY_WAIT`` of the HTTP client), so a server
answering ``Retry-After: 0`` forever gets at most 11 attempts.
"""

from __future__ import annotations

import random as random_module
import time

from ansible_collections.commerceops.api.plugins.module_utils.core.http_client import (
    IDEMPOTENT_METHODS, MAX_RETRIES, MAX_RETRY_WAIT, RETRY_STATUSES, parse_retry_after,
)

# The longest single backoff wait, whatever retry_delay and the attempt number.
MAX_BACKOFF = 30.0
# uri's messages for a request that got no answer and may get one on another try.
_NETWORK_FAILURES = ('connection refused', 'timed out', 'connection reset', 'remote end closed',
                     'temporary failure in name resolution', 'connection aborted', 'broken pipe')


# Of those, the ones where nothing reached the server: another try is safe whatever the method.
_CONNECT_FAILURES = ('connection refused', 'temporary failure in name resolution', 'no route to host',
                     'network is unreachable')


def _no_answer_text(result):
    if result.get('status') != -1:
        return ''
    return str(result.get('msg', '')).lower()


def connect_failure(result):
    """Whether a uri result is a request that never reached the server (refused, unreachable)."""
    text = _no_answer_text(result)
    return any(reason in text for reason in _CONNECT_FAILURES)


def network_failure(result):
    """Whether a uri result is a request that got no answer for a reason worth another try."""
    text = _no_answer_text(result)
    return any(reason in text for reason in _NETWORK_FAILURES + _CONNECT_FAILURES)


class Retrying:
    """The retry policy of one task. ``sleep``, ``clock`` and ``random`` are injectable for tests."""

    def __init__(self, retries, retry_delay, max_retry_wait, retry_unsafe=False, log=None,
                 sleep=time.sleep, clock=time.time, random=random_module.random):
        # Clamped as the HTTP client's are: the loop ends within these caps whatever it is given.
        self.retries = min(MAX_RETRIES, max(0, int(retries)))
        self.retry_delay = retry_delay
        self.max_retry_wait = min(MAX_RETRY_WAIT, max(0.0, float(max_retry_wait)))
        self.retry_unsafe = retry_unsafe
        self._log = log
        self._sleep = sleep
        self._clock = clock
        self._random = random
        self.attempts = 0

    def retryable(self, result, method, status_codes):
        if connect_failure(result):
            return True
        if method not in IDEMPOTENT_METHODS and not self.retry_unsafe:
            return False
        status = result.get('status')
        if status in RETRY_STATUSES:
            return status not in status_codes
        return network_failure(result)

    def _wait(self, attempt, result):
        """Seconds to wait and whether the server asked for them."""
        asked = parse_retry_after(result.get('retry_after'), self._clock())
        if asked is not None:
            return asked, True
        ceiling = min(MAX_BACKOFF, self.retry_delay * (2 ** (attempt - 1)))
        return self._random() * ceiling, False

    def _note(self, text):
        if self._log is not None:
            self._log(text)

    def run(self, attempt_once, method, status_codes):
        """Call ``attempt_once()`` (returns a uri result) until it needs no retry or the budget is spent."""
        waited = 0.0
        attempt = 0
        while True:
            attempt += 1
            result = attempt_once()
            self.attempts += 1
            if attempt > self.retries or not self.retryable(result, method, status_codes):
                return result
            delay, asked = self._wait(attempt, result)
            left = self.max_retry_wait - waited
            if left <= 0:
                return result
            if asked and delay > left:
                self._note('status %s: Retry-After %.1f s is beyond the %.1f s left to wait; not retrying'
                           % (result.get('status'), delay, left))
                return result
            delay = max(0.0, min(delay, left))
            self._note('%s on attempt %d of %d; next attempt in %.1f s'
                       % (_what(result), attempt, self.retries + 1, delay))
            self._sleep(delay)
            waited += delay


def _what(result):
    """What an attempt got, for the log: its status, or why no answer came."""
    if connect_failure(result):
        return 'no connection (%s), so nothing reached the server' % result.get('msg')
    return 'status %s' % result.get('status')
