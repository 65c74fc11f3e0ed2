# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A task's token request and its resource requests go through one HTTP client."""

from __future__ import annotations

from ansible_collections.commerceops.api.plugins.module_utils.core import token_module
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_auth import EqpAuth

from ansible_collections.commerceops.api.tests.unit.plugins.module_utils.support_http import Reply

PARAMS = dict(timeout=30, validate_certs=True, ca_path=None, client_cert=None, client_key=None, use_proxy=True,
              retries=0, max_retry_wait=60.0)


def test_one_client_per_setting_with_the_secrets_of_every_user():
    first = token_module.http_client(PARAMS, 'eqp', 'sandbox', secrets=['secret-one'])
    second = token_module.http_client(PARAMS, 'eqp', 'sandbox', secrets=['secret-two'])
    assert first is second and {'secret-one', 'secret-two'} <= first.secrets
    assert token_module.http_client(dict(PARAMS, timeout=5), 'eqp', 'sandbox') is not first
    assert token_module.http_client(PARAMS, 'eqp', 'production') is not first


def test_the_token_request_and_the_resource_requests_share_the_client(server, tmp_path):
    server.handler = lambda request: Reply(200, {'ust': 'ust-abcdefghijklmnop.0123', 'expires_in': 7200, 'mage_id': 'M1'})
    params = dict(PARAMS, base_url=server.url, environment=None, app_id='APP1', app_secret='app-secret-1',
                  token=None, cache=True, cache_dir=str(tmp_path), leeway=60, expires_in=None,
                  token_path='/rest/v1/app/session/token')
    resources = EqpAuth(params).connect()
    assert [request.path for request in server.requests] == ['/rest/v1/app/session/token']
    token_client = token_module.http_client(params, 'eqp', 'sandbox')
    assert resources.client is token_client
    assert 'ust-abcdefghijklmnop.0123' in token_client.secrets
