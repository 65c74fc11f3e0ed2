# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The declared minimum ansible-core is the oldest one the tests run on (the pins in requirements.txt),
in meta/runtime.yml, every role's meta/main.yml and the README alike."""

from __future__ import annotations

import pathlib
import re

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]


def oldest_tested():
    pins = re.findall(r'^ansible-core==(\d+)\.(\d+)\.', (ROOT / 'requirements.txt').read_text(), re.M)
    assert len(pins) >= 2, 'requirements.txt pins one ansible-core per Python line'
    return min((int(major), int(minor)) for major, minor in pins)


def test_runtime_declares_the_oldest_tested_line():
    declared = yaml.safe_load((ROOT / 'meta' / 'runtime.yml').read_text())['requires_ansible']
    assert declared == '>=%d.%d.0' % oldest_tested()


def test_roles_declare_the_oldest_tested_line():
    for meta in sorted(ROOT.glob('roles/*/meta/main.yml')):
        info = yaml.safe_load(meta.read_text())['galaxy_info']
        assert str(info['min_ansible_version']) == '%d.%d' % oldest_tested(), meta


def test_readme_states_the_oldest_tested_line():
    readme = (ROOT / 'README.md').read_text()
    assert 'ansible-core %d.%d or newer' % oldest_tested() in readme
    assert not re.search(r'ansible-core 2\.1[0-8] or newer', readme)
