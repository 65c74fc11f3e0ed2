#!/usr/bin/python
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: commerce_token
short_description: Obtain Elastic Path Commerce Cloud access tokens and shopper tokens
version_added: 0.1.0
description:
  - Obtains a store access token from C(/oauth/access_token) of an Elastic Path Commerce Cloud store, with the
    C(client_credentials) grant (back office) or the C(implicit) grant (shopper front end).
  - Optionally logs in a customer (O(customer)) and an account member (O(account_member)) and returns their shopper
    tokens. Shopper tokens are always obtained with an C(implicit) store token of the same O(client_id), and are meant
    to be sent next to it; when O(grant_type) is C(client_credentials) the module obtains that implicit token as well
    and returns it as RV(implicit_token).
  - The token dict is returned and also set as the fact named by O(fact_name), so later tasks can use it.
  - With O(cache) on, each token (store, implicit, customer, account member) is reused while it stays fresh for more
    than O(leeway) seconds, so a run over many hosts makes one request per token.
  - Obtaining a token changes nothing, so the module reports C(changed=false) and runs in check mode too.
  - "The result holds tokens: put C(no_log: true) on the task so that they are not shown."
author:
  - commerceops.api contributors (@commerceops)
extends_documentation_fragment:
  - commerceops.api.commerce
  - commerceops.api.connection
  - commerceops.api.cache
  - commerceops.api.cache.force
  - commerceops.api.controller_path
  - commerceops.api.token_attributes
  - commerceops.api.token_fact
attributes:
  action_group:
    description: Use C(group/commerceops.api.commerce) or C(group/commerceops.api.all) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - commerceops.api.commerce
      - commerceops.api.all
options:
  customer:
    description:
      - Log in this customer (password mode) and return its token as RV(customer_token).
      - The token is sent in the C(X-Moltin-Customer-Token) header, next to the implicit store token.
    type: dict
    suboptions:
      email:
        description:
          - E-mail address of the customer.
        type: str
        required: true
      password:
        description:
          - Password of the customer.
        type: str
        required: true
  account_member:
    description:
      - Log in this account member (password mode) and return one token per account the member belongs to,
        as RV(account_member_tokens).
      - Each token is sent in the C(EP-Account-Management-Authentication-Token) header, next to the implicit store token.
    type: dict
    suboptions:
      password_profile_id:
        description:
          - Id of the password profile of the store's authentication realm the member logs in with.
        type: str
        required: true
      username:
        description:
          - User name of the account member.
        type: str
        required: true
      password:
        description:
          - Password of the account member.
        type: str
        required: true
  fact_name:
    # Described in the doc fragment commerceops.api.token_fact.
    default: commerce_token
notes:
  - One API host serves many stores; the store is the one of O(client_id). Tokens of one store are refused by another.
  - O(base_url) and O(region) are mutually exclusive, also when one of them comes from C(module_defaults).
    The deprecated host C(https://api.moltin.com) of older stores can be given as O(base_url).
  - The expiry is counted on the clock of the host that runs the module, from the time of the request plus the
    answer's C(expires_in), else the token's own C(exp) minus C(iat) (shopper tokens are JWTs), else the documented
    lifetime (1 hour for store tokens, 24 hours for shopper tokens); never more than 24 hours. The absolute
    C(expires) of an answer is on the store's clock and is not used, so clocks hours apart do not matter.
  - The API has no refresh tokens and no revocation; an expired token is replaced by a new request.
seealso:
  - name: Elastic Path authentication
    description: Store access tokens, customer tokens and account management tokens.
    link: https://elasticpath.dev/docs/authentication/security
'''

EXAMPLES = r'''
- name: Obtain a client_credentials token from the local emulator (a secret is given, so that grant is the default)
  commerceops.api.commerce_token:
    base_url: http://127.0.0.1:18084
    client_id: "{{ commerceops_commerce_client_id }}"
    client_secret: "{{ commerceops_commerce_client_secret }}"
  register: store
  no_log: true

- name: List the customers with it
  ansible.builtin.uri:
    url: "{{ store.base_url }}/v2/customers"
    headers:
      Authorization: "Bearer {{ store.token }}"
  no_log: true

- name: Log in a customer and an account member (implicit grant, as no secret is given)
  commerceops.api.commerce_token:
    base_url: http://127.0.0.1:18084
    client_id: "{{ commerceops_commerce_client_id }}"
    customer:
      email: shopper@example.com
      password: "{{ shopper_password }}"
    account_member:
      password_profile_id: "{{ member_password_profile_id }}"
      username: member@example.com
      password: "{{ member_password }}"
  register: shopper
  no_log: true

- name: Read the customer with the implicit token and the customer token
  ansible.builtin.uri:
    url: "{{ shopper.base_url }}/v2/customers/{{ shopper.customer_token.customer_id }}"
    headers: "{{ {'Authorization': 'Bearer ' ~ shopper.implicit_token.token,
                  shopper.customer_token.header: shopper.customer_token.token} }}"
  no_log: true

- name: Read the member's first account with its account token (the same dict, from the fact)
  vars:
    account_token: "{{ ansible_facts['commerce_token'].account_member_tokens[0] }}"
  ansible.builtin.uri:
    url: "{{ shopper.base_url }}/v2/accounts/{{ account_token.account_id }}"
    headers: "{{ {'Authorization': 'Bearer ' ~ shopper.implicit_token.token, account_token.header: account_token.token} }}"
  no_log: true

- name: A production store in us-east, with the key from a vault and a fact of its own
  commerceops.api.commerce_token:
    region: us-east
    client_id: "{{ vault_ep_client_id }}"
    client_secret: "{{ vault_ep_client_secret }}"
    fact_name: ep_production
  no_log: true

- name: Set the store once for every Elastic Path task of a play
  module_defaults:
    group/commerceops.api.commerce:
      base_url: http://127.0.0.1:18084
      client_id: "{{ commerceops_commerce_client_id }}"
      client_secret: "{{ commerceops_commerce_client_secret }}"
  block:
    - name: Back office token
      commerceops.api.commerce_token:
      no_log: true
'''

RETURN = r'''
token:
  description: "The store access token, sent as C(Authorization: Bearer <token>) on C(/v2) requests."
  returned: success
  type: str
  sample: xa3521ca621113e44eeed9232fa3e54571cb08bc
grant_type:
  description: The grant the store token was obtained with, C(client_credentials) or C(implicit).
  returned: success
  type: str
  sample: client_credentials
identifier:
  description: The grant as the API named it in its answer.
  returned: success
  type: str
  sample: client_credentials
token_type:
  description: The token type of the answer, always C(Bearer).
  returned: success
  type: str
  sample: Bearer
client_id:
  description: The client id of the store the token belongs to.
  returned: success
  type: str
  sample: 7d5c2ad6e1f84b0f9e7c3a1b2d4e6f80
expires_at:
  description:
    - When the token expires, in epoch seconds on the clock of the host that ran the module
      (the time of the request plus C(expires_in)).
  returned: success
  type: int
  sample: 1795392000
expires_in:
  description: Seconds the token is still valid (less than an hour when it came from the cache).
  returned: success
  type: int
  sample: 3600
base_url:
  description: The API base URL the token belongs to.
  returned: success
  type: str
  sample: https://euwest.api.elasticpath.com
origin:
  description: Scheme, host and port of RV(base_url); the token is only sent there.
  returned: success
  type: str
  sample: https://euwest.api.elasticpath.com:443
api:
  description: Which API the token is for.
  returned: success
  type: str
  sample: commerce
principal:
  description: Whose token it is, C(<grant_type>:<client_id>).
  returned: success
  type: str
  sample: client_credentials:7d5c2ad6e1f84b0f9e7c3a1b2d4e6f80
implicit_token:
  description:
    - The implicit store token the shopper tokens were obtained with, shaped like the top level of the result.
    - "Send it as C(Authorization: Bearer) next to a shopper token's header. When O(grant_type) is C(implicit)
      it is the same token as the top level."
  returned: when O(customer) or O(account_member) is given
  type: dict
  sample: {"token": "8d1e0b2c...", "grant_type": "implicit", "principal": "implicit:7d5c2ad6e1f84b0f9e7c3a1b2d4e6f80",
           "api": "commerce", "base_url": "https://euwest.api.elasticpath.com", "expires_at": 1795392000, "expires_in": 3600}
customer_token:
  description: The customer's token and the header that carries it.
  returned: when O(customer) is given
  type: dict
  contains:
    token:
      description: The customer token.
      type: str
      sample: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIzZjFiN2E1MiJ9.c2lnbmF0dXJl
    header:
      description: The request header to send the token in.
      type: str
      sample: X-Moltin-Customer-Token
    customer_id:
      description: Id of the customer, for C(/v2/customers/{customer_id}).
      type: str
      sample: 3f1b7a52-6c2e-4d9a-8b1e-5a7c9d0e2f41
    token_id:
      description: Id of the token object of the answer.
      type: str
      sample: 6b0f1d2e-4c3a-4b5d-9e8f-7a6b5c4d3e2f
    expires_at:
      description: When the token expires, in epoch seconds (24 hours after login).
      type: int
      sample: 1795478400
    expires_in:
      description: Seconds the token is still valid.
      type: int
      sample: 86400
    principal:
      description: C(customer:<email>).
      type: str
      sample: customer:shopper@example.com
    api:
      description: Which API the token is for.
      type: str
      sample: commerce
    base_url:
      description: The API base URL the token belongs to.
      type: str
      sample: https://euwest.api.elasticpath.com
    origin:
      description: Scheme, host and port of the base URL.
      type: str
      sample: https://euwest.api.elasticpath.com:443
account_member_tokens:
  description: One token per account the member belongs to, each with the header that carries it.
  returned: when O(account_member) is given
  type: list
  elements: dict
  contains:
    token:
      description: The account management authentication token.
      type: str
      sample: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhY2NvdW50X2lkIjoiNWU4YTFjM2IifQ.c2lnbmF0dXJl
    header:
      description: The request header to send the token in.
      type: str
      sample: EP-Account-Management-Authentication-Token
    account_id:
      description: Id of the account the token acts for, for C(/v2/accounts/{account_id}).
      type: str
      sample: 5e8a1c3b-7d2f-4a9e-b6c4-3f1d8e0a2b57
    account_name:
      description: Name of that account.
      type: str
      sample: Example Trading Ltd
    account_member_id:
      description: Id of the account member.
      type: str
      sample: 9a2c4e6f-1b3d-4f5a-8c7e-0d2b4a6c8e10
    expires_at:
      description: When the token expires, in epoch seconds (from the ISO-8601 C(expires) of the answer).
      type: int
      sample: 1795478400
    expires_in:
      description: Seconds the token is still valid.
      type: int
      sample: 86400
    principal:
      description: C(account_member:<username>).
      type: str
      sample: account_member:member@example.com
    api:
      description: Which API the token is for.
      type: str
      sample: commerce
    base_url:
      description: The API base URL the token belongs to.
      type: str
      sample: https://euwest.api.elasticpath.com
    origin:
      description: Scheme, host and port of the base URL.
      type: str
      sample: https://euwest.api.elasticpath.com:443
ansible_facts:
  description: The same dict under the name O(fact_name).
  returned: success
  type: dict
  sample: {"commerce_token": {"token": "xa3521ca621113e44eeed9232fa3e54571cb08bc", "grant_type": "client_credentials"}}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.commerceops.api.plugins.module_utils.providers import elasticpath
from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError
from ansible_collections.commerceops.api.plugins.module_utils.obtain import (
    COMMERCE_ARGS, FORCE_ARGS, SHARED_ARGS, commerce_base_url, commerce_grant, commerce_store_token,
)
from ansible_collections.commerceops.api.plugins.module_utils.core.token_cache import is_refusal
from ansible_collections.commerceops.api.plugins.module_utils.core.token_module import (
    USER_ERRORS, check_fact_name, exit_with_token, fail, http_client, token_cache,
)

ARGUMENT_SPEC = dict(
    COMMERCE_ARGS,
    customer=dict(type='dict', options=dict(
        email=dict(type='str', required=True),
        password=dict(type='str', required=True, no_log=True),
    )),
    account_member=dict(type='dict', options=dict(
        password_profile_id=dict(type='str', required=True),
        username=dict(type='str', required=True),
        password=dict(type='str', required=True, no_log=True),
    )),
    fact_name=dict(type='str', default='commerce_token'),
    **dict(FORCE_ARGS, **SHARED_ARGS)
)

# The title Elastic Path gives a 401 caused by the store token rather than by the shopper's login.
STALE_STORE_TOKEN = 'Unable to validate access token'


def secrets_of(params):
    """Every secret value among the options, for redaction."""
    values = [params['client_secret']]
    for name in ('customer', 'account_member'):
        if params[name]:
            values.append(params[name]['password'])
    return [value for value in values if value]


def check_params(params):
    """Checks the argument spec cannot express; a ValueError names the option."""
    # A null client_id passes the argument spec (the option counts as given).
    if not (params['client_id'] or '').strip():
        raise ValueError('client_id must not be empty')
    for name in ('customer', 'account_member'):
        for field, value in sorted((params[name] or {}).items()):
            if not value:
                raise ValueError('%s.%s must not be empty' % (name, field))
    check_fact_name(params['fact_name'])


def shopper_key(base_url, client_id, principal, *more):
    # One host serves many stores: the client id tells whose shopper it is.
    return (elasticpath.API, base_url, principal, 'client:%s' % client_id) + more


def stale_store_token(error):
    """Whether a shopper login failed because the (cached) store token was refused, not the login."""
    return (isinstance(error, ApiError) and error.status == 401
            and (error.vendor_message or '').startswith(STALE_STORE_TOKEN))


def commerce_tokens(params):
    """The result dict: the store token, plus the implicit and shopper tokens when shopper logins are asked for."""
    check_params(params)
    base_url = commerce_base_url(params)
    grant_type = commerce_grant(params)
    client = http_client(params, elasticpath.API, elasticpath.region_of(base_url), secrets=secrets_of(params))
    cache = token_cache(params)
    client_id = params['client_id']
    leeway = params['leeway']

    # The store tokens go through obtain.py, so the lookup and bearer_uri share their cache entries.
    store = commerce_store_token(params, client, cache, grant_type)
    if not params['customer'] and not params['account_member']:
        return store.to_result()

    implicit = store if grant_type == 'implicit' else commerce_store_token(params, client, cache, 'implicit')

    def shopper(key, material, fetch):
        """A shopper token (or list) from the cache or ``fetch(implicit token)``.

        When the store token is refused (a cached one revoked, or one of a reset store), it is replaced once.
        """

        def attempt():
            nonlocal implicit
            try:
                return fetch(implicit)
            except ApiError as error:
                if not stale_store_token(error):
                    raise
            implicit = commerce_store_token(params, client, cache, 'implicit', stale_value=implicit.value)
            return fetch(implicit)

        # A shopper's refused login is remembered like any refused credential; a refused store token is not
        # the shopper's fault.
        return cache.get_or_fetch(key, material, attempt, leeway=leeway, force=params['force'],
                                  refused=lambda error: is_refusal(error) and not stale_store_token(error))

    shoppers = {}
    customer = params['customer']
    if customer:
        token = shopper(
            shopper_key(base_url, client_id, 'customer:%s' % customer['email']), customer['password'],
            lambda bearer: elasticpath.fetch_customer_token(client, base_url, bearer, customer['email'], customer['password']))
        shoppers['customer_token'] = token.to_result()
    member = params['account_member']
    if member:
        tokens = shopper(
            shopper_key(base_url, client_id, 'account_member:%s' % member['username'], member['password_profile_id']),
            member['password'],
            lambda bearer: elasticpath.fetch_account_member_tokens(client, base_url, bearer, member['password_profile_id'],
                                                                   member['username'], member['password']))
        shoppers['account_member_tokens'] = [token.to_result() for token in tokens]
    # A replaced implicit token replaces the top level too when that is the implicit token.
    result = (implicit if grant_type == 'implicit' else store).to_result()
    result['implicit_token'] = implicit.to_result()
    result.update(shoppers)
    return result


def main():
    module = AnsibleModule(
        argument_spec=ARGUMENT_SPEC,
        mutually_exclusive=[('base_url', 'region')],
        supports_check_mode=True,
    )
    try:
        result = commerce_tokens(module.params)
    except USER_ERRORS as error:
        fail(module, error, secrets_of(module.params))
    exit_with_token(module, result, module.params['fact_name'])


if __name__ == '__main__':
    main()
