"""Errors of compliance reviews: every message in Bahasa Indonesia first, with an English twin."""

from __future__ import annotations

from cakupan.core.errors import BilingualError


class ComplianceError(BilingualError):
    """Facts or a programmes file the compliance review refuses; ``str()`` is the Indonesian sentence."""
