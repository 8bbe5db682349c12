"""The per-document pipeline: clean → describe → analyse (registered components).

``process_one`` is a pure function of one raw document (plus resources loaded once per
process); it is what runs inside Spark. ``Pipeline.run`` is the local streaming runner:
it batches documents so components such as the spaCy stage can use ``nlp.pipe``.
"""

from __future__ import annotations

import gc
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from . import clean as clean_mod
from . import describe as describe_mod
from .models import Document, RawDocument, ReadError, RemovedLine, asdict
from .registry import Component, Context, plan


@dataclass
class Result:
    """One analysed document: ready to store or to print."""

    doc: Document
    removed: list[RemovedLine] = field(default_factory=list)
    layers: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


class Pipeline:
    def __init__(self, layers: Iterable[str] | None = None, batch_size: int = 32) -> None:
        self.components: list[Component] = plan(list(layers) if layers is not None else None)
        self.batch_size = batch_size

    @property
    def stored_layers(self) -> set[str]:
        return {layer for c in self.components if c.stored for layer in c.adds}

    # -- front half: raw input to Document -------------------------------------------------
    @staticmethod
    def prepare(raw: RawDocument) -> tuple[Document, list[RemovedLine]]:
        """Clean and describe one raw document. Raises ``clean.CleanError`` with a reason."""
        cleaned = clean_mod.clean(raw)
        doc = describe_mod.describe(raw, cleaned)
        return doc, cleaned.removed

    # -- back half: analysis components ----------------------------------------------------
    def analyse(self, contexts: list[Context]) -> list[Context | ReadError]:
        """Run every component over a batch; a failing document is reported, not fatal."""
        _settle_heap()
        alive: list[Context] = list(contexts)
        failed: dict[int, ReadError] = {}
        for comp in self.components:
            try:
                comp.run(alive)
            except Exception:  # noqa: BLE001 - retry one by one to isolate the bad document
                survivors = []
                for ctx in alive:
                    try:
                        comp.func(ctx)
                        survivors.append(ctx)
                    except Exception as exc:  # noqa: BLE001
                        failed[id(ctx)] = ReadError(
                            ctx.doc.source, f"stage {comp.name!r} failed: {type(exc).__name__}: {exc}"
                        )
                alive = survivors
        return [failed.get(id(c), c) for c in contexts]

    def to_result(self, ctx: Context, removed: list[RemovedLine]) -> Result:
        keep = self.stored_layers
        layers = {k: [asdict(v) for v in vals] for k, vals in ctx.layers.items() if k in keep}
        return Result(ctx.doc, removed, layers)

    def run(self, items: Iterable[RawDocument | ReadError]) -> Iterator[Result | ReadError]:
        """Stream results in input order, batching the analysis."""
        it = iter(items)
        while True:
            chunk = list(itertools.islice(it, self.batch_size))
            if not chunk:
                return
            yield from self._run_chunk(chunk)

    def _run_chunk(self, chunk: list[RawDocument | ReadError]) -> Iterator[Result | ReadError]:
        prepared: list[tuple[Context, list[RemovedLine]] | ReadError] = []
        for item in chunk:
            if isinstance(item, ReadError):
                prepared.append(item)
                continue
            try:
                doc, removed = self.prepare(item)
            except clean_mod.CleanError as exc:
                prepared.append(ReadError(item.source, str(exc)))
                continue
            except Exception as exc:  # noqa: BLE001 - hostile input must not stop the batch
                prepared.append(ReadError(item.source, f"cannot clean: {type(exc).__name__}: {exc}"))
                continue
            prepared.append((Context(doc), removed))
        contexts = [p[0] for p in prepared if not isinstance(p, ReadError)]
        analysed = iter(self.analyse(contexts))
        for p in prepared:
            if isinstance(p, ReadError):
                yield p
                continue
            out = next(analysed)
            yield out if isinstance(out, ReadError) else self.to_result(out, p[1])

    def annotate(self, docs: Iterable[Document]) -> Iterator[Result | ReadError]:
        """Analyse documents whose text is given as-is (no cleaning): ``legation annotate``."""
        it = iter(docs)
        while True:
            chunk = list(itertools.islice(it, self.batch_size))
            if not chunk:
                return
            for out in self.analyse([Context(d) for d in chunk]):
                yield out if isinstance(out, ReadError) else self.to_result(out, [])


_BATCHES = [0]


def _settle_heap() -> None:
    """Before the second batch of the process (the first loaded the models, the gazetteer and
    the actor registry, lazily): ``gc.freeze`` what is alive, so the cyclic collector's full
    passes no longer walk those ~800,000 long-lived objects (each pass cost ~0.2 s, several
    per hundred articles). No collection first: that is one more such pass, and it finds
    about 1,300 cyclic leftovers of the first batch (measured), which the freeze keeps for
    the life of the process, some hundred kilobytes. Output is unaffected."""
    _BATCHES[0] += 1
    if _BATCHES[0] == 2:
        gc.freeze()


def process_one(raw: RawDocument, layers: Iterable[str] | None = None) -> Result | ReadError:
    """Pure per-document function (used by distributed engines)."""
    return next(iter(Pipeline(layers, batch_size=1).run([raw])))
