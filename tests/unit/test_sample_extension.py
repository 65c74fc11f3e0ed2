# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The committed sample extension is exactly what scripts/make_sample_extension.py builds, and a valid package."""

import json
import os
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARTIFACTS = os.path.join(ROOT, 'examples', 'artifacts')


def test_committed_files_match_the_generator():
    done = subprocess.run([sys.executable, os.path.join(ROOT, 'scripts', 'make_sample_extension.py'), '--check'],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_zip_is_a_magento_module_with_composer_json():
    with zipfile.ZipFile(os.path.join(ARTIFACTS, 'examplevendor-module-sample-1.0.0.zip')) as archive:
        composer = json.loads(archive.read('composer.json'))
        names = archive.namelist()
    assert composer['name'] == 'examplevendor/module-sample'
    assert composer['type'] == 'magento2-module'
    assert composer['version'] == '1.0.0'
    assert 'registration.php' in names and 'etc/module.xml' in names


def test_guide_and_images_have_their_formats():
    folder = os.path.join(ARTIFACTS, 'examplevendor-module-sample')
    with open(os.path.join(folder, 'user-guide.pdf'), 'rb') as pdf:
        assert pdf.read(5) == b'%PDF-'
    for image in ('icon.png', 'gallery-1.png'):
        with open(os.path.join(folder, image), 'rb') as png:
            assert png.read(8) == b'\x89PNG\r\n\x1a\n'
