"""Deterministic generator of story clusters: the story gold set and the benchmark corpus.

Base articles are composed from the team-written building blocks in
``data/storygen.yaml`` (story types with sentence templates, slots filled with countries,
people, numbers and topics). Each story gets variants of its base article, as outlets
produce them: exact copies, reordered paragraphs, boilerplate added, paraphrases (synonym
and word-order rewrites), partial copies and summaries. Stories of one type share
templates and countries, so different stories are often on the same topic (hard negatives).

Everything follows from ``seed``: the same seed gives the same documents.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

VARIANTS = ("copy", "reorder", "boilerplate", "paraphrase", "partial", "summary")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass
class GenDoc:
    id: str
    story: str  # gold story label
    variant: str  # "base" or one of VARIANTS
    title: str
    text: str
    published: str | None
    outlet: str


@functools.lru_cache(maxsize=1)
def blocks() -> dict[str, Any]:
    data = resources.files("legation").joinpath("data/storygen.yaml").read_text("utf-8")
    return yaml.safe_load(data)


def _slots(rng: random.Random) -> dict[str, str]:
    b = blocks()
    (a, a_dem, a_cap), (c, c_dem, c_cap) = rng.sample(b["countries"], 2)
    people = [f"{rng.choice(b['first_names'])} {rng.choice(b['last_names'])}" for _ in range(2)]
    t1, t2 = rng.sample(b["titles"], 2)
    topic, topic2 = rng.sample(b["topics"], 2)
    return {"a": a, "a_dem": a_dem, "a_cap": a_cap, "b": c, "b_dem": c_dem, "b_cap": c_cap,
            "p1": people[0], "p2": people[1], "t1": t1, "t2": t2, "topic": topic,
            "topic2": topic2, "n": str(rng.randint(2, 40)), "m": str(rng.randint(50, 900)),
            "weekday": rng.choice(WEEKDAYS), "venue": rng.choice(b["venues"]),
            "org": rng.choice(b["orgs"])}


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def base_article(rng: random.Random) -> tuple[str, list[str]]:
    """(title, paragraphs) of a new base article."""
    b = blocks()
    kind = rng.choice(sorted(b["types"]))
    spec = b["types"][kind]
    slots = _slots(rng)
    sentences = rng.sample(spec["body"], rng.randint(6, len(spec["body"])))
    if rng.random() < 0.5:
        sentences.insert(rng.randint(1, len(sentences)), rng.choice(b["filler"]))
    paras = [spec["lead"].format(**slots)]
    i = 0
    while i < len(sentences):
        k = rng.randint(1, 2)
        paras.append(" ".join(_cap(s.format(**slots)) for s in sentences[i:i + k]))
        i += k
    return _cap(rng.choice(spec["title"]).format(**slots)), paras


_SAID = re.compile(r"^(?P<who>[A-Z][\w' -]{2,60}?) (?P<verb>said|told reporters) (?:that )?(?P<what>.+)\.$")


def paraphrase_sentence(s: str, rng: random.Random, rate: float = 0.6) -> str:
    syn = blocks()["synonyms"]
    m = _SAID.match(s)
    if m and rng.random() < 0.5:
        who = m.group("who")
        who = who[0].lower() + who[1:] if who.startswith("The ") else who
        s = f"{_cap(m.group('what'))}, {who} {m.group('verb')}."
    words = s.split(" ")
    for i, w in enumerate(words):
        core = w.strip(".,;:'")
        if core.lower() in syn and rng.random() < rate:
            rep = rng.choice(syn[core.lower()])
            words[i] = w.replace(core, _cap(rep) if core[:1].isupper() else rep)
    return " ".join(words)


def _sentences(p: str) -> list[str]:
    return [x for x in re.split(r"(?<=[.!?'])\s+(?=[A-Z'])", p) if x]


def variant(kind: str, title: str, paras: list[str], rng: random.Random) -> tuple[str, list[str]]:
    b = blocks()
    if kind == "copy":
        return title, list(paras)
    if kind == "reorder":
        body = paras[1:]
        rng.shuffle(body)
        return title, [paras[0], *body]
    if kind == "boilerplate":
        head = rng.sample(b["boilerplate"], rng.randint(1, 3))
        tail = rng.sample(b["boilerplate"], rng.randint(1, 3))
        return title, [*head, *paras, *tail]
    if kind == "paraphrase":
        new = [" ".join(paraphrase_sentence(s, rng) for s in _sentences(p)) for p in paras]
        return paraphrase_sentence(title, rng), new
    if kind == "partial":
        keep = max(2, int(len(paras) * rng.uniform(0.4, 0.7)))
        return title, paras[:keep]
    if kind == "summary":
        firsts = [_sentences(p)[0] for p in paras[1:]]
        picked = sorted(rng.sample(range(len(firsts)), min(len(firsts), rng.randint(2, 3))))
        text = " ".join(paraphrase_sentence(firsts[i], rng, 0.4) for i in picked)
        return paraphrase_sentence(title, rng), [paraphrase_sentence(paras[0], rng, 0.4), text]
    raise ValueError(f"unknown variant {kind!r}")


def generate(n_stories: int, seed: int = 13, max_size: int = 6, singleton_share: float = 0.3,
             start: dt.date = dt.date(2020, 1, 1), span_days: int = 730,
             undated_share: float = 0.1) -> Iterator[GenDoc]:
    """Documents of ``n_stories`` stories, story by story in date order of their base."""
    rng = random.Random(seed)
    outlets = blocks()["outlets"]
    days = sorted(rng.randrange(span_days) for _ in range(n_stories))
    for k, day in enumerate(days):
        story = f"g{seed}-{k:06d}"
        title, paras = base_article(rng)
        base_day = start + dt.timedelta(days=day)
        size = 1 if rng.random() < singleton_share else rng.randint(2, max_size)
        kinds = ["base"] + [rng.choice(VARIANTS) for _ in range(size - 1)]
        for j, kind in enumerate(kinds):
            t, ps = (title, paras) if kind == "base" else variant(kind, title, paras, rng)
            pub: str | None = (base_day + dt.timedelta(days=rng.randint(0, 3) if j else 0)).isoformat()
            if j and rng.random() < undated_share:
                pub = None
            yield GenDoc(f"{story}-{j}", story, kind, t, t + "\n\n" + "\n".join(ps), pub,
                         rng.choice(outlets))
