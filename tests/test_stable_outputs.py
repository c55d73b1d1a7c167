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


WHOLE_GRAPH = ("graph.graphml", "graph.gexf")
"""Written only by ``claimgraph build --networks all``."""


@pytest.fixture(scope="module")
def second_build(real_out_all: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Another build with every network, in another process with another hash seed (set and dict orders differ)."""
    out = tmp_path_factory.mktemp("again") / "out"
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    code = "import sys; from graph.cli import main; sys.exit(main())"
    command = [sys.executable, "-c", code, "build", "--out", str(out), "--networks", "all"]
    subprocess.run(command, check=True, env=env, capture_output=True)
    return out


@pytest.mark.parametrize("name", STABLE)
def test_byte_identical_across_builds(real_out_all: Path, second_build: Path, name: str) -> None:
    first, second = (real_out_all / name).read_bytes(), (second_build / name).read_bytes()
    assert len(first) > 100
    assert first == second, f"{name} differs between two builds"


@pytest.mark.parametrize("name", [name for name in STABLE if name not in WHOLE_GRAPH])
def test_the_default_build_writes_the_same_bytes_without_the_whole_graph(
    real_out: Path, real_out_all: Path, name: str
) -> None:
    assert (real_out / name).read_bytes() == (real_out_all / name).read_bytes(), name


def test_the_whole_graph_is_written_only_when_asked(real_out: Path, real_out_all: Path) -> None:
    assert [name for name in WHOLE_GRAPH if (real_out / name).exists()] == []
    assert all((real_out_all / name).stat().st_size > 100_000 for name in WHOLE_GRAPH)
    assert (real_out / "echoes.graphml").is_file() and (real_out / "echoes.gexf").is_file()
