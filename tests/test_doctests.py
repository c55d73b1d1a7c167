"""The examples in the docstrings of the package's modules run and stay true."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import graph


def with_examples() -> list[str]:
    """Every module of the package whose docstrings hold examples."""
    names = sorted(m.name for m in pkgutil.walk_packages(graph.__path__, "graph.") if not m.name.endswith("__main__"))
    finder = doctest.DocTestFinder()
    return [n for n in names if any(t.examples for t in finder.find(importlib.import_module(n)))]


MODULES = with_examples()


def test_the_modules_with_examples_are_found() -> None:
    assert {"graph.display", "graph.export.rdf", "graph.analysis.agreement", "graph.figures"} <= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
