"""Every world in data/valid/ builds with both stores: the shapes and the loader accept what is right."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main

from .conftest import VALID

WORLDS = sorted(p for p in VALID.iterdir() if p.is_dir())


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
@pytest.mark.parametrize("world", WORLDS, ids=[w.name for w in WORLDS])
def test_valid_world_builds(world: Path, store: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--root", str(world), "--out", str(tmp_path / "out"), "--store", store])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "graph.trig").exists()
