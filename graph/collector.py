"""Python's cyclic garbage collector paused around allocation-heavy stages, and kept off what lasts."""

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


def settle() -> None:
    """Move every object now alive out of the collector's sight (``gc.freeze``): what a stage leaves
    for the rest of the build (the corpus, its indexes, the analysis) is no longer scanned by each
    later full collection; at 10,000 documents these took 9 of the build's 60 CPU seconds.

    Reference counting still frees them; only their cycles wait for ``settling`` to end.
    """
    gc.freeze()


@contextmanager
def settling() -> Iterator[None]:
    """What ``settle`` moved out of the collector's sight is back in it after the block, however it ends,
    and its cycles are collected then: never frozen into the next block (a process may build many times).

    >>> with settling():
    ...     settle()
    ...     gc.get_freeze_count() > 0
    True
    >>> gc.get_freeze_count()
    0
    """
    try:
        yield
    finally:
        gc.unfreeze()
        gc.collect()
