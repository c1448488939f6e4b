"""Errors of benefit claims: every message in Bahasa Indonesia first, with an English twin."""

from __future__ import annotations

from cakupan.core.errors import BilingualError


class ClaimError(BilingualError):
    """A report, heir or claim action the workflow refuses; ``str()`` is the Indonesian sentence."""
