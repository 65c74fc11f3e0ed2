# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write the package files the eqp_package target uploads, so that no binary is committed.

Usage: python make_files.py DIRECTORY
Makes module.zip (with composer.json) for two versions, user guides and an installation guide (tiny PDFs),
an icon and gallery images (1x1 PNGs), a zip whose content carries the EICAR test signature (its scan
fails), and files that are not what their names say.
"""

import json
import os
import struct
import sys
import zipfile
import zlib

SKU = 'examplevendor/module-demo'
# The emulator fails the scan of any upload containing this marker.
EICAR = 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE'


def write_zip(path, version, extra=None):
    with zipfile.ZipFile(path, 'w') as archive:
        archive.writestr('composer.json', json.dumps({'name': SKU, 'version': version, 'type': 'magento2-module'}))
        archive.writestr('registration.php', '<?php\n// %s %s\n' % (SKU, version))
        if extra:
            archive.writestr('README.txt', extra)


def write_pdf(path, text):
    with open(path, 'w', encoding='ascii') as stream:
        stream.write('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n'
                     'trailer<</Root 1 0 R>>\n% ' + text + '\n%%EOF\n')


def write_png(path, rgb):
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)

    header = struct.pack('>IIBBBBB', 1, 1, 8, 2, 0, 0, 0)
    with open(path, 'wb') as stream:
        stream.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) + chunk(b'IDAT', zlib.compress(b'\x00' + bytes(rgb))) + chunk(b'IEND', b''))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for version in ('1.0.0', '1.1.0', '1.2.0', '1.3.0', '2.0.0'):
        write_zip(os.path.join(out, 'module-%s.zip' % version), version)
    write_zip(os.path.join(out, 'module-infected.zip'), '9.9.9', extra=EICAR)
    write_pdf(os.path.join(out, 'user-guide.pdf'), 'user guide')
    write_pdf(os.path.join(out, 'user-guide-v2.pdf'), 'user guide, second edition')
    write_pdf(os.path.join(out, 'installation-guide.pdf'), 'installation guide')
    write_png(os.path.join(out, 'icon.png'), (200, 30, 30))
    write_png(os.path.join(out, 'screen-1.png'), (30, 200, 30))
    write_png(os.path.join(out, 'screen-2.png'), (30, 30, 200))
    with open(os.path.join(out, 'not-a-zip.zip'), 'w', encoding='ascii') as stream:
        stream.write('this is text, not a zip archive\n')
    with open(os.path.join(out, 'not-a-pdf.pdf'), 'w', encoding='ascii') as stream:
        stream.write('<html>not a pdf</html>\n')
    os.makedirs(os.path.join(out, 'a-directory.pdf'), exist_ok=True)


if __name__ == '__main__':
    main()
