# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """The token fact of the modules that obtain tokens: what it holds, where fact caching puts it, how to turn it off."""

    DOCUMENTATION = r'''
options:
  fact_name:
    description:
      - Name of the fact that receives the token dict (each module has its own default).
      - An empty string sets no fact; the token dict is then only in the registered result (see the notes on fact caching).
    type: str
notes:
  - The token dict is set as a fact (O(fact_name)) as well as returned. Give O(fact_name="") to set no fact, for
    example when a fact cache is configured, and register the result instead (C(register) with C(no_log)).
  - With a fact cache (C(fact_caching=jsonfile), C(redis), ..., and AWX/AAP fact storage when C(use_fact_cache) is on),
    ansible-core writes every fact of the host there, the token fact included, in clear and for the cache's
    timeout. A registered variable is never written to a fact cache.
'''
