# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Wait for an EQP package's review to reach a status, reporting each status change as a progress line.

The looks back off (``eqp_wait.Waiter``): the first after ``interval`` seconds, each next pause doubled, up
to ``MAX_INTERVAL``. The wait ends when the package's overall status is one of ``wait_for``, or when
waiting can change nothing any more: a review was rejected, the package was canceled or removed, or no
review runs (except an approved package that is released on approval, when a release is waited for).
"""

from __future__ import annotations

from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_package_status import (
    REVIEWS, describe, in_review, is_final, status_of,
)
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_wait import Progress, Waiter

# The pause before the second look, and the longest pause (documented in eqp_package_info).
FIRST_INTERVAL = 5.0
MAX_INTERVAL = 60.0


def review_done(package, wait_for):
    """Whether waiting more for ``package`` to reach one of ``wait_for`` is pointless or needless."""
    if package is None:
        return True
    status = status_of(package)
    if status['overall'] in wait_for or is_final(status):
        return True
    if any(status[review] == 'rejected' for review in REVIEWS):
        return True
    if in_review(status):
        return False
    # Approved, and released by the server itself on approval: the release is still to come.
    return not (status['overall'] == 'approved' and 'released_to_store' in wait_for and package.get('launch_on_approval') is True)


def wait_for_review(find, wait_for, timeout, interval=FIRST_INTERVAL, progress=None, clock=None, sleep=None):
    """Look with ``find() -> package or None`` until ``review_done`` or ``timeout`` seconds passed.

    Returns ``{package, waited, timed_out, progress}``: ``progress`` holds the lines of ``progress`` (a Progress,
    new by default), one per status seen.
    """
    progress = progress or Progress(clock)
    waiter = Waiter(clock=clock, sleep=sleep, first=interval, ceiling=max(interval, MAX_INTERVAL))
    label = {}

    def look():
        package = find()
        return review_done(package, wait_for), package

    def note(package):
        if package is None:
            return 'the package does not exist'
        label.setdefault('name', '%s %s (submission %s)' % (package.get('sku'), package.get('version'), package.get('submission_id')))
        return '%s: %s' % (label['name'], describe(status_of(package)))

    waiter.progress = lambda state, _elapsed: progress.note('review', state)
    done, package, waited = waiter.poll(look, timeout, describe=note)
    return {'package': package, 'waited': int(round(waited)), 'timed_out': not done, 'progress': list(progress.lines)}
