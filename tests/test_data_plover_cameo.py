"""Consistency of the PLOVER↔CAMEO mapping (src/legation/data/plover_cameo.tsv)."""

from __future__ import annotations

from importlib import resources

from legation.event_lexicon import PLOVER_TYPES, load, parse_mapping

COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}


def _rows():
    text = resources.files("legation").joinpath("data", "plover_cameo.tsv").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    header = lines[0].split("\t")
    return header, [dict(zip(header, ln.split("\t"), strict=True)) for ln in lines[1:]]


def test_header_and_documentation():
    header, rows = _rows()
    assert header == ["event_type", "mode", "cameo", "quad_class", "penta", "goldstein", "note"]
    assert rows and all(r["note"].strip() for r in rows)


def test_every_type_has_one_default_row_and_keys_are_unique():
    _, rows = _rows()
    keys = [(r["event_type"], r["mode"]) for r in rows]
    assert len(keys) == len(set(keys))
    assert {r["event_type"] for r in rows} == set(PLOVER_TYPES)
    for t in PLOVER_TYPES:
        assert (t, "-") in keys, t


def test_values_are_in_range_and_agree_with_cameo():
    _, rows = _rows()
    for r in rows:
        code = r["cameo"]
        assert code.isdigit() and 3 <= len(code) <= 4, r
        root = int(code[:2])
        assert 1 <= root <= 20, r
        quad = int(r["quad_class"])
        # CAMEO quad classes: 01-05 verbal coop, 06-09 material coop, 10-14 verbal conflict, 15-20 material conflict
        expected = 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4
        assert quad == expected, r
        assert 0 <= int(r["penta"]) <= 4, r
        g = float(r["goldstein"])
        assert -10 <= g <= 10, r
        if r["event_type"] in COOPERATIVE:
            assert g > 0 and quad in (1, 2), r
        elif r["event_type"] != "REQUEST":
            assert g < 0 and quad in (2, 3, 4), r


def test_lookup_falls_back_to_the_type_default():
    lex = load()
    assert lex.cameo("CONSULT", "visit").cameo == "042"
    assert lex.cameo("ASSAULT", "no-such-mode") == lex.cameo("ASSAULT", None)
    assert lex.quad("ASSAULT") == 4 and lex.quad("AGREE") == 1


def test_parse_mapping_reads_dash_as_default():
    m = parse_mapping("event_type\tmode\tcameo\tquad_class\tpenta\tgoldstein\tnote\nAID\t-\t070\t2\t2\t7.0\taid\n")
    assert m[("AID", None)].goldstein == 7.0 and m[("AID", None)].penta == 2
