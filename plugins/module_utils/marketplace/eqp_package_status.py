# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an EQP package's ``eqp_status`` means: which reviews run, which are done, which may be submitted;
which of several copies of a version is the one to work on; and a summary of failed test runs.

Status names are the contract's (see the EQP contract, "Status values").
"""

from __future__ import annotations

REVIEWS = ('technical', 'marketing')

# A review in one of these is in the pipeline: the package then accepts only a recall.
PIPELINES = {
    'technical': ('in_automation', 'awaiting_manual_qa', 'in_manual_qa'),
    'marketing': ('awaiting_marketing_review', 'in_marketing_review'),
}
# A review in one of these passed: submitting it again is refused (technical) or pointless.
PASSED = {
    'technical': ('approved',),
    'marketing': ('approved', 'approved_with_modifications_pending'),
}
# A review in one of these may be submitted (again).
SUBMITTABLE = ('draft', 'rejected', 'recalled')
# Where the first step of a submitted review goes (for diffs and check mode).
SUBMITTED_STATUS = {'technical': 'in_automation', 'marketing': 'awaiting_marketing_review'}

# Packages in one of these accept no change at all; a new package may take their version.
FINAL = ('canceled_by_developer', 'canceled_by_admin', 'developer_removed_from_store', 'admin_removed_from_store')
# Run statuses that mean the run found a problem ("pass"/"passed" and "in_progress" do not).
FAILED_RUNS = ('fail', 'failed', 'error')


def status_of(package):
    """``{overall, technical, marketing}`` of a package (``draft`` for anything the answer leaves out)."""
    given = (package or {}).get('eqp_status') or {}
    return dict((key, given.get(key) or 'draft') for key in ('overall',) + REVIEWS)


def running(status, review):
    return status.get(review) in PIPELINES[review]


def in_review(status):
    """Whether any review is in the pipeline."""
    return any(running(status, review) for review in REVIEWS)


def passed(status, review):
    return status.get(review) in PASSED[review]


def settled(status, review):
    """Running or passed: a review that must not be submitted again now."""
    return running(status, review) or passed(status, review)


def is_final(status):
    return status.get('overall') in FINAL


def describe(status):
    """``overall (technical ..., marketing ...)`` for messages."""
    return '%s (technical %s, marketing %s)' % (status['overall'], status['technical'], status['marketing'])


def choose(packages):
    """The package to work on among copies of one version, or ``None``.

    Canceled and removed copies do not count (the server lets a new package take their version).
    A copy that was submitted beats drafts; among equals the latest modified wins.
    """
    alive = [package for package in packages if isinstance(package, dict) and not is_final(status_of(package))]
    if not alive:
        return None

    def rank(package):
        status = status_of(package)
        submitted = status['overall'] != 'draft' or any(status[review] != 'draft' for review in REVIEWS)
        return (1 if submitted else 0, str(package.get('modified_at') or ''), str(package.get('created_at') or ''))

    return max(alive, key=rank)


def failure_summary(runs):
    """One line naming each failed test run and what it said; ``''`` when none failed."""
    parts = []
    for run in runs or ():
        if not isinstance(run, dict) or str(run.get('status', '')).lower() not in FAILED_RUNS:
            continue
        text = '%s failed' % (run.get('name') or 'a test run')
        if run.get('date'):
            text += ' on %s' % run['date']
        if run.get('summary'):
            text += ': %s' % ' '.join(str(run['summary']).split())
        parts.append(text)
    return '; '.join(parts)
