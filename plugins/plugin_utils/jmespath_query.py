# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""JMESPath for the query filter and bearer_uri's ``query`` option (controller side, so jmespath may be used)."""

from __future__ import annotations

try:
    import jmespath
    from jmespath.exceptions import JMESPathError
except ImportError:  # reported when a query is run, not when the plugin loads
    jmespath = None
    JMESPathError = Exception


class JmesPathError(Exception):
    """An expression that cannot run, or no jmespath library."""


def _plain(data):
    """Ansible's own str/dict/list subclasses as plain types, which jmespath's type checks expect."""
    if isinstance(data, dict):
        return dict((str(key), _plain(value)) for key, value in data.items())
    if isinstance(data, (list, tuple)):
        return [_plain(item) for item in data]
    if isinstance(data, str):
        return str(data)
    return data


def _need_library(expression):
    """Refuse before jmespath is asked: no library on the controller, or no expression."""
    if jmespath is None:
        raise JmesPathError('the jmespath Python library is missing on the controller: pip install jmespath')
    if not isinstance(expression, str) or not expression.strip():
        raise JmesPathError('the expression must be a non-empty string')


def _invalid(expression, error):
    """The one-line error for an expression that does not parse."""
    return JmesPathError('invalid JMESPath expression %r: %s' % (expression, str(error).replace('\n', ' ')))


def check_query(expression):
    """Refuse an expression that does not parse, before any request; it is not run (functions such as
    ``length(data)`` fail on data without their arguments, so running it on ``{}`` proves nothing)."""
    _need_library(expression)
    try:
        jmespath.compile(expression)
    except JMESPathError as error:
        raise _invalid(expression, error)


def run_query(data, expression):
    """The result of JMESPath ``expression`` on ``data``."""
    check_query(expression)
    try:
        return jmespath.search(expression, _plain(data))
    except JMESPathError as error:
        # It parsed: the data did not suit it (a function given the wrong type, say).
        raise JmesPathError('JMESPath expression %r cannot run on this data: %s'
                            % (expression, str(error).replace('\n', ' ')))
