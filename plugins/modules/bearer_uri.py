#!/usr/bin/python
# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# The action plugin plugins/action/bearer_uri.py does the work; this file documents it.

from __future__ import annotations

DOCUMENTATION = r'''
module: bearer_uri
short_description: Call an EQP, Magento or Elastic Path REST API with a token, as ansible.builtin.uri does
version_added: 0.1.0
description:
  - Takes every option of M(ansible.builtin.uri) and returns the same result, with the token of a commerce API added
    to the request. Pass either O(token), a token you have, or O(auth), credentials to obtain one on the
    controller through the token cache, so that a run over many hosts makes one token request.
  - The token is sent in C(Authorization) (C(<auth_scheme> <token>)), or in the header a token dict names (Elastic
    Path shopper tokens travel in C(X-Moltin-Customer-Token) or C(EP-Account-Management-Authentication-Token)). It is
    never sent again after a redirect, which may lead to another server.
  - A token dict from a C(commerceops.api) token module or lookup knows its origin (scheme, host and port). Sending it
    to another origin fails unless O(allow_other_origin=true); a sandbox token never reaches production by accident.
    A plain string token has no origin and goes wherever O(url) points.
  - "When the server answers HTTP 401 to a token from O(auth), or to a token dict whose API's credentials are set in
    the play's C(commerceops_<api>_*) variables for the same origin (for example C(commerceops_eqp_app_id),
    C(commerceops_eqp_app_secret) and C(commerceops_eqp_base_url)), the action drops the token, obtains one new token
    and sends the request once more. A second 401 is returned as M(ansible.builtin.uri) returns it."
  - Answers 429, 502, 503 and 504 and requests that failed to connect are retried (O(retries)), after the server's
    C(Retry-After) or an exponential backoff with jitter, for idempotent methods only unless O(retry_unsafe=true).
    A status listed in O(status_code) is not retried.
  - When the task runs on the controller (connection C(local), which includes C(delegate_to=localhost)) without
    C(become), C(async) or a task C(environment), and without the options that need files or sockets on the
    target (O(dest), O(creates), O(removes), O(src), O(unix_socket), O(use_gssapi) and the file options), the
    request is made in the controller's process with the same HTTP library M(ansible.builtin.uri) uses, and no module
    is shipped, which is much faster. Otherwise M(ansible.builtin.uri) runs on the target with the header added.
    Both paths return the same keys; O(fast_path=false) forces the second.
  - The token, and the secrets of O(auth), never appear in the result, its C(invocation), warnings or errors.
    A ~/.netrc entry for the host is never used.
author:
  - commerceops.api contributors (@commerceops)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - ansible.builtin.files
attributes:
  action:
    support: full
  action_group:
    description:
      - Use C(group/commerceops.api.eqp), C(group/commerceops.api.magento), C(group/commerceops.api.commerce),
        C(group/commerceops.api.ims) or C(group/commerceops.api.all) in C(module_defaults) to set O(retries), O(validate_certs), O(ca_path) and the
        other connection options once for the token modules and this action.
      - Options of the token modules that a group sets and this action does not take (O(ignore:base_url),
        O(ignore:app_secret), ...) are left to the modules. O(auth) and O(token) are set with the action's own
        name, C(commerceops.api.bearer_uri), in C(module_defaults).
    support: full
    membership:
      - commerceops.api.eqp
      - commerceops.api.magento
      - commerceops.api.commerce
      - commerceops.api.ims
      - commerceops.api.all
  async:
    support: full
    details: An async task runs M(ansible.builtin.uri) on the target, without retries and without renewing the token.
  bypass_host_loop:
    support: none
  check_mode:
    support: partial
    details:
      - C(GET), C(HEAD) and C(OPTIONS) requests are sent in check mode, since they change nothing and later tasks may
        need their answer. Other methods are skipped, as M(ansible.builtin.uri) skips every request.
  diff_mode:
    support: none
  platform:
    platforms: posix
options:
  url:
    description:
      - HTTP or HTTPS URL of the request.
    type: str
    required: true
  token:
    description:
      - The token to send. Either a string, or the dict returned by a C(commerceops.api) token module
        (M(commerceops.api.eqp_session_token), M(commerceops.api.magento_integration_token),
        M(commerceops.api.commerce_token)) or by the C(commerceops.api.token) lookup.
      - A dict carries its origin and the header it goes in; a string is sent in C(Authorization) to any URL.
      - The credential dict of a Magento integration (C(auth_type) C(oauth1)) holds no secret; every request is then
        signed with OAuth 1.0a HMAC-SHA256, with the four values from the C(commerceops_magento_*) variables (or
        E(COMMERCEOPS_MAGENTO_*)), which must be of the integration the dict names.
      - An IMS token dict (M(commerceops.api.adobe_ims_token)) also sends C(x-api-key) and, with an org, C(x-gw-ims-org-id).
      - Mutually exclusive with O(auth); one of the two is required.
    type: raw
  auth:
    description:
      - Credentials to obtain the token with, on the controller and through the token cache.
      - "A dict with C(api) (C(eqp), C(magento), C(commerce) or C(ims)) and the options of that API's token module: C(eqp):
        C(environment), C(base_url), C(app_id), C(app_secret), C(expires_in), C(token_path); C(magento): C(url),
        C(store_code), C(user_type), C(username), C(password), C(otp), C(otp_secret), C(body_format),
        C(token_lifetime), or a Magento integration's C(consumer_key), C(consumer_secret), C(access_token),
        C(access_token_secret) and C(integration_as_bearer); C(commerce): C(base_url), C(region), C(grant_type), C(client_id), C(client_secret);
        C(ims) (M(commerceops.api.adobe_ims_token)): C(base_url), C(client_id), C(client_secret), C(scopes), C(ims_url), C(org_id).
        An IMS token is sent with C(x-api-key) (and C(x-gw-ims-org-id) when C(org_id) is set), only to C(base_url)'s origin.
        The cache options C(cache), C(cache_dir), C(leeway) and C(force) (a new token even when the cache holds a
        fresh one, or forgets a remembered refusal) and the connection options C(retries) and
        C(max_retry_wait) of the token request may be given too."
      - Options it leaves out are taken from the variables C(commerceops_<api>_<option>), else from the environment
        variables C(COMMERCEOPS_<API>_<OPTION>). The connection options O(timeout), O(validate_certs), O(ca_path),
        O(client_cert), O(client_key) and O(use_proxy) of the task also apply to the token request.
      - Mutually exclusive with O(token); one of the two is required.
    type: dict
  auth_scheme:
    description:
      - The scheme written before the token in the C(Authorization) header. An empty string sends the token alone.
      - Not used for tokens that travel in another header.
    type: str
    default: Bearer
  allow_other_origin:
    description:
      - Send a token dict (or a token from O(auth)) to a URL whose scheme, host or port differs from the token's.
    type: bool
    default: false
  query:
    description:
      - A JMESPath expression applied to the JSON body of the answer; its value is returned as RV(query).
      - The task fails when the answer has no JSON body. Needs the C(jmespath) Python library on the controller.
    type: str
  retries:
    description:
      - How many times to retry after an answer 429, 502, 503 or 504 or a failure to connect (0 to 10).
      - "Only for idempotent methods (C(GET), C(HEAD), C(PUT), C(DELETE), C(OPTIONS)) unless O(retry_unsafe=true);
        a refused connection, which sent nothing, is retried whatever the method."
    type: int
    default: 3
  retry_delay:
    description:
      - Base of the exponential backoff in seconds (0 to 60), used when the server sends no C(Retry-After); the
        n-th wait is at most O(retry_delay) times 2 to the power n-1, and at most 30 seconds.
    type: float
    default: 1.0
  max_retry_wait:
    description:
      - Cap, in seconds, on the total time spent waiting between the attempts of one request (0 to 600).
      - A C(Retry-After) longer than what is left ends the retries. A C(Retry-After) that is neither whole
        seconds nor an HTTP date is ignored and the backoff applies.
    type: float
    default: 60.0
  retry_unsafe:
    description:
      - Retry C(POST) and C(PATCH) requests too. Only for requests the server treats as idempotent.
    type: bool
    default: false
  fast_path:
    description:
      - Make the request in the controller's process when the task runs on the controller (see the description).
      - Set to V(false) to always run M(ansible.builtin.uri) instead.
    type: bool
    default: true
  method:
    description:
      - The HTTP method of the request, one word such as C(GET), C(POST), C(PUT), C(PATCH) or C(DELETE).
    type: str
    default: GET
  body:
    description:
      - The body of the request, encoded as O(body_format) says.
    type: raw
  body_format:
    description:
      - How O(body) is encoded. V(json) encodes a data structure as JSON (a string is sent as it is) and sets
        C(Content-Type) to C(application/json) unless O(headers) sets it.
      - V(form-urlencoded) encodes a dict or a list of pairs (a list value repeats its key) and sets
        C(Content-Type) to C(application/x-www-form-urlencoded) unless O(headers) sets it.
      - "V(form-multipart) encodes a dict whose values are strings or dicts with C(content), C(filename) and
        C(mime_type), as M(ansible.builtin.uri) does; a C(filename) without C(content) is a file on the controller."
      - V(raw) sends a string as it is.
    type: str
    choices: [form-urlencoded, json, raw, form-multipart]
    default: raw
  headers:
    description:
      - Request headers. They must not set the header the token goes in.
    type: dict
    default: {}
  status_code:
    description:
      - The HTTP statuses that mean success; any other fails the task.
    type: list
    elements: int
    default: [200]
  return_content:
    description:
      - Return the body of the answer as RV(content), whatever its type.
      - A JSON body is returned as RV(json) in any case.
    type: bool
    default: false
  follow_redirects:
    description:
      - Which redirects to follow. V(safe) follows them for C(GET) and C(HEAD) only, V(all) for every method,
        V(none) never; V(urllib2) leaves the choice to the Python library. V(yes) and V(no) are old spellings
        of V(all) and V(none).
      - The token header is not sent to the target of a redirect.
    type: str
    choices: [all, 'no', none, safe, urllib2, 'yes']
    default: safe
  timeout:
    description:
      - Seconds to wait for the answer of each attempt.
    type: int
    default: 30
  validate_certs:
    description:
      - Verify the server's TLS certificate. Use O(ca_path) for a private CA rather than turning this off.
      - When it is off, the result carries a warning saying so.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file of the CA certificates that verify the server.
    type: path
  client_cert:
    description:
      - PEM file with the client certificate for mutual TLS; it may hold the key too.
    type: path
  client_key:
    description:
      - PEM file with the key of O(client_cert), when that file does not hold it.
    type: path
  use_proxy:
    description:
      - Use the proxy named by the C(https_proxy), C(http_proxy) and C(no_proxy) environment variables.
    type: bool
    default: true
  http_agent:
    description:
      - The C(User-Agent) header of the request.
    type: str
    default: ansible-httpget
  force:
    description:
      - Ask caches between here and the server not to answer from their copy.
    type: bool
    default: false
  decompress:
    description:
      - Decompress a C(gzip) encoded answer.
    type: bool
    default: true
  ciphers:
    description:
      - TLS ciphers to allow, in OpenSSL cipher list names; the system default when not set.
    type: list
    elements: str
  unredirected_headers:
    description:
      - More headers that are not sent to the target of a redirect. The token header is always among them.
    type: list
    elements: str
    default: []
  use_netrc:
    description:
      - Always V(false) here (V(true) is refused); accepted for compatibility with M(ansible.builtin.uri).
      - A C(~/.netrc) entry for the host would replace the token header with Basic credentials.
    type: bool
    default: false
  url_username:
    description:
      - Refused when set. The token is the request's credential; Basic authentication would replace it.
    type: str
    aliases: [user]
  url_password:
    description:
      - Refused when set, as O(url_username).
    type: str
    aliases: [password]
  force_basic_auth:
    description:
      - Refused when V(true), as O(url_username).
    type: bool
    default: false
  use_gssapi:
    description:
      - Use GSSAPI (Kerberos) to authenticate as well, as M(ansible.builtin.uri) does. Needs the C(gssapi) library
        where the module runs; the request is then always made by M(ansible.builtin.uri).
    type: bool
    default: false
  unix_socket:
    description:
      - Connect through this Unix domain socket on the target instead of a network connection.
    type: path
  dest:
    description:
      - Write the body of the answer to this file on the target (a directory takes the file name from the answer).
    type: path
  creates:
    description:
      - Do not send the request when this file exists on the target.
    type: path
  removes:
    description:
      - Do not send the request unless this file exists on the target.
    type: path
  src:
    description:
      - Send this file as the body. It is on the controller and copied to the target, unless O(remote_src=true).
      - Mutually exclusive with O(body).
    type: path
  remote_src:
    description:
      - O(src) is a file on the target.
    type: bool
    default: false
notes:
  - "Put C(no_log: true) on the tasks that register token dicts. The bearer_uri result itself holds no token."
  - When the play sets C(environment) for the task (a proxy, for example), the request is made by
    M(ansible.builtin.uri) so that the environment applies.
seealso:
  - module: ansible.builtin.uri
  - module: commerceops.api.eqp_session_token
  - module: commerceops.api.magento_integration_token
  - module: commerceops.api.commerce_token
'''

EXAMPLES = r'''
- name: Read the EQP profile with credentials from the inventory (the token is obtained and cached)
  commerceops.api.bearer_uri:
    url: "{{ commerceops_eqp_base_url }}/rest/v1/users/{{ commerceops_emulator.eqp.sandbox.mage_id }}"
    auth:
      api: eqp
  register: profile

- name: The same with a token dict registered earlier
  commerceops.api.bearer_uri:
    url: "{{ eqp.base_url }}/rest/v1/users/{{ eqp.mage_id }}"
    token: "{{ eqp }}"
    query: "{email: email, vendor: vendor_name}"
  register: who

- name: Update the profile (PUT with a JSON body)
  commerceops.api.bearer_uri:
    url: "{{ eqp.base_url }}/rest/v1/users/{{ eqp.mage_id }}"
    method: PUT
    token: "{{ eqp }}"
    body_format: json
    body:
      action: draft
      screen_name: danavendor
    retries: 5

- name: List Magento store configs with credentials given in the task
  commerceops.api.bearer_uri:
    url: "{{ commerceops_magento_url }}/rest/V1/store/storeConfigs"
    auth:
      api: magento
      url: "{{ commerceops_magento_url }}"
      username: "{{ commerceops_magento_username }}"
      password: "{{ commerceops_magento_password }}"
      otp_secret: "{{ commerceops_magento_otp_secret }}"
    query: "[].code"
  register: stores

- name: An Elastic Path product that may not exist
  commerceops.api.bearer_uri:
    url: "{{ commerceops_commerce_base_url }}/v2/products/{{ product_id }}"
    auth:
      api: commerce
    status_code: [200, 404]
  register: product
'''

RETURN = r'''
status:
  description: The HTTP status of the answer; -1 when no answer came.
  returned: always
  type: int
  sample: 200
url:
  description: The URL of the answer (after redirects), with any password masked.
  returned: always
  type: str
  sample: https://commercedeveloper-sandbox-api.adobe.com/rest/v1/users/MAG123456789
msg:
  description: C(OK (<length> bytes)), the HTTP error line, or why the task failed.
  returned: always
  type: str
  sample: OK (227 bytes)
json:
  description: The body of the answer, decoded, when its content type is JSON.
  returned: when the answer is JSON
  type: raw
  sample: {"mage_id": "MAG123456789", "email": "dana.vendor@example.com"}
query:
  description: The value of O(query) applied to RV(json).
  returned: when O(query) is set and the task succeeded
  type: raw
  sample: {"email": "dana.vendor@example.com", "vendor": "examplevendor"}
content:
  description: The body of the answer as text.
  returned: when O(return_content=true), and when the status was not expected with O(return_content=true)
  type: str
  sample: '{"mage_id": "MAG123456789"}'
body:
  description: The body of an error answer whose status was expected, when it was neither JSON nor asked for.
  returned: when an expected status of 300 or more answered with a body that is not JSON
  type: str
  sample: <html><head><title>404 Not Found</title></head></html>
redirected:
  description: Whether a redirect was followed.
  returned: on success
  type: bool
  sample: false
elapsed:
  description: Whole seconds the last attempt took.
  returned: on success
  type: int
  sample: 0
cookies:
  description: The cookies the server set, by name.
  returned: on a 2xx answer
  type: dict
  sample: {"session": "a1b2"}
cookies_string:
  description: The cookies the server set, as a C(Cookie) header value.
  returned: on a 2xx answer
  type: str
  sample: session=a1b2
content_type:
  description: Each header of the answer is returned under its name in lower case with C(-) written C(_); this is C(Content-Type).
  returned: when the server sent it
  type: str
  sample: application/json
location:
  description: The C(Location) header of the answer, made absolute.
  returned: when the server sent it
  type: str
  sample: https://example.com/rest/v1/products/packages/9a8b
path:
  description: The file O(dest) wrote.
  returned: when O(dest) is set
  type: str
  sample: /tmp/profile.json
'''
