"""http(s) reader against a local HTTP server on 127.0.0.1 (started here; nothing leaves the machine)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import run_cli
from legation.models import RawDocument, ReadError
from legation.read import iter_inputs, read_url
from legation.read.url import MAX_REDIRECTS

ARTICLE = ("Iran and Russia agreed on Tuesday to expand their military cooperation, officials in "
           "Tehran said. The agreement covers air defence systems and joint exercises. ")
PAGE = (f"<!DOCTYPE html><html><head><title>Deal</title></head><body><article><h1>Deal</h1>"
        f"<p>{ARTICLE * 4}</p><p>{ARTICLE * 3}</p></article></body></html>")
RSS = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
       f"<item><title>One</title><link>http://127.0.0.1/one</link><description>{ARTICLE}</description></item>"
       f"<item><title>Two</title><link>http://127.0.0.1/two</link><description>{ARTICLE * 2}</description></item>"
       f"</channel></rss>")
CP1251 = ("Россия и Иран подписали соглашение о военном сотрудничестве, сообщили в Тегеране. " * 6)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, ctype: str | None, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: C901 - one route per case
        p = self.path
        if p == "/article.html":
            self._send(200, "text/html; charset=utf-8", PAGE.encode())
        elif p == "/feed":
            self._send(200, "application/rss+xml", RSS.encode())
        elif p == "/feed-as-text":
            self._send(200, "text/plain", RSS.encode())
        elif p == "/plain":
            self._send(200, "text/plain; charset=windows-1251", CP1251.encode("cp1251"))
        elif p == "/image":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(100))
        elif p == "/missing":
            self._send(404, "text/html", b"<html><body>not here</body></html>")
        elif p.startswith("/hop/"):
            n = int(p.rsplit("/", 1)[1])
            target = "/article.html" if n == 0 else f"/hop/{n - 1}"
            self._send(302, None, b"", {"Location": target})
        elif p == "/to-file":
            self._send(302, None, b"", {"Location": "file:///etc/passwd"})
        elif p == "/big":
            self._send(200, "text/html", b"<html><body><p>" + b"x" * 200_000 + b"</p></body></html>")
        elif p == "/big-no-length":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"<p>" + b"y" * 10_000 + b"</p>")
        elif p == "/slow":
            time.sleep(3)
            self._send(200, "text/html", PAGE.encode())
        elif p == "/empty":
            self._send(200, "text/html", b"")
        else:
            self._send(404, "text/plain", b"no route")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # client hung up on purpose
        pass


@pytest.fixture(scope="module")
def server():
    httpd = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)


def _one(url: str, **kw) -> RawDocument | ReadError:
    items = list(read_url(url, kw.pop("max_bytes", 1_000_000), **kw))
    assert len(items) == 1, items
    return items[0]


def test_html_page_with_provenance(server):
    doc = _one(f"{server}/article.html")
    assert isinstance(doc, RawDocument) and doc.kind == "html" and doc.content == PAGE
    assert doc.source == f"{server}/article.html" and doc.meta == {"url": f"{server}/article.html"}
    assert doc.provenance["url"] == doc.source and doc.provenance["status"] == 200
    assert doc.provenance["content_type"].startswith("text/html")


def test_feed_by_content_type_and_by_sniffing(server):
    for path in ("/feed", "/feed-as-text"):
        items = list(read_url(f"{server}{path}", 1_000_000))
        assert [d.meta["title"] for d in items] == ["One", "Two"]
        assert all(d.provenance["url"] == f"{server}{path}" for d in items)


def test_plain_text_in_declared_legacy_charset(server):
    doc = _one(f"{server}/plain")
    assert doc.kind == "text" and doc.content == CP1251 and doc.provenance["encoding"] == "cp1251"


def test_redirects_followed_up_to_the_limit(server):
    doc = _one(f"{server}/hop/{MAX_REDIRECTS - 1}")  # hop/N needs N + 1 redirects
    assert isinstance(doc, RawDocument) and doc.meta["url"] == f"{server}/article.html"
    assert doc.provenance["final_url"] == f"{server}/article.html"
    err = _one(f"{server}/hop/{MAX_REDIRECTS}")
    assert isinstance(err, ReadError) and "too many redirects" in err.reason


@pytest.mark.parametrize(("path", "words"), [
    ("/image", "unsupported content type 'image/png'"),
    ("/missing", "HTTP 404"),
    ("/to-file", "non-http(s)"),
    ("/big", "exceeds the limit"),
    ("/big-no-length", "limit"),
    ("/empty", "empty response"),
])
def test_refused_responses_give_one_clear_error(server, path, words):
    err = _one(f"{server}{path}", max_bytes=100_000)
    assert isinstance(err, ReadError) and err.source == f"{server}{path}"
    assert words in err.reason and "\n" not in err.reason


def test_timeout(server):
    started = time.monotonic()
    err = _one(f"{server}/slow", timeout=0.5)
    assert isinstance(err, ReadError) and "timed out" in err.reason
    assert time.monotonic() - started < 2.5


def test_connection_refused():
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    [err] = list(iter_inputs([f"http://127.0.0.1:{port}/x"]))
    assert isinstance(err, ReadError) and "connection refused" in err.reason


@pytest.mark.slow
def test_cli_ingests_a_url_and_reports_a_bad_one(server, tmp_path):
    db = tmp_path / "u.db"
    r = run_cli("ingest", f"{server}/article.html", f"{server}/image", "--db", str(db), "-q",
                "--layers", "sentences")
    assert r.returncode == 1, r.stderr
    assert r.stderr.strip().splitlines() == [
        f"error: {server}/image: unsupported content type 'image/png' (expected HTML, plain text or an RSS/Atom feed)"
    ]
    import json

    docs = json.loads(run_cli("docs", "--json", "--db", str(db)).stdout)
    assert len(docs) == 1 and docs[0]["source"] == f"{server}/article.html"
    assert "Iran and Russia agreed" in docs[0]["text"]
