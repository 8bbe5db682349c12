"""Readers: every format yields documents with provenance, or one error naming the input."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

from legation.models import RawDocument, ReadError
from legation.read import detect, iter_inputs, read_path, walk

ARTICLE = (
    "Iran and Russia agreed on Tuesday to expand their military cooperation, officials in "
    "Tehran said. The agreement covers air defence systems and joint exercises in the Caspian Sea. "
)


def _all(path: Path | str, **kw) -> list[RawDocument | ReadError]:
    return list(iter_inputs([str(path)], **kw))


def _docs(items):
    return [i for i in items if isinstance(i, RawDocument)]


def _errors(items):
    return [i for i in items if isinstance(i, ReadError)]


def _page(title: str, body: str, charset: str = "utf-8") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title></head>'
            f"<body><article><h1>{title}</h1><p>{body}</p></article></body></html>")


# -- text and HTML --------------------------------------------------------------------------

def test_txt_and_html(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE * 3)
    (tmp_path / "b.html").write_text(_page("Deal", ARTICLE * 3))
    (tmp_path / "c.htm").write_text(_page("Deal 2", ARTICLE * 2))
    items = _all(tmp_path)
    assert not _errors(items)
    kinds = {Path(d.source).name: d.kind for d in items}
    assert kinds == {"a.txt": "text", "b.html": "html", "c.htm": "html"}
    a = items[0]
    assert a.content == ARTICLE * 3
    assert a.provenance["path"] == str(tmp_path / "a.txt") and a.provenance["encoding"] == "utf-8"


def test_html_in_txt_is_sniffed_but_tags_inside_an_article_stay_text(tmp_path):
    (tmp_path / "page.txt").write_text("\n  <!doctype html>\n" + _page("T", ARTICLE)[15:])
    (tmp_path / "article.txt").write_text("Officials said <script>alert(1)</script> nothing.\n" + ARTICLE)
    article, page = _all(tmp_path)
    assert page.kind == "html"
    assert article.kind == "text" and "<script>alert(1)</script>" in article.content


def test_seeds_are_read_as_utf8_text_with_provenance(seeds_dir):
    items = _all(seeds_dir)
    assert len(items) == 5 and not _errors(items)
    for d in items:
        assert d.kind == "text"
        assert d.provenance["path"] == d.source and Path(d.source).parent == seeds_dir
        assert d.content == (Path(d.source).read_text(encoding="utf-8"))
    assert [Path(d.source).name for d in items] == sorted(p.name for p in seeds_dir.iterdir())


# -- JSON Lines ------------------------------------------------------------------------------

def test_jsonl_lines_fields_and_errors_name_the_line(tmp_path):
    lines = [
        json.dumps({"text": ARTICLE, "url": "https://example.org/2017/06/08/deal", "title": "Deal",
                    "date": "2017-06-08", "outlet": "Example News"}),
        "",
        json.dumps({"html": _page("Page", ARTICLE * 2)}),
        "{not json",
        json.dumps({"title": "no body"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": 42}),
    ]
    f = tmp_path / "batch.jsonl"
    f.write_text("\n".join(lines) + "\n")
    items = _all(f)
    docs, errs = _docs(items), _errors(items)
    assert len(docs) == 2
    first, second = docs
    assert first.kind == "text" and first.source == "https://example.org/2017/06/08/deal"
    assert first.meta == {"url": "https://example.org/2017/06/08/deal", "title": "Deal",
                          "date": "2017-06-08", "outlet": "Example News"}
    assert first.provenance == {"path": str(f), "line": 1, "format": "jsonl"}
    assert second.kind == "html" and second.source == f"{f}:3" and second.provenance["line"] == 3
    assert [e.source for e in errs] == [f"{f}:4", f"{f}:5", f"{f}:6", f"{f}:7"]
    assert "invalid JSON" in errs[0].reason and "'text' or 'html'" in errs[1].reason
    assert "not a string" in errs[3].reason


def test_jsonl_line_over_the_cap_is_one_error_and_the_next_line_is_read(tmp_path):
    f = tmp_path / "big.jsonl"
    f.write_text(json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"text": ARTICLE}) + "\n")
    items = _all(f, max_bytes=1000)
    assert isinstance(items[0], ReadError) and items[0].source == f"{f}:1"
    assert "limit" in items[0].reason
    assert isinstance(items[1], RawDocument) and items[1].provenance["line"] == 2


def test_jsonl_sniffed_without_extension(tmp_path):
    f = tmp_path / "export.txt"
    f.write_text(json.dumps({"text": ARTICLE}) + "\n" + json.dumps({"text": ARTICLE * 2}) + "\n")
    assert len(_docs(_all(f))) == 2


# -- WARC --------------------------------------------------------------------------------------

def _warc(records: list[tuple[str, str, bytes]], gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    for uri, ctype, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    w.write_record(w.create_warc_record("http://example.org/", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    return buf.getvalue()


RECORDS = [
    ("http://example.org/2017/06/07/a", "text/html; charset=utf-8", _page("A", ARTICLE * 4).encode()),
    ("http://example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(300)),
    ("http://example.org/b", "text/html; charset=windows-1251",
     _page("Б", "Россия и Иран подписали соглашение о сотрудничестве. " * 8, "windows-1251").encode("cp1251")),
    ("http://example.org/c", "text/html", _page("C", ARTICLE * 5).encode()),
]


@pytest.mark.parametrize("gz", [False, True])
def test_warc_response_records_with_provenance(tmp_path, gz):
    f = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    f.write_bytes(_warc(RECORDS, gz))
    items = _all(f)
    assert not _errors(items)
    assert [d.meta["url"] for d in items] == ["http://example.org/2017/06/07/a", "http://example.org/b",
                                              "http://example.org/c"]
    for d in items:
        rid = d.provenance["warc_record_id"]
        assert rid.startswith("<urn:uuid:") and d.source == f"{f}#{rid}"
        assert d.provenance["warc_target_uri"] == d.meta["url"] and d.kind == "html"
        assert d.provenance["path"] == str(f)
    assert "Россия и Иран" in items[1].content and items[1].provenance["encoding"] == "cp1251"


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("frac", [0.3, 0.55, 0.7, 0.8, 0.95, 0.99])
def test_truncated_warc_keeps_earlier_records_and_names_the_damage(tmp_path, gz, frac):
    data = _warc(RECORDS, gz)
    f = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    f.write_bytes(data[: int(len(data) * frac)])
    items = _all(f)
    docs, errs = _docs(items), _errors(items)
    assert len(errs) == 1, items
    assert errs[0].source.startswith(str(f)) and "truncated" in errs[0].reason.lower() or \
        "damaged" in errs[0].reason.lower()
    assert items[-1] is errs[0]  # the error comes after the records that could be read
    assert 1 <= len(docs) <= 3
    assert docs[0].meta["url"] == "http://example.org/2017/06/07/a"


def test_warc_record_over_the_cap(tmp_path):
    f = tmp_path / "x.warc.gz"
    f.write_bytes(_warc(RECORDS, True))
    sizes = [len(body) for _, _, body in RECORDS]
    cap = sizes[3] - 1
    assert max(sizes[0], sizes[2]) <= cap
    items = _all(f, max_bytes=cap)
    [err] = _errors(items)
    assert err.source.startswith(f"{f}#<urn:uuid:") and "limit" in err.reason and f"{cap:,}" in err.reason
    assert [d.meta["url"] for d in _docs(items)] == ["http://example.org/2017/06/07/a", "http://example.org/b"]
    assert items[-1] is err


def test_gzip_that_is_not_warc(tmp_path):
    f = tmp_path / "notes.txt.gz"
    f.write_bytes(gzip.compress(ARTICLE.encode()))
    [err] = _all(f)
    assert isinstance(err, ReadError) and "gzip" in err.reason


# -- RSS / Atom ----------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example Wire</title><link>https://wire.example/</link>
<item><title>Iran and Russia sign deal</title><link>https://wire.example/2017/06/07/deal</link>
<guid>deal-1</guid><pubDate>Wed, 07 Jun 2017 09:08:00 GMT</pubDate>
<description>Short summary only.</description>
<content:encoded><![CDATA[<p>{a}</p><p>{a}</p>]]></content:encoded></item>
<item><title>Second item</title><link>https://wire.example/second</link>
<description>{a}</description></item>
<item><title>Empty</title><link>https://wire.example/empty</link></item>
</channel></rss>""".replace("{a}", ARTICLE)

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:x</id>
<updated>2017-06-08T00:00:00Z</updated>
<entry><title>Atom entry</title><id>urn:x:1</id><link href="https://atom.example/1"/>
<published>2017-06-08T10:00:00Z</published><updated>2017-06-08T10:00:00Z</updated>
<content type="html">&lt;p&gt;{a}&lt;/p&gt;</content></entry>
</feed>""".replace("{a}", ARTICLE)


def test_rss_items_with_link_title_date(tmp_path):
    f = tmp_path / "wire.xml"
    f.write_text(RSS)
    assert detect(f, RSS.encode()) == "feed"
    items = _all(f)
    docs, errs = _docs(items), _errors(items)
    assert len(docs) == 2 and len(errs) == 1 and errs[0].source == f"{f}#item-3"
    first = docs[0]
    assert first.source == "https://wire.example/2017/06/07/deal"
    assert first.meta == {"url": "https://wire.example/2017/06/07/deal", "title": "Iran and Russia sign deal",
                          "date": "2017-06-07T09:08:00+00:00"}
    assert first.kind == "html" and first.content.count(ARTICLE.strip()) == 2  # full content, not summary
    assert first.provenance["path"] == str(f) and first.provenance["feed_item"] == 1
    assert first.provenance["feed_title"] == "Example Wire"
    assert ARTICLE.strip() in docs[1].content


def test_atom_feed_sniffed_in_txt(tmp_path):
    f = tmp_path / "feed.txt"
    f.write_text(ATOM)
    [doc] = _all(f)
    assert doc.meta["url"] == "https://atom.example/1" and doc.meta["date"].startswith("2017-06-08")
    assert ARTICLE.strip() in doc.content and doc.provenance["feed_item_id"] == "urn:x:1"


def test_feed_items_clean_into_articles(tmp_path):
    from legation.clean import clean

    f = tmp_path / "wire.rss"
    f.write_text(RSS)
    doc = _docs(_all(f))[0]
    assert ARTICLE.strip()[:60] in clean(doc).text


def test_xml_that_is_not_a_feed(tmp_path):
    f = tmp_path / "sitemap.xml"
    f.write_text('<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>')
    [err] = _all(f)
    assert isinstance(err, ReadError) and err.source == str(f)


# -- folders ---------------------------------------------------------------------------------------

def test_folder_recursive_sorted_skips_hidden(tmp_path):
    for rel in ["b.txt", "a/z.txt", "a/b/c.txt", ".hidden.txt", ".git/x.txt", "a/.cache/y.txt", "c.txt"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(ARTICLE + rel)
    names = [str(p.relative_to(tmp_path)) for p in walk(tmp_path)]
    assert names == ["a/b/c.txt", "a/z.txt", "b.txt", "c.txt"]
    assert [Path(d.source).relative_to(tmp_path).as_posix() for d in _all(tmp_path)] == names


def test_folder_symlink_loop_is_not_followed(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert len(_all(tmp_path)) == 1


def test_missing_input_and_unsupported_scheme(tmp_path):
    items = list(iter_inputs([str(tmp_path / "nope.txt"), "ftp://example.org/x"]))
    assert [type(i) for i in items] == [ReadError, ReadError]
    assert "no such file" in items[0].reason and "scheme" in items[1].reason


def test_read_path_is_lazy(tmp_path):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(ARTICLE)
    gen = read_path(tmp_path)
    first = next(gen)
    assert isinstance(first, RawDocument) and first.source.endswith("0.txt")


# -- streaming containers, hostile XML, error sources ---------------------------------------------

def test_containers_are_capped_per_item_not_per_file(tmp_path):
    lines = tmp_path / "many.jsonl"
    lines.write_text("".join(json.dumps({"text": f"{i} {ARTICLE}"}) + "\n" for i in range(20)))
    warc = tmp_path / "many.warc.gz"
    warc.write_bytes(_warc([RECORDS[0]] * 6, True))
    cap = 1500
    assert lines.stat().st_size > cap and warc.stat().st_size > cap
    assert len(_docs(_all(lines, max_bytes=cap))) == 20
    assert len(_docs(_all(warc, max_bytes=cap))) == 6


def test_feed_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    f = tmp_path / "evil.rss"
    f.write_text(f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
                 f'<rss version="2.0"><channel><title>T</title><item><title>a</title><link>http://x.example/1</link>'
                 f"<description>{ARTICLE} &xxe; end</description></item></channel></rss>")
    items = _all(f)
    assert items and all("TOP-SECRET-VALUE" not in getattr(i, "content", "") for i in items)


def test_input_of_maps_error_sources_back_to_their_file(tmp_path):
    from legation.read import input_of

    f = tmp_path / "a.jsonl"
    f.write_text("{}\n")
    assert input_of(f"{f}:12") == str(f)
    assert input_of(f"{tmp_path}/x.warc.gz#<urn:uuid:1>") == f"{tmp_path}/x.warc.gz"
    assert input_of("https://x.example/a#frag") == "https://x.example/a#frag"


def test_empty_folder_broken_link_and_fifo(tmp_path):
    empty = tmp_path / "empty"
    (empty / ".git").mkdir(parents=True)
    (empty / ".git" / "x.txt").write_text(ARTICLE)
    [err] = _all(empty)
    assert isinstance(err, ReadError) and "no files" in err.reason
    d = tmp_path / "odd"
    d.mkdir()
    (d / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(d / "pipe.txt")
    (d / "z.txt").write_text(ARTICLE)
    items = _all(d)
    assert [type(i) for i in items] == [ReadError, RawDocument]
    assert items[0].source.endswith("dangling.txt") and "broken" in items[0].reason


@pytest.mark.parametrize(("name", "data", "words"), [
    ("notes.warc", b"hello, this is not an archive\n", "not a WARC archive"),
    ("noise.warc.gz", b"\x1f\x8b\x08\x00" + b"\x00garbage" * 10, "gzip"),
    ("inner.warc.gz", gzip.compress(b"plain text inside\n"), "does not hold a WARC"),
])
def test_files_named_warc_that_are_not(tmp_path, name, data, words):
    f = tmp_path / name
    f.write_bytes(data)
    [err] = _all(f)
    assert isinstance(err, ReadError) and err.source == str(f) and words in err.reason


@pytest.mark.parametrize(("start", "kind"), [
    ("<!DOCTYPE html>\n<html>", "html"),
    ('<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x.dtd">\n<html>', "html"),
    ("<!-- saved page -->\n<html>", "html"),
    ('<meta charset="utf-8"><title>Saved</title>', "html"),
    ("<script>alert(1)</script> was found in the comment section.", "text"),
    ("<b>Tehran</b> said on Monday", "text"),
    ("Officials said <html> tags are not news.", "text"),
])
def test_html_sniffing(tmp_path, start, kind):
    f = tmp_path / "x.txt"
    f.write_text(start + f"<p>{ARTICLE}</p>")
    [doc] = _all(f)
    assert doc.kind == kind
