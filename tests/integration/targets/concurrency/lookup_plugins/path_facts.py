# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only lookup of the concurrency target: what a path is, without following a symlink.

    lookup('path_facts', path) -> {exists, kind (file, symlink, directory, other), mode ('0600'), uid, ours, sha256}

In-process, so the tampering checks cost no module run (ansible.builtin.stat is one per path);
ours: owned by the user running the lookup; sha256: of a regular file's content, else None.
"""

from __future__ import annotations

DOCUMENTATION = r'''
name: path_facts
short_description: Test-only lstat of paths on the controller
description: See the module docstring; used by the concurrency integration target only.
options:
  _terms:
    description: Paths.
    required: true
'''

import hashlib
import os
import stat

from ansible.plugins.lookup import LookupBase


def facts(path):
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return {'exists': False, 'kind': None, 'mode': None, 'uid': None, 'ours': False, 'sha256': None}
    if stat.S_ISLNK(info.st_mode):
        kind = 'symlink'
    elif stat.S_ISREG(info.st_mode):
        kind = 'file'
    elif stat.S_ISDIR(info.st_mode):
        kind = 'directory'
    else:
        kind = 'other'
    digest = None
    if kind == 'file':
        # O_NOFOLLOW: the path was a regular file a moment ago; never read through a swapped-in link.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, 'rb') as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
    return {'exists': True, 'kind': kind, 'mode': '%04o' % stat.S_IMODE(info.st_mode), 'uid': info.st_uid,
            'ours': info.st_uid == os.geteuid(), 'sha256': digest}


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        return [facts(str(term)) for term in terms]
