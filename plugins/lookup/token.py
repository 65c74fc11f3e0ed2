# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
name: token
short_description: Obtain an API token on the controller
version_added: 0.1.0
description:
  - Returns a token of the Commerce Marketplace EQP API (C(eqp)), a Magento 2 / Adobe Commerce store (C(magento))
    or an Elastic Path Commerce Cloud store (C(commerce)), obtained on the controller with the same code as the
    modules M(commerceops.api.eqp_session_token), M(commerceops.api.magento_integration_token) and
    M(commerceops.api.commerce_token).
  - The token cache is on by default, so one run makes one token request per API, base URL and principal whatever
    the number of hosts, forks and lookups, and a second run within the token's life makes none.
  - Each option not given as a keyword comes from the Ansible variable C(commerceops_<api>_<option>), then the
    environment variable C(COMMERCEOPS_<API>_<OPTION>). Secrets are never read from C(ansible.cfg).
  - For Elastic Path this returns the store token; shopper tokens come from M(commerceops.api.commerce_token).
author:
  - commerceops.api contributors (@commerceops)
extends_documentation_fragment:
  - commerceops.api.connection
  - commerceops.api.cache
  - commerceops.api.cache.force
options:
  _terms:
    description:
      - The API, one of C(eqp), C(magento), C(commerce) or C(ims) (Adobe IMS, as M(commerceops.api.adobe_ims_token)).
        Several terms return several tokens.
    type: list
    elements: str
    required: true
  want:
    description:
      - C(token) returns the token string; C(dict) returns the dict the modules return, which
        M(commerceops.api.bearer_uri) takes as O(commerceops.api.bearer_uri#module:token) and which knows its origin.
    type: str
    choices: [token, dict]
    default: token
  base_url:
    description:
      - EQP or Elastic Path API base URL. Overrides O(environment) for EQP, O(region) for Elastic Path.
      - For C(ims), the Commerce REST base URL the IMS token is for (the only origin it goes to).
      - Falls back to the variable C(commerceops_<api>_base_url), then E(COMMERCEOPS_<API>_BASE_URL), according to the API.
    type: str
  environment:
    description:
      - EQP environment, C(sandbox) or C(production).
    type: str
    default: sandbox
    choices: [sandbox, production]
    vars:
      - name: commerceops_eqp_environment
    env:
      - name: COMMERCEOPS_EQP_ENVIRONMENT
  app_id:
    description:
      - EQP application id.
    type: str
    vars:
      - name: commerceops_eqp_app_id
    env:
      - name: COMMERCEOPS_EQP_APP_ID
  app_secret:
    description:
      - EQP application secret.
    type: str
    vars:
      - name: commerceops_eqp_app_secret
    env:
      - name: COMMERCEOPS_EQP_APP_SECRET
  expires_in:
    description:
      - Requested EQP token lifetime in seconds; the server lowers it to its maximum.
    type: int
    vars:
      - name: commerceops_eqp_expires_in
    env:
      - name: COMMERCEOPS_EQP_EXPIRES_IN
  token_path:
    description:
      - Path of the EQP token endpoint.
    type: str
    default: /rest/v1/app/session/token
    vars:
      - name: commerceops_eqp_token_path
    env:
      - name: COMMERCEOPS_EQP_TOKEN_PATH
  url:
    description:
      - Magento store base URL; a trailing C(/index.php) or C(/rest) is accepted.
    type: str
    vars:
      - name: commerceops_magento_url
    env:
      - name: COMMERCEOPS_MAGENTO_URL
  store_code:
    description:
      - Magento store view code put after C(/rest/).
    type: str
    vars:
      - name: commerceops_magento_store_code
    env:
      - name: COMMERCEOPS_MAGENTO_STORE_CODE
  user_type:
    description:
      - Magento user type.
    type: str
    default: admin
    choices: [admin, customer]
    vars:
      - name: commerceops_magento_user_type
    env:
      - name: COMMERCEOPS_MAGENTO_USER_TYPE
  username:
    description:
      - Magento admin user name or customer e-mail address.
    type: str
    vars:
      - name: commerceops_magento_username
    env:
      - name: COMMERCEOPS_MAGENTO_USERNAME
  password:
    description:
      - Magento password. A wrong one costs exactly one request.
    type: str
    vars:
      - name: commerceops_magento_password
    env:
      - name: COMMERCEOPS_MAGENTO_PASSWORD
  otp:
    description:
      - A current Magento admin two-factor code. Mutually exclusive with O(otp_secret).
    type: str
    vars:
      - name: commerceops_magento_otp
    env:
      - name: COMMERCEOPS_MAGENTO_OTP
  otp_secret:
    description:
      - The Magento admin's base32 Google Authenticator secret; the code is computed when needed.
    type: str
    vars:
      - name: commerceops_magento_otp_secret
    env:
      - name: COMMERCEOPS_MAGENTO_OTP_SECRET
  body_format:
    description:
      - Body format of the Magento token request.
    type: str
    default: json
    choices: [json, xml]
    vars:
      - name: commerceops_magento_body_format
    env:
      - name: COMMERCEOPS_MAGENTO_BODY_FORMAT
  token_lifetime:
    description:
      - Seconds a Magento token that is not a JWT is taken to live (a JWT's C(exp) wins).
    type: int
    default: 3600
    vars:
      - name: commerceops_magento_token_lifetime
    env:
      - name: COMMERCEOPS_MAGENTO_TOKEN_LIFETIME
  consumer_key:
    description:
      - Consumer key of a Magento integration. With the three values below it replaces O(username) and O(password);
        nothing is fetched, O(want=token) returns the access token and O(want=dict) a credential dict without secrets,
        which M(commerceops.api.bearer_uri) takes to sign each request.
    type: str
    vars:
      - name: commerceops_magento_consumer_key
    env:
      - name: COMMERCEOPS_MAGENTO_CONSUMER_KEY
  consumer_secret:
    description:
      - Consumer secret of the Magento integration.
    type: str
    vars:
      - name: commerceops_magento_consumer_secret
    env:
      - name: COMMERCEOPS_MAGENTO_CONSUMER_SECRET
  access_token:
    description:
      - Access token of the Magento integration.
    type: str
    vars:
      - name: commerceops_magento_access_token
    env:
      - name: COMMERCEOPS_MAGENTO_ACCESS_TOKEN
  access_token_secret:
    description:
      - Access token secret of the Magento integration.
    type: str
    vars:
      - name: commerceops_magento_access_token_secret
    env:
      - name: COMMERCEOPS_MAGENTO_ACCESS_TOKEN_SECRET
  integration_as_bearer:
    description:
      - Whether a Magento integration's access token is sent as a Bearer token (stores that set
        C(oauth/consumer/enable_integration_as_bearer)) rather than each request being signed.
    type: bool
    default: false
    vars:
      - name: commerceops_magento_integration_as_bearer
    env:
      - name: COMMERCEOPS_MAGENTO_INTEGRATION_AS_BEARER
  region:
    description:
      - Elastic Path region, used when O(base_url) is not given (C(eu-west) when neither is).
    type: str
    choices: [eu-west, us-east]
    vars:
      - name: commerceops_commerce_region
    env:
      - name: COMMERCEOPS_COMMERCE_REGION
  client_id:
    description:
      - Elastic Path client id, or the Adobe IMS credential's client id.
      - Falls back to the variable C(commerceops_commerce_client_id) or C(commerceops_ims_client_id), then
        E(COMMERCEOPS_COMMERCE_CLIENT_ID) or E(COMMERCEOPS_IMS_CLIENT_ID), according to the API.
    type: str
  client_secret:
    description:
      - Elastic Path client secret (for the C(client_credentials) grant), or the Adobe IMS credential's client secret.
      - Falls back to the variable C(commerceops_commerce_client_secret) or C(commerceops_ims_client_secret), then
        E(COMMERCEOPS_COMMERCE_CLIENT_SECRET) or E(COMMERCEOPS_IMS_CLIENT_SECRET), according to the API.
    type: str
  scopes:
    description:
      - Adobe IMS scopes, a list or a comma-separated string; the default is the list Adobe names as required
        for the Commerce REST API.
    type: list
    elements: str
    default: [AdobeID, openid, email, profile, additional_info.roles, additional_info.projectedProductContext, commerce.accs]
    vars:
      - name: commerceops_ims_scopes
    env:
      - name: COMMERCEOPS_IMS_SCOPES
  ims_url:
    description:
      - Base URL of Adobe IMS.
    type: str
    default: https://ims-na1.adobelogin.com
    vars:
      - name: commerceops_ims_ims_url
    env:
      - name: COMMERCEOPS_IMS_IMS_URL
  org_id:
    description:
      - Adobe IMS organization id, sent as C(x-gw-ims-org-id) by M(commerceops.api.bearer_uri).
    type: str
    vars:
      - name: commerceops_ims_org_id
    env:
      - name: COMMERCEOPS_IMS_ORG_ID
  grant_type:
    description:
      - Elastic Path grant; C(client_credentials) when a secret is given, else C(implicit).
    type: str
    choices: [client_credentials, implicit]
    vars:
      - name: commerceops_commerce_grant_type
    env:
      - name: COMMERCEOPS_COMMERCE_GRANT_TYPE
notes:
  - Lookups run on the controller, so the cache lives in the controller user's cache directory.
  - The token is a secret. Do not print it; use it in tasks with C(no_log) or hand the dict to M(commerceops.api.bearer_uri).
seealso:
  - module: commerceops.api.eqp_session_token
  - module: commerceops.api.magento_integration_token
  - module: commerceops.api.commerce_token
  - module: commerceops.api.adobe_ims_token
'''

EXAMPLES = r'''
- name: Call the EQP API with a token from the inventory's credentials (commerceops_eqp_* variables)
  ansible.builtin.uri:
    url: "{{ commerceops_eqp_base_url }}/rest/v1/users/MAG123456789"
    headers:
      Authorization: "Bearer {{ lookup('commerceops.api.token', 'eqp') }}"
  no_log: true

- name: A Magento admin token, with the two-factor secret
  ansible.builtin.set_fact:
    magento_admin_token: >-
      {{ lookup('commerceops.api.token', 'magento', url='http://127.0.0.1:18083', username='admin',
                password=magento_admin_password, otp_secret=magento_admin_otp_secret) }}
  no_log: true

- name: The Elastic Path token as a dict that knows its origin
  ansible.builtin.set_fact:
    store_token: "{{ lookup('commerceops.api.token', 'commerce', want='dict') }}"
  no_log: true
'''

RETURN = r'''
_raw:
  description:
    - One token per term, a string, or with O(want=dict) the dict returned by the token modules
      (C(token), C(api), C(base_url), C(origin), C(principal), C(expires_at), C(expires_in) and API details).
  type: list
  elements: raw
'''

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

from ansible_collections.commerceops.api.plugins.module_utils.core.errors import redact
from ansible_collections.commerceops.api.plugins.module_utils.obtain import (
    API_ARGS, API_NAMES, FORCE_ARGS, SECRET_OPTIONS, SHARED_ARGS, checked_secret, obtain_token, secrets_of,
)
from ansible_collections.commerceops.api.plugins.module_utils.core.token_module import UNVERIFIED_TLS_WARNING, USER_ERRORS
from ansible_collections.commerceops.api.plugins.plugin_utils.variables import options_from_vars, variable_name

display = Display()

# Every keyword the lookup takes: the options of the three APIs, the shared ones, and its own.
API_OPTIONS = frozenset([name for names in API_ARGS.values() for name in names] + list(SHARED_ARGS) + list(FORCE_ARGS) + ['want'])


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        # Variables reach lookups unrendered. Render only the option variables of the APIs asked for:
        # keyword values are final already, and rendering them again could evaluate a secret as a template.
        # Render only what the keywords leave open, looked up by name: walking all of ``variables``
        # would render every variable of the host, and each render can be costly (lookups, files).
        variables = variables or {}
        # A misspelt keyword would otherwise be ignored, and the token fetched without it.
        unknown = sorted(set(kwargs) - API_OPTIONS)
        if unknown:
            raise AnsibleLookupError('commerceops.api.token: unknown keyword%s %s; the options are %s'
                                     % ('s' if len(unknown) > 1 else '', ', '.join(unknown), ', '.join(sorted(API_OPTIONS))))
        wanted = [variable_name(api, option) for api in terms if api in API_ARGS for option in API_ARGS[api] if option not in kwargs]
        variables = dict((name, self._templar.template(variables[name])) for name in wanted if name in variables)
        self._check_secret_types(terms, variables, kwargs)
        self.set_options(var_options=variables, direct=kwargs)
        if self.get_option('validate_certs') is False:
            # Once per lookup, whatever the number of terms, and before a failure can hide it.
            display.warning(UNVERIFIED_TLS_WARNING)
        results = []
        for api in terms:
            if api not in API_NAMES:
                raise AnsibleLookupError('commerceops.api.token: the term must name an API (%s), got %r' % (', '.join(API_NAMES), api))
            options = self._options_for(api, variables)
            try:
                token = obtain_token(api, options)
            except USER_ERRORS as error:
                raise AnsibleLookupError('commerceops.api.token: %s' % redact(str(error), secrets_of(api, options)))
            result = token.to_result() if self.get_option('want') == 'dict' else token.value
            if isinstance(result, dict) and token.extra.get('auth_type'):
                # A Magento integration: the dict names the credential; bearer_uri finds its secrets itself.
                del result['token']
            results.append(result)
        return results

    @staticmethod
    def _check_secret_types(terms, variables, kwargs):
        """Refuse a secret of the wrong type here: ansible-core's own type check would print its value."""
        given = [(name, value, name) for name, value in kwargs.items() if name in SECRET_OPTIONS]
        given.extend((name, variables[variable_name(api, name)], variable_name(api, name))
                     for api in terms if api in API_ARGS for name in SECRET_OPTIONS.intersection(API_ARGS[api])
                     if variables.get(variable_name(api, name)) is not None)
        for name, value, source in given:
            try:
                checked = checked_secret(name, value)
            except ValueError as error:
                raise AnsibleLookupError('commerceops.api.token: %s%s' % (error, '' if source == name else ' (from %s)' % source)) from None
            if source == name:
                kwargs[name] = checked
            else:
                variables[source] = checked

    def _options_for(self, api, variables):
        """The options of ``api`` (and the shared ones) from keywords, variables and the environment."""
        names = list(API_ARGS[api]) + list(SHARED_ARGS) + list(FORCE_ARGS)
        options = dict((name, self.get_option(name)) for name in names)
        # base_url, client_id and client_secret are shared by several APIs, so their variables depend on the term: they cannot
        # be declared in the documentation's vars/env sources like the others.
        fallback = options_from_vars(api, variables)
        for name, value in fallback.items():
            if options.get(name) is None:
                options[name] = value
        return options
