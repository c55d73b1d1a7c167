"""Fixtures: a tiny hand-made world (tests/data/tiny) copied fresh for each test that edits it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.config import Config

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny"
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
