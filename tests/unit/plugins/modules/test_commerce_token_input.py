# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""commerce_token names client_id when a task sets it to null.

Found by the bad_input integration target: ``client_id:`` with no value passes the argument spec (a null
counts as given) and ended the module with an AttributeError traceback.
"""

from __future__ import annotations

import pytest

from ansible_collections.commerceops.api.plugins.modules import commerce_token


def params(**given):
    values = dict((name, option.get('default')) for name, option in commerce_token.ARGUMENT_SPEC.items())
    values.update(base_url='http://127.0.0.1:18084', client_id='client-1')
    values.update(given)
    return values


@pytest.mark.parametrize('client_id', [None, '', '  '])
def test_client_id_must_be_given(client_id):
    with pytest.raises(ValueError, match='^client_id must not be empty'):
        commerce_token.check_params(params(client_id=client_id))
