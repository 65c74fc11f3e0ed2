# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Emulated Magento 2 / Adobe Commerce REST token service (shared/contracts/magento.md).

One catch-all Flask route does Magento's own dispatch: strip everything up to ``/rest/`` and an
optional store code, refuse methods Magento does not speak, find the route, check its ACL against
the bearer token (unknown tokens make a guest, never an error), then parse the body and run it.
"""

import re
import threading
from urllib.parse import unquote

import flask

from . import ims_tokens
from .core import request_path
from .magento_oauth import OauthVerifier, parse_authorization
from .magento_tokens import Throttle, TokenStore, totp, verify_totp
from .magento_wire import MagentoError, missing_fields_error, negotiate, not_acceptable, parse_body, render, render_error

DEFAULT_CONFIG = {
    # "jwt" (2.4.4+ stores) or "opaque" (32 characters [a-z0-9], older stores).
    'token_format': 'jwt',
    # Token lifetimes and throttle settings; None means "the value in fixtures.yml".
    'admin_token_lifetime': None,
    'customer_token_lifetime': None,
    'max_failures': None,
    'lock_seconds': None,
    # Admin two-factor auth: "off", "google" (the only provider) or "no_provider" (none available).
    'two_factor': 'off',
    # Whether the admin has set up Google Authenticator, and whether that provider is allowed.
    'google_configured': True,
    'google_allowed': True,
    # oauth/consumer/enable_integration_as_bearer: off by default since 2.4.4.
    'integration_as_bearer': False,
    # Which OAuth 1.0a verifier the store runs: "2.4.3" (HMAC-SHA1 too), "2.4.6" (%2F decoded in the path), "2.4.7".
    'magento_version': '2.4.7',
    # Adobe Commerce PaaS with Magento_AdminAdobeIms enabled: admin tokens refused, IMS tokens accepted.
    'admin_ims': False,
}

ALLOWED_METHODS = ('GET', 'POST', 'PUT', 'DELETE')
# Every method Flask should hand to the dispatcher, which answers 405 itself; others hit the 405 handler.
ROUTED_METHODS = ('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE')

ROUTE_MISS = 'Request does not match any route.'
SIGN_IN_FAILED = ('The account sign-in was incorrect or your account is disabled temporarily. '
                  'Please wait and try again later.')
NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."
ADMIN_TOKEN_DISABLED = 'Admin token generation is disabled. Please use Adobe IMS ACCESS_TOKEN.'
# An integration granted this resource may use every route.
ALL_RESOURCES = 'Magento_Backend::all'

ANONYMOUS = 'anonymous'
SELF = 'self'
STORE_ACL = 'Magento_Backend::store'
CUSTOMER_ACL = 'Magento_Customer::customer'

COUNTRIES = (
    ('US', 'USA', 'United States'),
    ('FR', 'FRA', 'France'),
    ('DE', 'DEU', 'Germany'),
    ('GB', 'GBR', 'United Kingdom'),
)
STORE_LOCALES = {'fr': ('fr_FR', 'EUR', 'Europe/Paris')}
# Magento stamps created_at/updated_at; fixed values keep answers reproducible.
CREATED_AT = '2026-01-01 00:00:00'


class Caller:
    """Who sent a request: kind is 'admin', 'customer' or 'integration'; a guest is None.

    An integration's resources are its ACL; None means every resource (the legacy integration_token).
    """

    def __init__(self, kind, uid=None, resources=None):
        self.kind = kind
        self.uid = uid
        self.resources = resources


class Call:
    """What a route handler gets: the request and its caller (None for a guest)."""

    def __init__(self, request, caller):
        self.request = request
        self.caller = caller


def _route_miss():
    return MagentoError(404, ROUTE_MISS)


def _as_text(value):
    """An argument as Magento's typed input would see it; None when it is absent or unusable."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return '1' if value else ''
    if isinstance(value, (int, float)):
        return str(value)
    return None


class MagentoStore:
    """All state of one emulated store, guarded by one lock (the server is threaded)."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.lock = threading.Lock()
        self.tokens = TokenStore()
        self.throttle = Throttle()
        self.inactive_admins = set()
        self.oauth = OauthVerifier(self)
        # (method, path pattern, ACL resource, handler); fixed paths come before patterns.
        self.routes = [
            ('POST', '/V1/integration/admin/token', ANONYMOUS, self.admin_token),
            ('POST', '/V1/integration/customer/token', ANONYMOUS, self.customer_token),
            ('POST', '/V1/tfa/provider/google/authenticate', ANONYMOUS, self.google_authenticate),
            ('POST', '/V1/integration/customer/revoke-customer-token', SELF, self.revoke_customer_tokens),
            ('GET', '/V1/directory/countries', ANONYMOUS, self.countries),
            ('GET', '/V1/customers/me', SELF, self.customer_me),
            ('GET', '/V1/customers/search', CUSTOMER_ACL, self.customer_search),
            ('GET', '/V1/customers/(?P<customer_id>[^/]+)', CUSTOMER_ACL, self.customer_by_id),
            ('GET', '/V1/store/storeConfigs', STORE_ACL, self.store_configs),
        ]

    # --- settings and fixtures -------------------------------------------------------------------

    @property
    def fixtures(self):
        return self.ctx.fixtures.get('magento', {})

    def setting(self, name):
        """A runtime setting; None falls back to the fixture of the same name."""
        value = self.ctx.config.get(name, DEFAULT_CONFIG.get(name))
        return self.fixtures.get(name) if value is None else value

    def store_codes(self):
        return [str(code) for code in self.fixtures.get('store_codes', [])]

    def admins(self):
        for index, admin in enumerate(self.fixtures.get('admins', [])):
            yield admin.get('id', index + 1), admin

    def find_admin(self, username):
        for uid, admin in self.admins():
            if str(admin['username']).casefold() == username.casefold():
                return uid, admin
        return None, None

    def find_customer(self, email):
        for customer in self.fixtures.get('customers', []):
            if str(customer['email']).casefold() == email.casefold():
                return customer
        return None

    def customer_by_uid(self, uid):
        for customer in self.fixtures.get('customers', []):
            if customer['id'] == uid:
                return customer
        return None

    # --- dispatch ----------------------------------------------------------------------------------

    def dispatch(self, request):
        accept = request.headers.get('Accept')
        try:
            with self.lock:
                return self._dispatch(request, accept)
        except MagentoError as error:
            return render_error(error, accept)

    def _dispatch(self, request, accept):
        # The response renderer is chosen from Accept before anything else runs.
        if negotiate(accept) is None:
            return render_error(not_acceptable(accept), 'application/json')
        # Magento checks the method before it even looks for a route.
        if request.method not in ALLOWED_METHODS:
            raise MagentoError(405, 'The %1 HTTP method is not supported.', [request.method])
        # Magento routes on the path as sent: an encoded "/" (%2F) stays inside its segment.
        path = self.route_path(request_path(request.environ))
        if path is None:
            raise _route_miss()
        return self.run_route(request, path, accept, self.caller)

    def run_route(self, request, path, accept, find_caller, skip=()):
        """Find the route of ``path``, authorize ``find_caller(request)`` for it, run it; routes in ``skip`` miss."""
        for method, pattern, acl, handler in self.routes:
            match = re.fullmatch(pattern, path)
            if match and method == request.method and pattern not in skip:
                caller = find_caller(request)
                self.authorize(caller, acl)
                arguments = dict((name, unquote(value)) for name, value in match.groupdict().items())
                return render(handler(Call(request, caller), **arguments), 200, accept)
        raise _route_miss()

    def route_path(self, path):
        """The path after /rest/ and the optional store code; None when there is no /rest/ at all."""
        marker = path.find('/rest/')
        if marker < 0:
            return None
        segments = path[marker + len('/rest/'):].strip('/').split('/')
        # A known store code is consumed; an unknown one stays in the path and the route misses.
        if segments[0] in self.store_codes():
            segments = segments[1:]
        return '/' + '/'.join(segments)

    def caller(self, request):
        header = request.headers.get('Authorization', '')
        oauth = parse_authorization(header)
        if oauth is not None:
            return self.oauth_caller(request, oauth)
        # Exactly "<scheme> <token>": anything else is ignored, as Magento does, and makes a guest.
        pieces = header.split(' ')
        if len(pieces) != 2 or pieces[0].lower() != 'bearer':
            return None
        token = pieces[1]
        if self.setting('integration_as_bearer'):
            if token == self.fixtures.get('integration_token'):
                return Caller('integration')
            integration = self.integration_by_token(token)
            if integration is not None:
                return self.integration_caller(integration)
        if self.setting('admin_ims'):
            ims_caller = self.ims_caller(token)
            if ims_caller is not None:
                return ims_caller
        record = self.tokens.lookup(token, self.ctx.now())
        return Caller(record.kind, record.uid) if record else None

    def oauth_caller(self, request, params):
        """The integration of a signed request (errors as Oauth::validateAccessTokenRequest raises them)."""
        consumer = self.oauth.verify(request, params, request_path(request.environ), self.ctx.now())
        # findActiveIntegrationByConsumerId: an inactive integration is no user at all.
        return self.integration_caller(consumer)

    @staticmethod
    def integration_caller(integration):
        if not integration.get('active', True):
            return None
        return Caller('integration', integration['id'], list(integration.get('resources', [])))

    def integration_by_token(self, token):
        """An integration whose access token (not revoked, not a request token) this is, for bearer use."""
        for integration in self.fixtures.get('integrations', []):
            if (integration['access_token'] == token and not integration.get('revoked')
                    and integration.get('token_type', 'access') == 'access'):
                return integration
        return None

    def ims_caller(self, token):
        """Admin-IMS mode: a valid IMS token is the admin user whose e-mail its profile gives."""
        ims = self.ctx.fixtures.get('ims', {})
        claims = ims_tokens.verify(ims, token, self.ctx.now()) if ims.get('signing_key') else None
        if claims is None:
            return None
        for uid, admin in self.admins():
            if str(admin.get('email', '')).casefold() == str(claims.get('user_id', '')).casefold():
                return Caller('admin', uid)
        return None

    @staticmethod
    def authorize(caller, acl):
        if acl == ANONYMOUS:
            return
        kind = caller.kind if caller else None
        if acl == SELF:
            allowed = kind == 'customer'
        elif kind == 'integration' and caller.resources is not None:
            allowed = acl in caller.resources or ALL_RESOURCES in caller.resources
        else:
            allowed = kind in ('admin', 'integration')
        if not allowed:
            raise MagentoError(401, NOT_AUTHORIZED, {'resources': acl})

    # --- signing in --------------------------------------------------------------------------------

    @staticmethod
    def arguments(call, names, may_be_empty=()):
        """The named text arguments of the body; 400 when some are missing.

        username and password must also be non-empty (Magento's credentials validator);
        fields in may_be_empty (the OTP) only need to be present.
        """
        params = parse_body(call.request)
        values = [_as_text(params.get(name)) for name in names]
        missing = [name for name, value in zip(names, values)
                   if value is None or (value == '' and name not in may_be_empty)]
        if missing:
            raise missing_fields_error(missing)
        return values

    def sign_in(self, kind, username, password):
        """The user id for good credentials; 401 for bad ones or while the account is locked."""
        key = Throttle.key(username, kind)
        now = self.ctx.now()
        lock_seconds = float(self.setting('lock_seconds'))
        # A locked account is refused before the password is even checked, so it does not count.
        if self.throttle.locked(key, now, int(self.setting('max_failures')), lock_seconds):
            raise MagentoError(401, SIGN_IN_FAILED)
        uid = self.check_password(kind, username, password)
        if uid is None:
            self.throttle.fail(key, now, lock_seconds)
            raise MagentoError(401, SIGN_IN_FAILED)
        self.throttle.reset(key)
        return uid

    def check_password(self, kind, username, password):
        if kind == 'admin':
            uid, admin = self.find_admin(username)
            if admin is None or admin['username'] in self.inactive_admins or admin['password'] != password:
                return None
            return uid
        customer = self.find_customer(username)
        if customer is None or customer['password'] != password:
            return None
        return customer['id']

    def issue(self, kind, uid):
        lifetime = self.setting(kind + '_token_lifetime')
        return self.ctx.issued(self.tokens.issue(kind, uid, self.ctx.now(), lifetime, self.setting('token_format')))

    def two_factor(self):
        return self.setting('two_factor')

    def active_providers(self):
        google = self.two_factor() == 'google' and self.setting('google_allowed')
        return ['google'] if google else []

    # --- routes ------------------------------------------------------------------------------------

    def admin_token(self, call):
        username, password = self.arguments(call, ('username', 'password'))
        # Magento_AdminAdobeIms' plugin refuses the route once the arguments have been read.
        if self.setting('admin_ims'):
            raise MagentoError(401, ADMIN_TOKEN_DISABLED)
        uid = self.sign_in('admin', username, password)
        if self.two_factor() != 'off':
            providers = self.active_providers()
            if providers:
                raise MagentoError(400, 'Please use the 2fa provider-specific endpoints to obtain a token.',
                                   {'active_providers': providers})
            raise MagentoError(400, 'Please ask an administrator with sufficient access to configure 2FA first')
        return self.issue('admin', uid)

    def customer_token(self, call):
        username, password = self.arguments(call, ('username', 'password'))
        return self.issue('customer', self.sign_in('customer', username, password))

    def google_authenticate(self, call):
        # Without Magento_TwoFactorAuth the route does not exist.
        if self.two_factor() == 'off':
            raise _route_miss()
        username, password, otp = self.arguments(call, ('username', 'password', 'otp'), may_be_empty=('otp',))
        uid = self.sign_in('admin', username, password)
        if not self.active_providers():
            raise MagentoError(400, 'Provider is not allowed.')
        secret = self.find_admin(username)[1].get('otp_secret')
        if not self.setting('google_configured') or not secret:
            raise MagentoError(400, 'Provider is not configured.')
        if not verify_totp(secret, otp, self.ctx.now()):
            raise MagentoError(401, 'Invalid code.')
        return self.issue('admin', uid)

    def revoke_customer_tokens(self, call):
        self.tokens.revoke_user('customer', call.caller.uid, self.ctx.now())
        return True

    @staticmethod
    def countries(_call):
        return [{'id': two, 'two_letter_abbreviation': two, 'three_letter_abbreviation': three,
                 'full_name_locale': name, 'full_name_english': name} for two, three, name in COUNTRIES]

    def customer_me(self, call):
        return self.customer_data(self.customer_by_uid(call.caller.uid))

    def customer_by_id(self, _call, customer_id):
        if not customer_id.isdigit():
            raise MagentoError(400, 'The "%value" value\'s type is invalid. The "%type" type was expected. Verify and try again.',
                               {'value': customer_id, 'type': 'int'})
        customer = self.customer_by_uid(int(customer_id))
        if customer is None:
            raise MagentoError(404, 'No such entity with %fieldName = %fieldValue',
                               {'fieldName': 'customerId', 'fieldValue': customer_id})
        return self.customer_data(customer)

    def customer_search(self, call):
        """GET /V1/customers/search: searchCriteria filters (eq/like on a field), pageSize and currentPage."""
        args = call.request.args
        if not any(name.startswith('searchCriteria') for name in args):
            raise missing_fields_error(['searchCriteria'])
        customers = [self.customer_data(customer) for customer in self.fixtures.get('customers', [])]
        groups = {}
        for name, value in args.items():
            match = re.fullmatch(r'searchCriteria\[filter_groups\]\[(\d+)\]\[filters\]\[(\d+)\]\[(field|value|condition_type)\]', name)
            if match:
                groups.setdefault(match.group(1), {}).setdefault(match.group(2), {})[match.group(3)] = value
        # Filters of one group are ORed, groups are ANDed.
        for filters in groups.values():
            customers = [customer for customer in customers
                         if any(_matches(customer, spec) for spec in filters.values())]
        total = len(customers)
        size = int(args.get('searchCriteria[pageSize]') or 0)
        page = max(1, int(args.get('searchCriteria[currentPage]') or 1))
        if size:
            customers = customers[(page - 1) * size:page * size]
        criteria = {'filter_groups': [{'filters': list(filters.values())} for filters in groups.values()]}
        if size:
            criteria.update(page_size=size, current_page=page)
        return {'items': customers, 'search_criteria': criteria, 'total_count': total}

    @staticmethod
    def customer_data(customer):
        return {
            'id': customer['id'], 'group_id': 1, 'created_at': CREATED_AT, 'updated_at': CREATED_AT,
            'created_in': 'Default Store View', 'email': customer['email'], 'firstname': customer.get('firstname', ''),
            'lastname': customer.get('lastname', ''), 'store_id': 1, 'website_id': 1, 'addresses': [],
            'disable_auto_group_change': 0, 'extension_attributes': {'is_subscribed': False},
        }

    def store_configs(self, _call):
        base = self.ctx.base_url.rstrip('/') + '/'
        configs = []
        # "all" is the admin scope, not a store view.
        for store_id, code in enumerate((c for c in self.store_codes() if c != 'all'), start=1):
            locale, currency, timezone = STORE_LOCALES.get(code, ('en_US', 'USD', 'America/Chicago'))
            configs.append({
                'id': store_id, 'code': code, 'website_id': 1, 'locale': locale,
                'base_currency_code': 'USD', 'default_display_currency_code': currency, 'timezone': timezone,
                'weight_unit': 'lbs', 'base_url': base, 'base_link_url': base, 'base_static_url': base + 'static/',
                'base_media_url': base + 'media/', 'secure_base_url': base, 'secure_base_link_url': base,
                'secure_base_static_url': base + 'static/', 'secure_base_media_url': base + 'media/',
            })
        return configs

    # --- test hooks (/__emulator__/magento/...) ----------------------------------------------------

    def hook_unlock(self, body):
        kinds = [body['type']] if body.get('type') else ['admin', 'customer']
        for kind in kinds:
            self.throttle.reset(Throttle.key(str(body['username']), kind))
        return {'unlocked': True}

    def hook_revoke(self, body):
        return {'revoked': self.tokens.revoke(str(body['token']))}

    def hook_admin(self, username, body):
        uid, admin = self.find_admin(username)
        if admin is None:
            flask.abort(404)
        if body.get('active', True):
            self.inactive_admins.discard(admin['username'])
            revoked = 0
        else:
            # A deactivated admin's tokens die with the account.
            self.inactive_admins.add(admin['username'])
            revoked = self.tokens.revoke_user('admin', uid, self.ctx.now())
        return {'username': admin['username'], 'active': admin['username'] not in self.inactive_admins, 'revoked': revoked}

    def hook_otp(self, username, at):
        admin = self.find_admin(username)[1]
        if admin is None or not admin.get('otp_secret'):
            flask.abort(404)
        at = self.ctx.now() if at is None else at
        return {'otp': totp(admin['otp_secret'], at), 'at': at}


def _matches(customer, spec):
    """One searchCriteria filter: eq (default) or like with % wildcards, on a customer field."""
    actual = str(customer.get(spec.get('field', ''), ''))
    wanted = spec.get('value', '')
    if spec.get('condition_type', 'eq') == 'like':
        pattern = '.*'.join(re.escape(part) for part in wanted.split('%'))
        return re.fullmatch(pattern, actual, re.IGNORECASE) is not None
    return actual.casefold() == wanted.casefold()


def _hook_body():
    body = flask.request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def _register_hooks(app, store):
    """Test hooks: things a test must be able to do that the REST API offers no way to do."""
    prefix = '/__emulator__/magento'

    def run(hook, *args):
        with store.lock:
            try:
                return flask.jsonify(hook(*args))
            except KeyError as missing:
                return flask.jsonify({'message': 'missing field %s' % missing}), 400

    app.add_url_rule(prefix + '/unlock', 'hook_unlock', methods=['POST'],
                     view_func=lambda: run(store.hook_unlock, _hook_body()))
    app.add_url_rule(prefix + '/revoke', 'hook_revoke', methods=['POST'],
                     view_func=lambda: run(store.hook_revoke, _hook_body()))
    app.add_url_rule(prefix + '/admins/<username>', 'hook_admin', methods=['POST'],
                     view_func=lambda username: run(store.hook_admin, username, _hook_body()))
    app.add_url_rule(prefix + '/otp/<username>', 'hook_otp', methods=['GET'],
                     view_func=lambda username: run(store.hook_otp, username, flask.request.args.get('at', type=float)))


def create_app(ctx):
    app = flask.Flask(__name__)
    store = MagentoStore(ctx)
    app.extensions['magento_store'] = store

    def api(path=''):
        del path  # the dispatcher reads request.path itself
        return store.dispatch(flask.request)

    for rule in ('/', '/<path:path>'):
        app.add_url_rule(rule, 'api' + rule, api, methods=ROUTED_METHODS, provide_automatic_options=False)

    @app.errorhandler(405)
    def other_method(_error):
        # Methods outside ROUTED_METHODS never reach the dispatcher; Magento answers them alike.
        return render_error(MagentoError(405, 'The %1 HTTP method is not supported.', [flask.request.method]),
                            flask.request.headers.get('Accept'))

    _register_hooks(app, store)
    return app
