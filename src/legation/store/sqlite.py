"""Embedded default backend: one SQLite file (WAL for concurrent readers, FTS5 search).

Every document is written in one transaction together with its removed lines, sentences,
mentions and layers, so a process killed half-way leaves either the whole document or
nothing. Article text only ever reaches SQL as bound parameters.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from typing import Any

from ..models import Document, RemovedLine
from .base import LayerFilter, Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, outlet TEXT, title TEXT, published TEXT,
    published_precision TEXT NOT NULL DEFAULT 'none', date_source TEXT, language TEXT,
    text TEXT NOT NULL, story_id TEXT, content_hash TEXT NOT NULL, provenance TEXT,
    ingested_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_hash ON documents(content_hash);
CREATE INDEX IF NOT EXISTS documents_story ON documents(story_id);
CREATE TABLE IF NOT EXISTS inputs (
    source TEXT NOT NULL, raw_hash TEXT NOT NULL, doc_id TEXT NOT NULL,
    PRIMARY KEY (source, raw_hash)
);
CREATE TABLE IF NOT EXISTS removed_lines (
    doc_id TEXT NOT NULL, idx INTEGER NOT NULL, text TEXT NOT NULL, reason TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE IF NOT EXISTS sentences (
    doc_id TEXT NOT NULL, idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE IF NOT EXISTS mentions (
    doc_id TEXT NOT NULL, idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text TEXT NOT NULL, label TEXT NOT NULL, PRIMARY KEY (doc_id, idx)
);
CREATE TABLE IF NOT EXISTS annotations (
    doc_id TEXT NOT NULL, layer TEXT NOT NULL, idx INTEGER NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (layer, doc_id, idx)
);
CREATE TABLE IF NOT EXISTS pending_passes (doc_id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS errors (
    id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL, reason TEXT NOT NULL, at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS story_members (
    doc_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, story_id TEXT NOT NULL, day INTEGER,
    tol INTEGER NOT NULL DEFAULT 0, duplicate_of TEXT, score REAL, exact_key TEXT,
    signature BLOB NOT NULL, terms TEXT NOT NULL, actors TEXT
);
CREATE INDEX IF NOT EXISTS story_members_story ON story_members(story_id);
CREATE TABLE IF NOT EXISTS story_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS passage_vectors (
    doc_id TEXT PRIMARY KEY, spans TEXT NOT NULL, vectors BLOB NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(
    title, text, content='documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO docs_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO docs_fts(docs_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS documents_au AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO docs_fts(docs_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO docs_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
"""

CORE_LAYERS = {"sentences", "mentions"}
DOC_FIELDS = (
    "outlet", "title", "published", "published_precision", "date_source", "language", "story_id",
)


class SQLiteStore(Store):
    def __init__(self, path: str) -> None:
        self.path = path
        self.conn = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA busy_timeout=60000")
        self.conn.executescript(SCHEMA)

    # -- writing -------------------------------------------------------------------------
    def seen_input(self, source: str, raw_hash: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM inputs WHERE source=? AND raw_hash=?", (source, raw_hash)
        ).fetchone()
        return row is not None

    def add(
        self,
        doc: Document,
        removed: list[RemovedLine],
        layers: dict[str, list[dict[str, Any]]],
        raw_hash: str | None = None,
    ) -> bool:
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            exists = c.execute("SELECT 1 FROM documents WHERE id=?", (doc.id,)).fetchone()
            if not exists:
                c.execute(
                    "INSERT INTO documents (id, source, outlet, title, published, published_precision,"
                    " date_source, language, text, story_id, content_hash, provenance, ingested_at)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (doc.id, doc.source, doc.outlet, doc.title, doc.published,
                     doc.published_precision, doc.date_source, doc.language, doc.text,
                     doc.story_id, doc.content_hash, json.dumps(doc.provenance), time.time()),
                )
                c.executemany(
                    "INSERT INTO removed_lines VALUES (?,?,?,?)",
                    [(doc.id, i, r.text, r.reason) for i, r in enumerate(removed)],
                )
                c.executemany(
                    "INSERT INTO sentences VALUES (?,?,?,?)",
                    [(doc.id, i, s["start"], s["end"]) for i, s in enumerate(layers.get("sentences", []))],
                )
                c.executemany(
                    "INSERT INTO mentions VALUES (?,?,?,?,?,?)",
                    [(doc.id, i, m["start"], m["end"], m["text"], m["label"])
                     for i, m in enumerate(layers.get("mentions", []))],
                )
                for name, items in layers.items():
                    if name not in CORE_LAYERS:
                        self._insert_layer(doc.id, name, items)
                c.execute("INSERT OR IGNORE INTO pending_passes VALUES (?)", (doc.id,))
            if raw_hash is not None:
                c.execute("INSERT OR IGNORE INTO inputs VALUES (?,?,?)", (doc.source, raw_hash, doc.id))
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        return not exists

    def pending_passes(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT p.doc_id FROM pending_passes p JOIN documents d ON d.id = p.doc_id ORDER BY d.rowid")]

    def clear_pending(self, doc_ids: Iterable[str]) -> None:
        self.conn.executemany("DELETE FROM pending_passes WHERE doc_id=?", [(i,) for i in doc_ids])

    def _insert_layer(self, doc_id: str, name: str, items: list[dict[str, Any]]) -> None:
        rows = []
        for i, item in enumerate(items):
            item = dict(item)
            item.setdefault("id", f"{doc_id}-{name}-{i}")
            item["doc_id"] = doc_id
            rows.append((doc_id, name, i, json.dumps(item, ensure_ascii=False)))
        self.conn.executemany("INSERT INTO annotations VALUES (?,?,?,?)", rows)

    def replace_layer(self, doc_id: str, name: str, items: list[dict[str, Any]]) -> None:
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            c.execute("DELETE FROM annotations WHERE doc_id=? AND layer=?", (doc_id, name))
            self._insert_layer(doc_id, name, items)
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def set_document_fields(self, doc_id: str, **fields: Any) -> None:
        bad = set(fields) - set(DOC_FIELDS)
        if bad:
            raise ValueError(f"cannot set document fields {sorted(bad)}")
        if not fields:
            return
        assignments = ", ".join(f"{k}=?" for k in fields)  # keys checked against DOC_FIELDS
        self.conn.execute(f"UPDATE documents SET {assignments} WHERE id=?", (*fields.values(), doc_id))

    def add_error(self, source: str, reason: str) -> None:
        self.conn.execute("INSERT INTO errors (source, reason, at) VALUES (?,?,?)", (source, reason, time.time()))

    # -- reading -------------------------------------------------------------------------
    @staticmethod
    def _doc(row: sqlite3.Row) -> Document:
        return Document(
            id=row["id"], source=row["source"], text=row["text"], outlet=row["outlet"],
            title=row["title"], published=row["published"],
            published_precision=row["published_precision"], date_source=row["date_source"],
            language=row["language"], story_id=row["story_id"], content_hash=row["content_hash"],
            provenance=json.loads(row["provenance"] or "{}"),
        )

    def get_document(self, doc_id: str) -> Document | None:
        row = self.conn.execute("SELECT * FROM documents WHERE id=?", (doc_id,)).fetchone()
        return self._doc(row) if row else None

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[Document]:
        if ids is None:
            cur = self.conn.execute("SELECT * FROM documents ORDER BY rowid")
            for row in cur:
                yield self._doc(row)
        else:
            for doc_id in ids:
                doc = self.get_document(doc_id)
                if doc is not None:
                    yield doc

    def removed_lines(self, doc_id: str) -> list[RemovedLine]:
        rows = self.conn.execute(
            "SELECT text, reason FROM removed_lines WHERE doc_id=? ORDER BY idx", (doc_id,)
        )
        return [RemovedLine(r["text"], r["reason"]) for r in rows]

    def layer(
        self,
        name: str,
        doc_id: str | None = None,
        filters: Iterable[LayerFilter] = (),
        limit: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        if name in CORE_LAYERS:
            cols = "start, \"end\"" + (", text, label" if name == "mentions" else "")
            sql = f"SELECT doc_id, idx, {cols} FROM {name}"
            args: list[Any] = []
            if doc_id is not None:
                sql += " WHERE doc_id=?"
                args.append(doc_id)
            for row in self.conn.execute(sql + " ORDER BY doc_id, idx", args):
                item = dict(row)
                item["id"] = f"{row['doc_id']}-{name}-{row['idx']}"
                del item["idx"]
                yield item
            return
        where = ["a.layer=?"]
        args = [name]
        if doc_id is not None:
            where.append("a.doc_id=?")
            args.append(doc_id)
        for f in filters:
            if f.op == "contains":
                head, _, rest = f.field.partition(".")
                if rest:
                    where.append(
                        f"EXISTS (SELECT 1 FROM json_each(a.data, '$.{head}') je "
                        f"WHERE json_extract(je.value, '$.{rest}') = ?)"
                    )
                else:
                    where.append(f"EXISTS (SELECT 1 FROM json_each(a.data, '$.{head}') je WHERE je.value = ?)")
            else:
                op = "LIKE" if f.op == "like" else f.op
                where.append(f"json_extract(a.data, '$.{f.field}') {op} ?")
            args.append(f.value)
        sql = (
            "SELECT a.data FROM annotations a JOIN documents d ON d.id = a.doc_id WHERE "
            + " AND ".join(where)
            + " ORDER BY d.rowid, a.idx"
        )
        if limit is not None:
            sql += " LIMIT ?"
            args.append(int(limit))
        for row in self.conn.execute(sql, args):
            yield json.loads(row["data"])

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        # Quote every term so user input is FTS5 data, never FTS5 syntax.
        terms = [t.replace('"', '""') for t in query.split() if t.strip()]
        if not terms:
            return []
        match = " ".join(f'"{t}"' for t in terms)
        rows = self.conn.execute(
            "SELECT d.id AS doc_id, d.title AS title,"
            " snippet(docs_fts, 1, char(2), char(3), ' … ', 16) AS snippet, bm25(docs_fts) AS score"
            " FROM docs_fts JOIN documents d ON d.rowid = docs_fts.rowid"
            " WHERE docs_fts MATCH ? ORDER BY score LIMIT ?",
            (match, limit),
        )
        return [dict(r) for r in rows]

    def stats(self) -> dict[str, Any]:
        c = self.conn

        def count(sql: str) -> int:
            return int(c.execute(sql).fetchone()[0])

        out: dict[str, Any] = {
            "documents": count("SELECT COUNT(*) FROM documents"),
            "removed_lines": count("SELECT COUNT(*) FROM removed_lines"),
            "sentences": count("SELECT COUNT(*) FROM sentences"),
            "mentions": count("SELECT COUNT(*) FROM mentions"),
            "errors": count("SELECT COUNT(*) FROM errors"),
        }
        for row in c.execute("SELECT layer, COUNT(*) n FROM annotations GROUP BY layer ORDER BY layer"):
            out[row["layer"]] = row["n"]
        out["outlets"] = {
            r["outlet"] or "(unknown)": r["n"]
            for r in c.execute("SELECT outlet, COUNT(*) n FROM documents GROUP BY outlet ORDER BY n DESC")
        }
        return out

    # -- story state (stories pass) ---------------------------------------------------------
    def put_story_rows(self, rows: list[dict[str, Any]], df_delta: dict[str, int]) -> None:
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            seq = int(c.execute("SELECT COALESCE(MAX(seq), -1) FROM story_members").fetchone()[0])
            for r in rows:
                seq += 1
                c.execute(
                    "INSERT OR REPLACE INTO story_members (doc_id, seq, story_id, day, tol,"
                    " duplicate_of, score, exact_key, signature, terms, actors)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (r["doc_id"], seq, r["story_id"], r.get("day"), r.get("tol") or 0,
                     r.get("duplicate_of"), r.get("score"), r.get("exact_key"), r["signature"],
                     json.dumps(r["terms"], ensure_ascii=False),
                     None if r.get("actors") is None else json.dumps(r["actors"])),
                )
            c.executemany(
                "INSERT INTO story_df (term, df) VALUES (?, ?)"
                " ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
                list(df_delta.items()),
            )
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def merge_stories(self, old: str, new: str) -> None:
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            c.execute("UPDATE story_members SET story_id=? WHERE story_id=?", (new, old))
            c.execute("UPDATE documents SET story_id=? WHERE story_id=?", (new, old))
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def story_rows(self, story_id: str | None = None) -> Iterator[dict[str, Any]]:
        sql = "SELECT * FROM story_members"
        args: tuple[Any, ...] = ()
        if story_id is not None:
            sql += " WHERE story_id=?"
            args = (story_id,)
        for row in self.conn.execute(sql + " ORDER BY seq", args):
            item = dict(row)
            item["terms"] = json.loads(item["terms"])
            item["actors"] = None if item["actors"] is None else json.loads(item["actors"])
            yield item

    def story_df(self) -> tuple[dict[str, int], int]:
        df = {r["term"]: r["df"] for r in self.conn.execute("SELECT term, df FROM story_df")}
        n = int(self.conn.execute("SELECT COUNT(*) FROM story_members").fetchone()[0])
        return df, n

    def put_passage_vectors(self, doc_id: str, spans: list[tuple[int, int]], vectors: bytes) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO passage_vectors VALUES (?,?,?)",
            (doc_id, json.dumps([list(s) for s in spans]), vectors),
        )

    def passage_vectors(self, doc_id: str) -> tuple[list[tuple[int, int]], bytes] | None:
        row = self.conn.execute(
            "SELECT spans, vectors FROM passage_vectors WHERE doc_id=?", (doc_id,)
        ).fetchone()
        if row is None:
            return None
        return [(int(a), int(b)) for a, b in json.loads(row["spans"])], bytes(row["vectors"])

    def stories(self) -> list[dict[str, Any]]:
        groups: dict[str, dict[str, Any]] = {}
        best: dict[str, tuple[int, str]] = {}
        rows = self.conn.execute(
            "SELECT id, title, published, date_source, story_id FROM documents"
            " WHERE story_id IS NOT NULL ORDER BY rowid"
        )
        for r in rows:
            sid = r["story_id"]
            g = groups.setdefault(sid, {"id": sid, "title": r["title"], "documents": [],
                                        "first_published": None})
            g["documents"].append(r["id"])
            pub = r["published"]
            if pub and pub[:1].isdigit():
                # dates of the documents themselves first; dates inferred from the story last
                key = (1 if r["date_source"] == "story" else 0, pub)
                if sid not in best or key < best[sid]:
                    best[sid] = key
                    g["first_published"], g["title"] = pub, r["title"] or g["title"]
        return list(groups.values())

    def errors(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT source, reason, at FROM errors ORDER BY id")]

    def close(self) -> None:
        self.conn.close()
