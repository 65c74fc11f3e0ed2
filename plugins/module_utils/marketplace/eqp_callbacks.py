# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""EQP API callbacks: decide the ``api_callbacks`` list of the profile that holds one callback as wanted.

Pure logic, no request. Callbacks are found by ``name``. The API never returns a password, so a password
cannot be compared: it is sent when the callback is created, and on later runs only with
``update_password=always`` (then the task always reports a change, as Ansible's user modules do).
The other callbacks are sent back as the API returned them, without their password (see the module notes).
"""

from __future__ import annotations

from urllib.parse import urlsplit

FIELDS = ('name', 'url', 'username')


def check_callback_url(url):
    """ValueError naming the option unless ``url`` is an https URL without credentials in it."""
    parts = urlsplit(url or '')
    if parts.scheme != 'https' or not parts.hostname:
        raise ValueError('url must be an https:// URL with a host: the marketplace sends callbacks over HTTPS only')
    if parts.username is not None or parts.password is not None:
        # The value is not repeated: it holds a credential.
        raise ValueError('url must not hold a user name or password; give them as username and password')


def shown(callback):
    """A callback as results and diffs show it: never its password."""
    return dict((key, callback.get(key)) for key in FIELDS if key in callback)


def plan(current, name, state, url=None, username=None, password=None, update_password='on_create'):
    """``(changed, new_list, before, after)`` for the callback ``name``; ``before``/``after`` are shown views or None."""
    current = [callback for callback in current or () if isinstance(callback, dict)]
    existing = next((callback for callback in current if callback.get('name') == name), None)
    others = [dict(callback) for callback in current if callback is not existing]
    before = shown(existing) if existing is not None else None
    if state == 'absent':
        return existing is not None, others, before, None
    wanted = {'name': name, 'url': url}
    if username is not None:
        wanted['username'] = username
    differs = existing is None or any(existing.get(key) != value for key, value in wanted.items())
    send_password = password is not None and (existing is None or update_password == 'always')
    if not differs and not send_password:
        return False, current, before, before
    entry = dict(wanted)
    if password is not None and (send_password or differs):
        entry['password'] = password
    # Keep the callback's place in the list.
    new_list = [entry if callback is existing else dict(callback) for callback in current] if existing is not None else current + [entry]
    return True, new_list, before, shown(entry)
