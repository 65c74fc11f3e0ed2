# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A secret given to the lookup with the wrong type is refused by name, before ansible-core's type check prints it."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleLookupError

from ansible_collections.commerceops.api.plugins.lookup import token as token_lookup

SECRET = 's3cret-of-the-app'


@pytest.fixture
def lookup(monkeypatch):
    plugin = token_lookup.LookupModule()

    def set_options(var_options=None, direct=None):
        # What ansible-core's config manager says of a list given for a str option: the value in clear.
        for name, value in dict(var_options or {}, **(direct or {})).items():
            if isinstance(value, (list, dict)):
                raise AssertionError('Invalid value provided for str: %r' % (value,))
    monkeypatch.setattr(plugin, 'set_options', set_options)
    monkeypatch.setattr(plugin, '_templar', type('Templar', (), {'template': staticmethod(lambda value: value)})())
    return plugin


@pytest.mark.parametrize('kwargs, words', [
    ({'app_secret': [SECRET]}, 'app_secret must be a string, got list'),
    ({'password': {'x': SECRET}}, 'password must be a string, got dict'),
    ({'client_secret': [SECRET]}, 'client_secret must be a string, got list'),
    ({'otp_secret': False}, 'otp_secret must be a string, got bool'),
])
def test_keyword_secret_of_the_wrong_type(lookup, kwargs, words):
    with pytest.raises(AnsibleLookupError) as caught:
        lookup.run(['eqp'], variables={}, **kwargs)
    assert words in str(caught.value)
    assert SECRET not in str(caught.value)


def test_variable_secret_of_the_wrong_type(lookup):
    with pytest.raises(AnsibleLookupError) as caught:
        lookup.run(['eqp'], variables={'commerceops_eqp_app_secret': [SECRET], 'commerceops_eqp_app_id': 'APP'})
    assert 'app_secret must be a string, got list' in str(caught.value)
    assert 'commerceops_eqp_app_secret' in str(caught.value)
    assert SECRET not in str(caught.value)
