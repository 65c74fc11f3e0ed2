# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """EQP resource modules: a session token dict, or the key to obtain one."""

    DOCUMENTATION = r'''
options:
  token:
    description:
      - The session token dict returned by M(commerceops.api.eqp_session_token), or by the
        C(commerceops.api.token) lookup with C(want=dict).
      - Requests go to the token's base URL. O(base_url) and O(environment), when given, must match it.
      - Mutually exclusive with O(app_id) and O(app_secret). When neither is given, the credentials
        are read from E(COMMERCEOPS_EQP_APP_ID) and E(COMMERCEOPS_EQP_APP_SECRET).
    type: dict
  environment:
    description:
      - The EQP environment. C(sandbox) is C(https://commercedeveloper-sandbox-api.adobe.com),
        C(production) is C(https://commercedeveloper-api.adobe.com).
      - With credentials it defaults to C(sandbox). With O(token) it is checked against the token's environment.
    type: str
    choices: [sandbox, production]
  base_url:
    description:
      - Base URL of the API, overriding O(environment), for example the legacy hosts
        C(https://developer-stg-api.magento.com) and C(https://developer-api.magento.com), or a local emulator.
      - O(environment) still names the environment in messages and results.
    type: str
  app_id:
    description:
      - Application id of the API access key, used to obtain a session token (through the token cache).
      - Read from the environment variable E(COMMERCEOPS_EQP_APP_ID) when neither this nor O(token) is given.
      - Mutually exclusive with O(token).
    type: str
  app_secret:
    description:
      - Application secret of the API access key.
      - Read from the environment variable E(COMMERCEOPS_EQP_APP_SECRET) when neither this nor O(token) is given.
      - Mutually exclusive with O(token).
    type: str
  expires_in:
    description:
      - Requested lifetime in seconds of a session token obtained from the credentials.
    type: int
  token_path:
    description:
      - Path of the session token endpoint below O(base_url), used with the credentials.
    type: str
    default: /rest/v1/app/session/token
'''
