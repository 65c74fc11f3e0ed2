#!/usr/bin/python
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: magento_integration_token
short_description: Obtain or revoke a Magento 2 / Adobe Commerce REST token, or check an integration's credentials
version_added: 0.1.0
description:
  - Signs an admin user or a customer in to the REST token service of a Magento 2 / Adobe Commerce store
    and returns the token, the bearer token of later REST requests.
  - When two-factor authentication is on for admins, the token route refuses to hand out a token and names
    the providers to use. The module then authenticates through the Google Authenticator route with O(otp),
    or with a code it computes from O(otp_secret). Without either it fails with the store's message.
  - A refused sign-in (HTTP 401) is never retried, whatever O(retries) says, so a wrong password costs exactly
    one request. Magento locks the account for 30 minutes after six failures.
  - A sign-in answered with HTTP 429, 502, 503 or 504 (the store did not check the password) is retried as
    O(retries) allows. One whose connection broke or timed out after it was sent is not repeated, because
    the store may have counted it.
  - Magento does not say when a token expires. The expiry is the time of the request (on the clock of the host
    that runs the module) plus the JWT's C(exp) minus C(iat) when the token is a JWT (Magento 2.4.4 and later),
    else plus O(token_lifetime); never more than 24 hours. The store's clock does not matter.
  - The token is returned and also set as the fact named by O(fact_name), so later tasks can use it.
  - With O(cache) on, a token obtained earlier for the same store, store code, user type and user name with the
    same password (and the same O(body_format) and O(token_lifetime)) is reused while it stays fresh for more than O(leeway) seconds, so a run over many hosts
    makes one token request.
  - Obtaining a token changes nothing, so O(state=present) reports C(changed=false) and runs in check mode too.
  - O(state=absent) revokes customer tokens, see O(state).
  - With the four values of an integration (O(consumer_key), O(consumer_secret), O(access_token),
    O(access_token_secret)) instead of O(username) and O(password), the module makes one request signed with
    OAuth 1.0a HMAC-SHA256 to C(GET /V1/store/storeConfigs) (the integration needs the C(Magento_Backend::store)
    resource) and returns a credential dict without any secret (RV(auth_type), RV(integration), RV(base_url), ...).
    M(commerceops.api.bearer_uri) given that dict signs every request, taking the secrets from its
    O(commerceops.api.bearer_uri#module:auth) or the C(commerceops_magento_*) variables. A refused request says why (a revoked token, an inactive integration, a
    clock ahead by more than 10 minutes, a request Magento cannot verify).
  - A store with Admin IMS on (Adobe Commerce PaaS) refuses admin tokens with "Admin token generation is disabled";
    the module then says to use M(commerceops.api.adobe_ims_token).
  - "The result holds the token: put C(no_log: true) on the task so that it is not shown."
author:
  - commerceops.api contributors (@commerceops)
extends_documentation_fragment:
  - commerceops.api.magento
  - commerceops.api.connection
  - commerceops.api.cache
  - commerceops.api.cache.force
  - commerceops.api.controller_path
  - commerceops.api.token_attributes
  - commerceops.api.token_fact
attributes:
  action_group:
    description: Use C(group/commerceops.api.magento) or C(group/commerceops.api.all) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - commerceops.api.magento
      - commerceops.api.all
  check_mode:
    details:
      - Obtaining a token changes nothing, so the token is obtained in check mode too; later read-only tasks need it.
      - With O(state=absent) the module reports what it would revoke and revokes nothing.
options:
  body_format:
    description:
      - How the credentials are sent and the answer is asked for. C(json) sends C(application/json);
        C(xml) sends C(application/xml) and asks for an XML answer.
    type: str
    choices: [json, xml]
    default: json
  token_lifetime:
    description:
      - Seconds an opaque (non-JWT) token is taken to live, counted from the request. Stores before 2.4.4
        issue opaque tokens; their stock lifetimes are 4 hours for admins and 1 hour for customers.
      - Ignored for JWT tokens, whose C(exp) claim says when they expire.
    type: int
    default: 3600
  state:
    description:
      - V(present) obtains a token (or reuses a cached one).
      - V(absent) revokes a customer token through Magento's revoke route (Magento 2.4.6 and later), which
        ends B(every) token of that customer.
      - With O(cache) on, V(absent) revokes the token this module cached for the customer, if a live one is
        there, and drops the cache entry (C(changed=true)). Without a cached token there is nothing of ours
        to revoke (C(changed=false)), and when the store refuses the cached token it was already revoked or
        expired (C(changed=false)). So a second run reports no change.
      - With O(cache=false), V(absent) signs the customer in and revokes the new token, which ends all the
        customer's tokens, and always reports C(changed=true).
      - In check mode, V(absent) reports what it would do and revokes nothing.
      - Magento has no REST route that revokes an admin token (admin tokens end when they expire, or when the
        admin user is deactivated or deleted), so V(absent) with O(user_type=admin) fails.
    type: str
    choices: [present, absent]
    default: present
  fact_name:
    # Described in the doc fragment commerceops.api.token_fact.
    default: magento_token
notes:
  - O(store_code) decides the URL of the token request, and is part of the cache key, so a token asked for one
    store view is never served for another (a customer account may belong to one website only). An unknown store
    code makes every route answer HTTP 404 C(Request does not match any route.).
  - Integration access tokens (created under System > Integrations in the admin) are not obtained through
    this module, they are checked (see the description); they never expire.
seealso:
  - name: Magento token-based authentication
    description: How admins and customers obtain REST tokens, with two-factor authentication too.
    link: https://developer.adobe.com/commerce/webapi/get-started/authentication/gs-authentication-token/
'''

EXAMPLES = r'''
- name: Check a Magento integration's four values and keep the credential dict (it holds no secret)
  commerceops.api.magento_integration_token:
    url: http://127.0.0.1:18083
    consumer_key: "{{ vault_magento_consumer_key }}"
    consumer_secret: "{{ vault_magento_consumer_secret }}"
    access_token: "{{ vault_magento_access_token }}"
    access_token_secret: "{{ vault_magento_access_token_secret }}"
  register: integration

- name: Obtain an admin token from the local emulator
  commerceops.api.magento_integration_token:
    url: http://127.0.0.1:18083
    username: admin
    password: "{{ magento_admin_password }}"
  register: magento_admin
  no_log: true

- name: List the store views with it
  ansible.builtin.uri:
    url: "{{ magento_admin.base_url }}/V1/store/storeConfigs"
    headers:
      Authorization: "Bearer {{ magento_admin.token }}"
  register: store_views
  no_log: true

- name: Admin token when two-factor authentication is on, the code computed from the authenticator secret
  commerceops.api.magento_integration_token:
    url: http://127.0.0.1:18083/index.php
    store_code: all
    username: admin
    password: "{{ magento_admin_password }}"
    otp_secret: "{{ magento_admin_otp_secret }}"
  no_log: true

- name: Customer token, sent as XML, kept in the fact shopper_token
  commerceops.api.magento_integration_token:
    url: http://127.0.0.1:18083
    store_code: fr
    user_type: customer
    username: shopper@example.com
    password: "{{ magento_customer_password }}"
    body_format: xml
    fact_name: shopper_token
  no_log: true

- name: Read the customer's account with the fact
  ansible.builtin.uri:
    url: "{{ shopper_token.base_url }}/V1/customers/me"
    headers:
      Authorization: "Bearer {{ shopper_token.token }}"
  no_log: true

- name: Revoke the customer's cached token (all tokens of the customer end)
  commerceops.api.magento_integration_token:
    url: http://127.0.0.1:18083
    user_type: customer
    username: shopper@example.com
    password: "{{ magento_customer_password }}"
    state: absent

- name: An older store with opaque tokens that live 4 hours, defaults for the whole play
  module_defaults:
    group/commerceops.api.magento:
      url: https://shop.example.com
      username: deploy
      password: "{{ vault_magento_deploy_password }}"
      token_lifetime: 14400
  block:
    - name: Obtain the admin token
      commerceops.api.magento_integration_token:
      no_log: true
'''

RETURN = r'''
auth_type:
  description: How requests carry an integration's credentials, C(oauth1) (signed) or C(integration_bearer).
  returned: with the four integration values
  type: str
  sample: oauth1
integration:
  description: Names the integration without showing any of its values (16 hex digits of SHA-256 of the consumer key).
  returned: with the four integration values
  type: str
  sample: 3f2a9c0b7d1e4a56
token:
  description: "The token, sent as C(Authorization: Bearer <token>) on later requests."
  returned: when O(state=present)
  type: str
  sample: eyJraWQiOiIxIiwiYWxnIjoiSFMyNTYifQ.eyJ1aWQiOjEsInV0eXBpZCI6MiwiaWF0IjoxNzk1Mzg4NDAwLCJleHAiOjE3OTUzOTIwMDB9.c2lnbmF0dXJl
expires_in:
  description: Seconds the token is still valid (less than its lifetime when it came from the cache).
  returned: when O(state=present)
  type: int
  sample: 3600
expires_at:
  description:
    - When the token expires, in epoch seconds on the clock of the host that ran the module; the request time plus
      the JWT's C(exp) minus C(iat), or plus O(token_lifetime).
  returned: when O(state=present)
  type: int
  sample: 1795392000
jwt:
  description: Whether the token is a JWT, whose lifetime (C(exp) minus C(iat)) gave RV(expires_at).
  returned: when O(state=present)
  type: bool
  sample: true
two_factor:
  description: Whether the token came from the two-factor authentication route.
  returned: when O(state=present)
  type: bool
  sample: false
user_type:
  description: C(admin) or C(customer).
  returned: always
  type: str
  sample: admin
store_code:
  description: The store code used in the URL of the token request, or null for the default store.
  returned: when O(state=present)
  type: str
  sample: default
base_url:
  description: The REST base URL of the store (ending in C(/rest)) the token belongs to; append C(/V1/...) for a route.
  returned: always
  type: str
  sample: https://shop.example.com/rest
origin:
  description: Scheme, host and port of the store; the token is only sent there.
  returned: when O(state=present)
  type: str
  sample: https://shop.example.com:443
api:
  description: Which API the token is for.
  returned: always
  type: str
  sample: magento
principal:
  description: Whose token it is, as C(<user_type>:<username>).
  returned: always
  type: str
  sample: "admin:admin"
revoked:
  description: Whether a token was revoked (or would be, in check mode).
  returned: when O(state=absent)
  type: bool
  sample: true
msg:
  description: What O(state=absent) did.
  returned: when O(state=absent)
  type: str
  sample: revoked the cached token of customer:shopper@example.com and every other token of that customer
ansible_facts:
  description: The token dict under the name O(fact_name).
  returned: when O(state=present)
  type: dict
  sample: {"magento_token": {"token": "eyJraWQiOiIxIiwiYWxnIjoiSFMyNTYifQ...", "base_url": "https://shop.example.com/rest"}}
'''

from ansible.module_utils.basic import AnsibleModule, env_fallback

from ansible_collections.commerceops.api.plugins.module_utils.providers import magento
from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError
from ansible_collections.commerceops.api.plugins.module_utils.obtain import (
    MAGENTO_ARGS, FORCE_ARGS, SHARED_ARGS, MagentoLogin, check_magento_integration, magento_integration_of, secrets_of,
)
from ansible_collections.commerceops.api.plugins.module_utils.core.token_module import (
    USER_ERRORS, check_fact_name, exit_with_token, fail, token_cache, warn_if_unverified,
)

ARGUMENT_SPEC = dict(
    MAGENTO_ARGS,
    # The four values of an integration may come from the environment, like the lookup's.
    **dict((name, dict(MAGENTO_ARGS[name], fallback=(env_fallback, ['COMMERCEOPS_MAGENTO_%s' % name.upper()])))
           for name in ('consumer_key', 'consumer_secret', 'access_token', 'access_token_secret'))
)
ARGUMENT_SPEC.update(
    state=dict(type='str', default='present', choices=['present', 'absent']),
    fact_name=dict(type='str', default='magento_token'),
    **dict(FORCE_ARGS, **SHARED_ARGS)
)


def integration_result(options, state):
    """The credential dict of an integration, after one signed request proved its values."""
    if state == 'absent':
        raise ValueError('state=absent does not apply to integrations: revoke or reauthorize the integration in the Magento admin')
    return check_magento_integration(options).to_result()


def obtain(login):
    """The token dict, from the cache when a fresh one is there."""
    result = login.token().to_result()
    # The store code is part of the cache key, so this is the store view the token was asked for.
    result['store_code'] = login.store_code
    return result


def revoke(login, check_mode):
    """``(changed, message)`` of revoking this customer's token; admins get an error."""
    if login.options['user_type'] == 'admin':
        # Refused before any request: this is the user's choice of options, not an answer of the store.
        raise ValueError('state=absent revokes customer tokens only, and user_type is admin: Magento has no REST route '
                         'that revokes an admin token (it ends when it expires, or when the admin user is deactivated or deleted)')
    if not login.cache.enabled:
        token = login.fetch()
        if check_mode:
            return True, 'would sign %s in and revoke every token of that customer' % login.principal
        try:
            magento.revoke_customer_token(login.client, login.options['url'], token, login.store_code)
        except ApiError as error:
            if error.status != 401 or not token.extra.get('jwt'):
                raise
            # A JWT from this very second is refused when the customer's tokens were revoked within the same
            # second (by another run, moments ago): revoke with one signed in after that second.
            magento.revoke_customer_token(login.client, login.options['url'], login.fetch_a_second_later(), login.store_code)
        return True, 'signed %s in and revoked every token of that customer' % login.principal
    # Any token still alive counts, however close to its end.
    cached = login.cache.get(login.key_parts, login.options['password'], leeway=0)
    if cached is None:
        return False, 'no live cached token of %s: nothing of ours to revoke' % login.principal
    if check_mode:
        return True, 'would revoke the cached token of %s and every other token of that customer' % login.principal
    try:
        magento.revoke_customer_token(login.client, login.options['url'], cached, login.store_code)
    except ApiError as error:
        if error.status != 401:
            raise
        login.cache.invalidate_parts(login.key_parts, login.options['password'])
        return False, 'the cached token of %s was already revoked or expired; dropped it from the cache' % login.principal
    login.cache.invalidate_parts(login.key_parts, login.options['password'])
    return True, 'revoked the cached token of %s and every other token of that customer' % login.principal


def main():
    module = AnsibleModule(
        argument_spec=ARGUMENT_SPEC,
        mutually_exclusive=[('otp', 'otp_secret')],
        supports_check_mode=True,
    )
    params = module.params
    options = dict((name, value) for name, value in params.items() if name not in ('state', 'fact_name'))
    try:
        check_fact_name(params['fact_name'])
        if magento_integration_of(options) is not None:
            result = integration_result(options, params['state'])
            exit_with_token(module, result, params['fact_name'])
        login = MagentoLogin(options, token_cache(options))
        if params['state'] == 'present':
            result = obtain(login)
        else:
            changed, message = revoke(login, module.check_mode)
    except USER_ERRORS as error:
        fail(module, error, secrets_of('magento', params))
    if params['state'] == 'present':
        exit_with_token(module, result, params['fact_name'])
    warn_if_unverified(module)
    module.exit_json(changed=changed, revoked=changed, msg=message, api=magento.API, base_url=login.rest_base,
                     principal=login.principal, user_type=params['user_type'])


if __name__ == '__main__':
    main()
