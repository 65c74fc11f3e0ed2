# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Offline stand-in for the get-pip.py that ansible-test downloads to bootstrap its virtual environments.

ansible-test runs this file with pip's install arguments (the pinned pip version first) plus the
get-pip-only flags --no-setuptools and --no-wheel. Instead of unpacking a pip embedded in the script,
we run the pip wheel that ensurepip ships with every CPython; it installs the requested pip from the
package index that pip is configured to use.
"""

import glob
import os
import sys

import ensurepip


def main():
    """Install the requested packages with ensurepip's bundled pip."""
    wheels = sorted(glob.glob(os.path.join(os.path.dirname(ensurepip.__file__), '_bundled', 'pip-*.whl')))
    if not wheels:
        sys.exit('get_pip_offline: this Python has no bundled pip wheel (ensurepip/_bundled)')
    sys.path.insert(0, wheels[-1])
    from pip._internal.cli.main import main as pip_main  # pylint: disable=import-outside-toplevel

    args = [arg for arg in sys.argv[1:] if arg not in ('--no-setuptools', '--no-wheel')]
    sys.exit(pip_main(['install'] + args))


if __name__ == '__main__':
    main()
