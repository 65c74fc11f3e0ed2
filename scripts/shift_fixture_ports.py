# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write a copy of the emulator's fixtures whose listener ports are BASE+1, BASE+2, ... (in port order).

Usage: python scripts/shift_fixture_ports.py SOURCE DEST BASE
Used by scripts/run_target.sh and by scripts/ansible_test.sh (EMULATOR_PORT_BASE) so that two runs can
use the emulator at the same time.
"""

import sys

import yaml


def main():
    source, dest, base = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(source, encoding='utf-8') as handle:
        fixtures = yaml.safe_load(handle)
    for offset, name in enumerate(sorted(fixtures['ports'], key=fixtures['ports'].get), 1):
        fixtures['ports'][name] = base + offset
    with open(dest, 'w', encoding='utf-8') as handle:
        yaml.safe_dump(fixtures, handle, sort_keys=False)


if __name__ == '__main__':
    main()
