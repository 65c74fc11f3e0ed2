# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only filter of the bad_input target: one record of the matrix from a case's registered result.

    result | bad_input_record(case, requests)

``case`` is a dict: ``front_end``, ``case`` (short text), ``option`` and, optionally, ``expect``. A case
is ok when the task failed, its msg is one line naming ``option`` (and containing ``expect``, words that
say what is wrong), no traceback came with it, and no request reached the emulator (``requests``).
Role argument checks are ansible-core's: their msg is a fixed header line plus one line per error, so
for them the errors (``argument_errors``) must be exactly one line.
"""

from __future__ import annotations


def _traceback(result):
    # ansible-core 2.19+ puts "(traceback unavailable)" in every failed result: only a real one counts.
    texts = [result.get('exception'), result.get('module_stderr'), result.get('msg')]
    return any('Traceback' in str(text) for text in texts if text) or 'module_stderr' in result


def _one_line(result, message):
    errors = result.get('argument_errors')
    if errors is not None:
        return len(errors) == 1 and '\n' not in str(errors[0])
    return bool(message) and '\n' not in message


def bad_input_record(result, case, requests):
    result = result if isinstance(result, dict) else {}
    message = str(result.get('msg') or '')
    traceback = _traceback(result)
    ok = (bool(result.get('failed')) and _one_line(result, message) and case['option'] in message
          and case.get('expect', '') in message and not traceback and int(requests) == 0)
    return {'front_end': case['front_end'], 'case': case['case'], 'option': case['option'], 'message': message,
            'requests': int(requests), 'traceback': traceback, 'ok': ok}


class FilterModule:

    def filters(self):
        return {'bad_input_record': bad_input_record}
