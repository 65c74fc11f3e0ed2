# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the EQP resource modules authenticate: a token dict handed over by an earlier task, or the EQP
credentials turned into a token through the token cache.

``EqpAuth(params)`` checks everything it can without a request (one ValueError naming the option);
``connect()`` makes the first request and returns the EqpResources client.
"""

from __future__ import annotations

import os
import time

from ansible_collections.commerceops.api.plugins.module_utils.providers import eqp
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_resources import EqpResources
from ansible_collections.commerceops.api.plugins.module_utils.obtain import (
    EQP_ARGS, SHARED_ARGS, checked_url, complete_options, note_refused_renewal, obtain_token, secrets_of,
)
from ansible_collections.commerceops.api.plugins.module_utils.core.option_names import ENVIRONMENT, environment_name, missing_message
from ansible_collections.commerceops.api.plugins.module_utils.core.token import RESULT_KEYS, Token, url_origin
from ansible_collections.commerceops.api.plugins.module_utils.core.token_cache import CacheError
from ansible_collections.commerceops.api.plugins.module_utils.core.token_module import check_connection_params, http_client

# The credentials are optional here (a token may come instead), and environment has no default so
# that an explicit one can be checked against the token's.
AUTH_ARGS = dict(
    EQP_ARGS,
    environment=dict(type='str', choices=['sandbox', 'production']),
    app_id=dict(type='str'),
    app_secret=dict(type='str', no_log=True),
    token=dict(type='dict', no_log=True),
    **SHARED_ARGS
)


# Applied by EqpAuth rather than as argument spec fallbacks: a fallback would fill app_id from the
# environment even when a token is given, and then clash with it.
ENV_FALLBACKS = dict((name, environment_name('eqp', name)) for name in ('app_id', 'app_secret'))

# What a token dict needs; Ansible's keys of a registered result (changed, invocation, ansible_facts...) are dropped.
TOKEN_KEYS = RESULT_KEYS + ('mage_id', 'lifetime', 'environment')

TOKEN_SOURCES = 'commerceops.api.eqp_session_token or the commerceops.api.token lookup with want=dict'


def _leaves(value):
    """The text of every scalar in a structure, as Ansible collects no_log values."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            yield from _leaves(item)
    elif value is not None and not isinstance(value, bool):
        yield str(value)


def narrow_token_masking(module):
    """Mask only the token value of the ``token`` option, and keep only the keys a token dict needs.

    no_log on a dict option masks every scalar in it wherever it appears in the output. A registered
    result of eqp_session_token holds its base URL, "sandbox", and numbers such as 3 and 7200 (in
    its invocation): masked, they would garble every message and result of the module.
    """
    given = module.params.get('token')
    if not isinstance(given, dict):
        return
    secret = given.get('token')
    others = set(str(module.params[name]) for name, spec in module.argument_spec.items()
                 if spec.get('no_log') and name != 'token' and module.params.get(name) is not None)
    for leaf in set(_leaves(given)):
        if leaf in others or (isinstance(secret, str) and secret and secret in leaf):
            continue
        module.no_log_values.discard(leaf)
    module.params['token'] = dict((key, given[key]) for key in TOKEN_KEYS if key in given)


class EqpAuth:
    """The checked auth options of one module run."""

    def __init__(self, params, environ=None, now=None):
        self.params = params
        check_connection_params(params)
        # Checked here rather than by the argument spec, which counts an option set to null as given:
        # a task can then pass a token with app_id and app_secret nulled out of module_defaults.
        if params.get('token') is not None and any(params.get(name) not in (None, '') for name in ENV_FALLBACKS):
            raise ValueError('token is mutually exclusive with app_id and app_secret: pass one or the other '
                             '(set app_id and app_secret to null to override module_defaults)')
        if params.get('token') is not None:
            self.token = self._given_token(params, time.time() if now is None else now)
            self.options = None
        else:
            self.token = None
            self.options = self._credentials(params, os.environ if environ is None else environ)

    @staticmethod
    def _given_token(params, now):
        try:
            token = Token.from_result(params['token'])
        except ValueError as exc:
            raise ValueError('token: %s' % exc) from None
        if token.api != eqp.API:
            raise ValueError('token: this is a token of the %s API; pass an EQP token from %s' % (token.api, TOKEN_SOURCES))
        try:
            origin = token.origin
        except ValueError:
            raise ValueError('token: its base_url is not an http(s) URL') from None
        token_environment = token.extra.get('environment') or eqp.environment_of(token.base_url)
        if params.get('base_url') is not None:
            wanted = url_origin(checked_url('base_url', params['base_url']))
            if wanted != origin:
                raise ValueError('token: the token was issued by %s%s, not by base_url %s; a token is only sent where it was issued'
                                 % (token.base_url, ' (%s)' % token_environment if token_environment else '', params['base_url']))
        if params.get('environment') and token_environment and params['environment'] != token_environment:
            raise ValueError('token: the token belongs to the %s environment, not to environment %s; a token is only sent where it was issued'
                             % (token_environment, params['environment']))
        if not token.fresh(now=now, leeway=0):
            raise ValueError('token: the session token expired at %s UTC; obtain a new one'
                             % time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(token.expires_at)))
        return token

    @staticmethod
    def _credentials(params, environ):
        options = dict((name, params.get(name)) for name in list(EQP_ARGS) + list(SHARED_ARGS))
        for name, variable in ENV_FALLBACKS.items():
            if options.get(name) in (None, '') and environ.get(variable):
                options[name] = environ[variable]
        missing = [name for name in ENV_FALLBACKS if options.get(name) in (None, '')]
        if missing:
            raise ValueError(missing_message('eqp', missing, (ENVIRONMENT,)) + ', or give token')
        # Fills the token modules' defaults (environment sandbox, token_path) and checks their choices.
        return complete_options('eqp', options)

    @property
    def environment(self):
        if self.token is not None:
            return self.token.extra.get('environment') or eqp.environment_of(self.token.base_url)
        return eqp.resolve(self.options['environment'], self.options['base_url'])[0]

    def secrets(self):
        """Values to redact from every message of the run."""
        values = []
        if self.token is not None:
            values.append(self.token.value)
        if self.options is not None:
            values.extend(secrets_of('eqp', self.options))
        return values

    def connect(self):
        """The EqpResources client; with credentials this may request a session token."""
        if self.token is not None:
            client = http_client(self.params, eqp.API, self.environment, secrets=self.secrets())
            return EqpResources(client, self.token, None, self.environment)
        options = self.options
        token = obtain_token('eqp', options)
        client = http_client(options, eqp.API, self.environment, secrets=self.secrets() + [token.value])

        def renew(stale_value):
            # Through the cache: the refused token is replaced there too, so later tasks do not reuse it.
            return obtain_token('eqp', options, stale_value=stale_value)

        def note_refused(value):
            try:
                note_refused_renewal('eqp', options, value)
            except (CacheError, ValueError):
                # Only costs a renewal more on a later task.
                pass

        return EqpResources(client, token, renew, self.environment, note_refused)
