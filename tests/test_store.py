from __future__ import annotations

import sqlite3
import threading

import pytest

from legation.models import Document, RemovedLine
from legation.store import LayerFilter, open_store


def _doc(i: int, text: str = "Iran and Russia signed an accord.") -> Document:
    return Document(id=f"d{i}", source=f"src{i}", text=text, title=f"Title {i}", content_hash=f"h{i}")


def test_add_is_idempotent_and_atomic(tmp_path):
    store = open_store(str(tmp_path / "s.db"))
    layers = {
        "sentences": [{"start": 0, "end": 33}],
        "mentions": [{"start": 0, "end": 4, "text": "Iran", "label": "GPE"}],
        "events": [{"event_type": "AGREE", "source": [{"country": "IRN"}]}],
    }
    assert store.add(_doc(1), [RemovedLine("0 $", "donation widget")], layers, raw_hash="r1")
    assert not store.add(_doc(1), [], layers, raw_hash="r1")
    assert store.seen_input("src1", "r1") and not store.seen_input("src1", "other")
    st = store.stats()
    assert (st["documents"], st["sentences"], st["mentions"], st["events"], st["removed_lines"]) == (1, 1, 1, 1, 1)
    [ev] = store.layer("events")
    assert ev["doc_id"] == "d1" and ev["id"] == "d1-events-0"
    # a failure half-way through a document leaves nothing of it behind
    bad_layers = {"sentences": [{"start": 0}]}  # missing "end" -> KeyError inside the transaction
    with pytest.raises(KeyError):
        store.add(_doc(2), [], bad_layers)
    assert store.get_document("d2") is None and store.stats()["sentences"] == 1


def test_layer_filters_bind_values(tmp_path):
    store = open_store(f"sqlite://{tmp_path / 's.db'}")
    evil = "x' OR 1=1; DROP TABLE documents; --"
    store.add(_doc(1), [], {"events": [
        {"event_type": "AGREE", "date": "2017-06-07", "source": [{"id": "IRN", "country": "IRN"}]},
        {"event_type": "ASSAULT", "date": "2016-01-01", "source": [{"id": "USA", "country": "USA"}]},
    ]})
    assert [e["event_type"] for e in store.layer("events", filters=[LayerFilter("event_type", "=", "AGREE")])] == ["AGREE"]
    assert [e["date"] for e in store.layer("events", filters=[LayerFilter("date", ">=", "2017")])] == ["2017-06-07"]
    got = store.layer("events", filters=[LayerFilter("source.country", "contains", "USA")])
    assert [e["event_type"] for e in got] == ["ASSAULT"]
    assert list(store.layer("events", filters=[LayerFilter("event_type", "=", evil)])) == []
    assert store.stats()["documents"] == 1
    with pytest.raises(ValueError):
        LayerFilter("event_type') OR 1=1 --", "=", "x")
    with pytest.raises(ValueError):
        LayerFilter("event_type", "; DROP", "x")


def test_search_treats_query_as_data(tmp_path):
    store = open_store(str(tmp_path / "s.db"))
    store.add(_doc(1, "Shamkhani met Patrushev in Moscow."), [], {})
    store.add(_doc(2, "Nothing to see here."), [], {})
    [hit] = store.search("patrushev moscow")
    assert hit["doc_id"] == "d1" and "\x02Patrushev\x03" in hit["snippet"]
    for hostile in ['"unbalanced', "NEAR(a b", "a OR", "*", "'); DROP TABLE documents; --"]:
        store.search(hostile)  # no exception: the query is quoted as FTS5 data
    assert store.stats()["documents"] == 2


def test_reader_sees_committed_data_while_writer_writes(tmp_path):
    path = str(tmp_path / "s.db")
    writer = open_store(path)
    writer.add(_doc(0), [], {})
    errors: list[BaseException] = []

    def read_loop() -> None:
        try:
            reader = open_store(path)
            for _ in range(50):
                n = reader.stats()["documents"]
                assert n >= 1
            reader.close()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    t = threading.Thread(target=read_loop)
    t.start()
    for i in range(1, 60):
        writer.add(_doc(i), [], {"sentences": [{"start": 0, "end": 5}]})
    t.join()
    assert not errors
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_set_document_fields_only_known_fields(tmp_path):
    store = open_store(str(tmp_path / "s.db"))
    store.add(_doc(1), [], {})
    store.set_document_fields("d1", story_id="st1", published="2017-06-08", published_precision="day", date_source="story")
    doc = store.get_document("d1")
    assert (doc.story_id, doc.published, doc.date_source) == ("st1", "2017-06-08", "story")
    with pytest.raises(ValueError):
        store.set_document_fields("d1", text="rewritten")


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown store backend 'mongo'"):
        open_store("mongo://localhost/x")


def test_documents_wait_for_corpus_passes_until_cleared(tmp_path):
    path = str(tmp_path / "s.db")
    store = open_store(path)
    store.add(_doc(1), [], {})
    store.add(_doc(2), [], {})
    store.close()
    # a new process (e.g. after a crash before the passes ran) still sees both as pending
    store = open_store(path)
    assert store.pending_passes() == ["d1", "d2"]
    store.clear_pending(["d1"])
    assert store.pending_passes() == ["d2"]
    store.add(_doc(1), [], {})  # already stored: does not become pending again
    assert store.pending_passes() == ["d2"]
