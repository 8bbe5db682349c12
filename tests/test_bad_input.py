"""Bad input is normal input: one ``error: INPUT: REASON`` line each, the batch goes on,
exit code 1 on partial failure, errors recorded in the store, the store stays consistent."""

from __future__ import annotations

import io
import json
import os
import sqlite3
from pathlib import Path

import pytest

from conftest import run_cli
from legation.models import RawDocument, ReadError
from legation.read import decode, iter_inputs

EN = ("Iran and Russia agreed on Tuesday to expand their military cooperation, officials in Tehran "
      "said on Wednesday. The agreement covers air defence systems and joint naval exercises.\n")
RU = ("Секретарь Совета национальной безопасности Ирана заявил, что сотрудничество России и Ирана "
      "изменило баланс сил в Сирии. Стороны договорились расширить военные связи.\n")
FR = ("Le ministre iranien des Affaires étrangères a déclaré à Téhéran que la coopération avec la "
      "Russie était « stratégique » et qu'elle s'élargirait l'année prochaine. Déjà, à Moscou, on "
      "évoque des exercices navals communs et un accord économique signé en été.\n")
DE = ("Der iranische Außenminister äußerte sich über die Zusammenarbeit mit Russland; größere "
      "Manöver seien für das nächste Jahr geplant, hieß es in Teheran.\n")
HOSTILE = ("Officials said the <script>alert('pwned')</script> report was false.\n"
           "A reader wrote: Robert'); DROP TABLE documents;-- and \"quoted\" text; 1=1 OR ''=''.\n" + EN)


def _read(path: Path, **kw) -> list[RawDocument | ReadError]:
    return list(iter_inputs([str(path)], **kw))


# -- decoding (unit level) -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "codec"), [
    (RU * 3, "cp1251"), (FR * 2, "latin-1"), (FR * 2, "cp1252"), (DE * 3, "latin-1"), (RU * 3, "koi8-r"),
])
def test_legacy_encodings_decode_right(tmp_path, text, codec):
    f = tmp_path / "legacy.txt"
    f.write_bytes(text.encode(codec))
    [doc] = _read(f)
    assert isinstance(doc, RawDocument) and doc.content == text, doc.provenance


def test_declared_html_charset_wins_for_short_pages(tmp_path):
    page = '<html><head><meta charset="windows-1251"><title>Т</title></head><body><p>Россия и Иран</p></body></html>'
    f = tmp_path / "p.html"
    f.write_bytes(page.encode("cp1251"))
    [doc] = _read(f)
    assert doc.content == page and doc.provenance["encoding"] == "cp1251"


def test_utf8_with_a_few_broken_bytes_stays_utf8():
    data = (RU + EN).encode() + b"\xff\xfe broken \xc3(" + RU.encode()
    text, enc = decode(data)
    assert text.startswith(RU + EN) and text.endswith(RU) and enc.startswith("utf-8")
    assert "\ufffd" in text


def test_utf8_bom_and_utf16(tmp_path):
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + EN.encode())
    (tmp_path / "u16.txt").write_bytes(EN.encode("utf-16"))
    docs = _read(tmp_path)
    assert [d.content for d in docs] == [EN, EN]


@pytest.mark.parametrize(("data", "words"), [
    (os.urandom(4096), "binary"),
    (b"%PDF-1.7\n" + os.urandom(2000), "PDF"),
    (b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG"),
    (b"", "empty file"),
    (b"  \n\t\n ", "whitespace"),
    (bytes(range(1, 9)) * 200, "binary"),
])
def test_non_text_gives_one_error(tmp_path, data, words):
    f = tmp_path / "input.txt"
    f.write_bytes(data)
    [err] = _read(f)
    assert isinstance(err, ReadError) and err.source == str(f) and words in err.reason


def test_size_cap_names_the_file_and_the_limit(tmp_path):
    f = tmp_path / "big.txt"
    f.write_bytes(EN.encode() * 20)
    [err] = _read(f, max_bytes=1000)
    assert isinstance(err, ReadError) and err.source == str(f)
    assert "too large" in err.reason and "1,000 bytes" in err.reason and "--max-bytes" in err.reason


# -- the whole batch through the real CLI --------------------------------------------------

def _warc_gz(n: int) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    for i in range(n):
        body = (f"<html><head><title>Record {i}</title></head><body><article><h1>Record {i}</h1>"
                f"<p>{EN * 3}</p><p>Record number {i} of the crawl.</p></article></body></html>").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(f"http://example.org/r{i}", "response",
                                            payload=io.BytesIO(body), http_headers=headers))
    return buf.getvalue()


def _check_store(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    orphans = conn.execute(
        "SELECT COUNT(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.doc_id = d.id)"
    ).fetchone()[0]
    assert orphans == 0, "a document without its sentences"
    stray = conn.execute(
        "SELECT COUNT(*) FROM sentences s WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = s.doc_id)"
    ).fetchone()[0]
    assert stray == 0, "sentences without their document"
    fts = conn.execute("SELECT COUNT(*) FROM docs_fts").fetchone()[0]
    assert fts == conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    return conn


@pytest.mark.slow
def test_bad_batch_through_the_cli(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    warc = _warc_gz(3)
    files: dict[str, bytes] = {
        "a_binary.txt": b"\x00\x01\x02" + os.urandom(3000),
        "b_empty.txt": b"",
        "c_cp1251.txt": (RU * 3).encode("cp1251"),
        "d_latin1.txt": (FR * 2).encode("latin-1"),
        "e_broken_utf8.txt": EN.encode() + b"\xff" + EN.encode(),
        "f_truncated.warc.gz": warc[: len(warc) - 150],
        "g_no_article.html": (b"<html><head><title>App</title><script>var x=1;</script></head>"
                              b"<body><div id='app'></div><script>boot()</script></body></html>"),
        "h_hostile.txt": HOSTILE.encode(),
        "i_lines.jsonl": (json.dumps({"text": EN + "Line one."}) + "\n{broken\n").encode(),
        "j_data.gz": b"\x1f\x8b\x08\x00" + os.urandom(200),
        "k_image.jpg": b"\xff\xd8\xff\xe0" + os.urandom(500),
    }
    for name, data in files.items():
        (d / name).write_bytes(data)
    big = tmp_path / "big.txt"
    with big.open("wb") as f:  # 50 MB of text
        chunk = EN.encode() * 1000
        while f.tell() < 50 * 1024 * 1024:
            f.write(chunk)
    db = tmp_path / "s.db"
    r = run_cli("ingest", str(d), str(big), str(tmp_path / "missing.txt"), "--db", str(db), "-q",
                "--layers", "sentences")
    assert r.returncode == 1, r.stderr
    lines = r.stderr.strip().splitlines()
    assert all(line.startswith("error: ") for line in lines), lines
    expected = {
        str(d / "a_binary.txt"): "binary",
        str(d / "b_empty.txt"): "empty",
        str(d / "f_truncated.warc.gz"): "truncated",
        str(d / "g_no_article.html"): "",
        f"{d / 'i_lines.jsonl'}:2": "invalid JSON",
        str(d / "j_data.gz"): "gzip",
        str(d / "k_image.jpg"): "JPEG",
        str(big): "limit of 20.0 MB",
        str(tmp_path / "missing.txt"): "no such file",
    }
    assert len(lines) == len(expected), lines
    for source, words in expected.items():
        hits = [ln for ln in lines if ln.startswith(f"error: {source}") and words in ln]
        assert len(hits) == 1, (source, lines)
    assert f"error: {big}: file too large: 50.0 MB" in r.stderr

    conn = _check_store(db)
    assert conn.execute("SELECT COUNT(*) FROM errors").fetchone()[0] == len(expected)
    docs = json.loads(run_cli("docs", "--json", "--db", str(db)).stdout)
    by_name = {Path(x["source"].split("#")[0]).name: x for x in docs}
    assert RU.strip() in by_name["c_cp1251.txt"]["text"]
    assert "Téhéran" in by_name["d_latin1.txt"]["text"] and "« stratégique »" in by_name["d_latin1.txt"]["text"]
    assert EN.strip() in by_name["e_broken_utf8.txt"]["text"]
    assert "<script>alert('pwned')</script>" in by_name["h_hostile.txt"]["text"]
    assert "Robert'); DROP TABLE documents;--" in by_name["h_hostile.txt"]["text"]
    assert "Line one." in by_name["i_lines.jsonl:1"]["text"]
    warc_docs = [x for x in docs if "f_truncated.warc.gz#" in x["source"]]
    assert 1 <= len(warc_docs) <= 2  # the complete records before the damage are kept
    assert len(docs) == 5 + len(warc_docs)

    hit = json.loads(run_cli("search", "DROP TABLE", "--json", "--db", str(db)).stdout)
    assert [h["doc_id"] for h in hit] == [by_name["h_hostile.txt"]["id"]]

    # again: nothing new is stored, the same errors are reported, the store stays consistent
    again = run_cli("ingest", str(d), "--db", str(db), "-q", "--layers", "sentences")
    assert again.returncode == 1 and "0 new document(s)" in again.stdout
    assert len(json.loads(run_cli("docs", "--json", "--db", str(db)).stdout)) == len(docs)
    _check_store(db)


@pytest.mark.slow
def test_max_bytes_option(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(EN * 10)
    r = run_cli("ingest", str(f), "--max-bytes", "500", "--db", str(tmp_path / "x.db"), "-q",
                "--layers", "sentences")
    assert r.returncode == 1
    assert r.stderr.strip() == (f"error: {f}: file too large: 0.0 MB ({len(EN) * 10:,} bytes) exceeds the "
                                "limit of 0.0 MB (500 bytes; see --max-bytes)")


@pytest.mark.slow
def test_folder_of_10000_files(tmp_path):
    d = tmp_path / "many"
    for sub in range(10):
        (d / f"part{sub}").mkdir(parents=True)
    good = 0
    for i in range(10_000):
        p = d / f"part{i % 10}" / f"{i:05d}.txt"
        if i % 1000 == 7:
            p.write_text(f"Report {i}. " + EN)
            good += 1
        else:
            p.touch()
    db = tmp_path / "many.db"
    r = run_cli("ingest", str(d), "--db", str(db), "-q", "--layers", "sentences")
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 10_000 - good and all(ln.endswith(": empty file") for ln in lines)
    conn = _check_store(db)
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == good
    assert conn.execute("SELECT COUNT(*) FROM errors").fetchone()[0] == 10_000 - good
