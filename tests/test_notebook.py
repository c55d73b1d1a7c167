"""The notebook is committed without outputs, selects the project's kernel and runs top to bottom, quietly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

PROJECT = Path(__file__).resolve().parent.parent
NOTEBOOK = PROJECT / "notebooks" / "explore.ipynb"
KERNEL = "claimgraph"


def test_committed_without_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "clear the outputs before committing"


def test_selects_the_kernel_make_notebook_registers() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == KERNEL
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    assert f"-m ipykernel install --user --name {KERNEL}" in makefile


def test_runs_top_to_bottom_in_its_kernel_without_warnings(real_out: Path, monkeypatch, tmp_path: Path) -> None:
    # Register the kernel as `make kernel` does, into a private prefix rather than the user's home.
    subprocess.run(
        [sys.executable, "-m", "ipykernel", "install", "--prefix", str(tmp_path), "--name", KERNEL],
        check=True,
        capture_output=True,
    )
    spec = json.loads((tmp_path / "share" / "jupyter" / "kernels" / KERNEL / "kernel.json").read_text())
    assert Path(spec["argv"][0]) == Path(sys.executable)
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "share" / "jupyter"))
    monkeypatch.setenv("CLAIMGRAPH_OUT", str(real_out))
    monkeypatch.chdir(tmp_path)  # not the checkout: `import graph` must come from the kernel's environment
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=300, resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    noise = [o.get("text", "") for o in outputs if o.output_type == "stream" and o.get("name") == "stderr"]
    assert noise == [], "the notebook prints warnings"
    text = "\n".join(str(o.get("data", {}).get("text/plain", "")) + str(o.get("text", "")) for o in outputs)
    assert "Warning" not in text
    assert "Satya Nadella" in text and "5,6 millions de dollars" in text
    assert any("image/png" in o.get("data", {}) for o in outputs), "the recurrence chart is drawn"
