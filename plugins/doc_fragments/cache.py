# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """Token cache options shared by the token modules and the lookup."""

    DOCUMENTATION = r'''
options:
  cache:
    description:
      - Reuse a token obtained earlier for the same API, base URL and principal while it is fresh,
        and store a new one for later tasks and runs.
      - The cache holds tokens and their expiry, never a secret. Its key includes a fingerprint of the
        secret, so a rotated secret does not reuse the old token.
      - Concurrent processes wait for one fetch instead of each requesting a token.
    type: bool
    default: true
  cache_dir:
    description:
      - Directory of the token cache. Created with mode C(0700); entries are written with mode C(0600).
      - Defaults to C($XDG_CACHE_HOME/commerceops.api/tokens), else C(~/.cache/commerceops.api/tokens),
        on the host that runs the module.
    type: path
  leeway:
    description:
      - A cached token is reused only while it is valid for more than this many seconds.
    type: int
    default: 60
'''
