"""Each case in data/invalid/ breaks the tiny world on purpose; the build must name every problem exactly.

A case is a TOML file: a comment saying what is broken, the exit code, every expected problem line
(``path:line[:column]: error: ...``), and the edits. An edit replaces ``old`` by ``new`` in ``file``
(or writes ``new`` when ``old`` is empty); it may also save the file with another ``encoding``,
``crlf`` line ends or a ``bom``, ``pad`` ``{pad}`` with that many letters (in lines of
``pad_line``), ``remove`` the file or make it a folder (``mkdir``). ``command`` is ``build``
unless it says ``coverage``.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.publish import COMPLETE, write_marker

from .conftest import DATA

CASES = sorted((DATA / "invalid").glob("*.toml"))
LOCATED = re.compile(r"^[^\s:]+(?::\d+(?::\d+)?)?: error: \S")


def apply_edits(root: Path, edits: list[dict]) -> None:
    for edit in edits:
        path = root / edit["file"]
        if edit.get("remove"):
            path.unlink()
            continue
        if edit.get("mkdir"):
            path.mkdir(parents=True)
            continue
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        line = edit.get("pad_line", 0)
        pad = ("a" * (line - 1) + "\n") * (edit.get("pad", 0) // line) if line else "a" * edit.get("pad", 0)
        new = edit.get("new", "").replace("{pad}", pad)
        if edit.get("old"):
            assert text.count(edit["old"]) == 1, f"the case's edit must match once in {edit['file']}: {edit['old']!r}"
            text = text.replace(edit["old"], new)
        elif "new" in edit:
            text = new
        if edit.get("crlf"):
            text = text.replace("\n", "\r\n")
        data = text.encode(edit.get("encoding", "utf-8"))
        path.write_bytes((b"\xef\xbb\xbf" if edit.get("bom") else b"") + data)


def run_case(case: Path, root: Path) -> tuple[dict, object]:
    spec = tomllib.loads(case.read_text(encoding="utf-8"))
    apply_edits(root, spec["edit"])
    return spec, CliRunner().invoke(main, [spec.get("command", "build"), "--root", str(root)])


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_invalid_case_reports_every_problem(case: Path, tiny: Path) -> None:
    out = tiny / "out"
    out.mkdir()
    (out / "earlier.txt").write_text("an earlier build")
    write_marker(out, COMPLETE, ["earlier.txt"])
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    spec, result = run_case(case, tiny)

    assert result.exit_code == spec["exit_code"], result.output
    assert "Traceback" not in result.output
    *lines, summary = result.stderr.splitlines()
    assert summary.startswith(("could not load the sources: ", "the annotations do not validate: "))
    assert all(LOCATED.match(line) for line in lines), lines
    assert sorted(lines) == sorted(spec["expected"])
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before, "a failed build must leave out/ untouched"
    assert not list(tiny.glob(".out-staging-*"))


KINDS = {
    "syntax": 3,
    "undeclared-prefix": 3,
    "iri": 3,
    "datatype": 3,
    "duplicate": 3,
    "single-valued": 3,
    "dangling": 3,
    "quote-missing": 3,
    "lookalike": 3,
    "offsets": 3,
    "seed-changed": 3,
    "seed-missing": 3,
    "empty": 3,
    "bom": 3,
    "crlf": 3,
    "encoding": 3,
    "folder": 3,
    "oversized": 3,
    "shapes": 3,
    "coverage": 3,
    "hedge": 3,
    "occurrence": 3,
    "unit": 3,
    "currency": 3,
    "cycle": 3,
    "control": 3,
}


def test_the_corpus_covers_every_kind_three_times() -> None:
    assert len(CASES) >= 40
    for kind, at_least in KINDS.items():
        found = [c.stem for c in CASES if c.stem.startswith(f"{kind}-")]
        assert len(found) >= at_least, f"{kind}: {found}"


@pytest.mark.parametrize(
    "name", ["syntax-two-errors-one-file", "datatype-impossible-date", "control-nul-in-gloss", "lookalike-apostrophe"]
)
def test_rdflib_store_reports_the_same(name: str, tiny: Path) -> None:
    spec = tomllib.loads((DATA / "invalid" / f"{name}.toml").read_text(encoding="utf-8"))
    apply_edits(tiny, spec["edit"])
    result = CliRunner().invoke(main, ["build", "--root", str(tiny), "--store", "memory"])
    assert result.exit_code == spec["exit_code"]
    assert sorted(result.stderr.splitlines()[:-1]) == sorted(spec["expected"])

