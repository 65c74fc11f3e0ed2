# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Wire format of the emulated Magento REST API: request bodies in, JSON or XML out.

Magento picks the request deserializer from Content-Type and the response renderer from Accept,
independently of each other; both halves live here so that magento.py only deals with routes.
"""

import json
import re
import xml.etree.ElementTree as ET

from werkzeug.wrappers import Response

# Content types Magento ships a request deserializer for.
JSON_TYPES = ('application/json',)
XML_TYPES = ('application/xml', 'text/xml')

# The shape Magento accepts for a Content-Type header: a media type and at most a charset.
_CONTENT_TYPE = re.compile(r'^([a-z\d/\-+.]+)(?:; *charset=(.+))?$', re.IGNORECASE)


class MagentoError(Exception):
    """An error answer: HTTP status plus Magento's {message, parameters, errors} body."""

    def __init__(self, status, message, parameters=None, errors=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.parameters = parameters
        self.errors = errors

    def body(self):
        data = {'message': self.message}
        if self.errors:
            data['errors'] = self.errors
        if self.parameters is not None:
            data['parameters'] = self.parameters
        return data


def required_error(field):
    """The phrase of one missing argument; the placeholder stays raw, the name goes to parameters."""
    return {'message': '"%fieldName" is required. Enter and try again.', 'parameters': {'fieldName': field}}


def missing_fields_error(fields):
    """One missing field is reported alone; several are wrapped in an aggregate input exception."""
    if len(fields) == 1:
        single = required_error(fields[0])
        return MagentoError(400, single['message'], single['parameters'])
    return MagentoError(400, 'One or more input exceptions have occurred.',
                        errors=[required_error(field) for field in fields])


# --- request bodies -----------------------------------------------------------------------------

def parse_body(request):
    """Body parameters as a dict; MagentoError(400) for the cases Magento rejects.

    An empty body is never inspected (not even its Content-Type), exactly like Magento, so it
    simply yields no parameters and the caller reports the required fields.
    """
    raw = request.get_data()
    if not raw:
        return {}
    media_type = _media_type(request.headers.get('Content-Type', ''))
    if media_type in JSON_TYPES:
        data = _decode_json(raw)
    elif media_type in XML_TYPES:
        data = _decode_xml(raw)
    else:
        raise MagentoError(400, 'Server cannot understand Content-Type HTTP header media type %1', [media_type])
    # A JSON scalar or list carries no named arguments.
    return data if isinstance(data, dict) else {}


def _media_type(header):
    header = header.strip()
    if not header:
        raise MagentoError(400, 'Content-Type header is empty.')
    match = _CONTENT_TYPE.match(header)
    if match is None:
        raise MagentoError(400, 'Content-Type header is invalid.')
    charset = match.group(2)
    if charset and charset.strip().strip('"').lower() != 'utf-8':
        raise MagentoError(400, 'UTF-8 is the only supported charset.')
    return match.group(1).lower()


def _decode_json(raw):
    try:
        return json.loads(raw.decode('utf-8'))
    except ValueError:
        raise MagentoError(400, 'Decoding error.') from None


def _decode_xml(raw):
    # Like Magento's XML security scan: no document type, hence no entities to expand.
    if b'<!DOCTYPE' in raw.upper():
        raise MagentoError(400, 'Decoding error.')
    try:
        root = ET.fromstring(raw)
    except (ET.ParseError, ValueError):
        raise MagentoError(400, 'Decoding error.') from None
    # The root element's name does not matter: its children are the arguments.
    value = _xml_value(root)
    return value if isinstance(value, dict) else {}


def _xml_value(element):
    children = list(element)
    if not children:
        return element.text or ''
    value = {}
    for child in children:
        item = _xml_value(child)
        if child.tag in value:
            # Repeated elements form a list, as Magento's XML parser does.
            previous = value[child.tag]
            value[child.tag] = previous + [item] if isinstance(previous, list) else [previous, item]
        else:
            value[child.tag] = item
    return value


# --- responses ----------------------------------------------------------------------------------

# Magento's response renderers (Webapi di.xml): */* and application/json give JSON, the XML types give XML.
# An Accept type matches a renderer exactly, or as "<major>/*" (so text/* gets XML, application/* JSON).
RENDERERS = (('*/*', 'json'), ('application/json', 'json'), ('text/xml', 'xml'), ('application/xml', 'xml'),
             ('application/xhtml+xml', 'xml'))
NOT_ACCEPTABLE = ('Server cannot match any of the given Accept HTTP header media type(s) from the request: "%1" '
                  'with media types from the config of response renderer.')
_MEDIA_TYPE = re.compile(r'^([0-9a-z*+\-]+)(?:/([0-9a-z*+\-.]+))?$', re.IGNORECASE)


def accept_types(accept):
    """The media types of an Accept header, most preferred first (q, then position); invalid ones skipped."""
    ranked = []
    for position, part in enumerate((accept or '').split(',')):
        pieces = [piece.strip() for piece in part.split(';')]
        media = pieces[0].lower()
        if not media or not _MEDIA_TYPE.match(media):
            continue
        quality = 1.0
        for param in pieces[1:]:
            name, _sep, value = param.partition('=')
            if name.strip().lower() == 'q':
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, position, media))
    return [media for _quality, _position, media in sorted(ranked)]


def negotiate(accept):
    """'json' or 'xml' as Magento's RendererFactory picks it; None when no renderer matches (406).

    No usable Accept header at all gets JSON, as a store answers clients that send none.
    """
    types = accept_types(accept)
    if not types:
        return 'json'
    for media in types:
        for renderer, kind in RENDERERS:
            if media in (renderer, renderer.split('/', maxsplit=1)[0] + '/*'):
                return kind
    return None


def not_acceptable(accept):
    """The 406 Magento answers an Accept header it has no renderer for (rendered as JSON)."""
    return MagentoError(406, NOT_ACCEPTABLE, [','.join(accept_types(accept))])


def want_xml(accept):
    """True when Magento would render XML for this Accept header."""
    return negotiate(accept) == 'xml'


def render(data, status, accept):
    """A Response with data as JSON, or as Magento's XML document when Accept asks for XML."""
    if want_xml(accept):
        root = ET.Element('response')
        _fill_xml(root, data)
        body = '<?xml version="1.0"?>\n' + ET.tostring(root, encoding='unicode')
        return Response(body, status=status, content_type='application/xml; charset=utf-8')
    return Response(json.dumps(data), status=status, content_type='application/json; charset=utf-8')


def render_error(error, accept):
    return render(error.body(), error.status, accept)


def _fill_xml(element, value):
    if isinstance(value, dict):
        for key, item in value.items():
            _fill_xml(ET.SubElement(element, _xml_name(key)), item)
    elif isinstance(value, list):
        # Magento names the members of an indexed array "item".
        for item in value:
            _fill_xml(ET.SubElement(element, 'item'), item)
    elif isinstance(value, bool):
        element.text = 'true' if value else 'false'
    elif value is not None:
        element.text = str(value)


def _xml_name(key):
    name = re.sub(r'[^\w-]', '_', str(key))
    return 'item_' + name if not name or name[0].isdigit() else name
