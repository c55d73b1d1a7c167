"""The command line through click's CliRunner: help everywhere, build summary, query formats, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main

from .conftest import PROJECT, TINY


@pytest.mark.parametrize("command", [[], *[[name] for name in main.commands]])
def test_every_command_has_help(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output and len(result.output.splitlines()) > 3


def test_build_prints_counts_and_where_the_html_is(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--root", str(TINY), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "001_tiny.txt" in result.output
    assert (tmp_path / "out" / "index.html").as_uri() in result.output


def test_query_formats(real_out: Path) -> None:
    runner = CliRunner()
    args = ["query", "claims-by-speaker", "--param", "speaker=ent:elon-musk", "--out", str(real_out)]
    as_json = json.loads(runner.invoke(main, [*args, "--format", "json"]).output)
    assert {row["document"] for row in as_json} == {"002_59f5497307406c20.txt"}
    as_csv = runner.invoke(main, [*args, "--format", "csv"]).output
    assert as_csv.splitlines()[0].startswith("document,quote,gloss")
    table = runner.invoke(main, args, env={"COLUMNS": "80"})
    assert table.exit_code == 0
    # Every row on one line, 80 columns at most; long cells end with an ellipsis instead of wrapping.
    lines = table.output.splitlines()
    assert len(lines) == 2 + 2 + 1 and max(len(line) for line in lines) <= 80
    assert "…" in lines[2] and "d:002_59f5497307406c20/c34" in lines[2]
    wide = runner.invoke(main, [*args, "--wide"], env={"COLUMNS": "80"})
    assert "Stargate n’a pas l’argent dont il parle" in wide.output


def test_query_errors_exit_non_zero_with_a_message(real_out: Path) -> None:
    result = CliRunner().invoke(
        main, ["query", "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", "--out", str(real_out)]
    )
    assert result.exit_code == 1
    assert "refused: SERVICE" in result.output
    result = CliRunner().invoke(main, ["query", "claims-by-speaker", "--param", "speaker", "--out", str(real_out)])
    assert result.exit_code == 2 and "name=value" in result.output


def test_queries_lists_the_library() -> None:
    result = CliRunner().invoke(main, ["queries"])
    assert "figure-provenance  --param measure=<iri>" in result.output


def test_build_graph_py_is_the_entry_point(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, str(PROJECT / "build_graph.py"), "--root", str(TINY), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (out / "graph.trig").exists()
    assert done.stderr == "", "quiet in pipes: no progress display"
