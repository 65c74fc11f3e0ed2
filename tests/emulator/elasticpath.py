# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Emulated Elastic Path Commerce Cloud authentication (shared/contracts/elasticpath.md).

Store tokens come from ``POST /oauth/access_token``; every ``/v2/...`` route checks the bearer
token first (401), then what its grant may do (403), then the request itself.

Permissions (the contract fixes the implicit-write rule; the rest is ours):

- client_credentials: everything.
- implicit: read products; read and write carts, cart items and checkout; get customer and
  account-member tokens; read one customer only with that customer's ``X-Moltin-Customer-Token``;
  read one account only with an ``EP-Account-Management-Authentication-Token`` issued for it.
  Any other write, and listing customers, is 403.
"""

import base64
import datetime
import hashlib
import hmac
import json
import secrets
import threading
import uuid

import flask

DEFAULT_CONFIG = {
    # Store token lifetime in seconds; None means fixtures elasticpath.token_lifetime.
    'token_lifetime': None,
    # Shopper token lifetimes: both are 24 h at the vendor.
    'customer_token_lifetime': 86400,
    'account_token_lifetime': 86400,
}

GRANTS = ('client_credentials', 'implicit')
FORM_TYPE = 'application/x-www-form-urlencoded'
CUSTOMER_TOKEN_HEADER = 'X-Moltin-Customer-Token'
ACCOUNT_TOKEN_HEADER = 'EP-Account-Management-Authentication-Token'
ACCOUNT_TOKEN_TYPE = 'account_management_authentication_token'
CREATED_AT = '2026-01-01T00:00:00.000Z'

PRODUCTS = (
    ('0c7b4c8e-3f4a-4b8e-9d2a-6f1e2b3c4d51', 'Espresso Cup', 'CUP-ESP-01', 1250),
    ('7a9e2d14-5b6c-4f3e-8a1d-2c4b6e8f0a92', 'Travel Mug', 'MUG-TRV-02', 2400),
    ('c3f1e5a7-9b2d-4c6e-8f0a-1b3d5f7a9c13', 'Pour-over Kettle', 'KTL-POV-03', 5900),
)


class EPError(Exception):
    """An error answer: {"errors": [{"status", "title", "detail"?}]}."""

    def __init__(self, status, title, detail=None, status_as_string=False):
        super().__init__(title)
        self.status = status
        entry = {'status': str(status) if status_as_string else status, 'title': title}
        if detail:
            entry['detail'] = detail
        self.body = {'errors': [entry]}


def unauthenticated():
    return EPError(401, 'Unable to validate access token')


def forbidden():
    return EPError(403, 'Forbidden')


def not_found(detail):
    return EPError(404, 'Not Found', detail)


def failed_validation(detail):
    return EPError(400, 'Failed Validation', detail)


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode('ascii')


def iso_utc(epoch):
    """Epoch seconds as the vendor's ISO-8601 string with milliseconds, e.g. 2024-06-27T23:45:24.070Z."""
    moment = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc)
    return moment.isoformat(timespec='milliseconds').replace('+00:00', 'Z')


def _money(amount):
    return {'amount': amount, 'currency': 'USD', 'formatted': '$%d.%02d' % divmod(amount, 100)}


class Grant:
    """A store access token: its grant and when it expires."""

    def __init__(self, grant, expires):
        self.grant = grant
        self.expires = expires


class ElasticPathStore:
    """All state of one emulated store, guarded by one lock (the server is threaded)."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.lock = threading.Lock()
        # Signs the JWT-like shopper tokens; per app instance, so a reset invalidates them.
        self._key = secrets.token_bytes(32)
        self.store_tokens = {}
        # token -> (customer id, expires) and token -> (member id, account id, expires)
        self.customer_tokens = {}
        self.account_tokens = {}
        self.products = dict((pid, self.product_data(pid, name, sku, price)) for pid, name, sku, price in PRODUCTS)
        self.carts = {}
        self.customers = {}
        customer = self.fixtures.get('customer')
        if customer:
            self.customers[customer['id']] = dict(customer)

    # --- settings and fixtures ---------------------------------------------------------------------

    @property
    def fixtures(self):
        return self.ctx.fixtures.get('elasticpath', {})

    def setting(self, name):
        value = self.ctx.config.get(name, DEFAULT_CONFIG.get(name))
        return self.fixtures.get(name) if value is None else value

    def member(self):
        return self.fixtures.get('account_member', {})

    def accounts(self):
        return dict((account['id'], account) for account in self.member().get('accounts', []))

    # --- store tokens ------------------------------------------------------------------------------

    def access_token(self, request):
        form = self.token_form(request)
        grant = form.get('grant_type', '')
        if not grant:
            raise EPError(400, 'Bad Request', 'grant_type is required')
        if grant not in GRANTS:
            raise EPError(400, 'Bad Request', 'grant_type must be client_credentials or implicit, not %s' % grant)
        client_id = form.get('client_id', '')
        if not client_id:
            raise EPError(400, 'Bad Request', 'client_id is required')
        if not hmac.compare_digest(client_id.encode(), str(self.fixtures['client_id']).encode()):
            raise EPError(401, 'Unauthorized')
        # The implicit grant is for browsers: it carries no secret, so none is checked.
        if grant == 'client_credentials':
            secret = form.get('client_secret', '')
            if not hmac.compare_digest(secret.encode(), str(self.fixtures['client_secret']).encode()):
                raise EPError(401, 'Unauthorized')
        lifetime = int(self.setting('token_lifetime'))
        expires = int(self.ctx.now()) + lifetime
        token = self.ctx.issued(secrets.token_hex(20))
        self.store_tokens[token] = Grant(grant, expires)
        return {'expires': expires, 'identifier': grant, 'expires_in': lifetime, 'access_token': token,
                'token_type': 'Bearer'}, 200

    @staticmethod
    def token_form(request):
        # Only a form is understood; a JSON body (a common client mistake) is refused outright.
        if request.get_data() and request.mimetype != FORM_TYPE:
            raise EPError(400, 'Bad Request', 'The request body must be %s' % FORM_TYPE)
        return request.form

    def bearer(self, request):
        """The store token of a /v2 request; 401 when it is missing, unknown or expired."""
        scheme, _sep, token = request.headers.get('Authorization', '').strip().partition(' ')
        grant = self.store_tokens.get(token.strip()) if scheme.lower() == 'bearer' else None
        if grant is None or self.ctx.now() >= grant.expires:
            raise unauthenticated()
        return grant

    # --- shopper tokens ----------------------------------------------------------------------------

    def jwt(self, claims):
        header = _b64url(json.dumps({'alg': 'HS256', 'typ': 'JWT'}, separators=(',', ':')).encode())
        payload = _b64url(json.dumps(claims, separators=(',', ':')).encode())
        signature = hmac.new(self._key, ('%s.%s' % (header, payload)).encode(), hashlib.sha256).digest()
        return '%s.%s.%s' % (header, payload, _b64url(signature))

    def customer_token(self, _grant):
        data = self.body_data('token')
        mechanism = data.get('authentication_mechanism', 'password')
        if mechanism != 'password':
            raise EPError(400, 'Bad Request', 'authentication_mechanism %s is not supported by the emulator' % mechanism)
        email, password = self.text_fields(data, ('email', 'password'))
        customer = self.customer_by_email(email)
        if customer is None or not hmac.compare_digest(password.encode(), str(customer.get('password', '')).encode()):
            raise EPError(401, 'Unauthorized', 'The email or password is incorrect')
        now = int(self.ctx.now())
        expires = now + int(self.setting('customer_token_lifetime'))
        token = self.ctx.issued(self.jwt({'sub': customer['id'], 'scope': 'customer', 'iat': now, 'exp': expires, 'jti': str(uuid.uuid4())}))
        self.customer_tokens[token] = (customer['id'], expires)
        return {'data': {'type': 'token', 'id': str(uuid.uuid4()), 'customer_id': customer['id'], 'token': token,
                         'expires': expires}}, 200

    def account_member_token(self, _grant):
        data = self.body_data(ACCOUNT_TOKEN_TYPE)
        mechanism = data.get('authentication_mechanism')
        if mechanism != 'password':
            raise EPError(400, 'Bad Request', 'authentication_mechanism %s is not supported by the emulator' % mechanism)
        profile, username, password = self.text_fields(data, ('password_profile_id', 'username', 'password'))
        member = self.member()
        good = (profile == member.get('password_profile_id')
                and username.casefold() == str(member.get('username', '')).casefold()
                and hmac.compare_digest(password.encode(), str(member.get('password', '')).encode()))
        if not good:
            # Here the vendor sends the status as a string.
            raise EPError(401, 'Unauthorized', status_as_string=True)
        now = int(self.ctx.now())
        expires = now + int(self.setting('account_token_lifetime'))
        tokens = []
        for account in member.get('accounts', []):
            token = self.ctx.issued(self.jwt({'sub': member['id'], 'account_id': account['id'], 'scope': 'account_member', 'iat': now,
                                              'exp': expires, 'jti': str(uuid.uuid4())}))
            self.account_tokens[token] = (member['id'], account['id'], expires)
            tokens.append({'type': ACCOUNT_TOKEN_TYPE, 'account_id': account['id'], 'account_name': account['name'],
                           'token': token, 'expires': iso_utc(expires)})
        return {'meta': {'account_member_id': member['id']}, 'data': tokens}, 201

    def shopper_customer_id(self, request):
        """The customer id behind a live X-Moltin-Customer-Token, or None."""
        entry = self.customer_tokens.get(request.headers.get(CUSTOMER_TOKEN_HEADER, ''))
        return entry[0] if entry and self.ctx.now() < entry[1] else None

    def shopper_account_id(self, request):
        """The account id behind a live EP-Account-Management-Authentication-Token, or None."""
        entry = self.account_tokens.get(request.headers.get(ACCOUNT_TOKEN_HEADER, ''))
        return entry[1] if entry and self.ctx.now() < entry[2] else None

    # --- request bodies ----------------------------------------------------------------------------

    @staticmethod
    def body_data(expected_type):
        """The "data" object of a JSON:API-style body, checked for its type."""
        body = flask.request.get_json(force=True, silent=True)
        if not isinstance(body, dict) or not isinstance(body.get('data'), dict):
            raise failed_validation('The body must be a JSON object with a "data" object')
        data = body['data']
        if data.get('type') != expected_type:
            raise failed_validation('data.type must be %s' % expected_type)
        return data

    @staticmethod
    def text_fields(data, names):
        missing = [name for name in names if not isinstance(data.get(name), str) or not data.get(name)]
        if missing:
            raise failed_validation('data.%s is required' % missing[0])
        return [data[name] for name in names]

    # --- products ----------------------------------------------------------------------------------

    @staticmethod
    def product_data(product_id, name, sku, price):
        return {
            'type': 'product', 'id': product_id, 'name': name, 'slug': sku.lower(), 'sku': sku,
            'description': name, 'manage_stock': False, 'status': 'live', 'commodity_type': 'physical',
            'price': [{'amount': price, 'currency': 'USD', 'includes_tax': True}],
            'meta': {'display_price': {'with_tax': _money(price), 'without_tax': _money(price)},
                     'timestamps': {'created_at': CREATED_AT, 'updated_at': CREATED_AT}},
        }

    def list_products(self, _grant):
        products = list(self.products.values())
        return {'data': products, 'links': {}, 'meta': {'results': {'total': len(products)}}}, 200

    def get_product(self, _grant, product_id):
        if product_id not in self.products:
            raise not_found('Product not found')
        return {'data': self.products[product_id]}, 200

    def create_product(self, _grant):
        data = self.body_data('product')
        name, sku = self.text_fields(data, ('name', 'sku'))
        product = self.product_data(str(uuid.uuid4()), name, sku, self.price_amount(data.get('price')))
        self.products[product['id']] = product
        return {'data': product}, 201

    @staticmethod
    def price_amount(price):
        """The amount of the first price of a product body ([{"amount": 1250, ...}]); 0 when absent."""
        first = price[0] if isinstance(price, list) and price else {}
        amount = first.get('amount', 0) if isinstance(first, dict) else 0
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            raise failed_validation('data.price[0].amount must be a non-negative integer')
        return amount

    # --- carts ---------------------------------------------------------------------------------------

    def cart(self, cart_id):
        # Carts spring into existence when first used, as at the vendor.
        return self.carts.setdefault(cart_id, [])

    def cart_data(self, cart_id):
        total = sum(item['unit_price']['amount'] * item['quantity'] for item in self.cart(cart_id))
        return {'type': 'cart', 'id': cart_id, 'name': 'Cart', 'description': '',
                'meta': {'display_price': {'with_tax': _money(total), 'without_tax': _money(total)},
                         'timestamps': {'created_at': CREATED_AT, 'updated_at': CREATED_AT}}}

    def get_cart(self, _grant, cart_id):
        return {'data': self.cart_data(cart_id)}, 200

    def add_cart_item(self, _grant, cart_id):
        data = self.body_data('cart_item')
        quantity = data.get('quantity', 1)
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            raise failed_validation('data.quantity must be a positive integer')
        product = self.products.get(data.get('id'))
        if product is None:
            raise not_found('Product not found')
        items = self.cart(cart_id)
        for item in items:
            if item['product_id'] == product['id']:
                item['quantity'] += quantity
                break
        else:
            items.append({'type': 'cart_item', 'id': str(uuid.uuid4()), 'product_id': product['id'], 'name': product['name'],
                          'sku': product['sku'], 'quantity': quantity, 'unit_price': dict(product['price'][0])})
        return {'data': items, 'meta': self.cart_data(cart_id)['meta']}, 201

    def checkout(self, _grant, cart_id):
        items = self.cart(cart_id)
        if not items:
            raise EPError(400, 'Bad Request', 'The cart has no items')
        total = self.cart_data(cart_id)['meta']['display_price']
        return {'data': {'type': 'order', 'id': str(uuid.uuid4()), 'status': 'incomplete', 'payment': 'unpaid',
                         'shipping': 'unfulfilled', 'meta': {'display_price': total}}}, 201

    # --- customers and accounts -------------------------------------------------------------------

    def customer_by_email(self, email):
        for customer in self.customers.values():
            if str(customer.get('email', '')).casefold() == email.casefold():
                return customer
        return None

    @staticmethod
    def customer_data(customer):
        return {'type': 'customer', 'id': customer['id'], 'name': customer.get('name', ''), 'email': customer['email'],
                'password': bool(customer.get('password')), 'authentication_mechanism': 'password',
                'meta': {'timestamps': {'created_at': CREATED_AT, 'updated_at': CREATED_AT}}}

    def list_customers(self, grant):
        if grant.grant != 'client_credentials':
            raise forbidden()
        customers = [self.customer_data(customer) for customer in self.customers.values()]
        return {'data': customers, 'links': {}, 'meta': {'results': {'total': len(customers)}}}, 200

    def create_customer(self, _grant):
        data = self.body_data('customer')
        name, email = self.text_fields(data, ('name', 'email'))
        if self.customer_by_email(email) is not None:
            raise EPError(409, 'Duplicate email', 'The email already exists')
        customer = {'id': str(uuid.uuid4()), 'name': name, 'email': email, 'password': data.get('password') or ''}
        self.customers[customer['id']] = customer
        return {'data': self.customer_data(customer)}, 201

    def get_customer(self, grant, customer_id):
        if grant.grant != 'client_credentials' and self.shopper_customer_id(flask.request) != customer_id:
            raise forbidden()
        if customer_id not in self.customers:
            raise not_found('Customer not found')
        return {'data': self.customer_data(self.customers[customer_id])}, 200

    def get_account(self, grant, account_id):
        if grant.grant != 'client_credentials' and self.shopper_account_id(flask.request) != account_id:
            raise forbidden()
        account = self.accounts().get(account_id)
        if account is None:
            raise not_found('Account not found')
        return {'data': {'type': 'account', 'id': account['id'], 'name': account['name'], 'legal_name': account['name'],
                         'meta': {'timestamps': {'created_at': CREATED_AT, 'updated_at': CREATED_AT}}}}, 200

    # --- routing -----------------------------------------------------------------------------------

    def routes(self):
        """(rule, method, handler, whether an implicit token may use it to write)."""
        return (
            ('/v2/products', 'GET', self.list_products, False),
            ('/v2/products', 'POST', self.create_product, False),
            ('/v2/products/<product_id>', 'GET', self.get_product, False),
            ('/v2/carts/<cart_id>', 'GET', self.get_cart, False),
            ('/v2/carts/<cart_id>/items', 'POST', self.add_cart_item, True),
            ('/v2/carts/<cart_id>/checkout', 'POST', self.checkout, True),
            ('/v2/customers', 'GET', self.list_customers, False),
            ('/v2/customers', 'POST', self.create_customer, False),
            ('/v2/customers/tokens', 'POST', self.customer_token, True),
            ('/v2/customers/<customer_id>', 'GET', self.get_customer, False),
            ('/v2/account-members/tokens', 'POST', self.account_member_token, True),
            ('/v2/accounts/<account_id>', 'GET', self.get_account, False),
        )

    def guarded(self, handler, implicit_writes):
        """A view: store token (401), then the implicit-write rule (403), then the handler."""
        def view(**args):
            request = flask.request
            with self.lock:
                try:
                    grant = self.bearer(request)
                    if grant.grant == 'implicit' and request.method not in ('GET', 'HEAD') and not implicit_writes:
                        raise forbidden()
                    return answer(*handler(grant, **args))
                except EPError as error:
                    return answer(error.body, error.status)
        return view

    def revoke_hook(self):
        """Test hook: kill one store or shopper token, as a server-side revocation would."""
        body = flask.request.get_json(force=True, silent=True)
        token = body.get('token') if isinstance(body, dict) else None
        with self.lock:
            revoked = any(tokens.pop(token, None) is not None
                          for tokens in (self.store_tokens, self.customer_tokens, self.account_tokens))
        return answer({'revoked': revoked}, 200)

    def token_view(self):
        with self.lock:
            try:
                return answer(*self.access_token(flask.request))
            except EPError as error:
                return answer(error.body, error.status)


def answer(body, status):
    return flask.Response(json.dumps(body), status=status, content_type='application/json')


def create_app(ctx):
    app = flask.Flask(__name__)
    store = ElasticPathStore(ctx)
    app.extensions['elasticpath_store'] = store
    app.add_url_rule('/oauth/access_token', 'access_token', store.token_view, methods=['POST'])
    app.add_url_rule('/__emulator__/elasticpath/revoke', 'hook_revoke', store.revoke_hook, methods=['POST'])
    for rule, method, handler, implicit_writes in store.routes():
        app.add_url_rule(rule, '%s %s' % (method, rule), store.guarded(handler, implicit_writes), methods=[method])

    @app.errorhandler(404)
    def unknown_route(_error):
        return answer(EPError(404, 'Not Found', 'No route for %s' % flask.request.path).body, 404)

    @app.errorhandler(405)
    def wrong_method(_error):
        return answer(EPError(405, 'Method Not Allowed').body, 405)

    return app
