# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The package a task asks for: options checked and local files inspected, before any request.

``DesiredPackage.from_params`` raises ValueError naming the option for anything the user can fix.
"""

from __future__ import annotations

import re

from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_local_files import composer_name, inspect
from ansible_collections.commerceops.api.plugins.module_utils.marketplace.eqp_package_status import REVIEWS

STATES = ('draft', 'submitted', 'recalled')
DOCUMENTATION_KINDS = ('user', 'installation', 'reference')

# Composer's package name rule, which the marketplace applies to a SKU (item code 1210).
SKU_PATTERN = re.compile(r'^[a-z0-9]([_.-]?[a-z0-9]+)*/[a-z0-9](([_.]?|-{0,2})[a-z0-9]+)*$')

# Package fields that options of their own set; metadata may not carry them.
RESERVED_FIELDS = {
    'sku': 'sku', 'version': 'version', 'item_id': 'item_id', 'artifact': 'artifact',
    'documentation_artifacts': 'documentation', 'media_artifacts': 'media', 'action': 'state',
    'submission_id': None, 'eqp_status': None, 'created_at': None, 'modified_at': None, 'code': None, 'message': None,
}

# Filled in only when a package is created: on an existing package a missing key means "leave it".
CREATE_DEFAULTS = {'type': 'extension', 'platform': 'M2'}


def check_sku(sku, option='sku'):
    if not isinstance(sku, str) or not SKU_PATTERN.match(sku):
        raise ValueError('%s must look like vendor_name/package_name in lower case (composer package name rules), got %r' % (option, sku))
    return sku


def check_version(version):
    if not isinstance(version, str) or not version.strip():
        raise ValueError('version is required: the version of the package, for example 1.0.0')
    if version != version.strip() or any(character.isspace() for character in version):
        raise ValueError('version must not contain spaces, got %r' % version)
    return version


class DesiredPackage:
    """What the task wants: identity (sku, version, item_id), state, reviews, fields and local files.

    ``files`` maps slot names (``artifact``, ``documentation.user``, ``media.icon``, ``media.gallery[0]``)
    to LocalFiles; ``documentation`` and ``gallery`` keep the user's keys and order.
    """

    def __init__(self, sku, version, item_id=None, state='submitted', reviews=REVIEWS, fields=None, artifact=None,
                 documentation=None, icon=None, gallery=None, sku_source='sku', resubmit_rejected=False):
        self.sku = sku
        self.version = version
        self.item_id = item_id
        self.state = state
        self.reviews = tuple(review for review in REVIEWS if review in reviews)
        self.fields = dict(fields or {})
        self.artifact = artifact
        self.documentation = dict(documentation or {})
        self.icon = icon
        self.gallery = list(gallery) if gallery is not None else None
        self.sku_source = sku_source
        # A rejected review is submitted again only when asked (see eqp_package_plan).
        self.resubmit_rejected = bool(resubmit_rejected)

    @property
    def files(self):
        slots = {}
        if self.artifact is not None:
            slots['artifact'] = self.artifact
        for kind in DOCUMENTATION_KINDS:
            if self.documentation.get(kind) is not None:
                slots['documentation.%s' % kind] = self.documentation[kind]
        if self.icon is not None:
            slots['media.icon'] = self.icon
        for index, local in enumerate(self.gallery or ()):
            slots['media.gallery[%d]' % index] = local
        return slots

    def label(self):
        """How messages name the package."""
        name = self.sku or ('item_id %s' % self.item_id)
        return '%s %s' % (name, self.version)

    @classmethod
    def from_params(cls, params):
        state = params.get('state') or 'submitted'
        version = check_version(params.get('version'))
        reviews = params.get('reviews')
        reviews = list(REVIEWS) if reviews is None else list(reviews)
        unknown = [review for review in reviews if review not in REVIEWS]
        if unknown:
            raise ValueError('reviews: unknown review %s; use technical and/or marketing' % ', '.join(map(str, unknown)))
        if state == 'submitted' and not reviews:
            raise ValueError('reviews must name at least one review (technical, marketing) with state=submitted')
        item_id = params.get('item_id')
        if item_id is not None and not str(item_id).strip():
            raise ValueError('item_id must not be empty')
        fields = cls._fields(params.get('metadata'))

        artifact = documentation = icon = gallery = None
        # A recall touches no file: a recall must not fail because a file moved.
        if state != 'recalled':
            artifact, documentation, icon, gallery = cls._local_files(params)
            cls._check_submittable(state, reviews, artifact, documentation)

        sku, sku_source = params.get('sku'), 'sku'
        if sku is not None:
            check_sku(sku)
        elif artifact is not None and composer_name(artifact.path) is not None:
            # The server derives the SKU from the same file; knowing it now lets the package be found first.
            sku, sku_source = composer_name(artifact.path), 'composer.json'
            check_sku(sku, 'the name in composer.json of artifact (used as sku)')
        if sku is None and item_id is None:
            raise ValueError('sku is required to find the package (or item_id, or an artifact whose composer.json has a name)')
        return cls(sku, version, item_id=str(item_id) if item_id is not None else None, state=state, reviews=reviews, fields=fields,
                   artifact=artifact, documentation=documentation, icon=icon, gallery=gallery, sku_source=sku_source,
                   resubmit_rejected=params.get('resubmit_rejected'))

    @staticmethod
    def _fields(metadata):
        fields = {}
        for key, value in (metadata or {}).items():
            if key in RESERVED_FIELDS:
                option = RESERVED_FIELDS[key]
                raise ValueError('metadata.%s: %s' % (key, 'use the option %s instead' % option if option else 'the server sets it'))
            # None means "not managed here", so templates can leave a field out.
            if value is not None:
                fields[key] = value
        return fields

    @staticmethod
    def _local_files(params):
        artifact = inspect('artifact', params['artifact'], 'zip') if params.get('artifact') is not None else None
        documentation = {}
        for kind in DOCUMENTATION_KINDS:
            path = (params.get('documentation') or {}).get(kind)
            if path is not None:
                documentation[kind] = inspect('documentation.%s' % kind, path, 'pdf')
        media = params.get('media') or {}
        icon = inspect('media.icon', media['icon'], 'image') if media.get('icon') is not None else None
        gallery = None
        if media.get('gallery') is not None:
            gallery = [inspect('media.gallery[%d]' % index, path, 'image') for index, path in enumerate(media['gallery'])]
        return artifact, documentation, icon, gallery

    @staticmethod
    def _check_submittable(state, reviews, artifact, documentation):
        if state != 'submitted':
            return
        if 'technical' in reviews and artifact is None:
            raise ValueError('artifact is required to submit the technical review: the path of the extension zip')
        if documentation.get('user') is None:
            raise ValueError('documentation.user is required to submit the %s review: the path of the user guide (PDF)'
                             % ' and '.join(reviews))
