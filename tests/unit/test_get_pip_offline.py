# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""scripts/get_pip_offline.py finds a pip wheel where Debian keeps it, not only in ensurepip/_bundled.

Found by ansible-test sanity on Debian's own python3.11, whose ensurepip has no bundled wheels: the
stand-in stopped with "this Python has no bundled pip wheel" and sanity failed in one second.
"""

from __future__ import annotations

import importlib.util
import os

import pytest

SCRIPT = os.path.join(os.path.dirname(__file__), '..', '..', 'scripts', 'get_pip_offline.py')


@pytest.fixture
def get_pip():
    spec = importlib.util.spec_from_file_location('get_pip_offline', SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_debian_keeps_the_wheel_in_usr_share_python_wheels(get_pip):
    assert '/usr/share/python-wheels' in get_pip.WHEEL_FOLDERS


def test_the_first_folder_with_a_wheel_wins(get_pip, tmp_path):
    bundled, debian = tmp_path / 'bundled', tmp_path / 'python-wheels'
    bundled.mkdir()
    debian.mkdir()
    (debian / 'setuptools-66.1.1-py3-none-any.whl').write_bytes(b'')
    (debian / 'pip-23.0.1-py3-none-any.whl').write_bytes(b'')
    assert get_pip.pip_wheel((str(bundled), str(debian))) == str(debian / 'pip-23.0.1-py3-none-any.whl')
    (bundled / 'pip-24.2-py3-none-any.whl').write_bytes(b'')
    assert get_pip.pip_wheel((str(bundled), str(debian))) == str(bundled / 'pip-24.2-py3-none-any.whl')


def test_no_wheel_anywhere_is_one_line(get_pip, tmp_path):
    with pytest.raises(SystemExit) as stopped:
        get_pip.pip_wheel((str(tmp_path),))
    assert str(stopped.value) == 'get_pip_offline: no pip wheel in %s' % tmp_path
