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
      - Required unless the four values of an integration (O(consumer_key), O(consumer_secret), O(access_token),
        O(access_token_secret)) are given.
    type: str
  password:
    description:
      - Password of O(username).
      - A wrong password costs exactly one request; Magento locks an account after six failures.
    type: str
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
  consumer_key:
    description:
      - Consumer key of a Magento integration (System > Extensions > Integrations). With O(consumer_secret),
        O(access_token) and O(access_token_secret) it replaces O(username) and O(password), which are then not used.
      - Since Magento 2.4.4 every request with an integration is signed with OAuth 1.0a HMAC-SHA256; nothing is fetched.
    type: str
  consumer_secret:
    description:
      - Consumer secret of the integration.
    type: str
  access_token:
    description:
      - Access token of the integration.
    type: str
  access_token_secret:
    description:
      - Access token secret of the integration.
    type: str
  integration_as_bearer:
    description:
      - Send the integration's access token as a Bearer token instead of signing each request. Only for stores that
        set C(oauth/consumer/enable_integration_as_bearer) (off by default since 2.4.4); elsewhere the store answers
        401 "The consumer isn't authorized to access ..." as if a permission were missing.
    type: bool
    default: false
'''
