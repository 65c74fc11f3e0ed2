# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The review wait of eqp_package_info: when it ends, how it backs off, and its progress lines."""

from __future__ import annotations

import pytest

from ansible_collections.commerceops.api.plugins.module_utils.marketplace import eqp_wait
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_review_wait import review_done, wait_for_review
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_wait import Progress


class Clock:
    """A clock that only moves when slept on; records the pauses."""

    def __init__(self):
        self.now = 1000.0
        self.pauses = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.pauses.append(seconds)
        self.now += seconds


def package(overall, technical, marketing, **fields):
    return dict({'submission_id': 'f4eacd72be', 'sku': 'examplevendor/module-demo', 'version': '1.0.0',
                 'eqp_status': {'overall': overall, 'technical': technical, 'marketing': marketing}}, **fields)


RUNNING = package('in_progress', 'in_automation', 'awaiting_marketing_review')
TECH_DONE = package('in_progress', 'approved', 'in_marketing_review')
APPROVED = package('approved', 'approved', 'approved')


@pytest.mark.parametrize('seen, wait_for, done', [
    (None, ['approved'], True),
    (RUNNING, ['approved'], False),
    (APPROVED, ['approved'], True),
    (package('draft', 'rejected', 'in_marketing_review'), ['approved'], True),
    (package('canceled_by_developer', 'recalled', 'draft'), ['approved'], True),
    # Nothing runs: waiting cannot bring the target.
    (package('draft', 'recalled', 'draft'), ['approved'], True),
    (APPROVED, ['released_to_store'], True),
    (dict(APPROVED, launch_on_approval=True), ['released_to_store'], False),
])
def test_review_done(seen, wait_for, done):
    assert review_done(seen, wait_for) is done


def test_one_line_per_status_change_with_backing_off_looks():
    clock = Clock()
    answers = [RUNNING] * 4 + [TECH_DONE] * 3 + [APPROVED]
    looks = []

    def find():
        looks.append(clock())
        return answers[min(len(looks) - 1, len(answers) - 1)]

    result = wait_for_review(find, ['approved'], 600, interval=1, progress=Progress(clock), clock=clock, sleep=clock.sleep)
    assert result['timed_out'] is False and result['package'] is APPROVED
    assert clock.pauses == [1, 2, 4, 8, 16, 32, 60]
    assert result['waited'] == 123
    assert result['progress'] == [
        '   0s examplevendor/module-demo 1.0.0 (submission f4eacd72be): in_progress (technical in_automation, marketing awaiting_marketing_review)',
        '  15s examplevendor/module-demo 1.0.0 (submission f4eacd72be): in_progress (technical approved, marketing in_marketing_review)',
        ' 123s examplevendor/module-demo 1.0.0 (submission f4eacd72be): approved (technical approved, marketing approved)',
    ]


def test_running_out_of_time_is_reported_not_raised():
    clock = Clock()
    result = wait_for_review(lambda: RUNNING, ['approved'], 10, interval=5, clock=clock, sleep=clock.sleep)
    assert result['timed_out'] is True and result['package'] is RUNNING
    assert clock.pauses == [5, 5]
    assert len(result['progress']) == 1


def test_a_rejection_ends_the_wait_at_once():
    clock = Clock()
    rejected = package('draft', 'rejected', 'draft')
    result = wait_for_review(lambda: rejected, ['approved'], 600, clock=clock, sleep=clock.sleep)
    assert result['timed_out'] is False and clock.pauses == []
    assert result['progress'][0].endswith('draft (technical rejected, marketing draft)')


def test_live_progress_goes_to_the_front_end_as_it_happens():
    shown = []
    eqp_wait.set_live_progress(shown.append)
    try:
        clock = Clock()
        progress = Progress(clock)
        progress.note('scan', 'in-progress', 'artifact (a.zip): malware scan in-progress')
        progress.note('scan', 'in-progress', 'artifact (a.zip): malware scan in-progress')
        clock.sleep(4)
        progress.note('scan', 'pass', 'artifact (a.zip): malware scan pass')
    finally:
        eqp_wait.set_live_progress(None)
    assert shown == progress.lines == ['   0s artifact (a.zip): malware scan in-progress', '   4s artifact (a.zip): malware scan pass']
