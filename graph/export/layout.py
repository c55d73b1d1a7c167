"""Fixed positions for a view, computed in Python so the browser draws at once with physics off."""

from __future__ import annotations

import math
from itertools import combinations

import networkx as nx

from .view import View

HUBS = ("document", "entity", "source", "measure")
"""Kinds laid out by force; the many claims and figures are placed around them in linear time."""
HUB_LIMIT = 600
GOLDEN_ANGLE = 2.399963


def layout(view: View) -> None:
    """Fixed positions computed in Python, so the browser draws at once with physics off.

    Hubs (documents, entities, sources, quantities) get a force-directed layout of the graph they
    form through shared claims; each claim sits on a spiral around its document (else its first
    hub), each figure beside its claim. A force layout of every node took 8 s at 1,000 nodes.
    """
    if not view.net.nodes or all("x" in n and "y" in n for n in view.net.nodes):
        return  # empty, or placed by the view itself (the echo network's time axis)
    kind = {n["id"]: n["kind"] for n in view.net.nodes}
    neighbours: dict[int, list[int]] = {n: [] for n in kind}
    for e in view.net.edges:
        neighbours[e["from"]].append(e["to"])
        neighbours[e["to"]].append(e["from"])
    hubs = [n for n in kind if kind[n] in HUBS]
    near = {n: [m for m in neighbours[n] if kind[m] in HUBS] for n in kind if kind[n] not in HUBS}
    skeleton = nx.Graph()
    skeleton.add_nodes_from(hubs)
    skeleton.add_edges_from(
        (a, b) for n in kind if kind[n] in HUBS for a, b in [(n, m) for m in neighbours[n]] if kind[b] in HUBS
    )
    for leaf, hub_list in near.items():
        reach = set(hub_list) | {h for m in neighbours[leaf] if m in near for h in near[m]}
        skeleton.add_edges_from(combinations(sorted(reach), 2))
    positions = packed_spring(skeleton) if 0 < len(hubs) <= HUB_LIMIT else grouped_layout(view, hubs)
    parent = {}
    for leaf, hub_list in near.items():
        documents = [h for h in hub_list if kind[h] == "document"]
        parent[leaf] = (documents or hub_list or [None])[0]
    around: dict[int | None, list[int]] = {}
    for leaf in sorted(near, key=lambda n: (parent[n] is None, n)):
        if parent[leaf] is None:  # a figure: beside the claim that states it
            claim = next((m for m in neighbours[leaf] if m in parent and parent[m] is not None), None)
            parent[leaf] = claim
        around.setdefault(parent[leaf], []).append(leaf)

    def radius(centre: int | None) -> float:
        return (0.035 if centre in positions else 0.012) * math.sqrt(len(around[centre]) + 1)

    # Spread the hubs so that the discs of claims around documents do not overlap.
    documents = [c for c in around if c in positions and kind[c] == "document"]
    if len(documents) > 1:
        gap = closest([positions[d] for d in documents])
        widest = max(radius(c) for c in documents)
        factor = min(3.0, max(1.0, 1.8 * widest / max(gap, 1e-9)))
        positions = {n: (x * factor, y * factor) for n, (x, y) in positions.items()}
    is_hub = set(hubs)
    for centre in sorted(around, key=lambda c: (c is None or c not in is_hub, c if c is not None else -1)):
        members = around[centre]
        cx, cy = positions.get(centre, (0.0, 0.0)) if centre is not None else (0.0, 0.0)
        spread = radius(centre)
        for i, leaf in enumerate(members):
            r = spread * math.sqrt((i + 1) / len(members))
            positions[leaf] = (cx + r * math.cos(i * GOLDEN_ANGLE), cy + r * math.sin(i * GOLDEN_ANGLE))
    scale = 900 * max(1.0, math.sqrt(len(kind) / 400))
    for n in view.net.nodes:
        x, y = positions.get(n["id"], (0.0, 0.0))
        n["x"], n["y"] = round(float(x) * scale, 1), round(float(y) * scale, 1)


def closest(points: list[tuple[float, float]]) -> float:
    """The smallest distance between two of ``points`` (at least two), exactly ``min(math.dist)``
    over every pair, found by a sweep along x: each point meets only those within the best gap so
    far, not all the others (every pair of 10,000 documents is 50 million distances)."""
    ordered = sorted(points)
    best = math.inf
    for i, (x, y) in enumerate(ordered):
        for j in range(i + 1, len(ordered)):
            qx, qy = ordered[j]
            if qx - x > best:
                break  # math.dist is never below the x distance, so no later point can be nearer
            if abs(qy - y) <= best:
                best = min(best, math.dist((x, y), (qx, qy)))
    return best


def packed_spring(g: nx.Graph) -> dict[int, tuple[float, float]]:
    """A force layout per connected component, the components packed in rows, largest first.

    One force layout of a graph in pieces throws the small pieces to the edges and shrinks the rest.
    """
    components = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    widths = [math.sqrt(len(c)) for c in components]
    row_limit = max(widths[0], 1.2 * math.sqrt(sum(w * w for w in widths)))
    positions: dict[int, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for component, width in zip(components, widths, strict=True):
        if x > 0 and x + width > row_limit:
            x, y, row_height = 0.0, y + row_height + 0.3, 0.0
        sub = g.subgraph(component)
        local = (
            nx.spring_layout(sub, seed=7, k=2 / math.sqrt(len(component)), iterations=100)
            if len(component) > 1
            else {component[0]: (0.0, 0.0)}
        )
        for node, (px, py) in local.items():
            positions[node] = (x + width / 2 * (1 + px), y + width / 2 * (1 + py))
        x, row_height = x + width + 0.3, max(row_height, width)
    cx = sum(p[0] for p in positions.values()) / len(positions)
    cy = sum(p[1] for p in positions.values()) / len(positions)
    spread = max(max(abs(p[0] - cx), abs(p[1] - cy)) for p in positions.values()) or 1.0
    return {n: ((px - cx) / spread, (py - cy) / spread) for n, (px, py) in positions.items()}


def grouped_layout(view: View, hubs: list[int]) -> dict[int, tuple[float, float]]:
    """Hubs of each document on a spiral around their document's place on a circle: linear time."""
    groups: dict[str, list[int]] = {}
    documents = {n["id"]: n["documents"] for n in view.net.nodes}
    for hub in hubs:
        groups.setdefault((documents[hub] or ["(shared)"])[0], []).append(hub)
    positions = {}
    for g_index, members in enumerate(groups.values()):
        angle = 2 * math.pi * g_index / len(groups)
        cx, cy = math.cos(angle), math.sin(angle)
        spread = 0.8 / math.sqrt(len(groups))
        for i, node_id in enumerate(members):
            r = spread * math.sqrt(i / len(members))
            positions[node_id] = (cx + r * math.cos(i * GOLDEN_ANGLE), cy + r * math.sin(i * GOLDEN_ANGLE))
    return positions
