"""A wheel, installed into a fresh environment away from the checkout, still has its ontology,
shapes and queries: ``queries``, ``query`` and ``build`` work. Built and installed offline."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from .conftest import PROJECT, TINY

NOT_SOURCES = shutil.ignore_patterns(".venv", "out", ".out-*", "build", "*.egg-info", "__pycache__", ".*cache", ".git")


def run(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CLAIMGRAPH_OUT")}
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd, env=env, check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh venv holding only the project's wheel (dependencies borrowed)."""
    tmp = tmp_path_factory.mktemp("install")
    source = tmp / "source"
    shutil.copytree(PROJECT, source, ignore=NOT_SOURCES)  # a clean tree: no stale build/ in the wheel
    built = run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", tmp / "dist",
        source, cwd=tmp,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    assert "Warning" not in built.stdout + built.stderr, "the build is quiet on success"
    venv = tmp / "venv"
    assert run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp).returncode == 0
    python = venv / "bin" / "python"
    purelib = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp).stdout.strip()
    # The dependencies come from this environment: appended after the venv's own site-packages, and
    # without this environment's .pth files (so the editable checkout is not importable).
    Path(purelib, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    wheel = next((tmp / "dist").glob("claimgraph-*.whl"))
    done = run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel, cwd=tmp)
    assert done.returncode == 0, done.stderr
    where = run(python, "-c", "import graph; print(graph.__file__)", cwd=tmp).stdout
    assert where.startswith(purelib), f"graph imported from {where}, not from the wheel"
    return venv / "bin"


def test_installed_queries_lists_the_library(installed: Path, tmp_path: Path) -> None:
    done = run(installed / "claimgraph", "queries", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "figure-provenance  --param measure=<iri>" in done.stdout and "find  --param text=<string>" in done.stdout


def test_installed_query_reads_a_built_graph(installed: Path, tmp_path: Path, real_out: Path) -> None:
    done = run(
        installed / "claimgraph", "query", "claims-by-speaker", "-p", "speaker=Elon Musk", "--format", "csv",
        "--out", real_out, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Stargate n’a pas l’argent dont il parle" in done.stdout


def test_installed_build_finds_its_ontology_and_shapes(installed: Path, tmp_path: Path) -> None:
    root = tmp_path / "tiny"
    shutil.copytree(TINY, root)  # seeds/ and annotations/ only: ontology and shapes come with the package
    done = run(installed / "claimgraph", "build", "--root", root, "--out", tmp_path / "out", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "out" / "graph.trig").is_file() and (tmp_path / "out" / "index.html").is_file()
