# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """Magento 2 / Adobe Commerce store and user."""

    DOCUMENTATION = r'''
options:
  url:
    description:
      - Base URL of the store, for example C(https://shop.example.com). A trailing C(/index.php) or C(/rest) is accepted.
    type: str
    required: true
  store_code:
    description:
      - Store view code inserted after C(/rest/), for example C(default) or C(all) (admin scope).
      - Omit it for the default store.
    type: str
  user_type:
    description:
      - Whether O(username) is an admin user or a customer (whose user name is the e-mail address).
    type: str
    choices: [admin, customer]
    default: admin
  username:
    description:
      - Admin user name or customer e-mail address.
    type: str
    required: true
  password:
    description:
      - Password of O(username).
      - A wrong password costs exactly one request; Magento locks an account after six failures.
    type: str
    required: true
  otp:
    description:
      - A current six-digit code of the admin's Google Authenticator, when two-factor authentication is on.
      - Mutually exclusive with O(otp_secret).
    type: str
  otp_secret:
    description:
      - The admin's base32 Google Authenticator secret; the code is computed when needed.
      - Mutually exclusive with O(otp).
    type: str
'''
