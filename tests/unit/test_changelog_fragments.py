# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Until a first release, there is nothing to fix or break: every fragment describes what the collection does."""

from __future__ import annotations

import pathlib

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_unreleased_collection_fragments_describe_features():
    releases = yaml.safe_load((ROOT / 'changelogs' / 'changelog.yaml').read_text()).get('releases') or {}
    if releases:
        return  # once released, bug fixes of released code belong in bugfixes
    for fragment in sorted((ROOT / 'changelogs' / 'fragments').glob('*.yml')):
        sections = set(yaml.safe_load(fragment.read_text()))
        assert sections <= {'minor_changes', 'major_changes', 'release_summary'}, (
            '%s: %s before the first release (nothing released can be fixed or broken); use minor_changes'
            % (fragment.name, ', '.join(sorted(sections - {'minor_changes', 'major_changes', 'release_summary'}))))
