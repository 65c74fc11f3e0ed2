# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Decode JSON from a server within bounds: size, nesting depth, and standard constants only.

A hostile or broken server must get one clear error, not a RecursionError (Python's decoder recurses
once per level) or a process that swallows all memory. Every JSON body the collection reads from an
API goes through ``loads_bounded``: the HTTP client's ``Response.json``, the error-body parser and
bearer_uri's result.
"""

from __future__ import annotations

import json
import math

# Token answers are a few hundred bytes and the largest EQP listings a few megabytes.
MAX_JSON_BYTES = 16 * 1024 * 1024
# No answer of the three APIs nests deeper than about ten levels.
MAX_JSON_DEPTH = 64
# Longer integers are no id or lifetime any API sends, and float() of one past 309 digits raises OverflowError.
MAX_INTEGER_DIGITS = 40


class UnsafeJson(ValueError):
    """A JSON text the collection refuses to decode (too large, too deep, a non-standard constant, a number out of range)."""


def _refuse_constant(name):
    # Python's json accepts NaN, Infinity and -Infinity, which no JSON API sends; they would become
    # lifetimes and counts no arithmetic can use.
    raise UnsafeJson('a JSON body with the non-standard constant %s' % name)


def _finite_float(text):
    # 1e999 is valid JSON that Python reads as infinity: refuse it like the constants.
    value = float(text)
    if not math.isfinite(value):
        raise UnsafeJson('a JSON body with the number %s, beyond what a float holds' % text[:40])
    return value


def _short_int(text):
    if len(text.lstrip('-')) > MAX_INTEGER_DIGITS:
        raise UnsafeJson('a JSON body with an integer of %d digits' % len(text.lstrip('-')))
    return int(text)


def json_depth(data):
    """The deepest nesting of lists and dicts in decoded JSON, walked without recursion."""
    deepest = 0
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def loads_bounded(body, max_bytes=MAX_JSON_BYTES, max_depth=MAX_JSON_DEPTH):
    """Decode a JSON body (bytes or text) within the collection's bounds; ``ValueError`` (``UnsafeJson``) otherwise.

    The size is checked before decoding; the depth after (a document deeper than the interpreter's
    recursion limit stops the decoder itself), so that what callers walk, template or dump stays shallow.
    """
    if body is None:
        body = b''
    if len(body) > max_bytes:
        raise UnsafeJson('a JSON body of %d bytes, more than the %d bytes the collection reads' % (len(body), max_bytes))
    text = body.decode('utf-8', 'replace') if isinstance(body, (bytes, bytearray)) else str(body)
    try:
        data = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float, parse_int=_short_int)
    except RecursionError:
        # The decoder recurses once per level and stops cleanly at the interpreter's recursion limit.
        raise UnsafeJson('a JSON body nested deeper than the %d levels the collection reads' % max_depth) from None
    depth = json_depth(data)
    if depth > max_depth:
        raise UnsafeJson('a JSON body nested %d levels deep, more than the %d the collection reads' % (depth, max_depth))
    return data
