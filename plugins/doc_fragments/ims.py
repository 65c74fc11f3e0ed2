# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """Adobe IMS server-to-server credential and the Commerce REST base URL its token is for."""

    DOCUMENTATION = r'''
options:
  base_url:
    description:
      - The Commerce REST base URL the token is for, the only origin it is sent to. For Adobe Commerce as a Cloud
        Service C(https://<region>.api.commerce.adobe.com/<tenant_id>) as shown in the instance details; for PaaS with
        Admin IMS the store's C(https://<host>/rest) URL.
    type: str
    required: true
  client_id:
    description:
      - Client id of the OAuth server-to-server credential (Adobe Developer Console). Also sent as C(x-api-key).
    type: str
    required: true
  client_secret:
    description:
      - Client secret of that credential.
    type: str
    required: true
  scopes:
    description:
      - Scopes to ask for; sent comma-separated as IMS wants them.
      - The default is the list Adobe names as required for the Commerce REST API.
    type: list
    elements: str
    default: [AdobeID, openid, email, profile, additional_info.roles, additional_info.projectedProductContext, commerce.accs]
  ims_url:
    description:
      - Base URL of Adobe IMS; the token comes from C(<ims_url>/ims/token/v3).
    type: str
    default: https://ims-na1.adobelogin.com
  org_id:
    description:
      - IMS organization id (C(...@AdobeOrg)). When given, requests also carry it as C(x-gw-ims-org-id).
    type: str
'''
