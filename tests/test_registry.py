from __future__ import annotations

import pytest

from legation import registry
from legation.models import Document
from legation.registry import Context, component, plan


@pytest.fixture()
def scratch_registry(monkeypatch):
    """An isolated registry holding only the components a test registers."""
    monkeypatch.setattr(registry, "_REGISTRY", {})
    monkeypatch.setattr(registry, "_DISCOVERED", True)
    return registry._REGISTRY


def test_plan_orders_by_needs_and_adds(scratch_registry):
    @component("c", needs=["b"], adds=["c"])
    def c(ctx): ...

    @component("a", adds=["a"])
    def a(ctx): ...

    @component("b", needs=["a"], adds=["b"])
    def b(ctx): ...

    assert [x.name for x in plan()] == ["a", "b", "c"]
    assert [x.name for x in plan(["b"])] == ["a", "b"]


def test_plan_rejects_unknown_layer_and_cycles(scratch_registry):
    @component("x", needs=["y"], adds=["x"])
    def x(ctx): ...

    @component("y", needs=["x"], adds=["y"])
    def y(ctx): ...

    with pytest.raises(ValueError, match="cycle"):
        plan()
    with pytest.raises(ValueError, match="no component adds layer 'nope'"):
        plan(["nope"])


def test_new_stage_plugs_in_without_editing_others(scratch_registry):
    @component("count", adds=["count"])
    def count(ctx: Context) -> None:
        ctx.layers["count"] = [{"n": len(ctx.text.split())}]

    @component("double", needs=["count"], adds=["double"])
    def double(ctx: Context) -> None:
        ctx.layers["double"] = [{"n": ctx.layers["count"][0]["n"] * 2}]

    from legation.pipeline import Pipeline

    pipe = Pipeline()
    [res] = list(pipe.annotate([Document(id="d", source="s", text="one two three")]))
    assert res.layers == {"count": [{"n": 3}], "double": [{"n": 6}]}


def test_failing_stage_reports_the_document_and_the_rest_goes_on(scratch_registry):
    @component("picky", adds=["picky"])
    def picky(ctx: Context) -> None:
        if "boom" in ctx.text:
            raise RuntimeError("cannot handle boom")
        ctx.layers["picky"] = [{"ok": True}]

    from legation.models import ReadError
    from legation.pipeline import Pipeline

    docs = [Document(id=str(i), source=f"doc{i}", text=t) for i, t in enumerate(["fine", "boom", "also fine"])]
    out = list(Pipeline().annotate(docs))
    assert isinstance(out[1], ReadError) and out[1].source == "doc1" and "picky" in out[1].reason
    assert [o.layers["picky"] for o in (out[0], out[2])] == [[{"ok": True}], [{"ok": True}]]


def test_builtin_components_are_discovered():
    names = set(registry.discover())
    assert "nlp" in names
