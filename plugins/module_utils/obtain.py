# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Obtain a token from option values, through the token cache.

The one place where the token modules, the lookup and the bearer_uri action turn options into a
token, so all of them share the cache key, the validation and the refresh-after-401 behaviour.
Options are plain values named like the token modules' options; the argument specs here are the
modules' own, and their defaults fill what a caller leaves out.
"""

from __future__ import annotations

import re
import time

from urllib.parse import urlsplit

from ansible_collections.commerceops.api.plugins.module_utils.providers import adobe_ims, elasticpath, eqp, magento, magento_integration
from ansible_collections.commerceops.api.plugins.module_utils.core.option_names import EVERY_SOURCE, missing_message
from ansible_collections.commerceops.api.plugins.module_utils.core.token import jwt_claims, url_origin
from ansible_collections.commerceops.api.plugins.module_utils.core.token_module import (
    CACHE_ARGS, CONNECTION_ARGS, http_client, token_cache,
)
from ansible_collections.commerceops.api.plugins.module_utils.core.totp import decode_base32_secret

API_NAMES = ('eqp', 'magento', 'commerce', 'ims')

_OTP = re.compile(r'^[0-9]{6}$')
# Magento's rule for store codes: a letter, then letters, digits and underscores. Anything else (a slash,
# a question mark) would change the token URL rather than name a store view.
_STORE_CODE = re.compile(r'^[A-Za-z][A-Za-z0-9_]*$')

EQP_ARGS = dict(
    environment=dict(type='str', default='sandbox', choices=['sandbox', 'production']),
    base_url=dict(type='str'),
    app_id=dict(type='str', required=True),
    app_secret=dict(type='str', required=True, no_log=True),
    expires_in=dict(type='int'),
    token_path=dict(type='str', default=eqp.TOKEN_PATH, no_log=False),
)

MAGENTO_ARGS = dict(
    url=dict(type='str', required=True),
    store_code=dict(type='str'),
    user_type=dict(type='str', default='admin', choices=list(magento.USER_TYPES)),
    # Required unless the four values of an integration are given (MagentoLogin checks).
    username=dict(type='str'),
    password=dict(type='str', no_log=True),
    otp=dict(type='str', no_log=True),
    otp_secret=dict(type='str', no_log=True),
    body_format=dict(type='str', default='json', choices=list(magento.BODY_FORMATS)),
    token_lifetime=dict(type='int', default=magento.DEFAULT_TOKEN_LIFETIME, no_log=False),
    # The key is sent in clear in every signed header, but it names the credential: kept out of outputs too.
    consumer_key=dict(type='str', no_log=True),
    consumer_secret=dict(type='str', no_log=True),
    access_token=dict(type='str', no_log=True),
    access_token_secret=dict(type='str', no_log=True),
    integration_as_bearer=dict(type='bool', default=False),
)

COMMERCE_ARGS = dict(
    base_url=dict(type='str'),
    region=dict(type='str', choices=sorted(elasticpath.REGIONS)),
    client_id=dict(type='str', required=True),
    client_secret=dict(type='str', no_log=True),
    grant_type=dict(type='str', choices=list(elasticpath.GRANT_TYPES)),
)

IMS_ARGS = dict(
    base_url=dict(type='str', required=True),
    client_id=dict(type='str', required=True),
    client_secret=dict(type='str', required=True, no_log=True),
    scopes=dict(type='list', elements='str', default=list(adobe_ims.DEFAULT_SCOPES)),
    ims_url=dict(type='str', default=adobe_ims.DEFAULT_IMS_URL),
    org_id=dict(type='str'),
)

API_ARGS = {'eqp': EQP_ARGS, 'magento': MAGENTO_ARGS, 'commerce': COMMERCE_ARGS, 'ims': IMS_ARGS}

SHARED_ARGS = dict(CONNECTION_ARGS, **CACHE_ARGS)

# The option of the token modules and the lookup (not of the EQP resource modules, where "force" would read
# as "deploy again"): fetch a new token even when a fresh one, or a refusal, is cached, and replace the entry.
FORCE_ARGS = dict(force=dict(type='bool', default=False))

# Options required unless another kind of credential is given: a Magento user, or an integration's four values.
REQUIRED_UNLESS = {'magento': (('username', 'password'), magento_integration.FIELDS)}


# Every option whose value is a secret, whatever the API: their values never appear in a message.
SECRET_OPTIONS = frozenset(name for spec in API_ARGS.values() for name, arg in spec.items() if arg.get('no_log'))


def type_name(value):
    """The plain name of a value's type: Ansible hands plugins its own subclasses (``_AnsibleTaggedList``)."""
    for kind in (bool, int, float, str, list, dict):
        if isinstance(value, kind):
            return kind.__name__
    return type(value).__name__


def checked_secret(name, value):
    """A secret option's value as a string; ValueError naming the option and the type, never the value.

    A number is taken as its digits (an unquoted PIN or password in YAML); a list, a dict or a boolean
    is a mistake that a generic type check would print in clear.
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise ValueError('%s must be a string, got %s (the value is not shown: it is a secret)' % (name, type_name(value)))


def secrets_of(api, options):
    """The secret values among ``options``, for redacting messages."""
    spec = API_ARGS.get(api, {})
    return [options[name] for name, arg in spec.items() if arg.get('no_log') and options.get(name)]


def complete_options(api, options, sources=EVERY_SOURCE):
    """``options`` with the modules' defaults filled in; unknown names and missing required ones are errors.

    ``sources``: where the caller reads options besides the task (option_names), named in the error.
    """
    if api not in API_ARGS:
        raise ValueError('api must be one of %s, got %r' % (', '.join(API_NAMES), api))
    spec = dict(SHARED_ARGS, **dict(FORCE_ARGS, **API_ARGS[api]))
    unknown = sorted(set(options) - set(spec))
    if unknown:
        raise ValueError('unknown option%s for the %s API: %s' % ('s' if len(unknown) > 1 else '', api, ', '.join(unknown)))
    complete = dict((name, arg.get('default')) for name, arg in spec.items())
    complete.update((name, value) for name, value in options.items() if value is not None)
    for name in SECRET_OPTIONS.intersection(complete):
        complete[name] = checked_secret(name, complete[name])
    missing = [name for name, arg in spec.items() if arg.get('required') and complete.get(name) in (None, '')]
    names, alternatives = REQUIRED_UNLESS.get(api, ((), ()))
    unless = []
    if not any(complete.get(name) for name in alternatives):
        unless = [name for name in names if complete.get(name) in (None, '')]
    if missing or unless:
        message = missing_message(api, missing + unless, sources)
        if unless:
            # The user may have meant the other kind of credential: say what it takes.
            message += '; or, instead of %s, give %s' % (' and '.join(names), ', '.join(alternatives))
        raise ValueError(message)
    for name, arg in spec.items():
        if arg.get('choices') and complete[name] is not None and complete[name] not in arg['choices']:
            raise ValueError('%s must be one of %s, got %r' % (name, ', '.join(arg['choices']), complete[name]))
    return complete


def _has_userinfo(url):
    try:
        return '@' in urlsplit(str(url).strip()).netloc
    except ValueError:
        return False


def checked_url(option, url):
    """``url`` without its trailing slash, once it is a usable http(s) URL; ValueError naming ``option`` otherwise.

    An empty string is refused rather than taken as "not given": that would send the credentials to the
    vendor's public host. User info (``user:password@``) is refused without repeating it: it would end up
    in results, facts and logs, and urllib would turn it into Basic auth in place of the token.
    """
    if url is None or not str(url).strip():
        raise ValueError('%s is empty: give an http(s) URL or leave the option out' % option)
    try:
        url_origin(url)
    except ValueError as exc:
        raise ValueError('%s: %s' % (option, exc)) from None
    if _has_userinfo(url):
        raise ValueError('%s must not carry a user name or password (user:password@host): '
                         'give the credentials in their own options' % option)
    return str(url).strip().rstrip('/')


def eqp_key_parts(options):
    """``(base_url, environment, key_parts)`` of an EQP token: every option that changes the token is in the key."""
    if options['expires_in'] is not None and options['expires_in'] <= 0:
        raise ValueError('expires_in must be a positive number of seconds, got %s' % options['expires_in'])
    base_url = None if options['base_url'] is None else checked_url('base_url', options['base_url'])
    environment, base_url = eqp.resolve(options['environment'], base_url)
    # The environment is in the result (and decides which keys are valid when a base URL is given), the
    # token path is another route, and expires_in asks for another lifetime.
    return base_url, environment, ('eqp', base_url, options['app_id'], 'environment=%s' % (environment or ''),
                                   'token_path=%s' % (options['token_path'] or eqp.TOKEN_PATH),
                                   'expires_in=%s' % ('' if options['expires_in'] is None else int(options['expires_in'])))


def _eqp(options, cache, stale_value):
    base_url, environment, key_parts = eqp_key_parts(options)
    client = http_client(options, 'eqp', environment, secrets=secrets_of('eqp', options))

    def fetch():
        return eqp.fetch_session_token(client, base_url, options['app_id'], options['app_secret'],
                                       expires_in=options['expires_in'], token_path=options['token_path'],
                                       environment=environment)

    return cache.get_or_fetch(key_parts, options['app_secret'], fetch,
                              leeway=options['leeway'], stale_value=stale_value, force=options.get('force'))


def magento_store(options):
    """``(rest_base, store_code)`` of the store ``url`` and ``store_code`` name, for a user and an integration alike;
    ValueError naming the option (never a value that could hold a secret) when either is not usable."""
    if options['store_code'] and not _STORE_CODE.match(options['store_code']):
        raise ValueError('store_code must be a Magento store code (a letter, then letters, digits or _), got %r'
                         % options['store_code'])
    if _has_userinfo(options['url']):
        checked_url('url', options['url'])  # refuses it with its own message
    try:
        rest_base, url_code = magento.normalize_store_url(options['url'])
    except ValueError:
        raise ValueError('url must be the http(s) base URL of the store, for example https://shop.example.com') from None
    return rest_base, options['store_code'] or url_code


class MagentoLogin:
    """A Magento user's token: the checked options, the client, and the cache key every front end shares."""

    def __init__(self, options, cache):
        self.options = options
        self.rest_base, self.store_code = self._check(options)
        self.client = http_client(options, magento.API, secrets=secrets_of('magento', options))
        self.cache = cache
        self.principal = '%s:%s' % (options['user_type'], options['username'])
        # Every option that changes the token: the store view (a customer account may belong to one website
        # only), the body format (another request), and the lifetime given to opaque tokens.
        self.key_parts = (magento.API, self.rest_base, self.principal, 'store_code=%s' % (self.store_code or ''),
                          'body_format=%s' % options['body_format'], 'token_lifetime=%s' % options['token_lifetime'])
        # The one-time code is not part of the key (a new code must still find the token), but a refused
        # sign-in is remembered for this code or secret only: a new code is tried.
        self.attempt_material = (options['otp_secret'] or '', (options['otp'] or '').strip())
        self.sleep = time.sleep  # replaced by the unit tests' fake clock

    @staticmethod
    def _check(options):
        """``(rest_base, store_code)``; bad input fails here, before any request, naming the option (never its value)."""
        # The module hands its parameters over directly: a null passes its argument spec, so check here too.
        for name in ('url', 'username', 'password'):
            if options[name] in (None, ''):
                raise ValueError('%s is required' % name)
        rest_base, store_code = magento_store(options)
        if options['token_lifetime'] <= 0:
            raise ValueError('token_lifetime must be a positive number of seconds, got %s' % options['token_lifetime'])
        if options['otp'] and options['otp_secret']:
            raise ValueError('otp and otp_secret are mutually exclusive: pass one')
        if options['user_type'] == 'customer' and (options['otp'] or options['otp_secret']):
            raise ValueError('otp and otp_secret apply to admin users only; leave them out with user_type=customer')
        if options['otp'] is not None and not _OTP.match(options['otp'].strip()):
            raise ValueError('otp must be the current 6-digit code of the authenticator app')
        if options['otp_secret'] is not None:
            try:
                decode_base32_secret(options['otp_secret'])
            except ValueError as exc:
                raise ValueError('otp_secret: %s' % exc) from None
        return rest_base, store_code

    def fetch(self):
        options = self.options
        otp = options['otp'].strip() if options['otp'] else None
        return magento.fetch_token(self.client, options['url'], options['user_type'], options['username'], options['password'],
                                   otp=otp, otp_secret=options['otp_secret'], store_code=self.store_code,
                                   body_format=options['body_format'], token_lifetime=options['token_lifetime'])

    def token(self, stale_value=None):
        """The token from the cache while fresh, else fetched; after a 401, one that the store will take."""
        fetch = self.fetch
        if stale_value is not None and jwt_claims(stale_value) is not None:
            fetch = self.fetch_a_second_later
        return self.cache.get_or_fetch(self.key_parts, self.options['password'], fetch,
                                       leeway=self.options['leeway'], stale_value=stale_value,
                                       force=self.options.get('force'), attempt_material=self.attempt_material,
                                       refused=magento.refused_sign_in)

    def fetch_a_second_later(self):
        """A token fetched one second from now: one the store takes even if it revoked this second."""
        # Magento revokes JWTs by time: it refuses every token issued up to the second of the revocation,
        # and a JWT holds nothing but the user and its issue second. A sign-in within that second (or the
        # second of the refused token) gets a token refused all the same, often the refused token itself.
        self.sleep(1.0)
        return self.fetch()


def magento_integration_of(options):
    """The Integration of ``options`` when any of its four values is given (all four must be), else ``None``.

    The four values win over username and password, which may still come from the inventory's variables.
    """
    given = [name for name in magento_integration.FIELDS if options.get(name)]
    if not given:
        return None
    missing = [name for name in magento_integration.FIELDS if name not in given]
    if missing:
        raise ValueError('a Magento integration needs all four of %s; missing: %s'
                         % (', '.join(magento_integration.FIELDS), ', '.join(missing)))
    rest_base, store_code = magento_store(options)
    return magento_integration.Integration(rest_base, store_code, options['consumer_key'],
                                           options['consumer_secret'], options['access_token'], options['access_token_secret'],
                                           as_bearer=options['integration_as_bearer'])


def check_magento_integration(options):
    """Prove an integration's values with one signed request; returns the Integration (ValueError if none is given)."""
    complete = complete_options('magento', options)
    integration = magento_integration_of(complete)
    if integration is None:
        raise ValueError('no integration values: pass consumer_key, consumer_secret, access_token and access_token_secret')
    client = http_client(complete, magento.API, secrets=secrets_of('magento', complete))
    magento_integration.check(client, integration, magento.endpoint(integration.rest_base, magento_integration.CHECK_ROUTE,
                                                                    integration.store_code))
    return integration


def _magento(options, cache, stale_value):
    integration = magento_integration_of(options)
    if integration is not None:
        # Nothing to fetch: requests are signed with the integration's values (or carry its token).
        return integration.token()
    return MagentoLogin(options, cache).token(stale_value)


def commerce_base_url(options):
    """The store's API base URL: ``base_url`` when given, else the region's (``eu-west`` by default)."""
    if options['base_url'] is not None:
        if options['region']:
            raise ValueError('base_url and region are mutually exclusive: pass one')
        return checked_url('base_url', options['base_url'])
    return elasticpath.base_url_for(options['region'] or 'eu-west')


def commerce_grant(options):
    """The grant asked for, or the default: client_credentials with a secret, else implicit."""
    grant_type = options['grant_type'] or ('client_credentials' if options['client_secret'] else 'implicit')
    if grant_type == 'client_credentials' and not options['client_secret']:
        raise ValueError('client_secret is required for grant_type client_credentials')
    return grant_type


def commerce_key_parts(options, grant_type):
    """The key of a store token: the API host (so the region), the grant and the client id (the principal)."""
    return ('commerce', commerce_base_url(options), '%s:%s' % (grant_type, options['client_id']))


def commerce_store_token(options, client, cache, grant_type, stale_value=None):
    """The store token of ``grant_type`` for the client of ``options``, through the cache.

    A refused implicit grant (an unknown client id) is remembered like a refused secret: the key has no secret.
    """
    base_url = commerce_base_url(options)
    secret = options['client_secret'] if grant_type == 'client_credentials' else None

    def fetch():
        return elasticpath.fetch_store_token(client, base_url, options['client_id'], secret, grant_type)

    return cache.get_or_fetch(commerce_key_parts(options, grant_type), secret or '', fetch,
                              leeway=options['leeway'], stale_value=stale_value, force=options.get('force'))


def _commerce(options, cache, stale_value):
    grant_type = commerce_grant(options)
    client = http_client(options, 'commerce', secrets=secrets_of('commerce', options))
    return commerce_store_token(options, client, cache, grant_type, stale_value)


def _ims(options, cache, stale_value):
    base_url = checked_url('base_url', options['base_url'])
    ims_url = checked_url('ims_url', options['ims_url'])
    scopes = options['scopes']
    if isinstance(scopes, str):
        # A comma-separated string, as IMS itself writes scopes (the lookup and env variables give text).
        scopes = [scope.strip() for scope in scopes.split(',')]
    scopes = [str(scope).strip() for scope in scopes if str(scope).strip()]
    client = http_client(options, adobe_ims.API, secrets=secrets_of('ims', options))

    def fetch():
        return adobe_ims.fetch_token(client, ims_url, options['client_id'], options['client_secret'], scopes, base_url,
                                     org_id=options['org_id'])

    principal = 'client:%s:%s:%s' % (options['client_id'], ','.join(scopes), options['org_id'] or '')
    return cache.get_or_fetch((adobe_ims.API, base_url, ims_url, principal), options['client_secret'], fetch,
                              leeway=options['leeway'], stale_value=stale_value, force=options.get('force'),
                              refused=adobe_ims.refused_credential)


OBTAIN = {'eqp': _eqp, 'magento': _magento, 'commerce': _commerce, 'ims': _ims}


def base_url_of(api, options):
    """The base URL a token obtained with ``options`` belongs to; ValueError when the options are incomplete."""
    complete = complete_options(api, options)
    if api == 'eqp':
        return eqp.resolve(complete['environment'], complete['base_url'])[1]
    if api == 'magento':
        return magento.normalize_store_url(complete['url'])[0]
    if api == 'ims':
        return complete['base_url'].rstrip('/')
    return commerce_base_url(complete)


def note_refused_renewal(api, options, value):
    """Mark ``value``, a token obtained to replace a refused one and refused at once too, so that no caller
    renews it again for a while (token_cache.RENEWAL_QUIET_SECONDS): that 401 is about rights, not the token."""
    token_cache(complete_options(api, options)).note_refused_renewal(value)


def obtain_token(api, options, stale_value=None, sources=EVERY_SOURCE):
    """The token of ``api`` for ``options``, from the cache while fresh, else fetched (once across processes).

    ``stale_value`` is a token value the caller just saw refused (HTTP 401): the cache replaces that
    entry rather than returning it, and concurrent callers that saw the same 401 share one new token.
    Raises ApiError, CacheError or ValueError; every message is one line without secrets.
    """
    complete = complete_options(api, options, sources)
    return OBTAIN[api](complete, token_cache(complete), stale_value)
