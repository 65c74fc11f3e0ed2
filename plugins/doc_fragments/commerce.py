# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """Elastic Path Commerce Cloud store and client."""

    DOCUMENTATION = r'''
options:
  base_url:
    description:
      - API base URL of the store. Mutually exclusive with O(region).
    type: str
  region:
    description:
      - Region of the store. Mutually exclusive with O(base_url).
      - C(eu-west) is C(https://euwest.api.elasticpath.com), C(us-east) is C(https://useast.api.elasticpath.com).
      - When neither O(base_url) nor O(region) is given, C(eu-west) is used.
    type: str
    choices: [eu-west, us-east]
  client_id:
    description:
      - Client id of the store's application key.
    type: str
    required: true
  client_secret:
    description:
      - Client secret of the application key. Needed for the C(client_credentials) grant only.
    type: str
  grant_type:
    description:
      - C(client_credentials) gives full read and write access (back office use); C(implicit) gives shopper
        access (read live catalog data, write carts and checkout).
      - Defaults to C(client_credentials) when O(client_secret) is given, else C(implicit).
    type: str
    choices: [client_credentials, implicit]
'''
