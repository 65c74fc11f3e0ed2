# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A per-user token cache on disk, safe for many concurrent Ansible forks.

Layout: one directory (0700) holding, per cache entry, ``<key>.json`` (0600, written atomically)
and ``<key>.lock`` (taken with ``flock`` so that concurrent processes wait for one fetch instead
of all fetching), plus ``.salt``, the random HMAC key of the secret fingerprints.

The key is a hash over (API, base URL, principal, every other option that changes the token, HMAC of
the secrets): a rotated secret gives another key, so the old token is never served for the new secret.
Entries hold tokens, expiry and metadata, never a secret.

An entry may instead hold a refusal: the API answered HTTP 401 to the credential of that key. For
REFUSAL_SECONDS (15 minutes) every later fetch with the same credential, in any process sharing the
cache, fails at once with the original error and sends no request, so that a wrong password costs one
sign-in in a run over many hosts, not one per host (Magento locks an account after 6). A changed secret
is another key; ``force`` (the option of the token modules and the lookup) or deleting the entry (or the
cache directory) clears a refusal sooner. Files that are symlinks, not owned by this user, or readable by
others are not trusted: they are dropped and replaced. A cache directory that group or others can
read is set back to 0700; one they can write to, or that belongs to another user, is refused.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import hmac
import json
import os
import stat
import tempfile
import time

from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError, one_line
from ansible_collections.commerceops.api.plugins.module_utils.core.token import DEFAULT_LEEWAY, MAX_TOKEN_LIFETIME, Token

CACHE_FORMAT = 1
SALT_NAME = '.salt'
SALT_BYTES = 32
# No legitimate entry comes near this; a bigger file is not ours.
MAX_ENTRY_BYTES = 1024 * 1024
# How long a credential the API refused (HTTP 401) is remembered: about a run's length. Long enough that
# the hosts and forks of a run, and runs started beside it, do not try it again; short enough that a
# password fixed on the API's side works again soon without anyone clearing the cache.
REFUSAL_SECONDS = 900
# A token obtained to replace a refused one and refused in its turn at once (the request sent again with it
# got 401 too) is not replaced again for this many seconds: the 401 is about rights (a Magento ACL resource
# the user lacks), not the token, and renewing on every task would sign in once per task and host. A renewed
# token that worked and is refused later (a second revocation) is renewed as usual. See the README (bearer_uri).
RENEWAL_QUIET_SECONDS = 300

_OPEN_SAFE = os.O_NOFOLLOW | getattr(os, 'O_CLOEXEC', 0) | getattr(os, 'O_NONBLOCK', 0)


class CacheError(Exception):
    """The cache directory cannot be used safely; the message says which path and why."""


def default_cache_dir():
    """``$XDG_CACHE_HOME/commerceops.api/tokens``, else ``~/.cache/commerceops.api/tokens``."""
    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    return os.path.join(base, 'commerceops.api', 'tokens')


def _length_prefixed(parts):
    """Unambiguous bytes for a sequence of strings (no separator can be forged by a value)."""
    chunks = []
    for part in parts:
        if part is None:
            part = ''
        if not isinstance(part, bytes):
            part = str(part).encode('utf-8')
        chunks.append(b'%d:' % len(part) + part)
    return b''.join(chunks)


def _material(secret_material):
    if secret_material is None:
        return []
    if isinstance(secret_material, (str, bytes)):
        return [secret_material]
    return list(secret_material)


def _trusted(st):
    """A file we may read: a regular file of ours that nobody else can read or write."""
    return stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid() and not st.st_mode & 0o077


class TokenCache:
    """Tokens on disk, keyed by who they belong to and a fingerprint of the secret that got them.

    ``enabled=False`` turns every call into a plain ``fetch()``.
    """

    def __init__(self, cache_dir=None, enabled=True):
        self.enabled = enabled
        self.cache_dir = os.path.abspath(os.path.expanduser(cache_dir or default_cache_dir()))
        self._salt = None

    # -- directory and salt -------------------------------------------------------------------

    def _prepare(self):
        if self._salt is not None:
            return
        path = self.cache_dir
        try:
            os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
            try:
                os.mkdir(path, 0o700)
                # mkdir's mode is reduced by the umask; make it exactly 0700.
                os.chmod(path, 0o700)
            except FileExistsError:
                pass
            # Checked and tightened through one descriptor, so both apply to the same directory.
            fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | getattr(os, 'O_CLOEXEC', 0))
        except NotADirectoryError:
            raise CacheError('the token cache path %s is not a directory' % path) from None
        except OSError as exc:
            raise CacheError('cannot create the token cache directory %s: %s' % (path, exc.strerror or exc)) from None
        try:
            self._check_directory(path, fd)
        finally:
            os.close(fd)
        self._salt = self._load_salt()

    @staticmethod
    def _check_directory(path, fd):
        st = os.fstat(fd)
        if st.st_uid != os.geteuid():
            raise CacheError('the token cache directory %s belongs to another user; pass a cache_dir of your own' % path)
        if st.st_mode & 0o022:
            # Others may have put files in it already: refuse rather than guess what is ours.
            raise CacheError('the token cache directory %s is writable by group or others; run chmod 700 on it' % path)
        if st.st_mode & 0o077:
            # Only we could write into it, so it stays usable; but nobody else is to list its entries.
            try:
                os.fchmod(fd, 0o700)
            except OSError as exc:
                raise CacheError('cannot set mode 0700 on the token cache directory %s: %s' % (path, exc.strerror or exc)) from None

    def _load_salt(self):
        path = os.path.join(self.cache_dir, SALT_NAME)
        salt = self._read_trusted(path)
        if salt is not None and len(salt) == SALT_BYTES:
            return salt
        if salt is not None:
            # Ours but damaged. A missing salt is not discarded: another process may be publishing one.
            self._discard(path)
        fd, temp = tempfile.mkstemp(prefix='.tmp-salt-', dir=self.cache_dir)
        try:
            with os.fdopen(fd, 'wb') as stream:
                stream.write(os.urandom(SALT_BYTES))
            # link() fails when another process published its salt first: then use that one,
            # so that concurrent first runs agree on the keys.
            try:
                os.link(temp, path)
            except FileExistsError:
                pass
        finally:
            self._discard(temp)
        salt = self._read_trusted(path)
        if salt is None or len(salt) != SALT_BYTES:
            raise CacheError('cannot set up the token cache salt in %s' % self.cache_dir)
        return salt

    # -- files --------------------------------------------------------------------------------

    @staticmethod
    def _discard(path):
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        except OSError:
            # Not ours to remove; the atomic replace that follows puts a trusted file in its place.
            pass

    def _read_trusted(self, path):
        """The bytes of a trusted file, ``None`` if missing; an untrusted file is dropped."""
        try:
            fd = os.open(path, os.O_RDONLY | _OPEN_SAFE)
        except FileNotFoundError:
            return None
        except OSError:
            # ELOOP for a symlink (O_NOFOLLOW), or anything else odd: never follow it.
            self._discard(path)
            return None
        try:
            if not _trusted(os.fstat(fd)):
                self._discard(path)
                return None
            chunks = []
            size = 0
            while True:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_ENTRY_BYTES:
                    self._discard(path)
                    return None
                chunks.append(chunk)
            return b''.join(chunks)
        except OSError:
            return None
        finally:
            os.close(fd)

    def _write_atomic(self, path, payload):
        fd, temp = tempfile.mkstemp(prefix='.tmp-', suffix='.json', dir=self.cache_dir)
        try:
            with os.fdopen(fd, 'wb') as stream:
                stream.write(payload)
                stream.flush()
                os.fsync(stream.fileno())
            # rename() replaces a symlink itself, never what it points to.
            os.replace(temp, path)
        except OSError:
            # A cache that cannot be written only costs a fetch next time.
            self._discard(temp)

    @contextlib.contextmanager
    def _locked(self, key):
        path = os.path.join(self.cache_dir, key + '.lock')
        fd = None
        for dummy in range(3):
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT | _OPEN_SAFE, 0o600)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.EMLINK, errno.ENXIO, errno.EACCES, errno.EPERM):
                    self._discard(path)
                    continue
                raise CacheError('cannot open the cache lock %s: %s' % (path, exc.strerror or exc)) from None
            st = os.fstat(fd)
            if stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid():
                break
            os.close(fd)
            fd = None
            self._discard(path)
        if fd is None:
            raise CacheError('cannot take the cache lock %s safely' % path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)

    @contextlib.contextmanager
    def exclusive(self, key_parts):
        """Hold the lock of ``key_parts`` (no secret in them) against every other process of this user.

        Not about tokens: eqp_package holds it around look, create and submit of one package version, so
        that two runs on this machine never both create it.
        """
        self._prepare()
        with self._locked(self.key(key_parts)):
            yield

    # -- entries ------------------------------------------------------------------------------

    def key(self, key_parts, secret_material=None):
        """The entry key for (API, base URL, principal, ...) and the secret(s) that obtain the token."""
        if self.enabled:
            self._prepare()
        salt = self._salt or b''
        fingerprint = hmac.new(salt, _length_prefixed(_material(secret_material)), hashlib.sha256).hexdigest()
        return hashlib.sha256(_length_prefixed(list(key_parts) + [fingerprint])).hexdigest()

    def _entry_path(self, key):
        return os.path.join(self.cache_dir, key + '.json')

    def _record(self, key):
        """The entry's record as a dict, ``None`` when missing or unusable (an unusable file is dropped)."""
        path = self._entry_path(key)
        raw = self._read_trusted(path)
        if raw is None:
            return None
        try:
            record = json.loads(raw.decode('utf-8'))
            if not isinstance(record, dict) or record.get('format') != CACHE_FORMAT:
                raise ValueError('unknown cache format')
            if 'refused' in record:
                _check_refusal(record['refused'])
                return record
            tokens = [Token.from_dict(item) for item in record['tokens']]
            if not tokens or any(not isinstance(token.value, str) or token.expires_at is None for token in tokens):
                raise ValueError('incomplete entry')
            # Written by an older version, or by hand: nothing may live longer than MAX_TOKEN_LIFETIME.
            stored_at = float(record['stored_at'])
            if any(token.expires_at > stored_at + MAX_TOKEN_LIFETIME + 1 for token in tokens):
                raise ValueError('implausible expiry')
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
            self._discard(path)
            return None
        record['tokens'] = tokens
        return record

    def _load(self, key):
        """The cached Token (or list of Tokens), ``None`` when missing, a refusal or unusable."""
        record = self._record(key)
        if record is None or 'refused' in record:
            return None
        return record['tokens'] if record.get('many') else record['tokens'][0]

    def _store(self, key, fetched, now):
        tokens = fetched if isinstance(fetched, list) else [fetched]
        if not tokens or any(token.expires_at is None for token in tokens):
            # Without a known end a token would live in the cache forever.
            return
        record = {
            'format': CACHE_FORMAT,
            'many': isinstance(fetched, list),
            'stored_at': now,
            'tokens': [token.to_dict() for token in tokens],
        }
        self._write_atomic(self._entry_path(key), json.dumps(record, sort_keys=True).encode('utf-8'))

    def _renewal_path(self, value):
        # Named by a keyed hash of the token: no token in a file name, and no file of another user's salt.
        self._prepare()
        digest = hmac.new(self._salt or b'', _length_prefixed(['renewal-refused', value]), hashlib.sha256).hexdigest()
        return os.path.join(self.cache_dir, digest + '.renewal')

    def note_refused_renewal(self, value, now=None):
        """Remember that ``value``, a token just obtained to replace a refused one, was refused at once too."""
        if not self.enabled or not value:
            return
        now = time.time() if now is None else now
        self._write_atomic(self._renewal_path(value), json.dumps({'format': CACHE_FORMAT, 'at': now}).encode('utf-8'))

    def _renewal_refused(self, value, now):
        """Whether ``note_refused_renewal(value)`` was called less than RENEWAL_QUIET_SECONDS ago."""
        if not value:
            return False
        raw = self._read_trusted(self._renewal_path(value))
        try:
            at = json.loads(raw.decode('utf-8'))['at'] if raw is not None else None
        except (ValueError, KeyError, TypeError, AttributeError):
            return False
        return isinstance(at, (int, float)) and not isinstance(at, bool) and 0 <= now - at < RENEWAL_QUIET_SECONDS

    def _store_refusal(self, key, error, attempt, now):
        """Remember that the API refused the credential of ``key`` (the error is redacted already)."""
        record = {
            'format': CACHE_FORMAT,
            'stored_at': now,
            'refused': {'at': now, 'until': now + REFUSAL_SECONDS, 'attempt': attempt,
                        'message': str(error), 'error': error.to_dict()},
        }
        self._write_atomic(self._entry_path(key), json.dumps(record, sort_keys=True).encode('utf-8'))

    def _attempt(self, attempt_material):
        """A fingerprint of the parts of a credential that are not in the key (a one-time code)."""
        return hmac.new(self._salt or b'', _length_prefixed(_material(attempt_material)), hashlib.sha256).hexdigest()

    def get(self, key_parts, secret_material=None, now=None, leeway=DEFAULT_LEEWAY):
        """The cached token if there is a fresh one, else ``None``; never fetches."""
        if not self.enabled:
            return None
        cached = self._load(self.key(key_parts, secret_material))
        now = time.time() if now is None else now
        if cached is not None and _all_fresh(cached, now, leeway):
            return cached
        return None

    def get_or_fetch(self, key_parts, secret_material, fetch, now=None, leeway=DEFAULT_LEEWAY, stale_value=None,
                     force=False, attempt_material=None, refused=None):
        """A fresh cached token, or the one ``fetch()`` returns (then cached), with one fetch at a time per key.

        ``fetch`` returns a Token or a list of Tokens. ``stale_value`` is a token value the caller
        just saw refused (HTTP 401): an entry holding it is replaced, while an entry another process
        already refreshed is returned as is, so N forks that all got a 401 still make one fetch.

        ``force`` fetches even when a fresh token or a refusal is cached, and replaces the entry; callers
        that wait for the lock while another one forces a fetch get that new token.

        When ``fetch`` raises an error that ``refused(error)`` (default: an ApiError with HTTP 401) calls a
        refusal of the credential, the refusal is stored under the key for REFUSAL_SECONDS, and every
        later call with the same key and ``attempt_material`` (one-time codes: a new code is tried) raises
        the same error again, saying when, without calling ``fetch``.

        A ``stale_value`` that ``note_refused_renewal`` marked less than ``RENEWAL_QUIET_SECONDS`` ago is
        returned as is (the caller sees its refused token come back and stops): a 401 that survives a
        renewal is not about the token, and must not cost one sign-in per task.
        """
        if not self.enabled:
            return fetch()
        refused = refused or is_refusal
        key = self.key(key_parts, secret_material)
        attempt = self._attempt(attempt_material)
        if not force:
            # A fresh token entry is read without the lock (entries are replaced atomically, so a read sees a
            # whole one): the common case of every task after the first takes no lock at all. Refusals, stale
            # or expired entries and forced fetches go through the lock below.
            record = self._record(key)
            if record is not None and 'refused' not in record:
                cached = record['tokens'] if record.get('many') else record['tokens'][0]
                if _all_fresh(cached, time.time() if now is None else now, leeway) and not _holds(cached, stale_value):
                    return cached
        # What was there before waiting for the lock: a caller that forces replaces that, not an entry
        # another process wrote while this one waited.
        seen = self._record(key) if force else None
        with self._locked(key):
            # Read again inside the lock: another process may have fetched while we waited.
            record = self._record(key)
            current = time.time() if now is None else now
            written_meanwhile = force and record is not None and (seen is None or record.get('stored_at') != seen.get('stored_at'))
            if record is not None and 'refused' in record and (not force or written_meanwhile):
                refusal = record['refused']
                if refusal.get('attempt') == attempt and refusal['at'] <= current < refusal['until']:
                    raise remembered_refusal(refusal)
            elif record is not None and (not force or written_meanwhile):
                cached = record['tokens'] if record.get('many') else record['tokens'][0]
                if _all_fresh(cached, current, leeway) and not _holds(cached, stale_value):
                    return cached
                if _all_fresh(cached, current, leeway) and not force and self._renewal_refused(stale_value, current):
                    # This token replaced a refused one and was refused at once too: renew once per token, not per task.
                    return cached
            try:
                fetched = fetch()
            except Exception as error:
                if refused(error):
                    self._store_refusal(key, error, attempt, current)
                raise
            self._store(key, fetched, current)
            return fetched

    def invalidate(self, key):
        """Drop one entry (after the API refused its token)."""
        if self.enabled:
            self._discard(self._entry_path(key))

    def invalidate_parts(self, key_parts, secret_material=None):
        self.invalidate(self.key(key_parts, secret_material))


def is_refusal(error):
    """Whether a failed fetch means the API refused the credential itself (HTTP 401), so the same credential
    will be refused again; a 429, 5xx or a lost connection says nothing about it."""
    return isinstance(error, ApiError) and error.status == 401


def _check_refusal(refusal):
    if not isinstance(refusal, dict) or not isinstance(refusal.get('message'), str) or not isinstance(refusal.get('error'), dict):
        raise ValueError('incomplete refusal')
    for name in ('at', 'until'):
        if isinstance(refusal.get(name), bool) or not isinstance(refusal.get(name), (int, float)):
            raise ValueError('incomplete refusal')
    # Never longer than REFUSAL_SECONDS, whatever the file says.
    if refusal['until'] - refusal['at'] > REFUSAL_SECONDS:
        raise ValueError('implausible refusal')


def remembered_refusal(refusal):
    """The ApiError of a remembered refusal: the original line, then why no request was sent."""
    fields = refusal['error']
    error = ApiError(api=fields.get('api'), url=fields.get('url'), status=fields.get('status'),
                     vendor_message=fields.get('vendor_message'), hint=fields.get('hint'), environment=fields.get('environment'))
    when = time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime(refusal['at']))
    error.message = one_line('%s; no request was sent: the API refused this same credential at %s, and the token cache '
                             'remembers that until %s (fix the credential, or set force=true on a token module or the '
                             'token lookup to try it again sooner)'
                             % (refusal['message'], when, time.strftime('%H:%M:%S UTC', time.gmtime(refusal['until']))))
    error.args = (error.message,)
    return error


def _all_fresh(cached, now, leeway):
    tokens = cached if isinstance(cached, list) else [cached]
    return all(token.fresh(now, leeway) for token in tokens)


def _holds(cached, value):
    if value is None:
        return False
    tokens = cached if isinstance(cached, list) else [cached]
    return any(token.value == value for token in tokens)
