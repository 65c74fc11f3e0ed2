# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The commerceops.api.bearer_uri action: ansible.builtin.uri with a token (see plugins/modules/bearer_uri.py).

This file only checks the options, picks the path and runs the retry and renew-once loops; the request
is built in plugin_utils/uri_request.py, sent in-process by uri_in_process.py (results shaped by
uri_result.py), retried by uri_retry.py, and the token comes from uri_token.py.
"""

from __future__ import annotations

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

from ansible_collections.commerceops.api.plugins.module_utils.core.errors import redact, userinfo_parts
from ansible_collections.commerceops.api.plugins.module_utils.core.http_client import CREDENTIAL_HEADERS
from ansible_collections.commerceops.api.plugins.module_utils.obtain import secrets_of
from ansible_collections.commerceops.api.plugins.module_utils.core.token import url_origin
from ansible_collections.commerceops.api.plugins.module_utils.core.token_module import UNVERIFIED_TLS_WARNING
from ansible_collections.commerceops.api.plugins.plugin_utils import (
    controller_path, uri_in_process, uri_integration, uri_options, uri_request, uri_token,
)
from ansible_collections.commerceops.api.plugins.plugin_utils.jmespath_query import JmesPathError, check_query, run_query
from ansible_collections.commerceops.api.plugins.plugin_utils.uri_result import scrub
from ansible_collections.commerceops.api.plugins.plugin_utils.uri_retry import Retrying

display = Display()

# Methods that read only: sent in check mode. Anything else is skipped there, as ansible.builtin.uri is.
SAFE_METHODS = frozenset(('GET', 'HEAD', 'OPTIONS'))


class ActionModule(ActionBase):

    _supports_check_mode = True
    _supports_async = True

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        super().run(tmp, task_vars)
        self._task.args = uri_options.without_other_modules_options(self._task.args, self._group_default_names())
        secrets = _secrets_in_args(self._task.args)
        # The arguments shown as invocation: the validated ones once validation passed.
        self._params = dict(self._task.args)
        try:
            result = self._run(task_vars, secrets)
        except (AnsibleActionFail, uri_token.TokenError, ValueError) as error:
            result = {'failed': True, 'changed': False, 'msg': redact(str(error), secrets)}
            result.update(getattr(error, 'extra', None) or {})
        # Once per task, in the result (so also in a registered one), on both paths: the token
        # request of auth and the request itself both ran without certificate checks.
        if self._params.get('validate_certs') is False:
            result['warnings'] = list(result.get('warnings') or []) + [UNVERIFIED_TLS_WARNING]
        if self._inject_invocation(task_vars):
            result['invocation'] = {'module_args': self._params}
        else:
            result.pop('invocation', None)
        return scrub(result, secrets)

    def _run(self, task_vars, secrets):
        uri_options.check_choice(self._task.args)
        try:
            _validation, params = self.validate_argument_spec(argument_spec=uri_options.ARGUMENT_SPEC)
        except AnsibleActionFail as error:
            raise ValueError(str(error))
        self._params = params
        uri_options.check(params)
        if params['query'] is not None:
            # Syntax only: the expression runs on the answer (a function on {} would fail for no reason).
            _query(check_query, params['query'])
        method = uri_options.method_of(params)
        codes = uri_options.status_codes(params)
        if self._task.check_mode and method not in SAFE_METHODS:
            return {'changed': False, 'skipped': True,
                    'msg': 'check mode: the %s request was not sent; only %s requests run in check mode'
                           % (method, ', '.join(sorted(SAFE_METHODS)))}

        token = self._token(params, task_vars)
        secrets.extend(token.secrets)
        uri_request.check_headers(params['headers'], [token.header] + list(token.extra_headers))
        if token.origin and not params['allow_other_origin']:
            _check_origin(params['url'], token.origin)

        why_not = self._why_not_in_process(params)
        if why_not:
            display.vvv('bearer_uri: running ansible.builtin.uri because %s' % why_not, host=self._host_name(task_vars))
            attempt = self._module_attempt(params, token, task_vars, check_safe=self._task.check_mode)
        else:
            display.vvv('bearer_uri: sending the request from the controller process', host=self._host_name(task_vars))
            attempt = self._in_process_attempt(params, method, token, codes)

        if self._task.async_val:
            return attempt()
        retrying = Retrying(params['retries'], params['retry_delay'], params['max_retry_wait'], params['retry_unsafe'],
                            log=lambda text: display.vvv('bearer_uri: %s' % text, host=self._host_name(task_vars)))
        result = retrying.run(attempt, method, codes)
        if result.get('status') == 401 and 401 not in codes and token.renewable:
            try:
                token.renew()
            except uri_token.TokenError as error:
                secrets.extend(token.secrets)
                display.warning('bearer_uri: the token was refused (HTTP 401) and %s' % redact(str(error), secrets))
            else:
                secrets.extend(token.secrets)
                display.vvv('bearer_uri: the token was refused (HTTP 401); sending again with a new one',
                            host=self._host_name(task_vars))
                result = retrying.run(attempt, method, codes)
                if result.get('status') == 401:
                    # Refused at once too: about rights (a Magento ACL resource), not the token.
                    token.note_refused_renewal()

        if params['query'] is not None and not result.get('failed'):
            if 'json' not in result:
                return dict(result, failed=True, msg='query needs a JSON answer, got content type %s'
                            % result.get('content_type', 'none'))
            result['query'] = _query(run_query, result['json'], params['query'])
        return result

    def _token(self, params, task_vars):
        connection = uri_options.connection_overrides(params, self._task.args)
        template = self._templar.template
        if params['auth'] is not None:
            signed = None
            if params['auth'].get('api') == 'magento':
                signed = uri_integration.from_auth(params['auth'], task_vars, template, connection)
            return signed or uri_token.from_auth(params['auth'], task_vars, template, connection)
        if uri_integration.is_integration_dict(params['token']):
            return uri_integration.from_dict(params['token'], task_vars, template, connection)
        return uri_token.from_token(params['token'], task_vars, template, connection)

    def _why_not_in_process(self, params):
        """``None`` when the request may be made in this process, else the reason it may not."""
        if not params['fast_path']:
            return 'fast_path is false'
        why_not = controller_path.why_not_in_process(self)
        if why_not:
            return why_not
        needs_module = uri_options.module_only_options(params)
        if needs_module:
            return '%s need%s the module' % (', '.join(needs_module), 's' if len(needs_module) == 1 else '')
        return None

    def _in_process_attempt(self, params, method, token, codes):
        headers, data = uri_request.encode_body(params['body'], params['body_format'], params['headers'],
                                                find_file=lambda name: self._find_needle('files', name))

        content_type = next((value for name, value in headers.items() if name.lower() == 'content-type'), None)

        def attempt():
            # Made per attempt: a signed request needs a fresh nonce each time.
            carried = token.carried(method, params['url'], data, content_type, params['auth_scheme'])
            return uri_in_process.send(params, method, params['url'], dict(headers, **carried), data, codes,
                                       secrets=token.secrets)
        return attempt

    def _module_attempt(self, params, token, task_vars, check_safe):
        method = uri_options.method_of(params)
        # What the module will send, for a signature over a form body (the only body Magento signs).
        content_type = data = None
        if params['body_format'] == 'form-urlencoded' and params['body'] is not None:
            content_type, data = 'application/x-www-form-urlencoded', uri_request.form_urlencoded(params['body'])

        def attempt():
            carried = token.carried(method, params['url'], data, content_type, params['auth_scheme'])
            task = self._task.copy()
            task.args = uri_request.module_args(self._task.args, carried, token.value)
            # The module must not log its arguments (the header) to the target's syslog.
            task.no_log = True
            if check_safe:
                task.check_mode = False
            action = self._shared_loader_obj.action_loader.get(
                'ansible.legacy.uri', task=task, connection=self._connection, play_context=self._play_context,
                loader=self._loader, templar=self._templar, shared_loader_obj=self._shared_loader_obj)
            return action.run(task_vars=task_vars)
        return attempt

    def _group_default_names(self):
        """The option names that the play's ``module_defaults`` groups containing this action set."""
        try:
            groups = self._task._parent._play._action_groups.get(self._task.resolved_action, [])
            defaults = {}
            for layer in self._task.module_defaults or []:
                defaults.update(layer)
        except AttributeError:  # a task outside a play (as in unit tests without one): no groups
            return frozenset()
        return frozenset(name for group in groups for name in (defaults.get('group/%s' % group) or {}))

    def _inject_invocation(self, task_vars):
        try:
            from ansible import constants as C
            return bool(C.config.get_config_value('INJECT_INVOCATION', variables=task_vars))
        except Exception:  # ansible-core before 2.21 has no such setting and always shows the invocation
            return True

    @staticmethod
    def _host_name(task_vars):
        return task_vars.get('inventory_hostname')


def _query(function, *args):
    """``function(*args)`` (check_query or run_query) with its error named after the option."""
    try:
        return function(*args)
    except JmesPathError as error:
        raise ValueError('query: %s' % error)


def _check_origin(url, token_origin):
    try:
        origin = url_origin(url)
    except ValueError as error:
        raise ValueError('url: %s' % error)
    if origin != token_origin:
        raise ValueError('the token belongs to %s and url is on %s: it is not sent to another origin '
                         '(set allow_other_origin: true if that server should get it)' % (token_origin, origin))


def _leaves(values):
    """Every string inside ``values`` (lists and dicts walked), as text."""
    found = []
    pending = list(values)
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, (list, tuple)):
            pending.extend(value)
        elif value is not None and not isinstance(value, bool):
            found.append(str(value))
    return found


def _secrets_in_args(args):
    """Every secret the task's own arguments carry: the token, auth's secret options, credential headers."""
    found = []
    token = args.get('token')
    if isinstance(token, str):
        found.append(token.strip())
    elif isinstance(token, dict) and isinstance(token.get('token'), str):
        found.append(token['token'])
    auth = args.get('auth')
    if isinstance(auth, dict) and auth.get('api') in ('eqp', 'magento', 'commerce', 'ims'):
        # A secret of the wrong type (a list, a dict) is refused later; its values are secrets all the same.
        found.extend(_leaves(secrets_of(auth['api'], auth)))
    # User info in the url is refused, but the url is shown as invocation: its user and password are masked.
    found.extend(userinfo_parts(args.get('url')))
    for name in ('url_password', 'password'):
        if args.get(name):
            found.append(str(args[name]))
    headers = args.get('headers')
    if isinstance(headers, dict):
        for name, value in headers.items():
            if str(name).lower() in CREDENTIAL_HEADERS and value:
                found.append(str(value))
                found.extend(str(value).split(' ', 1)[1:])
    return [value for value in found if value]
