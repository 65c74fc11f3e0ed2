# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read EQP packages: one by submission_id, item_id or sku and version, or a filtered list.

For one package the answer also holds its test runs and a one-line summary of the failed ones.
"""

from __future__ import annotations

from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_package_spec import check_sku
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_package_status import choose, failure_summary
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_test_results import read_runs, summary


def check_query(sku=None, version=None, filters=None, offset=0, limit=-1):
    """Checks the argument spec cannot make; ValueError naming the option."""
    if sku is not None:
        check_sku(sku)
    if version is not None and not str(version).strip():
        raise ValueError('version must not be empty')
    if offset is not None and offset < 0:
        raise ValueError('offset must be 0 or more, got %s' % offset)
    if limit is not None and limit < -1:
        raise ValueError('limit must be -1 (all) or more, got %s' % limit)
    for key, value in (filters or {}).items():
        values = value if isinstance(value, list) else [value]
        if any(isinstance(item, (dict, list)) for item in values):
            raise ValueError('filters.%s must be a value or a list of values' % key)


def find_one(resources, submission_id=None, item_id=None, sku=None, version=None):
    """The one package asked for by submission_id, item_id, or sku and version (``None`` when none)."""
    if submission_id is not None:
        return resources.package(submission_id)
    if item_id is not None:
        return resources.package_by_item_id(item_id)
    packages, _total = resources.packages_by_sku(sku, version)
    return choose(packages) or (packages[-1] if packages else None)


def query_packages(resources, submission_id=None, item_id=None, sku=None, version=None, filters=None, sort=None, offset=0, limit=-1):
    """``{packages, total}``, plus ``package``, ``test_runs``, ``test_results`` (each run with its report)
    and ``summary`` when one package was asked for."""
    single = submission_id is not None or item_id is not None or (sku is not None and version is not None)
    if submission_id is not None:
        package = resources.package(submission_id)
        packages = [package] if package else []
        total = len(packages)
    elif item_id is not None:
        package = resources.package_by_item_id(item_id)
        packages = [package] if package else []
        total = len(packages)
    elif sku is not None:
        packages, total = resources.packages_by_sku(sku, version, sort=sort, offset=offset, limit=limit)
        # Several copies of a version can exist (drafts, canceled ones): the one a submission works on.
        package = (choose(packages) or (packages[-1] if packages else None)) if single else None
    else:
        packages, total = resources.packages(filters, sort=sort, offset=offset, limit=limit)
        package = None
    result = {'packages': packages, 'total': total}
    if single:
        runs = resources.test_runs(package['submission_id']) if package and package.get('submission_id') else []
        results = read_runs(resources, package['submission_id'], runs) if runs else []
        result.update(package=package, test_runs=runs, test_results=results, summary=summary(results) or failure_summary(runs))
    return result
