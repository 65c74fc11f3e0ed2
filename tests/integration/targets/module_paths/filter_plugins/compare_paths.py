# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only filters of the module_paths target: compare two task results key by key."""

from __future__ import annotations


def _without(value, volatile):
    if isinstance(value, dict):
        return dict((key, _without(item, volatile)) for key, item in value.items() if key not in volatile)
    if isinstance(value, list):
        return [_without(item, volatile) for item in value]
    return value


def path_differences(pair, volatile=()):
    """The keys (dotted paths) where ``pair[0]`` and ``pair[1]`` differ, leaving out ``volatile`` keys at any depth."""
    left, right = (_without(dict(result), set(volatile)) for result in pair)
    found = []

    def walk(a, b, where):
        if isinstance(a, dict) and isinstance(b, dict):
            for key in sorted(set(a) | set(b)):
                walk(a.get(key, '<missing>'), b.get(key, '<missing>'), '%s.%s' % (where, key) if where else key)
        elif a != b:
            found.append('%s: %r != %r' % (where, a, b))

    walk(left, right, '')
    return found


class FilterModule:
    def filters(self):
        return {'path_differences': path_differences}
