"""Ingest is idempotent and crash-safe: re-ingesting adds nothing; SIGKILL half-way leaves a
consistent store, and running again finishes the job with no duplicates."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

TOPICS = ["air defence systems", "joint naval exercises", "grain exports", "nuclear fuel deliveries",
          "a rail corridor", "drone production", "banking links", "gas swaps"]


def _article(i: int) -> str:
    """A distinct synthetic article (illustrative text written for this test)."""
    topic = TOPICS[i % len(TOPICS)]
    paras = [
        f"Report {i}. Iran and Russia agreed on talks about {topic}, officials in Tehran said on day {i}.",
        f"The delegation number {i} met in Moscow for {i % 7 + 2} hours. Both sides described the meeting "
        f"as constructive and said further rounds on {topic} would follow.",
        f"Analysts in Baku and Ankara said agreement {i} could change trade in the Caspian region. "
        f"A spokesman declined to give figures for {topic}.",
    ]
    return "\n\n".join(paras * 3) + "\n"


def _consistent(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    docs = conn.execute("SELECT id, text FROM documents").fetchall()
    for doc_id, text in docs:
        spans = conn.execute('SELECT start, "end" FROM sentences WHERE doc_id=? ORDER BY idx', (doc_id,)).fetchall()
        assert spans, f"document {doc_id} stored without its sentences"
        prev = 0
        for start, end in spans:
            assert prev <= start < end <= len(text)
            prev = end
    n = len(docs)
    assert conn.execute("SELECT COUNT(*) FROM docs_fts").fetchone()[0] == n
    assert conn.execute("SELECT COUNT(DISTINCT doc_id) FROM inputs").fetchone()[0] == n
    orphans = conn.execute(
        "SELECT COUNT(*) FROM sentences WHERE doc_id NOT IN (SELECT id FROM documents)"
    ).fetchone()[0] + conn.execute(
        "SELECT COUNT(*) FROM mentions WHERE doc_id NOT IN (SELECT id FROM documents)"
    ).fetchone()[0]
    assert orphans == 0
    return conn


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _new(out: str) -> int:
    m = re.search(r"ingested (\d+) new document", out)
    assert m, out
    return int(m.group(1))


@pytest.mark.slow
def test_sigkill_half_way_then_resume_without_duplicates(tmp_path):
    n = 60
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(n):
        (corpus / f"{i:04d}.txt").write_text(_article(i))
    db = tmp_path / "crash.db"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "legation", "ingest", str(corpus), "--db", str(db), "-q",
         "--layers", "sentences", "--batch-size", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )
    try:
        deadline = time.monotonic() + 300
        while _count(db) < 5:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "ingest stored nothing in time"
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    stored = _consistent(db).execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    assert 5 <= stored < n, "the kill did not land half-way"

    r = run_cli("ingest", str(corpus), "--db", str(db), "-q", "--layers", "sentences")
    assert r.returncode == 0, r.stderr
    assert _new(r.stdout) == n - stored
    conn = _consistent(db)
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == n
    assert conn.execute("SELECT COUNT(DISTINCT source) FROM documents").fetchone()[0] == n
    assert conn.execute("SELECT COUNT(DISTINCT content_hash) FROM documents").fetchone()[0] == n

    again = run_cli("ingest", str(corpus), "--db", str(db), "-q", "--layers", "sentences")
    assert again.returncode == 0 and _new(again.stdout) == 0
    assert _consistent(db).execute("SELECT COUNT(*) FROM documents").fetchone()[0] == n


@pytest.mark.slow
def test_seeds_ingest_once_and_reingest_adds_nothing(seeds_dir, tmp_path):
    db = tmp_path / "seeds.db"
    first = run_cli("ingest", str(seeds_dir), "--db", str(db), "-q", "--layers", "sentences")
    assert first.returncode == 0, first.stderr
    assert first.stderr.strip() == "" and _new(first.stdout) == 5
    docs = json.loads(run_cli("docs", "--json", "--db", str(db)).stdout)
    assert sorted(Path(d["source"]).name for d in docs) == sorted(p.name for p in seeds_dir.iterdir())

    # the same inputs again (the folder, and one of its files named a second time)
    again = run_cli("ingest", str(seeds_dir), str(seeds_dir / sorted(os.listdir(seeds_dir))[0]),
                    "--db", str(db), "-q", "--layers", "sentences")
    assert again.returncode == 0 and _new(again.stdout) == 0
    assert "6 already present" in again.stdout
    after = json.loads(run_cli("docs", "--json", "--db", str(db)).stdout)
    assert [d["id"] for d in after] == [d["id"] for d in docs]
    _consistent(db)


def test_mixed_formats_in_one_batch_keep_provenance(tmp_path):
    """Every format through the real pipeline front half (no analysis): provenance survives."""
    from legation.pipeline import Pipeline
    from legation.read import iter_inputs

    (tmp_path / "a.txt").write_text(_article(1))
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": _article(2), "url": "https://x.example/b"}) + "\n")
    (tmp_path / "c.html").write_text(f"<html><head><title>C</title></head><body><article><p>{_article(3)}</p>"
                                     "</article></body></html>")
    docs = []
    for raw in iter_inputs([str(tmp_path)]):
        doc, _removed = Pipeline.prepare(raw)
        docs.append(doc)
    assert [d.provenance.get("path") for d in docs] == [str(tmp_path / x) for x in ("a.txt", "b.jsonl", "c.html")]
    assert docs[1].provenance["line"] == 1 and docs[1].source == "https://x.example/b"
    assert all("Report" in d.text for d in docs)


@pytest.mark.slow
def test_every_format_through_the_cli(tmp_path):
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(_article(1))
    (d / "b.jsonl").write_text(json.dumps({"text": _article(2), "url": "https://news.example/b",
                                           "title": "Line title", "date": "2017-06-08"}) + "\n")
    (d / "c.html").write_text(f"<html><head><title>Page C</title></head><body><article><p>{_article(3)}</p>"
                              "</article></body></html>")
    (d / "d.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>Feed item</title>'
        "<link>https://wire.example/item</link><pubDate>Wed, 07 Jun 2017 09:08:00 GMT</pubDate>"
        f"<description>{_article(4)}</description></item></channel></rss>")
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    body = f"<html><head><title>Archived</title></head><body><article><p>{_article(5)}</p></article></body></html>"
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record("https://arch.example/e", "response", payload=io.BytesIO(body.encode()),
                                        http_headers=headers))
    (d / "e.warc.gz").write_bytes(buf.getvalue())
    db = tmp_path / "all.db"
    r = run_cli("ingest", str(d), "--db", str(db), "-q", "--layers", "sentences")
    assert r.returncode == 0, r.stderr
    assert _new(r.stdout) == 5
    docs = {x["title"]: x for x in json.loads(run_cli("docs", "--json", "--db", str(db)).stdout)}
    assert {"Line title", "Feed item"} <= set(docs)
    assert docs["Line title"]["source"] == "https://news.example/b"
    assert (docs["Line title"]["published"] or "").startswith("2017-06-08")
    assert docs["Feed item"]["source"] == "https://wire.example/item"
    assert (docs["Feed item"]["published"] or "").startswith("2017-06-07")
    sources = sorted(x["source"] for x in docs.values())
    assert sources[0] == str(d / "a.txt") and any(s.startswith(f"{d / 'e.warc.gz'}#<urn:uuid:") for s in sources)
    assert all("Report" in x["text"] for x in docs.values())
    _consistent(db)
