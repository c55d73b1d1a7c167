"""Self-contained interactive HTML: three pyvis views and a landing page, safe with any text.

pyvis builds the node and edge lists; the page is our own template (``templates/``): vis-network
inlined from the pyvis package, no Bootstrap, no request to any host. Corpus text only ever
reaches the page as JSON data read by ``textContent`` / vis-network's plain-text tooltips; the
template escapes everything else once (Jinja autoescape).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib.resources import files
from itertools import combinations
from pathlib import Path

import jinja2
import networkx as nx
import pandas as pd
import pyvis
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
DRIFT_COLOUR = "#D62728"
CONTEXT = 220
VIS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
OPTIONS = {
    "physics": {"enabled": False},
    "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True, "navigationButtons": False},
    "nodes": {"font": {"size": 12, "face": "system-ui"}, "borderWidth": 1},
    "edges": {
        "smooth": False,
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
        "color": {"inherit": False, "color": "#9ca3af", "opacity": 0.6},
    },
    "layout": {"improvedLayout": False},
}


@dataclass
class View:
    """A view under construction: pyvis holds nodes and edges, we keep ids by IRI."""

    title: str
    hint: str
    net: Network = field(default_factory=lambda: Network(directed=True, cdn_resources="in_line"))
    ids: dict[str, int] = field(default_factory=dict)

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
        self, a: str, b: str, *, title: str = "", width: float = 1, dashes: bool = False, colour: str = ""
    ) -> None:
        if a in self.ids and b in self.ids:
            options = {"title": title, "width": width, "dashes": dashes}
            if colour:
                options["color"] = colour
            self.net.edges.append(Edge(self.ids[a], self.ids[b], directed=True, **options).options)


def short(text: str, limit: int = 28) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def local(iri: str) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def split(cell: object) -> list[str]:
    return [] if cell is None or (isinstance(cell, float) and math.isnan(cell)) or cell == "" else str(cell).split("; ")


def context(seed: str, start: int, end: int) -> dict:
    """The quote within its sentence(s): text before, the exact span, text after."""
    before_start = max(0, start - CONTEXT)
    cut = max(seed.rfind(". ", before_start, start), seed.rfind("\n", before_start, start))
    before_start = cut + 1 if cut != -1 else before_start
    after_end = min(len(seed), end + CONTEXT)
    stops = [i for i in (seed.find(". ", end, after_end), seed.find("\n", end, after_end)) if i != -1]
    after_end = min(stops) + 1 if stops else after_end
    return {"before": seed[before_start:start].lstrip(), "exact": seed[start:end], "after": seed[end:after_end]}


HUBS = ("document", "entity", "source", "measure")
"""Kinds laid out by force; the many claims and figures are placed around them in linear time."""
HUB_LIMIT = 600
LARGE = 5000
"""Above this many nodes a view opens with its claims and figures filtered out (tick them to show)."""
LEAVES = ("claim", "figure")
GOLDEN_ANGLE = 2.399963


def layout(view: View) -> None:
    """Fixed positions computed in Python, so the browser draws at once with physics off.

    Hubs (documents, entities, sources, quantities) get a force-directed layout of the graph they
    form through shared claims; each claim sits on a spiral around its document (else its first
    hub), each figure beside its claim. A force layout of every node took 8 s at 1,000 nodes.
    """
    if not view.net.nodes:
        return
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
    if 0 < len(hubs) <= HUB_LIMIT:
        positions = nx.spring_layout(skeleton, seed=7, k=2 / math.sqrt(len(hubs)), iterations=100)
    else:
        positions = grouped_layout(view, hubs)
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
        gap = min(math.dist(positions[a], positions[b]) for a, b in combinations(documents, 2))
        widest = max(radius(c) for c in documents)
        factor = min(3.0, max(1.0, 1.8 * widest / max(gap, 1e-9)))
        positions = {n: (x * factor, y * factor) for n, (x, y) in positions.items()}
    for centre in sorted(around, key=lambda c: (c is None or c not in hubs, c if c is not None else -1)):
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


def page_data(view: View) -> dict:
    counts = pd.Series([n["kind"] for n in view.net.nodes]).value_counts().to_dict() if view.net.nodes else {}
    documents = sorted({d for n in view.net.nodes for d in n["documents"]})
    hidden = [k for k in LEAVES if counts.get(k)] if len(view.net.nodes) > LARGE else []
    return {
        "nodes": view.net.nodes,
        "edges": view.net.edges,
        "options": OPTIONS,
        "hidden": hidden,
        "kinds": [
            {"kind": k, "label": v[0], "colour": v[1], "count": counts[k]} for k, v in KINDS.items() if k in counts
        ],
        "documents": documents,
    }


def script_json(value: object) -> str:
    """JSON that cannot close its <script> element or open markup, whatever strings it holds."""
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def environment() -> jinja2.Environment:
    loader = jinja2.FileSystemLoader(str(files("graph.export") / "templates"))
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)


def render_view(view: View, env: jinja2.Environment) -> str:
    layout(view)
    return env.get_template("view.html").render(
        title=view.title,
        hint=view.hint,
        data_json=script_json(page_data(view)),
        vis_js=(VIS / "vis-network.min.js").read_text(encoding="utf-8").replace("</script", "<\\/script"),
        vis_css=(VIS / "vis-network.css").read_text(encoding="utf-8"),
    )


LINK_LABELS = {
    "echoes": "echoes",
    "repeats": "repeats",
    "agreesWith": "agrees with",
    "supports": "supports",
    "disputes": "disputes",
    "disagreesWith": "disagrees with",
    "refutes": "refutes",
    "confirms": "confirms",
}
STANCE_COLOURS = {"disputes": "#D62728", "disagreesWith": "#D62728", "refutes": "#D62728"}


@dataclass(frozen=True)
class Corpus:
    """What the pages show, computed upstream: the tables, the echo network, claim links, seeds, labels."""

    tables: dict[str, pd.DataFrame]
    network: nx.DiGraph
    links: pd.DataFrame
    seeds: dict[str, str]
    labels: dict[str, str]

    def label(self, iri: str) -> str:
        return self.labels.get(iri, local(iri))


def claim_facts(row: pd.Series, corpus: Corpus) -> list[tuple[str, str] | tuple[str, str, str]]:
    facts: list[tuple[str, str] | tuple[str, str, str]] = [("Quote (French)", row["quote"], "fr")]
    if isinstance(row["gloss_en"], str):
        facts.append(("Gloss (English)", row["gloss_en"]))
    facts.append(("Speaker", corpus.label(row["speaker_id"])))
    if isinstance(row["reported_by"], str):
        facts.append(("Reported by", row["reported_by"]))
    facts.append(("Document", row["document"]))
    sources = [corpus.label(s) for s in split(row["cites"])]
    if sources:
        facts.append(("Cites or delivered through", "; ".join(sources)))
    return facts


def add_claim(view: View, row: pd.Series, corpus: Corpus, size: float = 6) -> None:
    seed = corpus.seeds.get(row["document"], "")
    where = None
    if seed and not pd.isna(row["start"]):
        where = {
            **context(seed, int(row["start"]), int(row["end"])),
            "document": row["document"],
            "start": int(row["start"]),
            "end": int(row["end"]),
        }
    gloss = row["gloss_en"] if isinstance(row["gloss_en"], str) else ""
    view.node(
        row["claim"],
        "claim",
        row["quote"],
        title=f"{corpus.label(row['speaker_id'])}: «{row['quote']}»\n{gloss}",
        documents=[row["document"]],
        facts=claim_facts(row, corpus),
        context=where,
        size=size,
    )


def provenance_view(corpus: Corpus) -> View:
    """Documents, entities, claims, sources, figures, measured quantities and every link between them."""
    view = View("Provenance graph", "who asserts which claim, in which document, citing what, stating which figures")
    claims, figures = corpus.tables["claims"], corpus.tables["figures"]
    entities = corpus.tables["entities"].set_index("entity")
    for document in sorted(claims["document"].unique()):
        view.node(
            document,
            "document",
            document,
            documents=[document],
            size=22,
            facts=[("Claims", str((claims["document"] == document).sum()))],
        )
    for speaker, group in claims.groupby("speaker_id"):
        docs = sorted(group["document"].unique())
        kind = entities.loc[speaker, "type"] if speaker in entities.index else ""
        view.node(
            speaker,
            "entity",
            corpus.label(speaker),
            documents=docs,
            size=8 + 2 * math.sqrt(len(group)),
            facts=[("Type", kind), ("Claims", str(len(group))), ("Documents", "; ".join(docs))],
        )
    for source in corpus.tables["sources"].itertuples():
        docs = split(source.seeds) if hasattr(source, "seeds") else []
        view.node(
            source.source,
            "source",
            source.label,
            documents=docs,
            size=12,
            facts=[("Type", source.type), ("Claims", str(source.claims))],
        )
    for _, row in claims.iterrows():
        add_claim(view, row, corpus)
        view.edge(row["speaker_id"], row["claim"], title="asserts")
        view.edge(row["claim"], row["document"], title="reported in")
        for source in split(row["cites"]):
            view.edge(row["claim"], source, title="cites or delivered through")
    for _, row in figures.iterrows():
        facts = [
            ("Surface", row["surface"], "fr"),
            ("Value", value_text(row)),
            ("Measures", corpus.label(row["measure"])),
            ("Document", row["document"]),
        ]
        view.node(
            row["figure"],
            "figure",
            row["surface"],
            documents=[row["document"]],
            facts=facts,
            size=8,
            title=f"{row['surface']} = {value_text(row)}\n{corpus.label(row['measure'])}",
        )
        view.node(row["measure"], "measure", corpus.label(row["measure"]), size=12)
        view.edge(row["claim"], row["figure"], title="states")
        view.edge(row["figure"], row["measure"], title="measures")
    for row in corpus.links.itertuples():
        name = local(row.link).rsplit("#", 1)[-1]
        view.edge(
            row.claim, row.target, title=LINK_LABELS.get(name, name), dashes=True, colour=STANCE_COLOURS.get(name, "")
        )
    return view


def value_text(row: pd.Series) -> str:
    unit = row["unit"] if isinstance(row["unit"], str) else ""

    def fmt(v: float) -> str:
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,}"

    if not pd.isna(row["value"]):
        text = fmt(row["value"])
    else:
        low = "" if pd.isna(row["min_value"]) else fmt(row["min_value"])
        high = "" if pd.isna(row["max_value"]) else fmt(row["max_value"])
        text = f"{low} to {high}" if low and high else (f"≥ {low}" if low else f"≤ {high}")
    hedge = row["hedge"].rsplit("#", 1)[-1] if isinstance(row["hedge"], str) else ""
    return f"{text} {unit}".strip() + (f" ({hedge})" if hedge else "")


def echo_view(corpus: Corpus) -> View:
    """Entities; an arrow from echoer to echoed, as wide as its evidence, the evidence on hover."""
    view = View("Echo network", "A → B: a claim of A echoes, repeats, cites or restates a figure of B")
    g = corpus.network
    claims = corpus.tables["claims"].set_index("claim")
    docs_of = corpus.tables["claims"].groupby("speaker_id")["document"].apply(lambda d: sorted(set(d))).to_dict()
    for node in g.nodes:
        echoed = g.in_degree(node, weight="weight")
        if g.degree(node) == 0:
            continue
        view.node(
            node,
            "entity",
            corpus.label(node),
            documents=docs_of.get(node, []),
            size=8 + 3 * math.sqrt(echoed),
            facts=[
                ("Echoed by", f"{echoed} piece(s) of evidence"),
                ("Echoes", str(g.out_degree(node, weight="weight"))),
                ("Documents", "; ".join(docs_of.get(node, []))),
            ],
        )
    for a, b, data in g.edges(data=True):
        lines = [f"{corpus.label(a)} → {corpus.label(b)} ({data['weight']})"]
        for e in data["evidence"][:12]:
            quote = claims["quote"].get(e["claim"], "")
            lines.append(f"[{e['kind']}] {e['document']}: «{short(quote, 90)}»")
        if len(data["evidence"]) > 12:
            lines.append(f"… and {len(data['evidence']) - 12} more")
        view.edge(a, b, title="\n".join(lines), width=1 + 1.5 * math.log2(data["weight"] + 1))
    return view


def figures_view(corpus: Corpus) -> View:
    """Measured quantities linked to the documents and speakers that state them; drift in red."""
    view = View("Figure recurrence", "measured quantities ← speakers who state them → documents; red: values drift")
    figures = corpus.tables["figures"].merge(corpus.tables["claims"][["claim", "speaker_id"]], on="claim", how="left")
    recurring = corpus.tables["recurring_figures"].set_index("measure")
    for measure, group in figures.groupby("measure"):
        docs = sorted(group["document"].unique())
        drift = measure in recurring.index and bool(recurring.loc[measure, "drift"])
        facts = [("Documents", "; ".join(docs)), ("Stated as", "; ".join(sorted(set(group["surface"]))))]
        if drift:
            facts.append(("Drift", recurring.loc[measure, "drift_reason"]))
        view.node(
            measure,
            "measure",
            corpus.label(measure),
            documents=docs,
            size=10 + 6 * len(docs),
            facts=facts,
            colour=DRIFT_COLOUR if drift else None,
        )
        for document in docs:
            view.node(document, "document", document, documents=[document], size=22)
            view.edge(measure, document, title="stated in")
        for row in group.itertuples():
            speaker = row.speaker_id
            view.node(speaker, "entity", corpus.label(speaker), documents=[row.document], size=10)
            view.edge(speaker, measure, title=f"{row.surface} ({row.document})")
    return view


def write_html(corpus: Corpus, out: Path) -> list[Path]:
    """The three views and the landing page; returns their paths, index first."""
    env = environment()
    views = {
        "provenance.html": provenance_view(corpus),
        "echoes.html": echo_view(corpus),
        "figures.html": figures_view(corpus),
    }
    paths = []
    for name, view in views.items():
        (out / name).write_text(render_view(view, env), encoding="utf-8")
        paths.append(out / name)
    index = out / "index.html"
    index.write_text(render_index(corpus, views, env), encoding="utf-8")
    return [index, *paths]


def render_index(corpus: Corpus, views: dict[str, View], env: jinja2.Environment) -> str:
    claims = corpus.tables["claims"]
    per_document = claims.groupby("document").agg(claims=("claim", "count"), speakers=("speaker_id", "nunique"))
    figures = corpus.tables["figures"].groupby("document")["figure"].count()
    per_document["figures"] = figures.reindex(per_document.index).fillna(0).astype(int)
    in_weight = sorted(
        ((corpus.network.in_degree(n, weight="weight"), corpus.label(n)) for n in corpus.network.nodes), reverse=True
    )
    recurring = corpus.tables["recurring_figures"]
    recurring = recurring[recurring["documents"].str.count(";") >= 1]
    return env.get_template("index.html").render(
        documents=[(doc, int(r.claims), int(r.speakers), int(r.figures)) for doc, r in per_document.iterrows()],
        totals={
            "claims": len(claims),
            "entities": len(corpus.tables["entities"]),
            "sources": len(corpus.tables["sources"]),
            "figures": len(corpus.tables["figures"]),
        },
        echoed=[(label, weight) for weight, label in in_weight[:10] if weight],
        recurring=[
            (corpus.label(r.measure), r.documents.count(";") + 1, r.values, r.drift_reason)
            for r in recurring.itertuples()
        ],
        views=[(name, v.title, v.hint, len(v.net.nodes), len(v.net.edges)) for name, v in views.items()],
        tables=sorted(corpus.tables),
    )
