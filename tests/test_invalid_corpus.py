"""Each case in data/invalid/ breaks the tiny world on purpose; the build must name every problem exactly."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.publish import COMPLETE, write_marker

from .conftest import DATA

CASES = sorted((DATA / "invalid").glob("*.toml"))


def apply_edits(root: Path, edits: list[dict[str, str]]) -> None:
    for edit in edits:
        path = root / edit["file"]
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if edit["old"]:
            assert text.count(edit["old"]) == 1, f"the case's edit must match once in {edit['file']}: {edit['old']!r}"
            text = text.replace(edit["old"], edit["new"])
        else:
            text = edit["new"]
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_invalid_case_reports_every_problem(case: Path, tiny: Path) -> None:
    spec = tomllib.loads(case.read_text(encoding="utf-8"))
    apply_edits(tiny, spec["edit"])
    out = tiny / "out"
    out.mkdir()
    (out / "earlier.txt").write_text("an earlier build")
    write_marker(out, COMPLETE, ["earlier.txt"])
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    result = CliRunner().invoke(main, ["build", "--root", str(tiny)])

    assert result.exit_code == spec["exit_code"], result.output
    reported = [line.strip() for line in result.stderr.splitlines()[1:]]
    assert sorted(reported) == sorted(spec["expected"])
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before, "a failed build must leave out/ untouched"
    assert not list(tiny.glob(".out-staging-*"))


def test_there_are_cases() -> None:
    assert len(CASES) >= 8
