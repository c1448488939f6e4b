"""The text-drawing operators of a PDF made by fpdf2, for tests that look for a line in it (not a test module)."""

from __future__ import annotations

import re
import zlib


def pdf_text(content: bytes) -> bytes:
    """The page's drawing operators, inflated (fpdf2 compresses each stream)."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, flags=re.DOTALL)
    inflated = []
    for stream in streams:
        try:
            inflated.append(zlib.decompress(stream))
        except zlib.error:
            inflated.append(stream)
    return b"\n".join(inflated)
