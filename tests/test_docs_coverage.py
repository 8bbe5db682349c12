"""Docs coverage (after datasette): every command and every data file is documented."""

from __future__ import annotations

from conftest import ROOT
from legation.cli import app


def test_every_cli_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    missing = [n for n in names if f"legation {n}" not in readme]
    assert not missing, f"commands not documented in README.md: {missing}"


def test_every_data_file_is_named_in_the_readme_and_tested():
    readme = (ROOT / "README.md").read_text()
    tests = "\n".join(p.read_text() for p in (ROOT / "tests").glob("test_*.py"))
    data = ROOT / "src" / "legation" / "data"
    for path in sorted(p for p in data.rglob("*") if p.is_file() and p.suffix in {".yaml", ".yml", ".tsv"}):
        rel = path.relative_to(data).as_posix()
        top = rel.split("/")[0]
        assert top in readme, f"data file {rel} is not described in README.md"
        assert path.name in tests or top in tests or path.stem in tests, f"data file {rel} has no test naming it"


def test_every_setting_read_from_the_environment_is_in_the_readme():
    import re

    readme = (ROOT / "README.md").read_text()
    source = "\n".join(p.read_text() for p in (ROOT / "src" / "legation").rglob("*.py"))
    names = sorted(set(re.findall(r"\bLEGATION_[A-Z_]+\b", source)))
    assert names, "no LEGATION_ setting found: the pattern is stale"
    missing = [n for n in names if f"`{n}`" not in readme]
    assert not missing, f"settings not documented in README.md: {missing}"
