"""RSS / Atom feeds (feedparser): one document per item.

The item's full content (``content:encoded`` / Atom ``content``) is preferred to its
summary; the item's link, title and published date go into the document's meta.
"""

from __future__ import annotations

import html
import time
from collections.abc import Iterator
from typing import Any

from ..models import RawDocument, ReadError
from ._base import error, text_document

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _iso(parsed: time.struct_time | None) -> str | None:
    if not parsed:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", parsed)


def _body(entry: Any) -> tuple[str, str]:
    """(content, content type) of an item: full content first, then summary."""
    for part in entry.get("content") or []:
        if (part.get("value") or "").strip():
            return part["value"], part.get("type") or "text/html"
    detail = entry.get("summary_detail") or {}
    summary = entry.get("summary") or detail.get("value") or ""
    return summary, detail.get("type") or "text/html"


def _as_page(title: str | None, fragment: str) -> str:
    head = f"<title>{html.escape(title)}</title>" if title else ""
    return f"<html><head>{head}</head><body><article>{fragment}</article></body></html>"


def parse_feed(data: bytes, source: str, provenance: dict[str, Any]) -> Iterator[RawDocument | ReadError]:
    """Items of a feed given as bytes (``source`` names the file or URL in errors)."""
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            exc = parsed.get("bozo_exception")
            yield error(source, f"not a readable RSS/Atom feed: {exc}")
        else:
            yield error(source, "feed has no items")
        return
    feed_title = (parsed.get("feed") or {}).get("title")
    for n, entry in enumerate(entries, 1):
        link = entry.get("link") or ""
        item_id = entry.get("id") or link or str(n)
        name = link or f"{source}#item-{n}"
        content, ctype = _body(entry)
        if not content.strip():
            yield error(f"{source}#item-{n}", "feed item has no content or summary")
            continue
        title = entry.get("title")
        meta: dict[str, Any] = {}
        if link:
            meta["url"] = link
        if title:
            meta["title"] = title
        date = _iso(entry.get("published_parsed") or entry.get("updated_parsed"))
        if date:
            meta["date"] = date
        prov = {**provenance, "format": "feed", "feed_item": n, "feed_item_id": item_id}
        if feed_title:
            prov["feed_title"] = feed_title
        if ctype in _HTML_TYPES:
            yield text_document(name, _as_page(title, content), "html", prov, meta)
        else:
            yield text_document(name, content, "text", prov, meta)
