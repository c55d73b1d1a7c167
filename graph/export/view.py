"""A view under construction: pyvis records for nodes and edges, integer ids, kinds with colours."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

KINDS = {
    # kind: (label, colour, shape)
    "document": ("Document", "#4C78A8", "box"),
    "entity": ("Entity", "#F58518", "dot"),
    "claim": ("Claim", "#54A24B", "dot"),
    "source": ("Source", "#B279A2", "diamond"),
    "figure": ("Figure", "#E45756", "triangle"),
    "measure": ("Measured quantity", "#72B7B2", "star"),
}


@dataclass
class View:
    """A view under construction: pyvis holds nodes and edges, we keep ids by IRI."""

    title: str
    hint: str
    net: Network = field(default_factory=lambda: Network(directed=True, cdn_resources="in_line"))
    ids: dict[str, int] = field(default_factory=dict)
    edge_legend: list[tuple[str, str]] = field(default_factory=list)

    def node(
        self,
        key: str,
        kind: str,
        label: str,
        *,
        title: str = "",
        documents: list[str] | None = None,
        facts: list[tuple[str, str] | tuple[str, str, str]] | None = None,
        context: dict | None = None,
        size: float = 10,
        colour: str | None = None,
    ) -> int:
        if key in self.ids:
            return self.ids[key]
        node_id = len(self.ids)
        self.ids[key] = node_id
        kind_label, default_colour, shape = KINDS[kind]
        full = label
        # pyvis's own add_node/add_edge scan every node and edge already added (quadratic: 8 s at
        # 20,000 nodes); its Node and Edge build the same records, which we append in O(1).
        node = Node(
            node_id,
            shape,
            label=short(label),
            title=title or full,
            size=size,
            color=colour or default_colour,
            font_color=self.net.font_color,
            kind=kind,
            kindLabel=kind_label,
            fullLabel=full,
            documents=documents or [],
            facts=[list(f) for f in facts or []],
            context=context,
            search=" ".join([full, title]).lower(),
        )
        self.net.nodes.append(node.options)
        self.net.node_ids.append(node_id)
        self.net.node_map[node_id] = node.options
        return node_id

    def edge(
        self,
        a: str,
        b: str,
        *,
        title: str = "",
        width: float = 1,
        dashes: bool = False,
        colour: str = "",
        directed: bool = True,
    ) -> None:
        """An edge between two nodes already added; ``directed=False`` draws it without arrowheads."""
        if a in self.ids and b in self.ids:
            options: dict = {"title": title, "width": width, "dashes": dashes}
            if colour:
                options["color"] = colour
            if not directed:
                options["arrows"] = {"to": {"enabled": False}, "from": {"enabled": False}}
            edge = Edge(self.ids[a], self.ids[b], directed=directed, **options).options
            edge["directed"] = directed  # read by tests and by anyone exploring the page's data
            self.net.edges.append(edge)

    def update(self, key: str, **options: object) -> None:
        """Set more options on a node already added (e.g. links to nodes added after it)."""
        if key in self.ids:
            self.net.node_map[self.ids[key]].update(options)


def short(text: str, limit: int = 28) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


LARGE = 5000
"""Above this many nodes a view opens with its claims and figures filtered out (tick them to show)."""
LEAVES = ("claim", "figure")
