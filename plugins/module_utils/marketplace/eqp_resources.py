# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The EQP resource client: users, files and packages, over the shared HttpClient with a session token.

Plain values in, decoded JSON out. Whole-request failures raise ApiError; a batch item that failed
(item ``code`` other than 200) raises EqpItemError, which carries the code and the server's details.
An HTTP 401 with a token obtained from credentials is answered by one new token and one retry; a
second 401, or a 401 with a token the user handed over, is an error.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from ansible_collections.commerceops.api.plugins.module_utils.core.errors import ApiError, one_line, vendor_message

API = 'eqp'

FILES_PATH = '/rest/v1/files/uploads'
PACKAGES_PATH = '/rest/v1/products/packages'

# What to do about an item code, for the error line.
ITEM_HINTS = {
    1201: 'give metadata.name and metadata.long_description (and version) to save a draft',
    1202: 'a metadata field has the wrong type or value',
    1208: 'a technical submit needs artifact, documentation.user, metadata.release_notes and metadata.version_compatibility',
    1209: 'a marketing submit needs metadata name, long_description, categories (1 to 3), license_type, '
          'documentation, media.icon and media.gallery',
    1210: 'sku must be vendor_name/package_name in lower case',
    1320: 'an uploaded file is unknown to the server',
    1321: 'the uploaded files are still being scanned for malware',
    1322: 'an uploaded file failed the malware scan',
    1404: 'the package does not exist (any more)',
    1409: 'this version was already submitted: publish a new version',
    1410: 'another package already has this item_id',
    1411: 'another package has this name: give its sku to add a version',
    1412: 'the package is in review: only a recall is accepted (state=recalled)',
    1413: 'the package is released: only marketing changes are accepted',
    1414: 'the package was canceled or removed',
}

TOKEN_HINT = 'the session token expired, was revoked or belongs to another environment: obtain a new one'


class EqpItemError(ApiError):
    """A batch item (or single package save) the server refused, with its item ``code`` and ``details``."""

    def __init__(self, code, what, message, details=None, url=None, environment=None, secrets=None):
        self.code = code
        self.details = list(details) if isinstance(details, (list, tuple)) else ([details] if details else [])
        text = '%s refused: item code %s: %s' % (what, code, one_line(message or 'no message'))
        if self.details:
            text += ' (%s)' % ', '.join(str(detail) for detail in self.details)
        super().__init__(api=API, url=url, status=None, vendor_message=text, hint=ITEM_HINTS.get(code),
                         environment=environment, secrets=secrets)

    def to_dict(self):
        fields = super().to_dict()
        fields.update(code=self.code, details=self.details)
        return fields


# Outcomes of a failed write (see write_outcome).
REFUSED = 'refused'
UNKNOWN = 'unknown'
FAILED = 'failed'


def write_outcome(error):
    """What a failed write did on the server: ``refused``, ``unknown`` or ``failed``.

    ``refused``: it cannot have taken effect (HTTP 429 or 503, which mean the server did not take the
    request; or a connection that never carried it): it may be sent again. ``unknown``: it may have
    taken effect (no answer after sending, a timeout, another 5xx from the server or a gateway): it must
    not be sent again, only looked for. ``failed``: the server answered and refused it (4xx, item codes).
    """
    if isinstance(error, EqpItemError) or not isinstance(error, ApiError):
        return FAILED
    if error.status is None:
        return REFUSED if getattr(error, 'unsent', False) else UNKNOWN
    if error.status in (429, 503):
        return REFUSED
    return UNKNOWN if error.status >= 500 else FAILED


def ambiguous(error):
    """Whether a failed write may be tried again after a look (refused) or may have happened (unknown)."""
    return write_outcome(error) != FAILED


def file_ref(value):
    """The ``file_upload_id`` of a file reference object, or ``None``."""
    if isinstance(value, dict) and isinstance(value.get('file_upload_id'), str) and value['file_upload_id']:
        return value['file_upload_id']
    return None


def _query(params):
    pairs = []
    for key, value in (params or {}).items():
        for item in (value if isinstance(value, (list, tuple)) else [value]):
            if item is None:
                continue
            if isinstance(item, bool):
                item = 'true' if item else 'false'
            pairs.append((key, str(item)))
    return ('?' + urlencode(pairs)) if pairs else ''


class EqpResources:
    """Users, files and packages of one EQP environment.

    ``token`` is a Token of the EQP API; ``renew(stale_value) -> Token`` obtains its successor after
    a 401 (``None`` when the token came from the user and cannot be renewed). ``note_refused(value)``
    is told of a successor refused at once too, so that later tasks do not renew it again (that 401 is
    about rights, not the token: see obtain.note_refused_renewal).
    """

    def __init__(self, client, token, renew=None, environment=None, note_refused=None):
        self.client = client
        self.token = token
        self.renew = renew
        self.note_refused = note_refused
        self.environment = environment or token.extra.get('environment')
        self.base_url = token.base_url.rstrip('/')
        client.register_secret(token.value)

    @property
    def mage_id(self):
        return self.token.extra.get('mage_id')

    # transport -------------------------------------------------------------------------------

    def url(self, path, query=None):
        return self.base_url + path + _query(query)

    def send(self, method, path, query=None, idempotent=None, **body):
        """One request with the bearer token; a 401 gets one new token and one retry when renewable."""
        url = self.url(path, query)
        renewed = False
        while True:
            headers = dict(self.token.auth_headers(), Accept='application/json')
            response = self.client.request(method, url, headers=headers, idempotent=idempotent, api=API,
                                           environment=self.environment, **body)
            if response.status != 401 or renewed or self.renew is None:
                break
            # The server refused the token, so the request had no effect: retrying it is safe.
            self.token = self.renew(self.token.value)
            self.client.register_secret(self.token.value)
            renewed = True
        if response.status == 401:
            if renewed and self.note_refused is not None:
                self.note_refused(self.token.value)
            raise self.error(response, TOKEN_HINT)
        return response

    def error(self, response, hint=None):
        return ApiError(api=API, url=response.url, status=response.status, vendor_message=vendor_message(API, response.body),
                        hint=hint, environment=self.environment, secrets=self.client.secrets)

    def _json(self, method, path, query=None, missing_ok=False, **body):
        response = self.send(method, path, query, **body)
        if missing_ok and response.status == 404:
            return None, response
        if not response.ok:
            raise self.error(response)
        return response.json(), response

    def _total(self, response, items):
        try:
            return int(response.header('x-total-count'))
        except (TypeError, ValueError):
            return len(items)

    def _list(self, path, query):
        data, response = self._json('GET', path, query)
        if not isinstance(data, list):
            raise ApiError(api=API, url=response.url, status=response.status, vendor_message='expected a JSON array',
                           environment=self.environment, secrets=self.client.secrets)
        return data, self._total(response, data)

    # users -----------------------------------------------------------------------------------

    def user(self, mage_id=None, summary=False):
        """The account profile (``style=summary`` when ``summary``)."""
        data, _response = self._json('GET', '/rest/v1/users/%s' % quote(mage_id or self.mage_id or '', safe=''),
                                     {'style': 'summary'} if summary else None)
        return data

    def update_user(self, fields, action='draft', mage_id=None):
        """Merge ``fields`` into the profile (``action`` ``draft`` or ``submit``); returns the profile."""
        body = dict(fields, action=action)
        data, _response = self._json('PUT', '/rest/v1/users/%s' % quote(mage_id or self.mage_id or '', safe=''), json=body)
        return data

    # files -----------------------------------------------------------------------------------

    def upload(self, local_files):
        """Upload LocalFiles in one multipart request (every part named ``file[]``); the answers in order.

        A repeated upload only leaves an unused file behind, so transport failures may be retried.
        """
        parts = [('file[]', local.part()) for local in local_files]
        data, response = self._json('POST', FILES_PATH, multipart=parts, idempotent=True)
        if not isinstance(data, list) or len(data) != len(parts) or not all(
                isinstance(item, dict) and item.get('file_upload_id') for item in data):
            raise ApiError(api=API, url=response.url, status=response.status,
                           vendor_message='expected one file_upload_id per uploaded file',
                           environment=self.environment, secrets=self.client.secrets)
        return data

    def file(self, file_upload_id):
        """An uploaded file (``malware_status``, ``file_hash``...), or ``None`` when unknown."""
        data, _response = self._json('GET', '%s/%s' % (FILES_PATH, quote(file_upload_id, safe='')), missing_ok=True)
        return data

    def files(self, offset=0, limit=-1):
        return self._list(FILES_PATH, {'offset': offset, 'limit': limit})

    # packages --------------------------------------------------------------------------------

    def package(self, submission_id):
        data, _response = self._json('GET', '%s/%s' % (PACKAGES_PATH, quote(submission_id, safe='')), missing_ok=True)
        return data

    def package_by_item_id(self, item_id):
        data, _response = self._json('GET', '%s/items/%s' % (PACKAGES_PATH, quote(str(item_id), safe='')), missing_ok=True)
        return data

    def packages_by_sku(self, sku, version=None, sort=None, offset=0, limit=-1):
        """``(packages, total)``: the versions of a SKU, or the copies of one version."""
        return self._list('%s/skus/%s' % (PACKAGES_PATH, quote(sku, safe='')),
                          {'version': version, 'sort': sort, 'offset': offset, 'limit': limit})

    def packages(self, filters=None, sort=None, offset=0, limit=-1):
        """``(packages, total)``: the account's packages, ``filters`` being field names and wanted values."""
        query = dict(filters or {})
        query.update(sort=sort, offset=offset, limit=limit)
        return self._list(PACKAGES_PATH, query)

    def test_runs(self, submission_id):
        """The ``/status`` answer: ``[{tool_run_id, name, status, date, summary?}]``."""
        data, _response = self._json('GET', '%s/%s/status' % (PACKAGES_PATH, quote(submission_id, safe='')))
        return data if isinstance(data, list) else []

    def test_report(self, submission_id, tool, tool_run_id):
        """The report of one tool run (``{tool, status, reports}``), or ``None`` when there is none (404)."""
        names = (quote(submission_id, safe=''), quote(str(tool), safe=''), quote(str(tool_run_id), safe=''))
        path = '%s/%s/status/%s/%s' % ((PACKAGES_PATH,) + names)
        data, _response = self._json('GET', path, missing_ok=True)
        return data if isinstance(data, dict) else None

    def _item(self, response, data, what, allow):
        if isinstance(data, list) and len(data) == 1:
            data = data[0]
        if not isinstance(data, dict) or 'code' not in data:
            raise ApiError(api=API, url=response.url, status=response.status, vendor_message='expected a package result with a code',
                           environment=self.environment, secrets=self.client.secrets)
        try:
            code = int(data['code'])
        except (TypeError, ValueError):
            code = data['code']
        if code not in allow:
            raise EqpItemError(code, what, data.get('message'), data.get('details'), url=response.url,
                               environment=self.environment, secrets=self.client.secrets)
        data['code'] = code
        return data

    def create_package(self, item, what='the new package', allow=(200,)):
        """POST one package (as a batch of one) and return its item result. Never retried here: a lost
        answer may hide a created package, so the caller looks before it posts again."""
        response = self.send('POST', PACKAGES_PATH, json=[item], idempotent=False)
        if not response.ok:
            raise self.error(response)
        return self._item(response, response.json(), what, allow)

    def update_package(self, submission_id, fields, what=None, allow=(200,), idempotent=None):
        """PUT one package and return its item result.

        The single PUT answers the item result object, with an HTTP status that follows the item code:
        any JSON body with a ``code`` is read as the item result.
        """
        what = what or 'package %s' % submission_id
        response = self.send('PUT', '%s/%s' % (PACKAGES_PATH, quote(submission_id, safe='')), json=fields, idempotent=idempotent)
        if response.status == 429 or response.status >= 500:
            raise self.error(response)
        try:
            data = response.json()
        except ApiError:
            if response.ok:
                raise
            raise self.error(response) from None
        if not response.ok and not (isinstance(data, dict) and 'code' in data):
            raise self.error(response)
        return self._item(response, data, what, allow)
