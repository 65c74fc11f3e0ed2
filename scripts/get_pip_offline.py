# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Offline stand-in for the get-pip.py that ansible-test downloads to bootstrap its virtual environments.

ansible-test runs this file with pip's install arguments (the pinned pip version first) plus the
get-pip-only flags --no-setuptools and --no-wheel. Instead of unpacking a pip embedded in the script,
we run the pip wheel that ensurepip ships with every CPython; it installs the requested pip from the
package index that pip is configured to use. Debian and Ubuntu strip that wheel from their python3 and
keep it in /usr/share/python-wheels (package python3-pip-whl, which python3-venv needs): look there too.
"""

import glob
import os
import sys

import ensurepip

WHEEL_FOLDERS = (os.path.join(os.path.dirname(ensurepip.__file__), '_bundled'), '/usr/share/python-wheels')


def pip_wheel(folders=WHEEL_FOLDERS):
    """The pip wheel of the first folder that has one; exits with one line when none has."""
    for folder in folders:
        wheels = sorted(glob.glob(os.path.join(folder, 'pip-*.whl')))
        if wheels:
            return wheels[-1]
    sys.exit('get_pip_offline: no pip wheel in %s' % ' or '.join(folders))


def main():
    """Install the requested packages with the pip wheel that ensurepip (or Debian) provides."""
    sys.path.insert(0, pip_wheel())
    from pip._internal.cli.main import main as pip_main  # pylint: disable=import-outside-toplevel

    args = [arg for arg in sys.argv[1:] if arg not in ('--no-setuptools', '--no-wheel')]
    sys.exit(pip_main(['install'] + args))


if __name__ == '__main__':
    main()
