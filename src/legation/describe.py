"""Describe: id, title, outlet, publication date, language, content hash.

(Initial version; extended by the describe work.)
"""

from __future__ import annotations

import hashlib

from .models import Cleaned, Document, RawDocument


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_id(text: str, source: str) -> str:
    return hashlib.sha256(f"{source}\x00{text}".encode()).hexdigest()[:16]


def describe(raw: RawDocument, cleaned: Cleaned) -> Document:
    text = cleaned.text
    title = raw.meta.get("title") or cleaned.meta.get("title") or text.split("\n", 1)[0][:200]
    doc = Document(
        id=document_id(text, raw.source),
        source=raw.source,
        text=text,
        title=title,
        outlet=raw.meta.get("outlet"),
        content_hash=content_hash(text),
        provenance=raw.provenance,
    )
    if raw.meta.get("date"):
        doc.published = str(raw.meta["date"])[:10]
        doc.published_precision = "day"
        doc.date_source = "input"
    return doc
