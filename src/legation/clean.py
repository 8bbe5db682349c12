"""Cleaning: raw input to the article text that every later stage analyses.

* HTML goes through trafilatura: main text (comments excluded, tables kept) plus its
  metadata (title, date found by htmldate, sitename, author, hostname, url) in
  ``Cleaned.meta``. The extracted text then passes the line cleaner below (without title
  detection: the title comes from the page's metadata).
* Plain text goes through a line cleaner driven by ``data/boilerplate.yaml``: donation
  widgets, support banners, share/comment widgets, comment sections (from their first
  line to the end, with every commenter's text), copyright lines, reposting notices,
  blog/site footers and editorial IDs are removed. Header lines (title, date line, byline,
  copyright, attribution) are removed from the text too and handed to describe through
  ``Cleaned.header`` (the lines) and ``Cleaned.meta["cues"]`` (what they say).

Every removed line is kept as ``RemovedLine(text, reason)`` for audit; none is analysed.
All offsets computed later refer to ``Cleaned.text``.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .models import Cleaned, RawDocument, RemovedLine


class CleanError(ValueError):
    """The input holds no article text."""


# trafilatura options, chosen on the article-extraction gold set as a whole (see
# evaluation/extraction.py): comments are never article text; tables are kept.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_formatting": False,
    "favor_precision": False,
    "favor_recall": False,
}

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
TITLE_MAX_CHARS = 200
TITLE_MAX_WORDS = 30
MIN_HTML_CHARS = 25  # an HTML page whose extracted text is shorter holds no article
MIN_PROSE_WORDS = 6  # a sentence: 6 words ending in punctuation, or 12 words
_WORD = re.compile(r"[^\W\d_]{2,}|\b[^\W\d_]\b")
_SENTENCE_END = set(".!?;:\"'”’»)…。")
# scripts written without spaces between words (CJK, kana, Thai): count characters instead
_NO_SPACE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


@dataclass(frozen=True)
class Rule:
    id: str
    action: str  # drop | section | header
    reason: str
    regex: re.Pattern[str]
    max_len: int | None = None
    where: str = "any"  # any | top
    validate: str | None = None  # date | date_only
    cue: str | None = None

    def match(self, line: str, top: bool) -> re.Match[str] | None:
        if self.max_len is not None and len(line) > self.max_len:
            return None
        if self.where == "top" and not top:
            return None
        m = self.regex.fullmatch(line)
        if m is None:
            return None
        if self.validate:
            from .describe import parse_date_line

            value = m.groupdict().get("value") or line
            if self.validate == "date":  # "12 March 2021 | Updated: 13 March 2021"
                value = re.split(r"\s[|•·]\s|\s[-–—]\s(?=[A-Za-z])", value, maxsplit=1)[0]
            if parse_date_line(value) is None:
                return None
        return m


def load_rules(text: str | None = None) -> list[Rule]:
    """Rules from ``data/boilerplate.yaml`` (or the given YAML text), then from the files
    named in ``$LEGATION_BOILERPLATE`` (same format, separated by the OS path separator)."""
    if text is not None:
        return _parse_rules(text, "rules")
    bundled = resources.files("legation").joinpath("data/boilerplate.yaml").read_text("utf-8")
    out = _parse_rules(bundled, "boilerplate.yaml")
    for p in filter(None, os.environ.get("LEGATION_BOILERPLATE", "").split(os.pathsep)):
        out += _parse_rules(Path(p).read_text("utf-8"), p)
    return out


def _parse_rules(text: str, where: str) -> list[Rule]:
    spec = yaml.safe_load(text) or {}
    rules = []
    for r in spec.get("rules", []):
        missing = {"id", "action", "reason", "pattern"} - set(r)
        if missing or r["action"] not in ("drop", "section", "header"):
            raise ValueError(f"{where}: rule {r.get('id', '?')!r} needs id, reason, pattern and "
                             f"an action of drop|section|header")
        flags = 0 if r.get("case") else re.IGNORECASE
        rules.append(Rule(
            id=r["id"], action=r["action"], reason=r["reason"],
            regex=re.compile(r["pattern"], flags), max_len=r.get("max_len"),
            where=r.get("where", "any"), validate=r.get("validate"), cue=r.get("cue"),
        ))
    return rules


@lru_cache(maxsize=4)
def _rules(env: str | None) -> tuple[Rule, ...]:
    return tuple(load_rules())


def rules() -> tuple[Rule, ...]:
    return _rules(os.environ.get("LEGATION_BOILERPLATE"))


def normalize_line(line: str) -> str:
    """One line with invisible characters dropped and runs of spaces collapsed."""
    line = unicodedata.normalize("NFC", line).translate(_INVISIBLE)
    return _SPACES.sub(" ", line).strip()


def _key(line: str) -> str:
    """Comparison key for duplicate-title detection."""
    return re.sub(r"\W+", " ", line.casefold()).strip()


def looks_like_title(line: str) -> bool:
    """A short line that does not read as a sentence of body text."""
    if not line or len(line) > TITLE_MAX_CHARS or len(line.split()) > TITLE_MAX_WORDS:
        return False
    if line[-1] in ".;,:" and not line.endswith("..."):
        return False
    if re.match(r"^[A-Z][A-Za-z .'-]{1,40},[^()]{0,30}\([A-Za-z.& ]{2,12}\)", line):
        return False  # a dateline opening the lead, not a headline
    return any(ch.isalpha() for ch in line)


def clean_text(text: str, *, title: str | None = None, detect_title: bool = True) -> Cleaned:
    """Line-level cleaning of plain article text (also applied to trafilatura output)."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    removed: list[RemovedLine] = []
    header: list[str] = []
    cues: list[dict[str, str]] = []
    kept: list[str] = []  # "" marks a paragraph break
    title_key = _key(title) if title else None
    seen_body = False
    in_comments = False
    auto_title: str | None = None
    for raw in raw_lines:
        line = normalize_line(raw)
        if not line:
            if kept and kept[-1] != "":
                kept.append("")
            continue
        if in_comments:
            rule, _ = _first_rule(line, top=False)
            reason = rule.reason if rule is not None and rule.action == "drop" else "comment section"
            removed.append(RemovedLine(line, reason))
            continue
        if title_key is not None and _key(line) == title_key:
            removed.append(RemovedLine(line, "duplicate title"))
            continue
        rule, m = _first_rule(line, top=not seen_body)
        if rule is not None and m is not None:
            if rule.action == "section":
                # before any body text a "comments" line is a widget, not the section
                in_comments = seen_body
                removed.append(RemovedLine(line, rule.reason))
                continue
            if rule.action == "header":
                value = (m.groupdict().get("value") or line).strip()
                cues.append({"kind": rule.cue or rule.id, "value": value, "line": line})
                header.append(line)
                removed.append(RemovedLine(line, f"header: {rule.reason}"))
                continue
            removed.append(RemovedLine(line, rule.reason))
            continue
        if not seen_body and detect_title and title_key is None and looks_like_title(line):
            title = auto_title = line
            title_key = _key(line)
            header.append(line)
            removed.append(RemovedLine(line, "header: title"))
            continue
        seen_body = True
        kept.append(line)
    while kept and kept[-1] == "":
        kept.pop()
    if not kept and auto_title is not None:
        # a one-line text is its own article: keep the line rather than leave nothing
        kept = [auto_title]
        removed = [r for r in removed if not (r.text == auto_title and r.reason == "header: title")]
        header = [h for h in header if h != auto_title]
    body = "\n".join(kept)
    meta: dict[str, Any] = {"cues": cues}
    if title:
        meta["title"] = title
    return Cleaned(body, removed, meta, header)


def _first_rule(line: str, top: bool) -> tuple[Rule | None, re.Match[str] | None]:
    for rule in rules():
        m = rule.match(line, top)
        if m is not None:
            return rule, m
    return None, None


def extract_html(html: str, url: str | None = None) -> tuple[str, dict[str, Any]]:
    """Main text and metadata of an HTML page (trafilatura + htmldate)."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, **TRAFILATURA_OPTIONS)
    if doc is None:
        return "", {}
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    meta = {k: data.get(k) for k in ("title", "date", "author", "sitename", "hostname", "url",
                                      "description", "language") if data.get(k)}
    return data.get("text") or "", meta


def _has_prose(text: str) -> bool:
    """At least one line reading like a sentence (menus and link lists do not)."""
    if len(text.strip()) < MIN_HTML_CHARS:
        return False
    for line in text.splitlines():
        words = len(_WORD.findall(line))
        if words >= 2 * MIN_PROSE_WORDS or (words >= MIN_PROSE_WORDS and line.rstrip()[-1:] in _SENTENCE_END):
            return True
        if len(_NO_SPACE_SCRIPT.findall(line)) >= 3 * MIN_PROSE_WORDS:
            return True
    return False


def clean(raw: RawDocument) -> Cleaned:
    """Clean one raw document; raises :class:`CleanError` when no article text is left."""
    if raw.kind == "html":
        text, meta = extract_html(raw.content, url=raw.meta.get("url"))
        if not _has_prose(text):
            raise CleanError(f"HTML page has no article text ({len(text.strip())} characters of non-prose text)")
        cleaned = clean_text(text, title=raw.meta.get("title") or meta.get("title"), detect_title=False)
        cleaned.meta = {**meta, **cleaned.meta}
        if meta.get("title"):
            cleaned.meta["title"] = meta["title"]
    else:
        if not raw.content.strip():
            raise CleanError("no text")
        cleaned = clean_text(raw.content, title=raw.meta.get("title"))
    if not cleaned.text.strip():
        raise CleanError("no article text left after cleaning")
    return cleaned
