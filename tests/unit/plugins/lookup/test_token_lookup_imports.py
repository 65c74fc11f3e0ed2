# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lookup in a fresh worker: a token from the cache costs no import of ansible.module_utils.urls."""

from __future__ import annotations

import json
import os
import subprocess
import sys

COLLECTIONS = os.path.abspath(os.path.join(os.path.dirname(__file__), *(['..'] * 6)))

SCRIPT = r'''
import json, sys, time
from ansible_collections.commerceops.api.plugins.lookup import token as lookup
from ansible_collections.commerceops.api.plugins.module_utils.obtain import complete_options, eqp_key_parts, obtain_token
from ansible_collections.commerceops.api.plugins.module_utils.core.token import Token
from ansible_collections.commerceops.api.plugins.module_utils.core.token_module import token_cache
options = {'base_url': 'https://eqp.example', 'app_id': 'APP', 'app_secret': 'secret-1', 'cache_dir': sys.argv[1]}
seen = {'after_import': 'ansible.module_utils.urls' in sys.modules}
cache = token_cache({'cache_dir': sys.argv[1], 'cache': True})
cache.get_or_fetch(eqp_key_parts(complete_options('eqp', options))[2], 'secret-1',
                   lambda: Token('ust-cached', 'eqp', 'https://eqp.example', 'APP', int(time.time()) + 3600))
seen['token'] = obtain_token('eqp', options).value
seen['after_hit'] = 'ansible.module_utils.urls' in sys.modules
print(json.dumps(seen))
'''


def test_a_cache_hit_imports_no_http_machinery(tmp_path):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([COLLECTIONS] + sys.path))
    done = subprocess.run([sys.executable, '-c', SCRIPT, str(tmp_path)], capture_output=True, text=True, env=env, check=True)
    assert json.loads(done.stdout) == {'after_import': False, 'token': 'ust-cached', 'after_hit': False}
