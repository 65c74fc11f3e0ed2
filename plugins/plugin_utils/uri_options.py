# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of the bearer_uri action: its argument spec and the checks the spec cannot express.

The spec is ``ansible.builtin.uri``'s options plus the action's own (``OWN_OPTIONS``); it must stay
in step with the documentation in ``plugins/modules/bearer_uri.py``.
"""

from __future__ import annotations

import re

from ansible_collections.commerceops.api.plugins.module_utils.core.http_client import MAX_RETRIES, MAX_RETRY_WAIT
from ansible_collections.commerceops.api.plugins.module_utils.obtain import API_NAMES, checked_url, type_name

# The options of ansible.builtin.uri, as the action accepts them.
URI_SPEC = dict(
    url=dict(type='str', required=True),
    method=dict(type='str', default='GET'),
    body=dict(type='raw'),
    body_format=dict(type='str', default='raw', choices=['form-urlencoded', 'json', 'raw', 'form-multipart']),
    headers=dict(type='dict', default={}),
    status_code=dict(type='list', elements='int', default=[200]),
    return_content=dict(type='bool', default=False),
    follow_redirects=dict(type='str', default='safe', choices=['all', 'no', 'none', 'safe', 'urllib2', 'yes']),
    timeout=dict(type='int', default=30),
    validate_certs=dict(type='bool', default=True),
    ca_path=dict(type='path'),
    client_cert=dict(type='path'),
    client_key=dict(type='path'),
    use_proxy=dict(type='bool', default=True),
    http_agent=dict(type='str', default='ansible-httpget'),
    force=dict(type='bool', default=False),
    decompress=dict(type='bool', default=True),
    ciphers=dict(type='list', elements='str'),
    unredirected_headers=dict(type='list', elements='str', default=[]),
    use_netrc=dict(type='bool', default=False),
    url_username=dict(type='str', aliases=['user']),
    url_password=dict(type='str', aliases=['password'], no_log=True),
    force_basic_auth=dict(type='bool', default=False),
    use_gssapi=dict(type='bool', default=False),
    unix_socket=dict(type='path'),
    dest=dict(type='path'),
    creates=dict(type='path'),
    removes=dict(type='path'),
    src=dict(type='path'),
    remote_src=dict(type='bool', default=False),
    # The file options of ansible.builtin.uri, for dest.
    mode=dict(type='raw'),
    owner=dict(type='str'),
    group=dict(type='str'),
    seuser=dict(type='str'),
    serole=dict(type='str'),
    setype=dict(type='str'),
    selevel=dict(type='str'),
    unsafe_writes=dict(type='bool', default=False),
    attributes=dict(type='str', aliases=['attr']),
)

OWN_SPEC = dict(
    token=dict(type='raw', no_log=True),
    auth=dict(type='dict', no_log=True),
    auth_scheme=dict(type='str', default='Bearer'),
    allow_other_origin=dict(type='bool', default=False),
    query=dict(type='str'),
    retries=dict(type='int', default=3),
    retry_delay=dict(type='float', default=1.0),
    max_retry_wait=dict(type='float', default=60.0),
    retry_unsafe=dict(type='bool', default=False),
    fast_path=dict(type='bool', default=True),
)

ARGUMENT_SPEC = dict(URI_SPEC, **OWN_SPEC)
OWN_OPTIONS = frozenset(OWN_SPEC)

# Options that only ansible.builtin.uri on the target can honour: files on the managed host, a unix
# socket, Kerberos. The in-process path is never taken when one of them is set.
MODULE_ONLY_OPTIONS = ('dest', 'creates', 'removes', 'src', 'remote_src', 'unix_socket', 'use_gssapi',
                       'mode', 'owner', 'group', 'seuser', 'serole', 'setype', 'selevel', 'unsafe_writes', 'attributes')

# Options passed to obtain_token when the task sets them, so the token request goes through the same
# TLS and proxy settings as the request itself.
CONNECTION_OPTIONS = ('timeout', 'validate_certs', 'ca_path', 'client_cert', 'client_key', 'use_proxy')

MAX_RETRY_DELAY = 60.0
_METHOD = re.compile(r'^[A-Z]+$')
_SCHEME = re.compile(r'^[A-Za-z0-9!#$%&\'*+.^_`|~-]*$')


def without_other_modules_options(args, group_default_names):
    """``args`` less the options bearer_uri does not take that a ``module_defaults`` group set.

    bearer_uri is in every action group, where plays set the token modules' options (``base_url``,
    ``app_id``, ``app_secret``, ...) once: those are meant for the modules, so they are left out here rather
    than refused. An option the task itself names is still checked by the argument spec.
    """
    return dict((name, value) for name, value in args.items()
                if name in ARGUMENT_SPEC or name not in group_default_names)


def check_choice(args):
    """Refuse a task without exactly one of ``token`` and ``auth``; runs before type validation."""
    has_token = args.get('token') is not None
    has_auth = args.get('auth') is not None
    if has_token and has_auth:
        raise ValueError('token and auth are mutually exclusive: pass the token you have, or the credentials to obtain one')
    if not has_token and not has_auth:
        raise ValueError('pass token (a token string, or the dict returned by a commerceops.api token module or lookup) '
                         'or auth (a dict with api: eqp, magento, commerce or ims and its credentials)')


def check(params):
    """Refuse what the argument spec cannot: each message names the option, never a secret value."""
    # Any other scheme would reach the HTTP library, which may try it (ftp://, file://) with the token;
    # user info would replace the token by Basic auth.
    checked_url('url', params['url'])
    if not _METHOD.match(params['method'].upper()):
        raise ValueError("method needs to be a single word, like GET or POST")
    for name in ('url_username', 'url_password'):
        if params[name]:
            raise ValueError('%s cannot be used with bearer_uri: the token is the credential of the request' % name)
    if params['force_basic_auth']:
        raise ValueError('force_basic_auth cannot be used with bearer_uri: the token is the credential of the request')
    if params['use_netrc']:
        raise ValueError('use_netrc must stay false: a ~/.netrc entry would replace the token')
    if params['timeout'] <= 0:
        raise ValueError('timeout must be a positive number of seconds, got %s' % params['timeout'])
    if not 0 <= params['retries'] <= MAX_RETRIES:
        raise ValueError('retries must be between 0 and %d, got %s' % (MAX_RETRIES, params['retries']))
    if not 0 <= params['retry_delay'] <= MAX_RETRY_DELAY:
        raise ValueError('retry_delay must be between 0 and %g seconds, got %s' % (MAX_RETRY_DELAY, params['retry_delay']))
    if not 0 <= params['max_retry_wait'] <= MAX_RETRY_WAIT:
        raise ValueError('max_retry_wait must be between 0 and %g seconds, got %s' % (MAX_RETRY_WAIT, params['max_retry_wait']))
    if not _SCHEME.match(params['auth_scheme']):
        raise ValueError('auth_scheme must be one word, like Bearer, got %r' % params['auth_scheme'])
    if params['query'] is not None and not params['query'].strip():
        raise ValueError('query must be a JMESPath expression, got an empty string')
    token = params['token']
    if token is not None and not isinstance(token, (str, dict)):
        raise ValueError('token must be a string or the dict returned by a commerceops.api token module or lookup, got %s'
                         % type_name(token))
    if isinstance(token, str) and not token.strip():
        raise ValueError('token is empty')
    auth = params['auth']
    if auth is not None and auth.get('api') not in API_NAMES:
        raise ValueError('auth needs api: one of %s' % ', '.join(API_NAMES))


def method_of(params):
    return params['method'].upper()


def status_codes(params):
    return [int(code) for code in params['status_code']]


def module_only_options(params):
    """The options set in ``params`` that need ansible.builtin.uri on the target."""
    defaults = dict((name, URI_SPEC[name].get('default')) for name in MODULE_ONLY_OPTIONS)
    return [name for name in MODULE_ONLY_OPTIONS if params.get(name) not in (None, defaults[name])]


def connection_overrides(params, given):
    """The connection options the task itself sets (``given``: the names in the task), for the token request."""
    return dict((name, params[name]) for name in CONNECTION_OPTIONS if name in given and params[name] is not None)
