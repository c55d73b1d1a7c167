"""Betweenness computed by a worker beside the build gives the numbers the build would compute itself."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis.bridging import ASIDE, SAMPLE, Bridging, betweenness


def network(nodes: int) -> nx.DiGraph:
    g = nx.gnm_random_graph(nodes, nodes * 3, seed=3, directed=True)
    return nx.relabel_nodes(g, {n: f"https://w3id.org/claimgraph/entity/e{n}" for n in g})


def test_a_large_network_is_computed_aside_with_the_same_numbers() -> None:
    g = network(ASIDE)
    bridging = Bridging.start(g)
    assert bridging.process is not None  # a worker runs
    found = bridging.result()
    assert bridging.process is None and found == betweenness(list(g.nodes), list(g.edges))
    assert len(found) == ASIDE and max(found.values()) > 0


def test_a_small_network_is_computed_exactly_in_the_build() -> None:
    g = network(SAMPLE)
    bridging = Bridging.start(g)
    assert bridging.process is None
    exact = nx.betweenness_centrality(nx.Graph(g.to_undirected()), weight=None)  # every source, summed in another order
    assert bridging.result() == pytest.approx(exact, abs=1e-12)


def test_a_worker_that_is_stopped_leaves_the_result_to_the_build() -> None:
    g = network(ASIDE)
    bridging = Bridging.start(g)
    bridging.stop()
    assert bridging.result() == betweenness(list(g.nodes), list(g.edges))
