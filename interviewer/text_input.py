"""Cleaning of text typed by the user: control characters out, whitespace trimmed."""

from __future__ import annotations

import re
import unicodedata

# Keep tab and newline; drop other C0/C1 controls and bidi overrides that can hide text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """NFC-normalised text without control characters, trimmed; may be empty."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", text).strip()
