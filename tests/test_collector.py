"""The collector kept off what the build holds: paused, settled, and back once the build ends."""

from __future__ import annotations

import gc
import weakref

from graph.collector import settle, settling


class Node:
    """Something that can sit in a cycle."""


def test_a_cycle_settled_during_a_build_is_collected_when_the_build_ends() -> None:
    """A process may build many times (the tests, a notebook): one build's cycles never stay frozen into the next."""
    with settling():
        node = Node()
        node.itself = node
        alive = weakref.ref(node)
        settle()
        del node
        gc.collect()
        assert alive() is not None, "settled: out of the collector's sight"
    assert alive() is None
    assert gc.get_freeze_count() == 0
