# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Turn every fenced ```yaml block of README.md and roles/*/README.md into a playbook to run against the emulator.

Usage: extract_examples.py COLLECTION_ROOT FIXTURES OUTPUT_DIR; prints one line per block:
``run <playbook>`` or ``data <where>`` (a YAML file's contents, such as a package description: parsed only)
or ``skip <where>: <reason>``.

- A list of plays (items with ``hosts``) runs as written; a list of tasks runs in a play on ``eqp-sandbox``
  (the host whose variables the examples use) with ``gather_facts: false``.
- The examples name the emulator's default ports (127.0.0.1:18081-18086); they are rewritten to the ports of
  this run's fixtures, so the target runs beside others.
- A line ``<!-- example: KEY=VALUE -->`` just before a block changes that:
  ``hosts=NAME`` runs a task list on another host or group; ``skip=REASON`` does not run the block. Use skip
  only for a block that cannot run against the emulator at all (one that needs production, say), and say why.
"""

from __future__ import annotations

import pathlib
import re
import sys

import yaml

FENCE = re.compile(r'^```yaml\s*$')
DIRECTIVE = re.compile(r'^<!--\s*example:\s*(\w+)=(.*?)\s*-->\s*$')
DEFAULT_PORTS = {'18081': 'eqp_sandbox', '18082': 'eqp_production', '18083': 'magento', '18084': 'elasticpath',
                 '18085': 'ims', '18086': 'commerce_cloud'}


def blocks(path):
    """``(line, directives, text)`` for each ```yaml block of a Markdown file."""
    lines = path.read_text().splitlines()
    index = 0
    while index < len(lines):
        if FENCE.match(lines[index]):
            directives = {}
            back = index - 1
            while back >= 0 and DIRECTIVE.match(lines[back]):
                key, value = DIRECTIVE.match(lines[back]).groups()
                directives[key] = value
                back -= 1
            end = index + 1
            while not lines[end].startswith('```'):
                end += 1
            yield index + 1, directives, '\n'.join(lines[index + 1:end]) + '\n'
            index = end
        index += 1


def with_ports(text, ports):
    return re.sub(r'127\.0\.0\.1:(1808[1-6])\b', lambda m: '127.0.0.1:%s' % ports[DEFAULT_PORTS[m.group(1)]], text)


def main(root, fixtures, output):
    root, output = pathlib.Path(root), pathlib.Path(output)
    ports = dict((name, str(port)) for name, port in yaml.safe_load(pathlib.Path(fixtures).read_text())['ports'].items())
    files = [root / 'README.md'] + sorted(root.glob('roles/*/README.md'))
    count = 0
    for path in files:
        where_file = path.relative_to(root)
        for line, directives, text in blocks(path):
            where = '%s:%d' % (where_file, line)
            if 'skip' in directives:
                print('skip %s: %s' % (where, directives['skip']))
                continue
            data = yaml.safe_load(text)
            if isinstance(data, dict):
                print('data %s' % where)
                continue
            if not isinstance(data, list) or not data:
                raise SystemExit('%s: a YAML example must be a list of plays or tasks, or a mapping (a file)' % where)
            text = with_ports(text, ports)
            if all(isinstance(item, dict) and 'hosts' in item for item in data):
                playbook = text
            else:
                body = ''.join('    ' + row + '\n' if row else '\n' for row in text.splitlines())
                playbook = ('- name: "Example %s"\n  hosts: %s\n  gather_facts: false\n  tasks:\n%s'
                            % (where, directives.get('hosts', 'eqp-sandbox'), body))
            count += 1
            name = output / ('%02d-%s-%d.yml' % (count, re.sub(r'[^A-Za-z0-9]+', '_', str(where_file)), line))
            name.write_text('---\n# %s, extracted by extract_examples.py\n%s' % (where, playbook))
            print('run %s' % name)


if __name__ == '__main__':
    main(*sys.argv[1:4])
