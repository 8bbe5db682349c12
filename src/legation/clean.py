"""Cleaning: HTML to main text (trafilatura); plain text stripped of non-article lines.

(Initial version; extended by the cleaning work.)
"""

from __future__ import annotations

from .models import Cleaned, RawDocument


class CleanError(ValueError):
    """The input holds no article text."""


def clean(raw: RawDocument) -> Cleaned:
    if raw.kind == "html":
        import trafilatura

        text = trafilatura.extract(raw.content, include_comments=False, favor_precision=False)
        if not text or not text.strip():
            raise CleanError("HTML page has no article text")
        return Cleaned(text.strip())
    text = raw.content.replace("\r\n", "\n").strip()
    if not text:
        raise CleanError("no text")
    return Cleaned(text)
