# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The records of the concurrency target: collected one by one, judged together at the end.

    records.py add FILE CHECK EXPECTED OBSERVED [OK]   append one record (OK: yes/no, default EXPECTED == OBSERVED)
    records.py merge FILE JSON_LIST                    append the records a playbook wrote (missing file: nothing)
    records.py finish FILE OUT                         write OUT as one JSON list; exit 1 when any record is not ok

Appending, not failing at once, lets one wrong figure show next to all the others.
"""

import json
import os
import sys


def main(argv):
    command, path = argv[1], argv[2]
    if command == 'add':
        check, expected, observed = argv[3:6]
        ok = argv[6] == 'yes' if len(argv) > 6 else expected == observed
        with open(path, 'a', encoding='utf-8') as handle:
            handle.write(json.dumps({'check': check, 'expected': expected, 'observed': observed, 'ok': ok}) + '\n')
        print('%s: %s: %s (expected %s)' % ('ok' if ok else 'NOT OK', check, observed, expected))
        return 0
    if command == 'merge':
        if not os.path.exists(argv[3]):
            return 0
        with open(argv[3], encoding='utf-8') as source, open(path, 'a', encoding='utf-8') as handle:
            for item in json.load(source):
                handle.write(json.dumps(item) + '\n')
                print('%s: %s: %s' % ('ok' if item['ok'] else 'NOT OK', item['check'], item['observed']))
        return 0
    if command == 'finish':
        with open(path, encoding='utf-8') as handle:
            records = [json.loads(line) for line in handle if line.strip()]
        with open(argv[3], 'w', encoding='utf-8') as handle:
            json.dump(records, handle, indent=2)
            handle.write('\n')
        bad = [item['check'] for item in records if not item['ok']]
        print('%d records, %d not ok%s' % (len(records), len(bad), (': ' + '; '.join(bad)) if bad else ''))
        return 1 if bad else 0
    raise SystemExit('unknown command %s' % command)


if __name__ == '__main__':
    sys.exit(main(sys.argv))
