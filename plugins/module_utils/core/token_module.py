# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the token modules share: option specs, building the client and cache, and shaping the result.

The specs here match the doc fragments ``commerceops.api.connection`` and ``commerceops.api.cache``.
"""

from __future__ import annotations

import re

from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError, redact, userinfo_parts
from ansible_collections.commerceops.api.plugins.module_utils.core.http_client import MAX_RETRIES, MAX_RETRY_WAIT, HttpClient
from ansible_collections.commerceops.api.plugins.module_utils.core.token_cache import CacheError, TokenCache

CONNECTION_ARGS = dict(
    timeout=dict(type='int', default=30),
    validate_certs=dict(type='bool', default=True),
    ca_path=dict(type='path'),
    client_cert=dict(type='path'),
    client_key=dict(type='path'),
    use_proxy=dict(type='bool', default=True),
    retries=dict(type='int', default=3),
    max_retry_wait=dict(type='float', default=60.0),
)

CACHE_ARGS = dict(
    cache=dict(type='bool', default=True),
    cache_dir=dict(type='path'),
    leeway=dict(type='int', default=60),
)

# Errors a user can cause; each becomes one line in fail_json, never a traceback.
USER_ERRORS = (ApiError, CacheError, ValueError)

# What every front end (the modules, the token lookup, bearer_uri) says, once per task, when
# validate_certs is false: the credentials and tokens then go to whoever answers.
UNVERIFIED_TLS_WARNING = ('validate_certs is false: the TLS certificates of the servers are not verified, so credentials '
                          'and tokens may go to an impostor; give ca_path to trust a private CA instead')

_FACT_NAME = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*$')


def check_connection_params(params):
    """Range checks the argument spec cannot express; raise ValueError naming the option."""
    if params['timeout'] <= 0:
        raise ValueError('timeout must be a positive number of seconds, got %s' % params['timeout'])
    if not 0 <= params['retries'] <= MAX_RETRIES:
        raise ValueError('retries must be between 0 and %d, got %s' % (MAX_RETRIES, params['retries']))
    if not 0 <= params['max_retry_wait'] <= MAX_RETRY_WAIT:
        raise ValueError('max_retry_wait must be between 0 and %g seconds, got %s' % (MAX_RETRY_WAIT, params['max_retry_wait']))
    if params.get('leeway') is not None and params['leeway'] < 0:
        raise ValueError('leeway must be 0 or more, got %s' % params['leeway'])


# The clients of this process by connection settings: a task's token request and its resource requests
# (and the items of a loop) go through one client.
_CLIENTS = {}


def http_client(params, api, environment=None, secrets=()):
    """The shared HTTP client configured from the connection options (one per distinct setting per process)."""
    check_connection_params(params)
    settings = tuple(params[name] for name in CONNECTION_ARGS) + (api, environment)
    client = _CLIENTS.get(settings)
    if client is None:
        client = _CLIENTS[settings] = HttpClient(
            timeout=params['timeout'],
            validate_certs=params['validate_certs'],
            ca_path=params['ca_path'],
            client_cert=params['client_cert'],
            client_key=params['client_key'],
            use_proxy=params['use_proxy'],
            retries=params['retries'],
            max_retry_wait=params['max_retry_wait'],
            api=api,
            environment=environment,
        )
    client.register_secret(*secrets)
    return client


# The caches of this process by directory: the directory checks and the salt are read once.
_CACHES = {}


def token_cache(params):
    """The token cache as the cache options ask for (a disabled cache just fetches)."""
    cache = TokenCache(cache_dir=params['cache_dir'], enabled=params['cache'])
    return _CACHES.setdefault((cache.cache_dir, cache.enabled), cache)


def warn_if_unverified(module):
    """Warn (once: call it only where the module ends) when the task turned certificate checks off."""
    if module.params.get('validate_certs') is False:
        module.warn(UNVERIFIED_TLS_WARNING)


def fail(module, error, secrets=()):
    """End the module with one redacted line and the error's fields."""
    warn_if_unverified(module)
    # A URL option with user info is refused; the invocation shows the options, so mask what it carries.
    for name in ('base_url', 'url'):
        module.no_log_values.update(userinfo_parts(module.params.get(name)))
    details = error.to_dict() if isinstance(error, ApiError) else {}
    module.fail_json(msg=redact(str(error), [secret for secret in secrets if secret]), **details)


def check_fact_name(fact_name):
    """A fact name must be usable as a variable name; an empty one means "set no fact"."""
    if fact_name == '':
        return
    if fact_name is None or not _FACT_NAME.match(fact_name):
        raise ValueError('fact_name must be a valid variable name (letters, digits and _), got %r' % fact_name)


def exit_with_token(module, result, fact_name, changed=False):
    """Return the token dict as the result and, unless ``fact_name`` is empty, as the fact ``fact_name``.

    A fact goes wherever fact caching writes (jsonfile, redis, AWX fact storage): an empty name keeps the
    token in the registered result only.
    """
    warn_if_unverified(module)
    facts = {fact_name: result} if fact_name else {}
    module.exit_json(changed=changed, ansible_facts=facts, **result)
