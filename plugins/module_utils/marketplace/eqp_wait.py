# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Waiting on the EQP service: look again until something is there or done, within a deadline.

Intervals start short and back off (``first``, doubled each time, never above ``ceiling``), so a quick
change is seen quickly and a long wait costs few requests. A progress callback hears every change of
state with the seconds elapsed, so any front end (a module's result, an action plugin's display) can
report a wait as it goes, one line per change instead of one per look.
"""

from __future__ import annotations

import time

# Defaults, documented in the modules: the first look again after 1 s, then 2, 4, 8, 15, 15... s.
FIRST_INTERVAL = 1.0
MAX_INTERVAL = 15.0

# Where progress lines go as they happen, besides the result. None on a target (a module process can
# only return them); a front end running the module in the controller process may set a callable
# taking one line (set_live_progress) to show each line at once.
_LIVE = None


def set_live_progress(show):
    """Send every later progress line to ``show(line)`` as it happens too (``None``: stop)."""
    global _LIVE  # pylint: disable=global-statement
    _LIVE = show


class Progress:
    """The progress lines of one task: one per change of a watched thing's state, with the elapsed time.

    ``note(key, state, text)`` adds ``text`` (default: ``state``) when ``key`` was not seen in ``state``
    just before; ``lines`` is what the module returns. Elapsed time counts from the task's start.
    """

    def __init__(self, clock=None):
        self.clock = clock or time.time
        self.started = self.clock()
        self.lines = []
        self._states = {}

    def note(self, key, state, text=None):
        if key in self._states and self._states[key] == state:
            return
        self._states[key] = state
        line = '%4ds %s' % (int(round(self.clock() - self.started)), text or state)
        self.lines.append(line)
        if _LIVE is not None:
            _LIVE(line)


def intervals(first=FIRST_INTERVAL, ceiling=MAX_INTERVAL):
    """The pauses between two looks: ``first``, doubled each time, capped at ``ceiling``."""
    pause = max(0.001, float(first))
    while True:
        yield min(pause, ceiling)
        pause = min(pause * 2, ceiling)


class Waiter:
    """Looks until done or out of time, reporting each change of state.

    ``progress(state, elapsed)`` is called with the text of a state the first time it is seen.
    ``clock`` and ``sleep`` are injectable so that tests run without waiting.
    """

    def __init__(self, clock=None, sleep=None, first=FIRST_INTERVAL, ceiling=MAX_INTERVAL, progress=None):
        self.clock = clock or time.time
        self.sleep = sleep or time.sleep
        self.first = first
        self.ceiling = max(first, ceiling)
        self.progress = progress

    def poll(self, look, timeout, describe=None):
        """``(done, value, elapsed)``: call ``look() -> (done, value)`` until done or ``timeout`` seconds passed.

        ``describe(value)`` names the state for the progress callback (``None``: not reported).
        """
        started = self.clock()
        deadline = started + max(0.0, float(timeout))
        pauses = intervals(self.first, self.ceiling)
        last = None
        while True:
            done, value = look()
            state = describe(value) if describe else None
            if state is not None and state != last and self.progress is not None:
                self.progress(state, self.clock() - started)
            last = state
            left = deadline - self.clock()
            if done or left <= 0:
                return done, value, self.clock() - started
            self.sleep(min(next(pauses), left))
