# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Emulated Adobe Commerce as a Cloud Service REST gateway: ``/<tenant_id>/V1/...`` with IMS tokens.

The gateway checks the IMS token (401 without a valid one), the ``x-api-key`` (403 when missing or not the
token's client id) and, when sent, ``x-gw-ims-org-id`` (403 for another org); then the store's own routes
answer as Magento does, as the admin the technical account maps to. ACCS has no admin, customer or
integration token routes. 429 with Retry-After comes from the control API's faults, like any outage.
The gateway's error bodies follow Adobe I/O's ``{"error_code", "message"}`` shape (ours: texts not in the contract).
"""

import json

import flask

from . import ims_tokens
from .magento import Caller, MagentoStore
from .magento_wire import MagentoError, render_error

DEFAULT_CONFIG = {
    # Strict mode of the contract's checklist: x-gw-ims-org-id must be sent, not only be right when sent.
    'require_org_header': False,
}
# Routes that do not exist in ACCS: token issuing of every kind.
TOKEN_ROUTES = ('/V1/integration/admin/token', '/V1/integration/customer/token', '/V1/tfa/provider/google/authenticate',
                '/V1/integration/customer/revoke-customer-token')


def _gateway_error(status, code, message):
    return flask.Response(json.dumps({'error_code': code, 'message': message}), status=status, content_type='application/json')


def create_app(ctx):
    app = flask.Flask(__name__)
    store = MagentoStore(ctx)

    def ims():
        return ctx.fixtures.get('ims', {})

    def gateway(tenant, path):
        request = flask.request
        if tenant != ims().get('tenant_id'):
            return _gateway_error(404, '404001', 'Tenant not found')
        pieces = request.headers.get('Authorization', '').split(' ')
        claims = None
        if len(pieces) == 2 and pieces[0].lower() == 'bearer':
            claims = ims_tokens.verify(ims(), pieces[1], ctx.now())
        if claims is None:
            return _gateway_error(401, '401013', 'Oauth token is not valid')
        api_key = request.headers.get('x-api-key')
        if not api_key:
            return _gateway_error(403, '403000', 'Api Key is required')
        if api_key != claims.get('client_id'):
            return _gateway_error(403, '403003', 'Api Key is invalid')
        org = request.headers.get('x-gw-ims-org-id')
        if (org is None and ctx.config.get('require_org_header')) or (org is not None and org != ims().get('org_id')):
            return _gateway_error(403, '403027', 'The organization ID does not match the credential')
        admin = store.ims_caller(pieces[1])
        accept = request.headers.get('Accept')
        try:
            with store.lock:
                return store.run_route(request, '/V1/' + path, accept, lambda _request: admin or Caller('admin', 0),
                                       skip=TOKEN_ROUTES)
        except MagentoError as error:
            return render_error(error, accept)

    app.add_url_rule('/<tenant>/V1/<path:path>', 'gateway', gateway, methods=['GET', 'POST', 'PUT', 'DELETE'])

    @app.errorhandler(404)
    def not_found(_error):
        return _gateway_error(404, '404000', 'Resource not found')

    return app
