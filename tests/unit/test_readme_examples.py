# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The README example runner's extraction: every yaml block found, task lists wrapped in a play, plays kept,
ports rewritten, data blocks parsed only, and the skip marker honoured with its reason."""

from __future__ import annotations

import importlib.util
import pathlib

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = ROOT / 'tests' / 'integration' / 'targets' / 'readme_examples' / 'extract_examples.py'


def load():
    spec = importlib.util.spec_from_file_location('extract_examples', SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


README = '''# x

```yaml
- name: A task
  ansible.builtin.uri:
    url: http://127.0.0.1:18083/rest
```

<!-- example: hosts=magento-store -->
```yaml
- name: Another task
  ansible.builtin.debug:
```

```yaml
- name: A play
  hosts: eqp_sandbox
  tasks: []
```

```yaml
sku: a/b
```

<!-- example: skip=needs production -->
```yaml
- name: Production only
  ansible.builtin.debug:
```

```console
make demo
```
'''


def test_extraction(tmp_path, capsys):
    root = tmp_path / 'collection'
    root.mkdir()
    (root / 'README.md').write_text(README)
    fixtures = tmp_path / 'fixtures.yml'
    fixtures.write_text(yaml.safe_dump({'ports': {'eqp_sandbox': 1, 'eqp_production': 2, 'magento': 3, 'elasticpath': 4}}))
    out = tmp_path / 'out'
    out.mkdir()
    load().main(str(root), str(fixtures), str(out))
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(' ')[0] for line in lines] == ['run', 'run', 'run', 'data', 'skip']
    assert lines[4] == 'skip README.md:26: needs production'
    first, second, third = (yaml.safe_load(pathlib.Path(line.split(' ', 1)[1]).read_text()) for line in lines[:3])
    assert first[0]['hosts'] == 'eqp-sandbox' and first[0]['gather_facts'] is False
    assert first[0]['tasks'][0]['ansible.builtin.uri']['url'] == 'http://127.0.0.1:3/rest'
    assert second[0]['hosts'] == 'magento-store'
    assert third == [{'name': 'A play', 'hosts': 'eqp_sandbox', 'tasks': []}]


def test_the_readmes_have_examples_to_run(capsys, tmp_path):
    load().main(str(ROOT), str(ROOT / 'tests' / 'emulator' / 'fixtures.yml'), str(tmp_path))
    lines = capsys.readouterr().out.splitlines()
    assert sum(line.startswith('run ') for line in lines) >= 8
    # Every skip gives its reason.
    assert all(': ' in line and line.split(': ', 1)[1].strip() for line in lines if line.startswith('skip '))
