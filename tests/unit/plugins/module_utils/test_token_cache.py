# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import multiprocessing
import os
import stat
import threading
import time

import pytest

from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError
from ansible_collections.commerceops.api.plugins.module_utils.core.token import Token
from ansible_collections.commerceops.api.plugins.module_utils.core.token_cache import CacheError, TokenCache, default_cache_dir

NOW = 1700000000.0
SECRET = 'app-secret-8820c99614d65f923df7660276f20e02'
PARTS = ('eqp', 'https://commercedeveloper-sandbox-api.adobe.com', 'AQ17NZ49WC')


class Fetcher:
    """Counts fetches and hands out numbered tokens."""

    def __init__(self, lifetime=3600, now=NOW):
        self.calls = 0
        self.lifetime = lifetime
        self.now = now

    def __call__(self):
        self.calls += 1
        return Token('token-%d' % self.calls, 'eqp', PARTS[1], PARTS[2], self.now + self.lifetime, {'mage_id': 'MAG1'})


def all_bytes(directory):
    data = b''
    for name in os.listdir(directory):
        path = os.path.join(directory, name)
        if os.path.isfile(path) and not os.path.islink(path):
            with open(path, 'rb') as stream:
                data += stream.read()
    return data


def entry_files(directory):
    return sorted(name for name in os.listdir(directory) if name.endswith('.json') and not name.startswith('.'))


def test_second_call_is_served_from_cache(tmp_path):
    cache = TokenCache(str(tmp_path / 'tokens'))
    fetch = Fetcher()
    first = cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW)
    second = cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW + 100)
    assert fetch.calls == 1
    assert first == second
    assert second.extra == {'mage_id': 'MAG1'}
    assert cache.get(PARTS, SECRET, now=NOW) == first


def test_a_new_cache_object_reads_the_same_entry(tmp_path):
    fetch = Fetcher()
    TokenCache(str(tmp_path / 't')).get_or_fetch(PARTS, SECRET, fetch, now=NOW)
    assert TokenCache(str(tmp_path / 't')).get_or_fetch(PARTS, SECRET, fetch, now=NOW).value == 'token-1'
    assert fetch.calls == 1


def test_stale_entry_is_refetched(tmp_path):
    cache = TokenCache(str(tmp_path / 't'))
    fetch = Fetcher(lifetime=3600)
    cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW)
    # 3600 - 60 s leeway: still fresh one second before, stale at the leeway boundary.
    assert cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW + 3539).value == 'token-1'
    assert cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW + 3540).value == 'token-2'
    assert fetch.calls == 2


def test_directory_and_file_modes(tmp_path):
    old = os.umask(0o022)
    try:
        directory = tmp_path / 'deep' / 'tokens'
        TokenCache(str(directory)).get_or_fetch(PARTS, SECRET, Fetcher(), now=NOW)
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(str(directory)).st_mode) == 0o700
    names = os.listdir(str(directory))
    assert any(name.endswith('.json') for name in names)
    assert any(name.endswith('.lock') for name in names)
    assert '.salt' in names
    assert not [name for name in names if name.startswith('.tmp-')]
    for name in names:
        assert stat.S_IMODE(os.stat(str(directory / name)).st_mode) == 0o600, name


def test_no_secret_in_any_cache_file(tmp_path):
    directory = tmp_path / 't'
    cache = TokenCache(str(directory))
    cache.get_or_fetch(PARTS, [SECRET, 'second-secret-value'], Fetcher(), now=NOW)
    data = all_bytes(str(directory))
    assert b'token-1' in data
    assert SECRET.encode() not in data
    assert b'second-secret-value' not in data
    assert SECRET[:16].encode() not in data


def test_rotated_secret_misses(tmp_path):
    cache = TokenCache(str(tmp_path / 't'))
    fetch = Fetcher()
    cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW)
    assert cache.get_or_fetch(PARTS, SECRET + '-rotated', fetch, now=NOW).value == 'token-2'
    assert cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW).value == 'token-1'
    assert fetch.calls == 2


def test_key_parts_are_unambiguous(tmp_path):
    cache = TokenCache(str(tmp_path / 't'))
    assert cache.key(('ab', 'c'), 's') != cache.key(('a', 'bc'), 's')
    assert cache.key(('a',), ['x', 'y']) != cache.key(('a',), ['xy'])
    assert cache.key(('a',), 's') == cache.key(('a',), 's')
    assert cache.key(('a',), None) != cache.key(('a',), 's')


def test_keys_differ_between_cache_directories(tmp_path):
    # Each directory has its own salt: a fingerprint cannot be compared across users.
    assert TokenCache(str(tmp_path / 'a')).key(PARTS, SECRET) != TokenCache(str(tmp_path / 'b')).key(PARTS, SECRET)


def test_corrupt_entry_is_replaced(tmp_path):
    directory = tmp_path / 't'
    cache = TokenCache(str(directory))
    fetch = Fetcher()
    cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW)
    name = entry_files(str(directory))[0]
    for garbage in (b'{"format": 1, "tokens": [', b'\x00\xff', b'{"format": 99}', b'[]', b'{"format": 1, "tokens": [{"value": 1}]}'):
        with open(str(directory / name), 'wb') as stream:
            stream.write(garbage)
        token = cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW)
        assert token.value == 'token-%d' % fetch.calls
    assert fetch.calls == 6
    # And the replacement is a good entry again.
    assert cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW).value == 'token-6'


def test_symlinked_entry_is_not_followed(tmp_path):
    directory = tmp_path / 't'
    cache = TokenCache(str(directory))
    key = cache.key(PARTS, SECRET)
    target = tmp_path / 'elsewhere.json'
    planted = Token('planted', 'eqp', PARTS[1], PARTS[2], NOW + 9999).to_dict()
    import json
    target.write_text(json.dumps({'format': 1, 'many': False, 'stored_at': NOW, 'tokens': [planted]}))
    os.chmod(str(target), 0o600)
    os.symlink(str(target), str(directory / (key + '.json')))
    token = cache.get_or_fetch(PARTS, SECRET, Fetcher(), now=NOW)
    assert token.value == 'token-1'
    entry = directory / (key + '.json')
    assert not os.path.islink(str(entry))
    # The symlink's target was neither read as a token nor overwritten.
    assert json.loads(target.read_text())['tokens'][0]['value'] == 'planted'


def test_symlinked_lock_is_not_followed(tmp_path):
    directory = tmp_path / 't'
    cache = TokenCache(str(directory))
    key = cache.key(PARTS, SECRET)
    target = tmp_path / 'victim'
    target.write_text('keep me')
    os.symlink(str(target), str(directory / (key + '.lock')))
    cache.get_or_fetch(PARTS, SECRET, Fetcher(), now=NOW)
    assert target.read_text() == 'keep me'
    assert not os.path.islink(str(directory / (key + '.lock')))


def test_loose_permissions_are_not_trusted(tmp_path):
    directory = tmp_path / 't'
    cache = TokenCache(str(directory))
    fetch = Fetcher()
    cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW)
    path = str(directory / entry_files(str(directory))[0])
    os.chmod(path, 0o644)
    assert cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW).value == 'token-2'
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_foreign_owner_is_not_trusted(tmp_path, monkeypatch):
    directory = tmp_path / 't'
    cache = TokenCache(str(directory))
    fetch = Fetcher()
    cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW)
    real = os.geteuid()
    # Pretend to be someone else: the entry (and the directory) now belong to "another user".
    monkeypatch.setattr(os, 'geteuid', lambda: real + 1)
    cache._salt = None  # pylint: disable=protected-access
    with pytest.raises(CacheError) as caught:
        cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW)
    assert 'belongs to another user' in str(caught.value)


def test_foreign_entry_file_is_replaced(tmp_path, monkeypatch):
    directory = tmp_path / 't'
    cache = TokenCache(str(directory))
    fetch = Fetcher()
    cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW)
    real_fstat = os.fstat
    entry = str(directory / entry_files(str(directory))[0])
    entry_inode = os.stat(entry).st_ino

    class Foreign:
        def __init__(self, st):
            self.st_mode = st.st_mode
            self.st_uid = st.st_uid + 1
            self.st_ino = st.st_ino

    def fake_fstat(fd):
        st = real_fstat(fd)
        return Foreign(st) if st.st_ino == entry_inode else st

    monkeypatch.setattr(os, 'fstat', fake_fstat)
    assert cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW).value == 'token-2'


def test_group_writable_directory_is_refused(tmp_path):
    directory = tmp_path / 'shared'
    directory.mkdir()
    os.chmod(str(directory), 0o770)
    with pytest.raises(CacheError) as caught:
        TokenCache(str(directory)).get_or_fetch(PARTS, SECRET, Fetcher(), now=NOW)
    assert 'writable by group or others' in str(caught.value)


def test_directory_readable_by_others_is_tightened(tmp_path):
    # Nobody else could write into a 0755 directory of ours, so it is safe to keep using it, but
    # not to leave the entry names listable: the cache is a 0700 directory.
    directory = tmp_path / 'listable'
    directory.mkdir()
    os.chmod(str(directory), 0o755)
    fetch = Fetcher()
    TokenCache(str(directory)).get_or_fetch(PARTS, SECRET, fetch, now=NOW)
    assert stat.S_IMODE(os.stat(str(directory)).st_mode) == 0o700
    assert TokenCache(str(directory)).get_or_fetch(PARTS, SECRET, fetch, now=NOW).value == 'token-1'
    assert fetch.calls == 1


def test_path_that_is_a_file_is_refused(tmp_path):
    path = tmp_path / 'file'
    path.write_text('x')
    with pytest.raises(CacheError):
        TokenCache(str(path)).get_or_fetch(PARTS, SECRET, Fetcher(), now=NOW)


def test_invalidate_drops_entry(tmp_path):
    cache = TokenCache(str(tmp_path / 't'))
    fetch = Fetcher()
    cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW)
    cache.invalidate(cache.key(PARTS, SECRET))
    assert cache.get(PARTS, SECRET, now=NOW) is None
    assert cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW).value == 'token-2'
    cache.invalidate_parts(PARTS, SECRET)
    assert cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW).value == 'token-3'
    cache.invalidate('0' * 64)  # missing entry: nothing happens


def test_stale_value_refreshes_once(tmp_path):
    cache = TokenCache(str(tmp_path / 't'))
    fetch = Fetcher()
    first = cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW)
    # The API refused token-1: the entry holding it is replaced...
    assert cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW, stale_value=first.value).value == 'token-2'
    # ...and a second process that also saw token-1 refused gets token-2 without another fetch.
    assert cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW, stale_value=first.value).value == 'token-2'
    assert fetch.calls == 2


def test_lists_of_tokens(tmp_path):
    cache = TokenCache(str(tmp_path / 't'))
    calls = []

    def fetch():
        calls.append(1)
        return [Token('a%d' % len(calls), 'commerce', 'https://x', 'account_member:m', NOW + 86400, {'account_id': 'acc-1'}),
                Token('b%d' % len(calls), 'commerce', 'https://x', 'account_member:m', NOW + 86400, {'account_id': 'acc-2'})]

    first = cache.get_or_fetch(('commerce', 'https://x', 'account_member:m'), 'pw', fetch, now=NOW)
    second = cache.get_or_fetch(('commerce', 'https://x', 'account_member:m'), 'pw', fetch, now=NOW)
    assert isinstance(second, list) and [t.value for t in second] == ['a1', 'b1']
    assert second == first
    assert len(calls) == 1


def test_token_without_expiry_is_not_cached(tmp_path):
    cache = TokenCache(str(tmp_path / 't'))
    calls = []

    def fetch():
        calls.append(1)
        return Token('forever', 'magento', 'https://shop/rest', 'admin:a', None)

    cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW)
    cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW)
    assert len(calls) == 2


def test_disabled_cache_always_fetches(tmp_path):
    cache = TokenCache(str(tmp_path / 'never'), enabled=False)
    fetch = Fetcher()
    cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW)
    cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW)
    assert fetch.calls == 2
    assert not (tmp_path / 'never').exists()
    assert cache.get(PARTS, SECRET) is None


def test_fetch_error_stores_nothing(tmp_path):
    directory = tmp_path / 't'
    cache = TokenCache(str(directory))

    def failing():
        raise RuntimeError('boom')

    with pytest.raises(RuntimeError):
        cache.get_or_fetch(PARTS, SECRET, failing, now=NOW)
    assert entry_files(str(directory)) == []
    # The lock was released: the next call proceeds.
    assert cache.get_or_fetch(PARTS, SECRET, Fetcher(), now=NOW).value == 'token-1'


def test_default_cache_dir(monkeypatch, tmp_path):
    monkeypatch.setenv('XDG_CACHE_HOME', str(tmp_path / 'xdg'))
    assert default_cache_dir() == str(tmp_path / 'xdg' / 'commerceops.api' / 'tokens')
    monkeypatch.delenv('XDG_CACHE_HOME')
    monkeypatch.setenv('HOME', str(tmp_path / 'home'))
    assert default_cache_dir() == str(tmp_path / 'home' / '.cache' / 'commerceops.api' / 'tokens')


# -- many processes, one fetch -----------------------------------------------------------------

def _worker(directory, counter, start_at, queue):
    # Every process starts at the same moment, with its own TokenCache, on an empty cache.
    while time.time() < start_at:
        time.sleep(0.001)

    def fetch():
        fd = os.open(counter, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, b'%d\n' % os.getpid())
        finally:
            os.close(fd)
        time.sleep(0.3)  # a slow token endpoint: everybody else is waiting on the lock meanwhile
        return Token('shared-%d' % os.getpid(), 'eqp', PARTS[1], PARTS[2], time.time() + 3600)

    try:
        token = TokenCache(directory).get_or_fetch(PARTS, SECRET, fetch)
        queue.put(token.value)
    except Exception as exc:  # pylint: disable=broad-except
        queue.put('error: %r' % exc)


def test_many_processes_make_one_fetch(tmp_path):
    context = multiprocessing.get_context('fork')
    directory = str(tmp_path / 'tokens')
    counter = str(tmp_path / 'fetches')
    queue = context.Queue()
    start_at = time.time() + 0.5
    workers = [context.Process(target=_worker, args=(directory, counter, start_at, queue)) for dummy in range(20)]
    for worker in workers:
        worker.start()
    values = [queue.get(timeout=60) for dummy in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert all(not value.startswith('error') for value in values), values
    with open(counter) as stream:
        fetchers = stream.read().split()
    assert len(fetchers) == 1
    assert set(values) == {'shared-%s' % fetchers[0]}


def test_exclusive_makes_a_second_holder_wait(tmp_path):
    # eqp_package holds it around look-create-submit: a second run must wait for the first to finish.
    first, second = TokenCache(str(tmp_path / 'tokens')), TokenCache(str(tmp_path / 'tokens'))
    order = []
    inside = threading.Event()

    def hold():
        with first.exclusive(('eqp_package', 'https://example.com', 'vendor/module', '1.0.0')):
            inside.set()
            time.sleep(0.3)
            order.append('first done')

    holder = threading.Thread(target=hold)
    holder.start()
    inside.wait(5)
    with second.exclusive(('eqp_package', 'https://example.com', 'vendor/module', '1.0.0')):
        order.append('second in')
    holder.join()
    assert order == ['first done', 'second in']
    # Another version does not wait.
    with second.exclusive(('eqp_package', 'https://example.com', 'vendor/module', '1.0.1')):
        pass


def _refused_worker(directory, counter, start_at, queue):
    # Like _worker, against an API that refuses the credential.
    while time.time() < start_at:
        time.sleep(0.001)

    def fetch():
        fd = os.open(counter, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, b'%d\n' % os.getpid())
        finally:
            os.close(fd)
        time.sleep(0.3)
        raise ApiError(api='magento', url='https://shop/rest/V1/integration/admin/token', status=401,
                       vendor_message='The account sign-in was incorrect')

    try:
        TokenCache(directory).get_or_fetch(PARTS, SECRET, fetch)
        queue.put('no error')
    except ApiError as exc:
        queue.put(str(exc))


def test_many_processes_send_a_refused_credential_once(tmp_path):
    context = multiprocessing.get_context('fork')
    directory = str(tmp_path / 'tokens')
    counter = str(tmp_path / 'fetches')
    queue = context.Queue()
    start_at = time.time() + 0.5
    workers = [context.Process(target=_refused_worker, args=(directory, counter, start_at, queue)) for dummy in range(20)]
    for worker in workers:
        worker.start()
    messages = [queue.get(timeout=60) for dummy in workers]
    for worker in workers:
        worker.join(timeout=60)
    with open(counter) as stream:
        assert len(stream.read().split()) == 1
    assert all('HTTP 401' in message for message in messages), messages
    assert sum('no request was sent' in message for message in messages) == 19


def test_a_renewed_token_refused_at_once_is_not_renewed_again(tmp_path):
    # Issue 12: a Magento 401 about a missing ACL resource survives every renewal; renewing once per task
    # signed in once per task and host. One renewal per token, then the refused one comes back.
    cache = TokenCache(cache_dir=str(tmp_path))
    fetch = Fetcher()
    first = cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW)
    renewed = cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW + 1, stale_value=first.value)
    assert renewed.value == 'token-2'
    cache.note_refused_renewal(renewed.value, now=NOW + 1)
    for task in range(20):
        again = cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW + 2 + task, stale_value=renewed.value)
        assert again.value == renewed.value
    assert fetch.calls == 2
    # The mark holds a time, named by a keyed hash: not the token.
    marks = [name for name in os.listdir(str(tmp_path)) if name.endswith('.renewal')]
    assert len(marks) == 1 and 'token-2' not in marks[0]
    with open(os.path.join(str(tmp_path), marks[0]), 'rb') as stream:
        assert b'token-2' not in stream.read()


def test_a_refused_renewal_may_be_renewed_once_more_after_the_quiet_time(tmp_path):
    from ansible_collections.commerceops.api.plugins.module_utils.core.token_cache import RENEWAL_QUIET_SECONDS
    cache = TokenCache(cache_dir=str(tmp_path))
    fetch = Fetcher()
    first = cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW)
    renewed = cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW, stale_value=first.value)
    cache.note_refused_renewal(renewed.value, now=NOW)
    later = NOW + RENEWAL_QUIET_SECONDS + 1
    assert cache.get_or_fetch(PARTS, SECRET, fetch, now=later, stale_value=renewed.value).value == 'token-3'
    assert fetch.calls == 3


def test_a_renewed_token_that_worked_is_renewed_when_refused_later(tmp_path):
    # A second revocation (or expiry on the server's clock) of a token that replaced a refused one: renewed as usual.
    cache = TokenCache(cache_dir=str(tmp_path))
    fetch = Fetcher()
    first = cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW)
    renewed = cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW + 1, stale_value=first.value)
    assert cache.get_or_fetch(PARTS, SECRET, fetch, now=NOW + 2, stale_value=renewed.value).value == 'token-3'
