# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Version of the collection, as sent to the APIs in the User-Agent header."""

from __future__ import annotations

COLLECTION_NAME = 'commerceops.api'
COLLECTION_VERSION = '0.1.0'

# Vendors see this in their access logs; naming the collection lets them tell our traffic apart.
USER_AGENT = '%s/%s (+ansible)' % (COLLECTION_NAME, COLLECTION_VERSION)
