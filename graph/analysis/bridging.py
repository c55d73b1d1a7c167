"""How much each entity bridges the echo network: betweenness centrality, in a process of its own
on a large network, so that the rest of the analysis goes on beside it.

At 10,000 documents it is the analysis's longest step (6 s: networkx, O(sources · links)) while
the build's second core has nothing to do. The worker gets the network's nodes and links in
their order, so it samples the same sources and gives the same numbers as a run in the build.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field

import networkx as nx

from ..aside import die_with_parent
from ..collector import paused

SAMPLE = 300
"""Exact up to this many entities; beyond, estimated from this many sources (``k`` of networkx)."""

ASIDE = 2_000
"""From this many entities, computed by a worker process (starting one costs about a second)."""


def betweenness(nodes: list[str], links: list[tuple[str, str]]) -> dict[str, float]:
    """Betweenness on the undirected graph of ``links``: exact up to ``SAMPLE`` nodes, else estimated.

    >>> betweenness(["a", "b", "c"], [("a", "b"), ("b", "c")])
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    if len(nodes) <= 2:
        return {}
    graph = nx.Graph()  # the links without their evidence: copying it is what ``to_undirected`` would cost
    graph.add_nodes_from(nodes)
    graph.add_edges_from(links)
    sample = SAMPLE if len(nodes) > SAMPLE else None
    with paused():
        return nx.betweenness_centrality(graph, k=sample, seed=7, weight=None)


@dataclass
class Bridging:
    """Betweenness of a network, started now and read with ``result``: in the build for a small
    network, by a worker for a large one."""

    network: nx.DiGraph
    process: subprocess.Popen | None = field(default=None, repr=False)
    found: dict[str, float] | None = field(default=None, repr=False)

    @classmethod
    def start(cls, network: nx.DiGraph) -> Bridging:
        bridging = cls(network)
        if network.number_of_nodes() >= ASIDE:
            command = [sys.executable, "-P", "-m", "graph.analysis.bridging", str(os.getpid())]
            pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "stderr": subprocess.DEVNULL}
            bridging.process = subprocess.Popen(command, **pipes)
            data = json.dumps([list(network.nodes), list(network.edges)]).encode("utf-8")
            try:
                bridging.process.stdin.write(data)  # the worker reads it all before it starts
                bridging.process.stdin.close()
            except OSError:
                bridging.stop()  # computed here instead, in ``result``
        return bridging

    def result(self) -> dict[str, float]:
        """Each node's betweenness (none for a network of two nodes or fewer)."""
        if self.found is None:
            if self.process is not None:
                output = self.process.stdout.read()
                self.process.stdout.close()
                if self.process.wait() == 0:
                    self.found = json.loads(output)
                self.process = None
            if self.found is None:  # small, or the worker failed: the same numbers, computed here
                self.found = betweenness(list(self.network.nodes), list(self.network.edges))
        return self.found

    def stop(self) -> None:
        """Stop the worker, if one runs (the build failed, or has what it needs)."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


if __name__ == "__main__":  # the worker: the nodes and links as JSON on stdin, the betweenness as JSON on stdout
    die_with_parent(int(sys.argv[1]))
    nodes, links = json.load(sys.stdin)
    json.dump(betweenness(nodes, [tuple(link) for link in links]), sys.stdout)
