# Copyright (c) 2026 commerceops.api contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Local HTTP emulator of the EQP, Magento and Elastic Path APIs.

Run it from the repository root with ``python -m tests.emulator``; see README.md beside this file.
"""
