# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """Commerce Marketplace EQP credentials and endpoint."""

    DOCUMENTATION = r'''
options:
  environment:
    description:
      - The EQP environment. C(sandbox) is C(https://commercedeveloper-sandbox-api.adobe.com),
        C(production) is C(https://commercedeveloper-api.adobe.com).
      - Keys, tokens and packages of one environment are unknown to the other.
    type: str
    choices: [sandbox, production]
    default: sandbox
  base_url:
    description:
      - Base URL of the API, overriding O(environment), for example the legacy hosts
        C(https://developer-stg-api.magento.com) and C(https://developer-api.magento.com), or a local emulator.
      - O(environment) still names the environment in messages and results.
    type: str
  app_id:
    description:
      - Application id of the API access key.
      - Required. Read from the environment variable E(COMMERCEOPS_EQP_APP_ID) when not given; when neither
        gives it, the error names both.
    type: str
  app_secret:
    description:
      - Application secret of the API access key.
      - Required. Read from the environment variable E(COMMERCEOPS_EQP_APP_SECRET) when not given; when neither
        gives it, the error names both.
    type: str
'''
