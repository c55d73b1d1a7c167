"""Fixtures: hand-made worlds (tests/data/valid/), the real build, a headless browser."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.config import Config

DATA = Path(__file__).parent / "data"
VALID = DATA / "valid"
TINY = VALID / "tiny"
PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A private copy of the tiny world, safe to edit."""
    root = tmp_path / "tiny"
    shutil.copytree(TINY, root)
    return root


@pytest.fixture
def tiny_config(tiny: Path) -> Config:
    return Config.under(tiny)


@pytest.fixture(scope="session")
def real_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real build of seeds/ + annotations/, once per test session."""
    from graph.build import build

    out = tmp_path_factory.mktemp("real") / "out"
    build(Config(out=out))
    return out


@pytest.fixture(scope="session")
def real_out_all(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real build with every network (``claimgraph build --networks all``), once per test session."""
    from click.testing import CliRunner

    from graph.cli import main

    out = tmp_path_factory.mktemp("real-all") / "out"
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--networks", "all"])
    assert result.exit_code == 0, result.output
    return out


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright; in CI a missing browser fails the run."""
    import os

    executable = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
    if not Path(executable).exists():
        message = f"Chromium not found at {executable}: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
