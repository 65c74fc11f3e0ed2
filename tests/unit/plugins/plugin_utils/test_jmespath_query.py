# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""check_query parses an expression without running it; run_query tells a parse error from data that does not suit."""

from __future__ import annotations

import pytest

from ansible_collections.commerceops.api.plugins.plugin_utils.jmespath_query import JmesPathError, check_query, run_query


@pytest.mark.parametrize('expression', ['length(data)', 'sort_by(data, &sku)[0].sku', "join(', ', data[].name)", 'a.b'])
def test_valid_expressions_pass_the_check_even_when_they_would_fail_on_an_empty_dict(expression):
    check_query(expression)


@pytest.mark.parametrize('expression', ['[?', 'length(', 'a..b'])
def test_syntax_errors_are_refused(expression):
    with pytest.raises(JmesPathError, match='^invalid JMESPath expression'):
        check_query(expression)


def test_an_expression_that_does_not_suit_the_answer_says_so():
    with pytest.raises(JmesPathError, match='cannot run on this data'):
        run_query({'data': None}, 'length(data)')
