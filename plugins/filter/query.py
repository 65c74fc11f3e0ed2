# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``commerceops.api.query`` filter: a JMESPath expression over API answers (documented in query.yml)."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.commerceops.api.plugins.plugin_utils.jmespath_query import JmesPathError, run_query


def query(data, expression):
    """The part of ``data`` that ``expression`` selects (``None`` when nothing matches)."""
    try:
        return run_query(data, expression)
    except JmesPathError as error:
        raise AnsibleFilterError('commerceops.api.query: %s' % error)


class FilterModule:

    def filters(self):
        return {'query': query}
