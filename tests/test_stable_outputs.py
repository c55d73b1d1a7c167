"""Two builds write the same bytes: the files other tools read can be diffed, cached and checked in elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

STABLE = (
    "graph.ttl",
    "graph.trig",
    "graph.jsonld",
    "claims.jsonld",
    "context.jsonld",
    "graph.graphml",
    "graph.gexf",
    "echoes.graphml",
    "echoes.gexf",
    "tables/datapackage.json",
    "tables/claims.csv",
    "tables/entities.csv",
    "tables/echoes.csv",
    "tables/recurring_figures.csv",
)


@pytest.fixture(scope="module")
def second_build(real_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Another build, in another process with another hash seed (set and dict orders differ)."""
    out = tmp_path_factory.mktemp("again") / "out"
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    code = "import sys; from graph.cli import main; sys.exit(main())"
    subprocess.run([sys.executable, "-c", code, "build", "--out", str(out)], check=True, env=env, capture_output=True)
    return out


@pytest.mark.parametrize("name", STABLE)
def test_byte_identical_across_builds(real_out: Path, second_build: Path, name: str) -> None:
    first, second = (real_out / name).read_bytes(), (second_build / name).read_bytes()
    assert len(first) > 100
    assert first == second, f"{name} differs between two builds"
