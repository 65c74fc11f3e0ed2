# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """Attributes of the modules that obtain tokens."""

    DOCUMENTATION = r'''
attributes:
  check_mode:
    description: Can run in check mode and return the changed status it predicts without changing anything.
    support: full
    details:
      - Obtaining a token changes nothing, so the token is obtained in check mode too; later read-only tasks need it.
  diff_mode:
    description: Returns details on what has changed, or would change, in diff mode.
    support: none
  platform:
    description: Where the module can run.
    support: full
    platforms: posix
'''
