"""Python's cyclic garbage collector paused around the build's allocation-heavy stages."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def paused() -> Iterator[None]:
    """The cyclic collector off for the block, back as it was after.

    Writing RDF, betweenness and building the HTML views make many small objects, none of them in
    a cycle; with the collector on, each batch of them set off a pass over everything the build
    holds, which took a third to two thirds of those stages' time on a large corpus. Reference
    counting frees them all the same.

    >>> with paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def without_collector(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` run with the cyclic collector ``paused``."""

    @wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused():
            return function(*args, **kwargs)

    return run
