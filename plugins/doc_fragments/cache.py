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
      - The cache key covers every option that changes the token (for example the Magento store code, user type
        and body format, the EQP environment, token path and requested lifetime, the Elastic Path grant and
        region or base URL), never the connection options (timeout, retries, certificates, proxy).
      - Token lifetimes are counted on the clock of the host that runs the task, from the moment of the request
        (C(expires_in), or a JWT's C(exp) minus C(iat)); an API's absolute expiry dates are not used, so
        clocks hours apart do not make every task fetch a token. No token is kept longer than 24 hours,
        whatever the API answers.
      - A credential the API refused (HTTP 401 on the token request, a refused two-factor code included, or a
        Magento store asking for a two-factor code that the task does not give) is
        remembered in the cache for 15 minutes under the same key, never the secret itself; every later task,
        host, fork or concurrent run with the same credential fails at once with the same error, sends no
        request, and says when the credential was refused. A wrong password thus costs one sign-in per run,
        not one per host (Magento locks an account after 6). A changed secret, user or one-time code is tried
        normally. To try the same credential again sooner, run the task once with C(force=true) (token modules
        and lookup), or delete the cache directory (see O(cache_dir)).
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

    # The token modules and the lookup only (commerceops.api.cache.force): the EQP resource modules take
    # the cache options above, but "force" would read there as "deploy again".
    FORCE = r'''
options:
  force:
    description:
      - Obtain a new token even when a fresh one is cached, and replace the cache entry with it. Use it when the
        API no longer accepts a token that is still in the cache (revoked by an admin, a password change, a
        server restart); otherwise the cached token is served until it expires.
      - Also retries a credential that the API refused within the last 15 minutes (see O(cache)).
      - Each task run with V(true) requests a token (on each host where it runs; concurrent forks that force at
        the same moment share one). To renew once for a whole play, force on one task with C(run_once=true);
        the later tasks and hosts then read the new token from the cache.
      - Needs O(cache); without a cache every task requests a token anyway.
    type: bool
    default: false
'''
