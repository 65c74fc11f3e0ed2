# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The local files of an EQP package: what each one is (by its first bytes, never its name), its MD5,
and the package name in a zip's ``composer.json``.

Every check raises ValueError naming the option (``artifact``, ``documentation.user``,
``media.gallery[1]``...) so that a bad path fails before any request.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import zipfile

# (first bytes, content type) per kind; the content type is what the upload part carries.
SIGNATURES = {
    'zip': ((b'PK\x03\x04', 'application/zip'),),
    'pdf': ((b'%PDF', 'application/pdf'),),
    'image': (
        (b'\x89PNG\r\n\x1a\n', 'image/png'),
        (b'\xff\xd8\xff', 'image/jpeg'),
        (b'GIF87a', 'image/gif'),
        (b'GIF89a', 'image/gif'),
    ),
}

KIND_NAMES = {
    'zip': 'a zip archive',
    'pdf': 'a PDF document',
    'image': 'a PNG, JPEG or GIF image',
}

_CHUNK = 1024 * 1024


def _md5():
    # MD5 is what EQP reports as file_hash: a fingerprint, not security. Python 3.8 lacks usedforsecurity.
    try:
        return hashlib.md5(usedforsecurity=False)
    except TypeError:  # pragma: no cover - Python 3.8
        return hashlib.md5()


class LocalFile:
    """One file to upload: its option name (``slot``), path, content type, size and MD5."""

    def __init__(self, slot, path, content_type, md5, size):
        self.slot = slot
        self.path = path
        self.content_type = content_type
        self.md5 = md5
        self.size = size

    def __repr__(self):
        return '<LocalFile %s %s %s>' % (self.slot, self.path, self.md5)

    @property
    def filename(self):
        return os.path.basename(self.path)

    def part(self):
        """The multipart part of this file (see ``http_client.build_multipart``)."""
        return {'path': self.path, 'filename': self.filename, 'content_type': self.content_type}


def inspect(slot, path, kind):
    """The LocalFile at ``path``, checked to be of ``kind`` (``zip``, ``pdf`` or ``image``)."""
    if not path:
        raise ValueError('%s: give the path of %s' % (slot, KIND_NAMES[kind]))
    if not os.path.exists(path):
        raise ValueError('%s: %s does not exist' % (slot, path))
    if not os.path.isfile(path):
        raise ValueError('%s: %s is not a regular file' % (slot, path))
    digest = _md5()
    size = 0
    try:
        with open(path, 'rb') as stream:
            head = stream.read(16)
            digest.update(head)
            size += len(head)
            for chunk in iter(lambda: stream.read(_CHUNK), b''):
                digest.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise ValueError('%s: cannot read %s: %s' % (slot, path, exc.strerror or exc)) from None
    for magic, content_type in SIGNATURES[kind]:
        if head.startswith(magic):
            return LocalFile(slot, path, content_type, digest.hexdigest(), size)
    what = 'an empty file' if not size else 'not %s' % KIND_NAMES[kind]
    raise ValueError('%s: %s is %s' % (slot, path, what))


def composer_name(path):
    """The ``name`` of the shallowest ``composer.json`` in the zip at ``path``, or ``None``.

    The server derives the SKU from the same file, so a package given without ``sku`` can still
    be looked up before anything is written.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            names = [name for name in archive.namelist() if posixpath.basename(name) == 'composer.json']
            if not names:
                return None
            names.sort(key=lambda name: (name.count('/'), name))
            document = json.loads(archive.read(names[0]).decode('utf-8'))
    except (zipfile.BadZipFile, ValueError, KeyError, OSError, RuntimeError, NotImplementedError):
        return None
    name = document.get('name') if isinstance(document, dict) else None
    return name if isinstance(name, str) and name else None
