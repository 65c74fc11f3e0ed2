# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Emulated Adobe IMS token endpoint: server-to-server client_credentials (shared/contracts/adobe_ims.md).

``POST /ims/token/v3`` takes its parameters from the query string and the form body (the body wins),
a comma-separated scope list, and answers OAuth-2-style errors with 400, never 401, for bad client
credentials. Order of checks (ours): client_id, grant_type, client_secret, scope.
"""

import json

import flask

from . import ims_tokens

DEFAULT_CONFIG = {
    # Seconds in expires_in; None means ims.token_lifetime of fixtures.yml (86399 like IMS).
    'token_lifetime': None,
}


def _error(code, description, status=400):
    body = json.dumps({'error': code, 'error_description': description})
    return flask.Response(body, status=status, content_type='application/json;charset=UTF-8')


def create_app(ctx):
    app = flask.Flask(__name__)

    @app.route('/ims/token/v3', methods=['POST'])
    def token():
        ims = ctx.fixtures.get('ims', {})
        params = dict(flask.request.args.items())
        params.update(flask.request.form.items())
        if params.get('client_id') != ims.get('client_id'):
            return _error('invalid_client', 'invalid client_id parameter')
        if not params.get('grant_type'):
            return _error('invalid_request', 'missing grant_type parameter')
        if params['grant_type'] != 'client_credentials':
            return _error('unsupported_grant_type', 'unsupported grant_type parameter')
        if params.get('client_secret') != ims.get('client_secret'):
            return _error('invalid_client', 'invalid client_secret parameter')
        scopes = [scope for scope in params.get('scope', '').split(',') if scope]
        allowed = set(ims.get('scopes', []))
        if not scopes or not set(scopes) <= allowed:
            return _error('invalid_scope', 'invalid scope parameter')
        lifetime = ctx.config.get('token_lifetime') or ims.get('token_lifetime', 86399)
        value = ctx.issued(ims_tokens.mint(ims, params['client_id'], scopes, ctx.now(), lifetime))
        body = json.dumps({'access_token': value, 'token_type': 'bearer', 'expires_in': int(lifetime)})
        return flask.Response(body, status=200, content_type='application/json;charset=UTF-8')

    @app.errorhandler(404)
    def not_found(_error_):
        return _error('invalid_request', 'unknown endpoint', 404)

    @app.errorhandler(405)
    def not_allowed(_error_):
        return _error('invalid_request', 'method not allowed', 405)

    return app
