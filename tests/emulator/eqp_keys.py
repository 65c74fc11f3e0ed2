"""EQP user keys and reports: ``/users/{mage_id}/keys`` and ``/users/{mage_id}/reports/*``.

Keys follow the vendor's "Users" page: ``GET`` answers ``{"m2": [{label, user_key, password_key,
is_enabled}], "m1": [{product_name, product_key}]}`` (``?type=m1|m2|all``, ``?label=`` for m2);
``POST {"m2": [{"label"}...]}`` creates key pairs and answers each in a batch item with ``code`` and
``message``; ``PUT .../keys/<label>`` with ``{"m2": [{"is_enabled": bool}]}`` enables or disables one;
``DELETE .../keys/<label>`` answers 204.

Choices of ours: a key pair is two random 32-digit hex strings; a duplicate or empty label is a batch
item with code 400 (the vendor says only "non-200 is an error"); an unknown label on PUT or DELETE is
404 code 1404; a bad ``type`` or body is 400 code 1005. The account has no Magento 1 products: ``m1`` is
empty. Reports (``pageviews``, ``totals``, ``sales``, ``refunds``): the vendor documents the routes but
not their bodies; a new account has nothing to report, so each answers an empty JSON list, and any
other report name is 404.
"""

import random

REPORTS = ('pageviews', 'totals', 'sales', 'refunds')
KEY_TYPES = ('m1', 'm2', 'all')


class Keys:
    """The Composer key pairs of one account, in creation order."""

    def __init__(self, error):
        # error(status, code, message) -> the exception the Flask app turns into a JSON error.
        self.error = error
        self.m2 = []
        self._random = random.SystemRandom()

    def _hex(self):
        return '%032x' % self._random.getrandbits(128)

    def _find(self, label):
        found = next((key for key in self.m2 if key['label'] == label), None)
        if found is None:
            raise self.error(404, 1404, 'Key not found: %s' % label)
        return found

    def listing(self, key_type='all', label=None):
        if key_type not in KEY_TYPES:
            raise self.error(400, 1005, 'type must be m1, m2 or all')
        m2 = [dict(key) for key in self.m2 if label is None or key['label'] == label]
        answer = {}
        if key_type in ('m2', 'all'):
            answer['m2'] = m2
        if key_type in ('m1', 'all'):
            answer['m1'] = []
        return answer

    def create(self, body):
        items = body.get('m2') if isinstance(body, dict) else None
        if not isinstance(items, list) or not items:
            raise self.error(400, 1005, 'Expected {"m2": [{"label": ...}, ...]}')
        answers = []
        for item in items:
            label = item.get('label') if isinstance(item, dict) else None
            if not isinstance(label, str) or not label.strip():
                answers.append({'label': label, 'code': 400, 'message': 'label is required'})
            elif any(key['label'] == label for key in self.m2):
                answers.append({'label': label, 'code': 400, 'message': 'A key with the label %s already exists' % label})
            else:
                key = {'label': label, 'user_key': self._hex(), 'password_key': self._hex(), 'is_enabled': True}
                self.m2.append(key)
                answers.append(dict(key, code=200, message='Success'))
        return {'m2': answers}

    def update(self, label, body):
        key = self._find(label)
        items = body.get('m2') if isinstance(body, dict) else None
        if (not isinstance(items, list) or len(items) != 1 or not isinstance(items[0], dict)
                or not isinstance(items[0].get('is_enabled'), bool)):
            raise self.error(400, 1005, 'Expected {"m2": [{"is_enabled": true|false}]}')
        key['is_enabled'] = items[0]['is_enabled']
        return {'m2': [dict(key)]}

    def delete(self, label):
        self.m2.remove(self._find(label))
