"""Component registry: each analysis stage declares what it needs and what it adds.

Modelled on spaCy's factories. A stage is a module in :mod:`legation.components` (found
automatically) or in a third-party package exposing an entry point in the
``legation.components`` group; it registers itself with :func:`component`:

    @component("places", needs=["mentions"], adds=["places"])
    def places(ctx: Context) -> None:
        ctx.layers["places"] = [...]

A component may also provide ``pipe`` (a function over a list of contexts) to batch work,
as the spaCy stage does with ``nlp.pipe``. Adding a stage never requires editing others:
the order is derived from ``needs``/``adds``.

Components must be pure functions of the context (plus resources loaded once per process),
so the same code runs in the local runner and inside Spark.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any

from .models import Document


@dataclass
class Context:
    """Everything the analysis stages know about one document while it is processed."""

    doc: Document
    layers: dict[str, list[Any]] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)  # per-document scratch (e.g. spaCy Doc)

    @property
    def text(self) -> str:
        return self.doc.text


ComponentFunc = Callable[[Context], None]
PipeFunc = Callable[[list[Context]], None]


@dataclass
class Component:
    name: str
    func: ComponentFunc
    needs: tuple[str, ...] = ()
    adds: tuple[str, ...] = ()
    pipe: PipeFunc | None = None
    stored: bool = True  # whether the layers it adds are persisted

    def run(self, contexts: list[Context]) -> None:
        if self.pipe is not None:
            self.pipe(contexts)
        else:
            for ctx in contexts:
                self.func(ctx)


_REGISTRY: dict[str, Component] = {}
_DISCOVERED = False


def component(
    name: str,
    *,
    needs: Iterable[str] = (),
    adds: Iterable[str] = (),
    pipe: PipeFunc | None = None,
    stored: bool = True,
) -> Callable[[ComponentFunc], ComponentFunc]:
    """Register a per-document analysis stage under ``name``."""

    def deco(func: ComponentFunc) -> ComponentFunc:
        _REGISTRY[name] = Component(name, func, tuple(needs), tuple(adds), pipe, stored)
        return func

    return deco


@dataclass
class CorpusPass:
    """A stage over many documents (story clusters, date inference, ...), run after ingest."""

    name: str
    func: Callable[[Any, list[str]], None]  # (store, ids of newly stored documents)
    after: tuple[str, ...] = ()


_PASSES: dict[str, CorpusPass] = {}


def corpus_pass(
    name: str, *, after: Iterable[str] = ()
) -> Callable[[Callable[[Any, list[str]], None]], Callable[[Any, list[str]], None]]:
    """Register a corpus pass; ``after`` names passes that must run before it."""

    def deco(func: Callable[[Any, list[str]], None]) -> Callable[[Any, list[str]], None]:
        _PASSES[name] = CorpusPass(name, func, tuple(after))
        return func

    return deco


def corpus_passes() -> list[CorpusPass]:
    """Registered corpus passes in an order that respects ``after``."""
    discover()
    done: list[CorpusPass] = []
    seen: set[str] = set()

    def visit(p: CorpusPass) -> None:
        if p.name in seen:
            return
        seen.add(p.name)
        for dep in p.after:
            if dep in _PASSES:
                visit(_PASSES[dep])
        done.append(p)

    for name in sorted(_PASSES):
        visit(_PASSES[name])
    return done


def discover() -> dict[str, Component]:
    """Import every built-in component module and any entry-point plugins (once)."""
    global _DISCOVERED
    if not _DISCOVERED:
        from . import components as pkg

        for info in pkgutil.iter_modules(pkg.__path__):
            importlib.import_module(f"{pkg.__name__}.{info.name}")
        for ep in entry_points(group="legation.components"):
            ep.load()
        _DISCOVERED = True
    return dict(_REGISTRY)


def plan(wanted_layers: Iterable[str] | None = None) -> list[Component]:
    """Components needed to produce ``wanted_layers`` (all when None), in dependency order.

    Raises ValueError when a needed layer has no producer or the needs form a cycle.
    """
    registry = discover()
    producers: dict[str, Component] = {}
    for comp in registry.values():
        for layer in comp.adds:
            producers[layer] = comp
    if wanted_layers is None:
        chosen = set(registry)
    else:
        chosen = set()
        stack = list(wanted_layers)
        while stack:
            layer = stack.pop()
            if layer not in producers:
                known = ", ".join(sorted(producers))
                raise ValueError(f"no component adds layer {layer!r} (known layers: {known})")
            comp = producers[layer]
            if comp.name not in chosen:
                chosen.add(comp.name)
                stack.extend(comp.needs)
    ordered: list[Component] = []
    state: dict[str, int] = {}

    def visit(name: str) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            raise ValueError(f"component dependency cycle through {name!r}")
        state[name] = 1
        comp = registry[name]
        for layer in comp.needs:
            if layer not in producers:
                raise ValueError(f"component {name!r} needs layer {layer!r}, which nothing adds")
            visit(producers[layer].name)
        state[name] = 2
        ordered.append(comp)

    for name in sorted(chosen):
        visit(name)
    return ordered
