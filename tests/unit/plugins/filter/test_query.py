# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The query filter: selections, no match, and one-line errors for bad expressions."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.commerceops.api.plugins.filter.query import FilterModule

query = FilterModule().filters()['query']
PACKAGES = [{'name': 'a', 'eqp_status': {'technical': 'approved'}}, {'name': 'b', 'eqp_status': {'technical': 'rejected'}}]


def test_selects_with_a_filter_expression():
    assert query(PACKAGES, "[?eqp_status.technical=='approved'].name") == ['a']


def test_nothing_matches_gives_none():
    assert query({'a': 1}, 'b') is None


@pytest.mark.parametrize('expression', ['[?', '', None])
def test_bad_expressions_fail_in_one_line(expression):
    with pytest.raises(AnsibleFilterError) as caught:
        query(PACKAGES, expression)
    assert str(caught.value).startswith('commerceops.api.query: ')
    assert '\n' not in str(caught.value)


@pytest.mark.parametrize('expression, expected', [
    ('length(data)', 2),
    ('sort_by(data, &sku)[0].sku', 'a/one'),
    ("join(', ', data[].name)", 'two, one'),
])
def test_functions_run_on_the_data(expression, expected):
    data = {'data': [{'sku': 'b/two', 'name': 'two'}, {'sku': 'a/one', 'name': 'one'}]}
    assert query(data, expression) == expected
