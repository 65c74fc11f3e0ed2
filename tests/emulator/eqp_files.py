# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Uploaded files of one EQP environment and their emulated malware scan.

Choices of ours: the scan of a file ends ``scan_delay`` seconds of emulated time after its upload;
it passes unless the content holds the EICAR test signature, in which case it ends in ``fail``.
``url`` points at a download route of the emulator (``.../files/uploads/<id>/content``).
"""

import hashlib
import io
import json
import posixpath
import random
import zipfile

from .eqp_packages import timestamp

EICAR = b'EICAR-STANDARD-ANTIVIRUS-TEST-FILE'


class Files:
    """All uploads of one environment, in upload order."""

    def __init__(self, ctx, setting):
        # Called with (event, update_info) when a scan ends (eqp_callbacks.py); None: nobody listens.
        self.notify = None
        self.ctx = ctx
        self.setting = setting
        self.records = {}
        self._serial = 0
        self._random = random.SystemRandom()

    def _new_id(self):
        # Shaped like 5c11e656057b42.97931218.5: 14 hex digits, 8 digits, a serial number.
        self._serial += 1
        return '%014x.%08d.%d' % (self._random.getrandbits(56), self._random.randrange(10 ** 8), self._serial)

    def add(self, filename, content_type, data):
        record = {
            'file_upload_id': self._new_id(),
            'filename': filename,
            'content_type': content_type,
            'size': len(data),
            'data': data,
            'uploaded_at': self.ctx.now(),
            'submission_ids': [],
        }
        self.records[record['file_upload_id']] = record
        return record

    def get(self, file_upload_id):
        return self.records.get(file_upload_id)

    def status(self, record):
        if self.ctx.now() - record['uploaded_at'] < float(self.setting('scan_delay')):
            return 'in-progress'
        status = 'fail' if EICAR in record['data'] else 'pass'
        if not record.get('announced') and self.notify is not None:
            # The scan ended (seen now, the scans being lazy): one malware_scan_complete event.
            record['announced'] = True
            ended = record['uploaded_at'] + float(self.setting('scan_delay'))
            self.notify('malware_scan_complete', {'file_upload_id': record['file_upload_id'],
                                                  'tool_result': 'passed' if status == 'pass' else 'failed',
                                                  'modified_at': timestamp(ended)})
        return status

    def link(self, file_upload_id, submission_id):
        record = self.records.get(file_upload_id)
        if record is not None and submission_id not in record['submission_ids']:
            record['submission_ids'].append(submission_id)

    def view(self, record):
        status = self.status(record)
        view = {
            'file_upload_id': record['file_upload_id'],
            'filename': record['filename'],
            'content_type': record['content_type'],
            'size': record['size'],
            'malware_status': status,
            'submission_ids': list(record['submission_ids']),
            'is_profile_image': False,
            'url': '%s/rest/v1/files/uploads/%s/content' % (self.ctx.base_url, record['file_upload_id']),
        }
        # As the live service does: no file_hash key at all (not null) until the scan passed.
        if status == 'pass':
            view['file_hash'] = hashlib.md5(record['data'], usedforsecurity=False).hexdigest()
        return view

    def composer(self, file_upload_id):
        """The parsed composer.json of an uploaded zip (the shallowest one), or None."""
        record = self.records.get(file_upload_id)
        if record is None:
            return None
        try:
            with zipfile.ZipFile(io.BytesIO(record['data'])) as archive:
                names = [name for name in archive.namelist() if posixpath.basename(name) == 'composer.json']
                if not names:
                    return None
                names.sort(key=lambda name: (name.count('/'), name))
                document = json.loads(archive.read(names[0]))
        except (zipfile.BadZipFile, ValueError, KeyError, OSError):
            return None
        return document if isinstance(document, dict) else None
