# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Emulated Commerce Marketplace EQP REST API v1 (see /work/shared/contracts/eqp.md).

One app per environment (listeners eqp_sandbox and eqp_production): keys, tokens, profile,
files and packages of one are unknown to the other.

Choices of ours, where the contract leaves them open (whole-request errors, body ``{code, message}``):

====  ======  ==========================================================================
code  status  when
====  ======  ==========================================================================
1001  401     token request without Basic credentials, or wrong ones
1002  400     token request body not a JSON object, ``grant_type`` missing or not
              ``session``, ``expires_in`` not a positive integer
1003  401     missing, unknown, expired or other-environment bearer token
1004  403     ``/users/{mage_id}`` of another account
1005  400     request body of the wrong shape (not JSON, not an array for the batch
              endpoints, no ``file[]`` part, bad ``action`` or ``api_callbacks``)
1006  400     ``offset`` or ``limit`` not an integer (``limit`` may be -1 = all)
1404  404     unknown route, package, item_id or file
1405  405     method not allowed on the route
====  ======  ==========================================================================

A single ``PUT /products/packages/{id}`` answers the item result object of a batch; its HTTP
status is 200 for item codes 200 and 1321, 404 for 1404, 409 for 1409-1414 and 400 otherwise.
A missing ``expires_in`` gets the maximum. ``PUT /users`` ``action`` defaults to ``draft``; ``submit``
also marks the profile complete. Callbacks are stored (never returned with their password); an
``api_callbacks`` item sent without ``password`` keeps the stored password of the callback of the same
name (ours: the vendor does not say). Events are delivered (eqp_callbacks.py). Keys and reports of
``/users/{mage_id}/keys`` and ``/users/{mage_id}/reports/*``: see eqp_keys.py. Package list filters: any
other query parameter is a field (dotted paths and ``overall``/``technical``/``marketing`` allowed)
compared as text; repeat a key to allow several values. ``GET .../packages/{id}/status/{tool}/{tool_run_id}`` answers the report of a finished run
(eqp_reports.py), 404 while it runs or for ``phpcpd``; ``fail_tools`` makes reviews fail (eqp_packages.py).
Test hooks (not counted, not faulted): ``POST /__emulator__/eqp/packages/<submission_id>/reject``
with ``{"review": "technical"|"marketing", "summary"?: text}`` (409 when that review was not
submitted or the package is released); ``POST /__emulator__/eqp/revoke`` with ``{"token": ust}``, or no
body for every session token, answers ``{"revoked": n}``; a revoked token then gets the 1003 answer of an
expired one. Package rules and item codes: see eqp_packages.py;
malware scan: see eqp_files.py.
"""

import json
import random
import string
import threading

import flask
from werkzeug.exceptions import HTTPException

from .eqp_callbacks import Deliveries
from .eqp_files import Files
from .eqp_keys import REPORTS, Keys
from .eqp_packages import Packages, filter_views, sort_views, timestamp

DEFAULT_CONFIG = {
    # None means: take the value of the fixtures (eqp.scan_delay, eqp.max_expires_in).
    'scan_delay': None,
    'max_expires_in': None,
    'review_step_seconds': 1,
    # Tools whose review ends rejected with a failing report (phpcs, phpcpd, varnish, marketing).
    'fail_tools': [],
    # A PEM file of the CAs that callback URLs are checked against (None: the system's).
    'callback_ca': None,
}
FALLBACKS = {'scan_delay': 2, 'max_expires_in': 7200, 'review_step_seconds': 1, 'fail_tools': [], 'callback_ca': None}
SUMMARY_FIELDS = ('mage_id', 'first_name', 'last_name', 'email', 'screen_name', 'has_completed_profile',
                  'has_accepted_tos', 'profile_image_artifact')
READ_ONLY_PROFILE = ('mage_id', 'created_at', 'modified_at', 'api_callbacks')
ITEM_STATUS = {200: 200, 1321: 200, 1404: 404, 1409: 409, 1410: 409, 1411: 409, 1412: 409, 1413: 409, 1414: 409}
ALNUM = string.ascii_letters + string.digits
# What body_json answers for a body that is not JSON: fails every shape check.
INVALID = object()


class ApiError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def body_json():
    try:
        return json.loads(flask.request.get_data() or b'null')
    except ValueError:
        return INVALID


def paginate(items):
    """Apply offset/limit from the query string; the response carries X-Total-Count."""
    args = flask.request.args
    try:
        offset = int(args.get('offset', 0))
        limit = int(args.get('limit', 20))
    except ValueError:
        raise ApiError(400, 1006, 'offset and limit must be integers')
    if offset < 0 or limit < -1:
        raise ApiError(400, 1006, 'offset must be >= 0 and limit >= 0 or -1')
    chosen = items[offset:] if limit == -1 else items[offset:offset + limit]
    response = flask.jsonify(chosen)
    response.headers['X-Total-Count'] = str(len(items))
    return response


class Eqp:
    """State and views of one environment; every view runs under one lock."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.account = ctx.fixtures['eqp'][ctx.environment or 'sandbox']
        self.lock = threading.Lock()
        self.random = random.SystemRandom()
        self.tokens = {}
        self.files = Files(ctx, self.setting)
        self.packages = Packages(ctx, self.files, self.setting)
        self.callbacks = []
        self.deliveries = Deliveries(self.setting)
        self.keys = Keys(ApiError)
        self.files.notify = self.packages.notify = self._notify
        self.profile = self._initial_profile()

    def _notify(self, event, info):
        self.deliveries.send(self.callbacks, event, info)

    def setting(self, name):
        value = self.ctx.config.get(name)
        if value is None:
            value = self.ctx.fixtures['eqp'].get(name, FALLBACKS[name])
        return value

    def _initial_profile(self):
        given = dict(self.account.get('profile') or {})
        now = timestamp(self.ctx.now())
        profile = {
            'mage_id': self.account['mage_id'], 'first_name': None, 'last_name': None, 'email': None, 'screen_name': None,
            'vendor_name': None, 'is_company': False, 'has_completed_profile': True, 'has_accepted_tos': True,
            'partner_level': 'none', 'profile_image_artifact': None, 'created_at': now, 'modified_at': now,
        }
        profile.update(given)
        profile['personal_profile'] = {'first_name': profile['first_name'], 'last_name': profile['last_name'], 'email': profile['email']}
        profile['company_profile'] = {'company_name': profile['vendor_name'] if profile['is_company'] else None}
        return profile

    # authentication --------------------------------------------------------------------------

    def token(self):
        auth = flask.request.authorization
        if auth is None or auth.type != 'basic':
            raise ApiError(401, 1001, 'Application credentials are required (Basic authentication)')
        if auth.username != self.account['app_id'] or auth.password != self.account['app_secret']:
            raise ApiError(401, 1001, 'Invalid application id or secret')
        body = body_json()
        if not isinstance(body, dict):
            raise ApiError(400, 1002, 'The request body must be a JSON object')
        if 'grant_type' not in body:
            raise ApiError(400, 1002, 'grant_type is required')
        if body['grant_type'] != 'session':
            raise ApiError(400, 1002, 'Unsupported grant_type: only "session" is valid')
        maximum = int(self.setting('max_expires_in'))
        expires_in = body.get('expires_in', maximum)
        if isinstance(expires_in, bool) or not isinstance(expires_in, int) or expires_in <= 0:
            raise ApiError(400, 1002, 'expires_in must be a positive integer')
        expires_in = min(expires_in, maximum)
        ust = '%s.%s' % (''.join(self.random.choice(ALNUM) for _i in range(32)), ''.join(self.random.choice(ALNUM) for _i in range(12)))
        self.tokens[ust] = self.ctx.now() + expires_in
        self.ctx.issued(ust)
        return flask.jsonify({'mage_id': self.account['mage_id'], 'ust': ust, 'expires_in': expires_in})

    def check_bearer(self):
        scheme, _sep, value = flask.request.headers.get('Authorization', '').partition(' ')
        if scheme.lower() != 'bearer' or not value.strip():
            raise ApiError(401, 1003, 'A session token is required (Authorization: Bearer <ust>)')
        expiry = self.tokens.get(value.strip())
        if expiry is None or self.ctx.now() >= expiry:
            raise ApiError(401, 1003, 'Invalid or expired session token')

    # users -----------------------------------------------------------------------------------

    def _own(self, mage_id):
        if mage_id != self.account['mage_id']:
            raise ApiError(403, 1004, 'Access denied to the account %s' % mage_id)

    def profile_view(self):
        view = dict(self.profile)
        view['api_callbacks'] = [dict((k, v) for k, v in callback.items() if k != 'password') for callback in self.callbacks]
        return view

    def get_user(self, mage_id):
        self._own(mage_id)
        view = self.profile_view()
        if flask.request.args.get('style') == 'summary':
            view = dict((key, view.get(key)) for key in SUMMARY_FIELDS)
        return flask.jsonify(view)

    def put_user(self, mage_id):
        self._own(mage_id)
        body = body_json()
        if not isinstance(body, dict):
            raise ApiError(400, 1005, 'The request body must be a JSON object')
        action = body.get('action', 'draft')
        if action not in ('submit', 'draft'):
            raise ApiError(400, 1005, 'action must be submit or draft')
        callbacks = body.get('api_callbacks')
        if callbacks is not None:
            self.callbacks = self._checked_callbacks(callbacks)
        for key, value in body.items():
            if key in READ_ONLY_PROFILE or key == 'action':
                continue
            if isinstance(value, dict) and isinstance(self.profile.get(key), dict):
                self.profile[key].update(value)
            else:
                self.profile[key] = value
        if action == 'submit':
            self.profile['has_completed_profile'] = True
        self.profile['modified_at'] = timestamp(self.ctx.now())
        return flask.jsonify(self.profile_view())

    # keys and reports (eqp_keys.py) ----------------------------------------------------------

    def get_keys(self, mage_id):
        self._own(mage_id)
        return flask.jsonify(self.keys.listing(flask.request.args.get('type', 'all'), flask.request.args.get('label')))

    def create_keys(self, mage_id):
        self._own(mage_id)
        return flask.jsonify(self.keys.create(body_json()))

    def update_key(self, mage_id, label):
        self._own(mage_id)
        return flask.jsonify(self.keys.update(label, body_json()))

    def delete_key(self, mage_id, label):
        self._own(mage_id)
        self.keys.delete(label)
        return '', 204

    def get_report(self, mage_id, report):
        self._own(mage_id)
        if report not in REPORTS:
            raise ApiError(404, 1404, 'Unknown report %s: pageviews, totals, sales or refunds' % report)
        return flask.jsonify([])

    def _checked_callbacks(self, callbacks):
        if not isinstance(callbacks, list):
            raise ApiError(400, 1005, 'api_callbacks must be a list')
        for callback in callbacks:
            if (not isinstance(callback, dict) or not isinstance(callback.get('name'), str) or not isinstance(callback.get('url'), str)
                    or not all(isinstance(callback.get(key, ''), str) for key in ('username', 'password'))):
                raise ApiError(400, 1005, 'each api_callbacks item needs name and url, and string username and password')
        stored = dict((callback['name'], callback.get('password')) for callback in self.callbacks)
        kept = []
        for callback in callbacks:
            callback = dict(callback)
            if 'password' not in callback and stored.get(callback['name']) is not None:
                callback['password'] = stored[callback['name']]
            kept.append(callback)
        return kept

    # files -----------------------------------------------------------------------------------

    def upload(self):
        parts = flask.request.files.getlist('file[]')
        if not parts:
            raise ApiError(400, 1005, 'Expected multipart/form-data with one part named file[] per file')
        answer = []
        for part in parts:
            record = self.files.add(part.filename or 'upload', part.mimetype or 'application/octet-stream', part.read())
            answer.append(dict((key, record[key]) for key in ('filename', 'content_type', 'size', 'file_upload_id')))
        return flask.jsonify(answer)

    def _file(self, file_upload_id):
        record = self.files.get(file_upload_id)
        if record is None:
            raise ApiError(404, 1404, 'File not found: %s' % file_upload_id)
        return record

    def list_files(self):
        return paginate([self.files.view(record) for record in self.files.records.values()])

    def get_file(self, file_upload_id):
        return flask.jsonify(self.files.view(self._file(file_upload_id)))

    def file_content(self, file_upload_id):
        record = self._file(file_upload_id)
        return flask.Response(record['data'], content_type=record['content_type'])

    # packages --------------------------------------------------------------------------------

    def _package(self, submission_id):
        record = self.packages.records.get(submission_id)
        if record is None:
            raise ApiError(404, 1404, 'Package not found: %s' % submission_id)
        return record

    @staticmethod
    def _batch():
        body = body_json()
        if not isinstance(body, list):
            raise ApiError(400, 1005, 'The request body must be a JSON array of packages')
        return body

    def create_packages(self):
        return flask.jsonify(self.packages.create_batch(self._batch()))

    def update_packages(self):
        return flask.jsonify(self.packages.update_batch(self._batch()))

    def update_package(self, submission_id):
        body = body_json()
        if not isinstance(body, dict):
            raise ApiError(400, 1005, 'The request body must be a JSON object')
        result = self.packages.update(submission_id, body)
        return flask.jsonify(result), ITEM_STATUS.get(result['code'], 400)

    def list_packages(self):
        args = flask.request.args
        filters = dict((key, args.getlist(key)) for key in args if key not in ('offset', 'limit', 'sort'))
        views = filter_views([self.packages.view(record) for record in self.packages.records.values()], filters)
        return paginate(sort_views(views, args.get('sort')))

    def get_package(self, submission_id):
        return flask.jsonify(self.packages.view(self._package(submission_id)))

    def get_item(self, item_id):
        record = self.packages.by_item_id(item_id)
        if record is None:
            raise ApiError(404, 1404, 'Package not found for item_id %s' % item_id)
        return flask.jsonify(self.packages.view(record))

    def get_sku(self, sku):
        filters = {'sku': [sku]}
        if 'version' in flask.request.args:
            filters['version'] = flask.request.args.getlist('version')
        views = filter_views([self.packages.view(record) for record in self.packages.records.values()], filters)
        return paginate(sort_views(views, flask.request.args.get('sort')))

    def package_status(self, submission_id):
        return flask.jsonify(self.packages.runs(self._package(submission_id)))

    def package_report(self, submission_id, tool, tool_run_id):
        report = self.packages.run_report(self._package(submission_id), tool, tool_run_id)
        if report is None:
            raise ApiError(404, 1404, 'No report for %s run %s of package %s' % (tool, tool_run_id, submission_id))
        return flask.jsonify(report)

    def force_reject(self, submission_id):
        body = body_json()
        if not isinstance(body, dict) or body.get('review') not in ('technical', 'marketing'):
            raise ApiError(400, 1005, 'expected {"review": "technical" or "marketing", "summary": optional text}')
        record = self._package(submission_id)
        summary = body.get('summary') or 'Rejected by the emulator test hook (%s review)' % body['review']
        if not self.packages.reject(record, body['review'], str(summary)):
            raise ApiError(409, 1412, 'The %s review of %s is neither running nor approved' % (body['review'], submission_id))
        return flask.jsonify(self.packages.view(record))

    def revoke_hook(self):
        """Test hook: forget one session token, or all of them, as a server-side revocation would.

        A forgotten token is simply unknown, so check_bearer gives it the very 401 of an expired one.
        """
        body = body_json()
        if body is None:
            body = {}
        if not isinstance(body, dict) or set(body) - {'token'} or not isinstance(body.get('token', ''), str):
            raise ApiError(400, 1005, 'expected no body or {"token": "<ust>"}')
        if 'token' in body:
            revoked = 1 if self.tokens.pop(body['token'], None) is not None else 0
        else:
            revoked = len(self.tokens)
            self.tokens.clear()
        return flask.jsonify({'revoked': revoked})

    def callback_log(self):
        return flask.jsonify(self.deliveries.sent())


ROUTES = (
    # (rule, methods, view name, needs a bearer token)
    ('/rest/v1/app/session/token', ['POST'], 'token', False),
    ('/rest/v1/apps/session/token', ['POST'], 'token', False),
    ('/rest/v1/users/<mage_id>', ['GET'], 'get_user', True),
    ('/rest/v1/users/<mage_id>', ['PUT'], 'put_user', True),
    ('/rest/v1/users/<mage_id>/keys', ['GET'], 'get_keys', True),
    ('/rest/v1/users/<mage_id>/keys', ['POST'], 'create_keys', True),
    ('/rest/v1/users/<mage_id>/keys/<path:label>', ['PUT'], 'update_key', True),
    ('/rest/v1/users/<mage_id>/keys/<path:label>', ['DELETE'], 'delete_key', True),
    ('/rest/v1/users/<mage_id>/reports/<report>', ['GET'], 'get_report', True),
    ('/rest/v1/files/uploads', ['POST'], 'upload', True),
    ('/rest/v1/files/uploads', ['GET'], 'list_files', True),
    ('/rest/v1/files/uploads/<file_upload_id>', ['GET'], 'get_file', True),
    ('/rest/v1/files/uploads/<file_upload_id>/content', ['GET'], 'file_content', True),
    ('/rest/v1/products/packages', ['POST'], 'create_packages', True),
    ('/rest/v1/products/packages', ['PUT'], 'update_packages', True),
    ('/rest/v1/products/packages', ['GET'], 'list_packages', True),
    ('/rest/v1/products/packages/items/<item_id>', ['GET'], 'get_item', True),
    ('/rest/v1/products/packages/skus/<path:sku>', ['GET'], 'get_sku', True),
    ('/rest/v1/products/packages/<submission_id>', ['GET'], 'get_package', True),
    ('/rest/v1/products/packages/<submission_id>', ['PUT'], 'update_package', True),
    ('/rest/v1/products/packages/<submission_id>/status', ['GET'], 'package_status', True),
    ('/rest/v1/products/packages/<submission_id>/status/<tool>/<tool_run_id>', ['GET'], 'package_report', True),
    ('/__emulator__/eqp/packages/<submission_id>/reject', ['POST'], 'force_reject', False),
    ('/__emulator__/eqp/revoke', ['POST'], 'revoke_hook', False),
    ('/__emulator__/eqp/callbacks', ['GET'], 'callback_log', False),
)


def create_app(ctx):
    api = Eqp(ctx)
    # Show the effective values in GET /__emulator__/config.
    for name in ('scan_delay', 'max_expires_in'):
        ctx.config[name] = api.setting(name)
    app = flask.Flask(__name__)

    def guarded(view, bearer):
        def run(**kwargs):
            with api.lock:
                if bearer:
                    api.check_bearer()
                return view(**kwargs)
        return run

    for index, (rule, methods, name, bearer) in enumerate(ROUTES):
        app.add_url_rule(rule, 'route%d' % index, guarded(getattr(api, name), bearer), methods=methods)

    @app.errorhandler(ApiError)
    def api_error(exc):
        return flask.jsonify({'code': exc.code, 'message': exc.message}), exc.status

    @app.errorhandler(HTTPException)
    def http_error(exc):
        code = {404: 1404, 405: 1405}.get(exc.code, exc.code)
        message = {404: 'Not found: %s' % flask.request.path, 405: 'Method %s not allowed' % flask.request.method}.get(exc.code, exc.description)
        return flask.jsonify({'code': code, 'message': message}), exc.code

    return app
