"""GraphML and GEXF that Gephi, networkx and igraph read as they are: the echo network and the whole graph.

Every edge has a unique id; every node a label a person can read (an entity's name, a claim's
speaker and the start of its quote), its type, document, colour and echo centrality as typed
attributes, and a position (``x``, ``y``; ``viz:`` position and colour in GEXF). The whole graph
shows the resources of the corpus and the links between them: not the ontology's terms, nor the
anchors, selectors and attribution records that only locate or qualify a claim; it is read from
the build's store and written only when asked (``build --networks all``: hundreds of MB at a
million triples). Files are written one element at a time (never held as an XML tree), in a fixed
order, without dates, so that two builds write the same bytes.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

import networkx as nx
import pyoxigraph as ox
from rdflib.namespace import PROV, RDF, RDFS

from ..namespaces import BASE, CG, DOC, OA, PREFIXES, SCHEMA
from .layout import packed_spring

COLOURS = {
    "claim": "#4c78a8",
    "document": "#222222",
    "person": "#e45756",
    "organisation": "#f58518",
    "group": "#b279a2",
    "product": "#54a24b",
    "place": "#9d755d",
    "project": "#72b7b2",
    "entity": "#ff9da6",
    "source": "#bab0ac",
    "figure": "#eeca3b",
    "quantity": "#d67195",
    "echo": "#79706e",
    "overlap": "#9ecae9",
    "coincidence": "#9467bd",
    "number": "#c5b0d5",
    "review": "#8c6d31",
    "other": "#cccccc",
}
"""Node colour by type, the same in every file."""

ENTITY_TYPES = {
    str(SCHEMA.Person): "person",
    str(SCHEMA.Organization): "organisation",
    str(SCHEMA.GovernmentOrganization): "organisation",
    str(SCHEMA.NewsMediaOrganization): "organisation",
    str(SCHEMA.Corporation): "organisation",
    str(CG.Group): "group",
    str(SCHEMA.Product): "product",
    str(SCHEMA.Place): "place",
    str(SCHEMA.Project): "project",
}
"""Entity kind by class IRI."""

NODE_TYPES = {
    str(CG.Claim): "claim",
    str(CG.Document): "document",
    str(CG.Figure): "figure",
    str(CG.MeasuredQuantity): "quantity",
    str(CG.Echo): "echo",
    str(CG.DocumentOverlap): "overlap",
    str(CG.FigureCoincidence): "coincidence",
    str(CG.SharedNumber): "number",
    str(CG.ReviewedCoincidence): "review",
}
"""Node kind by class IRI, the first that applies winning."""

HIDDEN_TYPES = {str(t) for t in (OA.SpecificResource, OA.TextQuoteSelector, OA.TextPositionSelector, PROV.Attribution)}
"""Nodes that only locate or qualify a claim; their facts are node attributes (document) instead."""

QUOTE_START = 60
"""Characters of a claim's quote in its label."""

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 cannot hold, even escaped."""


def xml_safe(text: str) -> str:
    """Text an XML file can carry: characters XML forbids become U+FFFD."""
    return NOT_XML.sub("\ufffd", text)


def local_name(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def compact(iri: str) -> str:
    """``schema:about``, ``cg:about``: predicates stay apart, however alike their local names."""
    best = max(
        ((p, str(ns)) for p, ns in PREFIXES.items() if iri.startswith(str(ns))), key=lambda x: len(x[1]), default=None
    )
    return f"{best[0]}:{iri[len(best[1]) :]}" if best else iri


def hex_rgb(colour: str) -> dict[str, int]:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16)}


def entity_type(types: set[str]) -> str:
    """The kind of an entity with these class IRIs."""
    return next((ENTITY_TYPES[t] for t in sorted(types) if t in ENTITY_TYPES), "entity")


def node_type(iri: str, types: set[str]) -> str | None:
    """The kind a node with these class IRIs is drawn as, or None for nodes the network leaves out."""
    if types & HIDDEN_TYPES or iri.startswith(str(CG)) or not iri.startswith(BASE):
        return None
    kind = next((k for t, k in NODE_TYPES.items() if t in types), None)
    if kind is not None:
        return kind
    if iri.startswith(BASE + "source/"):
        return "source"
    if iri.startswith(BASE + "entity/"):
        return entity_type(types)
    return "other"


def claim_label(speaker: str, quote: str) -> str:
    start = quote if len(quote) <= QUOTE_START else quote[:QUOTE_START].rstrip() + "…"
    return f"{speaker}: «{start}»"


FORCE_LIMIT = 300
"""Up to this many nodes a force layout; beyond, grouped positions in linear time (Gephi users lay out anew)."""
GOLDEN_ANGLE = 2.399963


def spiral(centre: tuple[float, float], members: list[str], step: float) -> dict[str, tuple[float, float]]:
    cx, cy = centre
    at = {}
    for i, m in enumerate(members):
        r = step * math.sqrt(i)
        at[m] = (cx + r * math.cos(i * GOLDEN_ANGLE), cy + r * math.sin(i * GOLDEN_ANGLE))
    return at


def grouped(g: nx.Graph) -> dict[str, tuple[float, float]]:
    """Documents on a circle, their claims and figures on a spiral around each; everything shared in the middle."""
    documents = sorted({d["document"] for _, d in g.nodes(data=True) if d.get("document")})
    centre = {
        doc: (1000 * math.cos(2 * math.pi * i / len(documents)), 1000 * math.sin(2 * math.pi * i / len(documents)))
        for i, doc in enumerate(documents)
    }
    groups: dict[str, list[str]] = {}
    for node, data in g.nodes(data=True):
        groups.setdefault(data.get("document") or "", []).append(node)
    positions: dict[str, tuple[float, float]] = {}
    for doc, members in sorted(groups.items()):
        ordered = sorted(members, key=lambda n: (g.nodes[n]["type"] != "document", g.nodes[n]["type"], n))
        positions |= spiral(centre.get(doc, (0.0, 0.0)), ordered, 18.0)
    return positions


def finish(g: nx.MultiDiGraph | nx.DiGraph) -> None:
    """Positions, colours and GEXF ``viz`` data for every node; ids for every edge, in a fixed order."""
    index = {node: i for i, node in enumerate(g.nodes)}
    if len(index) <= FORCE_LIMIT:
        skeleton = nx.Graph()
        skeleton.add_nodes_from(index.values())
        skeleton.add_edges_from((index[a], index[b]) for a, b in g.edges() if a != b)
        positions = {n: (1000 * x, 1000 * y) for n, (x, y) in (packed_spring(skeleton) if index else {}).items()}
    else:
        positions = {index[n]: xy for n, xy in grouped(g).items()}
    for node, data in g.nodes(data=True):
        x, y = positions[index[node]]
        data["x"], data["y"] = round(x, 3), round(y, 3)
        data["colour"] = COLOURS.get(data["type"], COLOURS["other"])
        size = float(data.get("size", 10.0))
        data["viz"] = {
            "color": {**hex_rgb(data["colour"]), "a": 1.0},
            "position": {"x": data["x"], "y": data["y"], "z": 0.0},
            "size": size,
        }
    for i, (_, _, data) in enumerate(g.edges(data=True)):
        data["id"] = f"e{i}"  # GEXF takes it as the edge id; GraphML as well (write_graphml)


def echo_network_file(
    network: nx.DiGraph,
    labels: dict[str, str],
    centrality: dict[str, dict],
    kinds: dict[str, str],
    documents: dict[str, list[str]],
) -> nx.DiGraph:
    """The echo network for Gephi: entities that echo or are echoed (no isolated nodes), typed attributes."""
    flat = nx.DiGraph()
    for node in sorted(n for n in network.nodes if network.degree(n) > 0):
        c = centrality.get(node, {})
        flat.add_node(
            node,
            label=labels.get(node, local_name(node)),
            type=kinds.get(node, "entity"),
            documents=json.dumps(documents.get(node, []), ensure_ascii=False),
            echoed_by=int(c.get("echoed_by", 0)),
            echoes=int(c.get("echoes", 0)),
            bridging=float(c.get("bridging", 0.0)),
            size=10.0 + 3 * float(c.get("echoed_by", 0)) ** 0.5,
        )
    for a, b in sorted(network.edges):
        data = network.edges[a, b]
        evidence = sorted(data["evidence"], key=lambda e: (e["kind"], e["claim"], e["echoed_claim"]))
        kinds_of = sorted({e["kind"] for e in evidence})
        bases = sorted({e["basis"] for e in evidence if e["directed"]})
        # directed false: only co-statements, whose ends are in IRI order, not an echo of b by a
        flat.add_edge(
            a,
            b,
            label=", ".join(kinds_of),
            weight=int(data["weight"]),
            shared=int(data.get("shared", 0)),
            directed=bool(data["weight"]),
            bases=", ".join(bases),  # words of a fixed vocabulary: a comma cannot collide
            kinds=", ".join(kinds_of),
            evidence=json.dumps([f"{e['kind']}: {e['claim']} -> {e['echoed_claim']}" for e in evidence]),
        )
    finish(flat)
    return flat


TYPES = "SELECT DISTINCT ?s ?t WHERE { ?s a ?t FILTER isIRI(?s) }"
LINKS = """SELECT DISTINCT ?s ?p ?o WHERE {
  ?s ?p ?o FILTER (isIRI(?s) && isIRI(?o) && ?p != <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>)
}"""

STATED_BY = str(CG) + "states-inverse"
"""A key of the lookup table only: the claim stating a figure."""

FACTS = (RDFS.label, CG.assertedBy, CG.quote, CG.reportedIn, CG.seedFile, CG.surface, CG.echoer, CG.echoed, CG.echoKind)
"""The properties node labels and documents are made of."""

FIRST = f"""SELECT ?s ?p (MIN(STR(?o)) AS ?v) WHERE {{
  VALUES ?p {{ {" ".join(f"<{p}>" for p in FACTS)} }} ?s ?p ?o
}} GROUP BY ?s ?p"""
STATING = f"SELECT ?o (MIN(STR(?s)) AS ?v) WHERE {{ ?s <{CG.states}> ?o }} GROUP BY ?o"


def selected(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    """The rows of a SELECT over the union of the store's graphs, each term as its IRI or lexical form."""
    return [tuple(term.value for term in row) for row in store.query(query, use_default_graph_as_union=True)]


def resource_network(store: ox.Store, centrality: dict[str, dict] | None = None) -> nx.MultiDiGraph:
    """The corpus as resources and links: every IRI-to-IRI triple between drawn nodes, named by its predicate.

    Read from the store with three queries; ``first`` holds the least value of each (subject,
    predicate) that labels are made of, so that a node with two labels is named the same every build.
    """
    centrality = centrality or {}
    types: dict[str, set[str]] = {}
    for s, t in selected(store, TYPES):
        types.setdefault(s, set()).add(t)
    first: dict[tuple[str, str], str] = {(s, p): v for s, p, v in selected(store, FIRST)}
    first |= {(o, STATED_BY): v for o, v in selected(store, STATING)}
    kinds = {iri: node_type(iri, t) for iri, t in types.items()}

    def kind(iri: str) -> str | None:
        if iri not in kinds:
            kinds[iri] = node_type(iri, set())
        return kinds[iri]

    g = nx.MultiDiGraph()
    for s, p, o in sorted(selected(store, LINKS)):
        if kind(s) is None or kind(o) is None:
            continue
        for iri in (s, o):
            if iri not in g:
                g.add_node(iri, **node_attributes(iri, kinds[iri], first, centrality))
        g.add_edge(s, o, predicate=compact(p), label=compact(p))
    finish(g)
    return g


def node_attributes(iri: str, kind: str, first: dict[tuple[str, str], str], centrality: dict[str, dict]) -> dict:
    """Label, type, document and centrality of one node; ``first`` gives one object per (subject, predicate)."""

    def name(node: str | None) -> str:
        return first.get((node, str(RDFS.label)), local_name(node)) if node else ""

    def seed(document: str | None) -> str:
        return first.get((document, str(CG.seedFile)), "") if document else ""

    document = ""
    text = first.get((iri, str(RDFS.label)), "")
    if kind == "claim":
        text = claim_label(name(first.get((iri, str(CG.assertedBy)))), first.get((iri, str(CG.quote)), ""))
        document = seed(first.get((iri, str(CG.reportedIn))))
    elif kind == "figure":
        text = first.get((iri, str(CG.surface)), local_name(iri))
        document = seed(first.get((first.get((iri, STATED_BY), ""), str(CG.reportedIn))))
    elif kind == "document":
        document = seed(iri)
        text = text or document
    elif kind == "echo":
        text = f"{name(first.get((iri, str(CG.echoer))))} → {name(first.get((iri, str(CG.echoed))))}"
        text += f" ({first.get((iri, str(CG.echoKind)), '')})"
    elif kind == "overlap":
        text = "overlap " + local_name(iri).replace("--", " ↔ ")
    elif iri.startswith(str(DOC)):
        document = seed(iri.rsplit("/", 1)[0])
    c = centrality.get(iri, {})
    return {
        "label": text or local_name(iri),
        "type": kind,
        "iri": iri,
        "document": document,
        "echoed_by": int(c.get("echoed_by", 0)),
        "echoes": int(c.get("echoes", 0)),
        "bridging": float(c.get("bridging", 0.0)),
        "size": {"document": 30.0, "claim": 6.0, "figure": 5.0}.get(kind, 12.0),
    }


XML_TYPES = ((bool, "boolean"), (int, "long"), (float, "double"), (str, "string"))
"""GraphML and GEXF attribute types by Python type (bool before int: a bool is an int)."""

ATTRIBUTE_ESCAPES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#09;"}

GRAPHML = (
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
    ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)
GEXF = (
    '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    ' xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n'
)
XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"


def xml_type(value: object) -> str:
    return next(name for kind, name in XML_TYPES if isinstance(value, kind))


def xml_value(value: object) -> str:
    """A value as GraphML and GEXF write it: ``true``/``false``, digits, Python's shortest float, the text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return str(float(value))
    return str(value)


def xml_text(value: object) -> str:
    return escape(xml_safe(xml_value(value)))


def xml_attribute(value: object) -> str:
    """A quoted attribute value, escaped as ElementTree escapes it."""
    return f'"{escape(xml_safe(xml_value(value)), ATTRIBUTE_ESCAPES)}"'


def attribute_keys(records: Iterable[dict], skip: set[str]) -> dict[str, str]:
    """Every attribute name of ``records`` but ``skip``, in order of first use, with the XML type of its first value."""
    keys: dict[str, str] = {}
    for data in records:
        for name, value in data.items():
            if name not in keys and name not in skip:
                keys[name] = xml_type(value)
    return keys


def write_graphml(g: nx.Graph, path: Path) -> None:
    """GraphML written one node and one edge at a time (a million-triple graph never held as an XML tree).

    The edge ids are the edges' ``id`` attribute and ids only (a data key named ``id`` would clash
    with igraph's); ``viz`` (GEXF's drawing data) is left out.
    """
    node_keys = attribute_keys((data for _, data in g.nodes(data=True)), {"viz"})
    edge_keys = attribute_keys((data for *_, data in g.edges(data=True)), {"id"})
    ids = {("node", name): f"d{i}" for i, name in enumerate(node_keys)}
    ids |= {("edge", name): f"d{len(node_keys) + i}" for i, name in enumerate(edge_keys)}
    with path.open("w", encoding="utf-8") as f:
        f.write(XML_DECLARATION + GRAPHML)
        for scope, keys in (("node", node_keys), ("edge", edge_keys)):
            for name, kind in keys.items():
                key = ids[scope, name]
                f.write(f'  <key id="{key}" for="{scope}" attr.name={xml_attribute(name)} attr.type="{kind}" />\n')
        f.write(f'  <graph edgedefault="{"directed" if g.is_directed() else "undirected"}">\n')
        for node, data in g.nodes(data=True):
            f.write(f"    <node id={xml_attribute(node)}>\n")
            f.writelines(
                f'      <data key="{ids["node", name]}">{xml_text(value)}</data>\n'
                for name, value in data.items()
                if name in node_keys
            )
            f.write("    </node>\n")
        for u, v, data in g.edges(data=True):
            f.write(f"    <edge source={xml_attribute(u)} target={xml_attribute(v)} id={xml_attribute(data['id'])}>\n")
            f.writelines(
                f'      <data key="{ids["edge", name]}">{xml_text(value)}</data>\n'
                for name, value in data.items()
                if name in edge_keys
            )
            f.write("    </edge>\n")
        f.write("  </graph>\n</graphml>\n")


GEXF_NODE_FIELDS = {"label", "viz", "x", "y", "size"}
"""Node attributes GEXF holds in its own fields (the label; ``viz:`` colour, position and size)."""
GEXF_EDGE_FIELDS = ("id", "label", "weight")
"""Edge attributes GEXF holds as attributes of the edge element."""


def write_gexf(g: nx.Graph, path: Path) -> None:
    """GEXF 1.2 with ``viz:`` colour, position and size, written one node and one edge at a time; no date
    stamp (the same bytes every build). A multigraph's edges carry ``networkx_key``, as networkx writes them."""
    multi = g.is_multigraph()
    node_keys = attribute_keys((data for _, data in g.nodes(data=True)), GEXF_NODE_FIELDS)
    edge_keys = attribute_keys((data for *_, data in g.edges(data=True)), set(GEXF_EDGE_FIELDS))
    if multi and g.number_of_edges():
        edge_keys["networkx_key"] = "long"
    ids = {("node", name): str(i) for i, name in enumerate(node_keys)}
    ids |= {("edge", name): str(len(node_keys) + i) for i, name in enumerate(edge_keys)}

    def attvalues(scope: str, data: dict, indent: str) -> str:
        values = "".join(
            f'{indent}  <attvalue for="{ids[scope, name]}" value={xml_attribute(value)} />\n'
            for name, value in data.items()
            if (scope, name) in ids
        )
        return f"{indent}<attvalues>\n{values}{indent}</attvalues>\n" if values else ""

    with path.open("w", encoding="utf-8") as f:
        f.write(XML_DECLARATION + GEXF)
        f.write("  <meta>\n    <creator>claimgraph</creator>\n  </meta>\n")
        edge_type = "directed" if g.is_directed() else "undirected"
        f.write(f'  <graph defaultedgetype="{edge_type}" mode="static" name="">\n')
        for scope, keys in (("node", node_keys), ("edge", edge_keys)):
            if keys:
                f.write(f'    <attributes mode="static" class="{scope}">\n')
                for name, kind in keys.items():
                    f.write(f'      <attribute id="{ids[scope, name]}" title={xml_attribute(name)} type="{kind}" />\n')
                f.write("    </attributes>\n")
        f.write("    <nodes>\n")
        for node, data in g.nodes(data=True):
            f.write(f"      <node id={xml_attribute(node)} label={xml_attribute(data.get('label', node))}>\n")
            viz = data.get("viz", {})
            if "color" in viz:
                colour = viz["color"]
                rgba = " ".join(f"{c}={xml_attribute(colour[c])}" for c in "rgba" if c in colour)
                f.write(f"        <viz:color {rgba} />\n")
            if "size" in viz:
                f.write(f"        <viz:size value={xml_attribute(viz['size'])} />\n")
            if "position" in viz:
                at = " ".join(f"{c}={xml_attribute(viz['position'].get(c, 0.0))}" for c in "xyz")
                f.write(f"        <viz:position {at} />\n")
            f.write(attvalues("node", data, "        ") + "      </node>\n")
        f.write("    </nodes>\n    <edges>\n")
        edges = g.edges(keys=True, data=True) if multi else ((u, v, None, d) for u, v, d in g.edges(data=True))
        for u, v, key, data in edges:
            fields = "".join(f" {name}={xml_attribute(data[name])}" for name in GEXF_EDGE_FIELDS if name in data)
            f.write(f"      <edge source={xml_attribute(u)} target={xml_attribute(v)}{fields}>\n")
            values = data if key is None else {**data, "networkx_key": key}
            f.write(attvalues("edge", values, "        ") + "      </edge>\n")
        f.write("    </edges>\n  </graph>\n</gexf>\n")


def centrality_of(entities: Iterable[dict]) -> dict[str, dict]:
    return {row["entity"]: row for row in entities}


def write_networks(
    network: nx.DiGraph,
    labels: dict[str, str],
    store: ox.Store,
    entities: list[dict],
    out: Path,
    whole: bool = False,
) -> list[Path]:
    """``echoes.graphml|gexf`` always; ``graph.graphml|gexf`` (the whole graph, read from ``store``) if ``whole``."""
    centrality = centrality_of(entities)
    rdf_type = ox.NamedNode(str(RDF.type))
    kinds = {
        row["entity"]: entity_type(
            {q.object.value for q in store.quads_for_pattern(ox.NamedNode(row["entity"]), rdf_type, None, None)}
        )
        for row in entities
    }
    documents = {row["entity"]: list(row.get("documents") or []) for row in entities}
    echoes = echo_network_file(network, labels, centrality, kinds, documents)
    paths = [out / "echoes.graphml", out / "echoes.gexf"]
    write_graphml(echoes, paths[0])
    write_gexf(echoes, paths[1])
    if whole:
        resources = resource_network(store, centrality)
        paths += [out / "graph.graphml", out / "graph.gexf"]
        write_graphml(resources, paths[2])
        write_gexf(resources, paths[3])
    return paths
