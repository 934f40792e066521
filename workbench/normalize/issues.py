"""Why a present value gets no key: the problem codes the key functions report."""

from __future__ import annotations

MISSING = "missing"
"""Empty, or only whitespace: nothing to report."""

PLACEHOLDER = "placeholder"
"""A value that stands for "none" (``keine@…``, ``0000000``, ``n/a``): treated as missing."""

INVALID = "invalid"
"""A value that is not what the field holds (not an e-mail address, not a dialable number)."""

UNVALIDATED = "unvalidated"
"""A phone number ``phonenumbers`` reads but cannot validate: it keeps a key (country code + digits)."""
