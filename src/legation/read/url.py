"""http(s) URLs: one page (HTML or text) or one RSS/Atom feed.

Guarded: connect/read timeout and an overall deadline, a size cap on the body (checked
against Content-Length first, then while reading), at most ``MAX_REDIRECTS`` redirects
(http/https only), and a content-type check (HTML, plain text or feeds).
"""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

from .. import __version__
from ..models import RawDocument, ReadError
from ._base import (
    content_type_charset,
    declared_charset,
    decode,
    error,
    looks_like_feed,
    looks_like_html,
    text_document,
    too_large,
)
from .feeds import parse_feed

TIMEOUT = 20.0
MAX_REDIRECTS = 5
USER_AGENT = f"legation/{__version__} (news article reader)"
ACCEPT = ("text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
          "application/xml;q=0.9, text/plain;q=0.8")
_HTML = {"text/html", "application/xhtml+xml"}
_FEEDS = {"application/rss+xml", "application/atom+xml", "application/rdf+xml",
          "application/xml", "text/xml", "application/feed+xml"}
_TEXT = {"text/plain"}


def is_url(item: str) -> bool:
    return item.lower().startswith(("http://", "https://"))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are followed by ``fetch`` itself, so it can count and check them."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class FetchError(Exception):
    pass


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_NoRedirect)


def fetch(url: str, max_bytes: int, timeout: float = TIMEOUT) -> tuple[str, int, str, bytes]:
    """GET a URL: (final URL, status, content type, body). Raises FetchError with a reason."""
    deadline = time.monotonic() + deadline_s(timeout)
    opener = _opener()
    current = url
    for hop in range(MAX_REDIRECTS + 1):
        req = urllib.request.Request(current, headers={"User-Agent": USER_AGENT, "Accept": ACCEPT})
        try:
            resp = opener.open(req, timeout=timeout)
        except urllib.error.HTTPError as exc:
            if exc.code in (301, 302, 303, 307, 308):
                location = exc.headers.get("Location")
                exc.close()
                if not location:
                    raise FetchError(f"HTTP {exc.code} redirect without a Location header") from None
                nxt = urllib.parse.urljoin(current, location)
                if urllib.parse.urlsplit(nxt).scheme.lower() not in ("http", "https"):
                    raise FetchError(f"redirect to a non-http(s) URL refused: {nxt}") from None
                if hop == MAX_REDIRECTS:
                    raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})") from None
                current = nxt
                continue
            reason = exc.reason if isinstance(exc.reason, str) else ""
            exc.close()
            raise FetchError(f"HTTP {exc.code} {reason}".strip()) from None
        except urllib.error.URLError as exc:
            raise FetchError(_network_reason(exc.reason, timeout)) from None
        except TimeoutError:
            raise FetchError(f"timed out after {timeout:g} s") from None
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise FetchError(_network_reason(exc, timeout)) from None
        with resp:
            return current, resp.status, resp.headers.get("Content-Type") or "", _body(resp, max_bytes, timeout, deadline)
    raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})")


def _network_reason(reason: Any, timeout: float) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"timed out after {timeout:g} s"
    if isinstance(reason, ConnectionRefusedError):
        return "cannot connect: connection refused"
    if isinstance(reason, socket.gaierror):
        return f"cannot resolve host: {reason.strerror or reason}"
    return f"cannot fetch: {type(reason).__name__}: {reason}" if isinstance(reason, BaseException) \
        else f"cannot fetch: {reason}"


def _body(resp: Any, max_bytes: int, timeout: float, deadline: float) -> bytes:
    encoding = (resp.headers.get("Content-Encoding") or "identity").lower()
    if encoding not in ("identity", ""):
        raise FetchError(f"unsupported content encoding {encoding!r}")
    length = resp.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise FetchError(too_large(int(length), max_bytes, "response"))
    chunks: list[bytes] = []
    got = 0
    try:
        while True:
            if time.monotonic() > deadline:
                raise FetchError(f"timed out: response not complete within {deadline_s(timeout):g} s")
            chunk = resp.read(min(65536, max_bytes + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
            if got > max_bytes:
                raise FetchError(too_large(None, max_bytes, "response"))
    except TimeoutError:
        raise FetchError(f"timed out after {timeout:g} s while reading") from None
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(f"connection broken while reading: {type(exc).__name__}: {exc}") from None
    return b"".join(chunks)


def deadline_s(timeout: float) -> float:
    return max(timeout * 3, timeout + 5)


def read_url(url: str, max_bytes: int, timeout: float = TIMEOUT) -> Iterator[RawDocument | ReadError]:
    try:
        final, status, ctype, data = fetch(url, max_bytes, timeout)
    except FetchError as exc:
        yield error(url, str(exc))
        return
    mime = ctype.split(";")[0].strip().lower()
    if mime and mime not in _HTML | _FEEDS | _TEXT:
        yield error(url, f"unsupported content type {mime!r} (expected HTML, plain text or an RSS/Atom feed)")
        return
    if not data.strip():
        yield error(url, "empty response")
        return
    prov: dict[str, Any] = {"url": url, "final_url": final, "status": status, "content_type": ctype}
    head = data[:4096].decode("utf-8", "replace")
    is_feed = looks_like_feed(head)
    if is_feed or (mime in _FEEDS and not looks_like_html(head)):
        yield from parse_feed(data, url, prov)
        return
    try:
        text, enc = decode(data, content_type_charset(ctype) or declared_charset(data[:4096]))
    except ValueError as exc:
        yield error(url, str(exc))
        return
    prov["encoding"] = enc
    kind = "html" if mime in _HTML or mime in _FEEDS or looks_like_html(text[:4096]) else "text"
    yield text_document(url, text, kind, prov, {"url": final})
