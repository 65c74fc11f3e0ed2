# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cache reads on the hot path: one TokenCache per directory per process, fresh entries read without the lock."""

from __future__ import annotations

import contextlib

from ansible_collections.commerceops.api.plugins.module_utils.core import token_module
from ansible_collections.commerceops.api.plugins.module_utils.core.token import Token
from ansible_collections.commerceops.api.plugins.module_utils.core.token_cache import TokenCache

NOW = 1_800_000_000


def token(value, expires_at=NOW + 3600):
    return Token(value, 'eqp', 'https://eqp.example', 'APP', expires_at)


def test_a_fresh_entry_is_read_without_taking_the_lock(tmp_path, monkeypatch):
    cache = TokenCache(cache_dir=str(tmp_path))
    cache.get_or_fetch(('eqp', 'u', 'APP'), 'secret', lambda: token('first'), now=NOW)
    locks = []
    real = TokenCache._locked

    def counting(self, key):
        locks.append(key)
        return real(self, key)

    monkeypatch.setattr(TokenCache, '_locked', counting)
    fetches = []
    for _round in range(3):
        got = cache.get_or_fetch(('eqp', 'u', 'APP'), 'secret', lambda: fetches.append(1) or token('other'), now=NOW)
        assert got.value == 'first'
    assert locks == [] and fetches == []


def test_stale_expired_or_missing_entries_still_fetch_under_the_lock(tmp_path, monkeypatch):
    cache = TokenCache(cache_dir=str(tmp_path))
    held = []
    real = TokenCache._locked

    @contextlib.contextmanager
    def recording(self, key):
        with real(self, key):
            held.append(True)
            yield
            held.pop()

    monkeypatch.setattr(TokenCache, '_locked', recording)

    def fetch(value):
        def run():
            assert held, 'fetched outside the lock'
            return token(value)
        return run

    assert cache.get_or_fetch(('k',), 's', fetch('one'), now=NOW).value == 'one'
    # The caller saw "one" refused: replaced under the lock.
    assert cache.get_or_fetch(('k',), 's', fetch('two'), now=NOW, stale_value='one').value == 'two'
    # Past its end (with the leeway): fetched again under the lock.
    assert cache.get_or_fetch(('k',), 's', fetch('three'), now=NOW + 3590, leeway=60).value == 'three'


def test_one_token_cache_per_directory_per_process(tmp_path):
    params = {'cache_dir': str(tmp_path), 'cache': True}
    first = token_module.token_cache(params)
    assert token_module.token_cache(dict(params)) is first
    assert token_module.token_cache({'cache_dir': str(tmp_path / 'other'), 'cache': True}) is not first
    assert token_module.token_cache({'cache_dir': str(tmp_path), 'cache': False}) is not first
