"""GraphML and GEXF that Gephi users open as they are: read back with networkx and python-igraph.

The whole graph (``graph.graphml|gexf``) is written only by ``claimgraph build --networks all``:
these tests read that build (``real_out_all``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import igraph as ig
import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib.namespace import RDF, RDFS

from graph.export.networks import resource_network, write_gexf, write_graphml, xml_safe
from graph.namespaces import CG
from graph.store import open_store

NETWORKS = ("echoes.graphml", "echoes.gexf", "graph.graphml", "graph.gexf")
GEXF = "{http://www.gexf.net/1.2draft}"
VIZ = "{http://www.gexf.net/1.2draft/viz}"


def read(path: Path) -> nx.Graph:
    return nx.read_graphml(path) if path.suffix == ".graphml" else nx.read_gexf(path)


@pytest.mark.parametrize("name", NETWORKS)
def test_edge_ids_are_unique(real_out_all: Path, name: str) -> None:
    tree = ET.parse(real_out_all / name)
    ids = [e.get("id") for e in tree.iter() if e.tag.endswith("}edge")]
    assert len(ids) > 20 and None not in ids
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("name", NETWORKS)
def test_nodes_have_readable_labels_and_typed_attributes(real_out_all: Path, name: str) -> None:
    g = read(real_out_all / name)
    for node, data in g.nodes(data=True):
        assert data["label"] and not data["label"].startswith("http"), node
        entity_types = {"person", "organisation", "group", "product", "place", "project"}
        other_types = {"claim", "document", "source", "figure", "quantity", "echo", "overlap", "coincidence"}
        other_types |= {"number", "review"}
        assert data["type"] in (entity_types | other_types if name.startswith("graph") else entity_types), node
        assert isinstance(data["echoed_by"], int) and isinstance(data["bridging"], float)
        if name.endswith(".graphml"):
            assert data["colour"].startswith("#") and isinstance(data["x"], float)
        else:
            assert set(data["viz"]) >= {"color", "position", "size"}


def test_igraph_reads_every_file_with_its_ids_and_attributes(real_out_all: Path) -> None:
    for name in ("echoes.graphml", "graph.graphml"):
        g = ig.Graph.Read_GraphML(str(real_out_all / name))
        assert {"label", "type", "document" if name == "graph.graphml" else "documents", "colour", "x", "y"} <= set(
            g.vs.attributes()
        )
        assert {"echoed_by", "echoes", "bridging"} <= set(g.vs.attributes())
        assert g.ecount() == read(real_out_all / name).number_of_edges() > 20  # ids unique: see the XML test above
        assert len(set(g.vs["id"])) == g.vcount()
        assert all(label and not label.startswith("http") for label in g.vs["label"])


def test_gexf_carries_positions_and_colours(real_out_all: Path) -> None:
    for name in ("echoes.gexf", "graph.gexf"):
        nodes = [n for n in ET.parse(real_out_all / name).iter(f"{GEXF}node")]
        assert nodes
        for n in nodes:
            assert n.find(f"{VIZ}position") is not None and n.find(f"{VIZ}color") is not None


def test_echo_network_has_no_isolated_nodes_and_names_the_echoes(real_out_all: Path) -> None:
    g = nx.read_graphml(real_out_all / "echoes.graphml")
    assert list(nx.isolates(g)) == []
    labels = {n: d["label"] for n, d in g.nodes(data=True)}
    pairs = {(labels[a], labels[b]) for a, b in g.edges}
    assert ("Satya Nadella", "Elon Musk") in pairs  # 002: "en faisant écho aux doutes de Musk"
    musk = next(n for n, label in labels.items() if label == "Elon Musk")
    assert g.nodes[musk]["echoed_by"] >= 1 and g.nodes[musk]["type"] == "person"


def test_whole_graph_shows_resources_not_ontology_or_selectors(real_out_all: Path) -> None:
    g = nx.read_graphml(real_out_all / "graph.graphml")
    nodes = set(g.nodes)
    assert not [n for n in nodes if n.startswith(str(CG)) or n.endswith(("-quote", "-position", "-anchor", "-cue"))]
    assert not [n for n in nodes if "-attribution-" in n]
    kinds = {d["type"] for _, d in g.nodes(data=True)}
    assert {"claim", "document", "person", "figure", "quantity", "source"} <= kinds
    predicates = {d["predicate"] for *_, d in g.edges(data=True)}
    assert {"cg:about", "schema:about"} <= predicates  # 003 is schema:about the Amodei essay
    assert "about" not in predicates


def test_a_claim_is_labelled_with_its_speaker_and_quote(real_out_all: Path) -> None:
    g = nx.read_graphml(real_out_all / "graph.graphml")
    labels = [d["label"] for _, d in g.nodes(data=True) if d["type"] == "claim"]
    assert len(labels) == 441
    assert any(label.startswith("Satya Nadella: «qu’il n’avait garanti que les 80 milliards") for label in labels)
    documents = {d["document"] for _, d in g.nodes(data=True) if d["type"] in ("claim", "figure")}
    assert len(documents) == 5


def store_of(*triples: tuple[str, str, str | ox.Literal]) -> ox.Store:
    """A store holding ``triples`` in one named graph of a document."""
    store = ox.Store()
    graph = ox.NamedNode("https://w3id.org/claimgraph/graph/x")
    for s, p, o in triples:
        obj = o if isinstance(o, ox.Literal) else ox.NamedNode(o)
        store.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), obj, graph))
    return store


CLAIM, PERSON = "https://w3id.org/claimgraph/doc/x/c1", "https://w3id.org/claimgraph/entity/p"


def test_the_two_abouts_stay_apart() -> None:
    store = store_of(
        (CLAIM, str(RDF.type), str(CG.Claim)),
        (CLAIM, str(CG.about), PERSON),
        (CLAIM, "https://schema.org/about", PERSON),
    )
    g = resource_network(store)
    assert sorted(d["predicate"] for *_, d in g.edges(data=True)) == ["cg:about", "schema:about"]
    assert len({d["id"] for *_, d in g.edges(data=True)}) == 2


def test_a_triple_in_two_graphs_is_one_edge_and_a_node_its_least_label() -> None:
    store = store_of((CLAIM, str(RDF.type), str(CG.Claim)), (CLAIM, str(CG.assertedBy), PERSON))
    store.add(ox.Quad(ox.NamedNode(CLAIM), ox.NamedNode(str(CG.assertedBy)), ox.NamedNode(PERSON)))
    for label in ("Zoé", "Anne"):
        store.add(ox.Quad(ox.NamedNode(PERSON), ox.NamedNode(str(RDFS.label)), ox.Literal(label)))
    g = resource_network(store)
    assert g.number_of_edges() == 1
    assert g.nodes[CLAIM]["label"] == "Anne: «»" and g.nodes[PERSON]["label"] == "Anne"


def test_control_characters_in_text_still_make_valid_xml(tmp_path: Path) -> None:
    store = store_of(
        (CLAIM, str(RDF.type), str(CG.Claim)),
        (CLAIM, str(CG.assertedBy), PERSON),
        (CLAIM, str(CG.quote), ox.Literal("avant\x0b\x01après")),
        (PERSON, str(RDFS.label), ox.Literal("Nom\x1f")),
    )
    g = resource_network(store)
    write_graphml(g, tmp_path / "g.graphml")
    write_gexf(g, tmp_path / "g.gexf")
    for name in ("g.graphml", "g.gexf"):
        ET.parse(tmp_path / name)  # raises on a character XML cannot hold
        back = read(tmp_path / name)
        assert back.nodes[CLAIM]["label"] == "Nom\ufffd: «avant\ufffd\ufffdaprès»"
    assert xml_safe("a\x00b\tc\n") == "a\ufffdb\tc\n"


def edges(g: nx.Graph) -> list:
    """Every edge with its key and data, less the GraphML data key ``id`` that networkx adds beside the edge id
    (igraph reads both as one attribute ``id``: our files keep the edge id only)."""
    found = g.edges(keys=True, data=True) if g.is_multigraph() else g.edges(data=True)
    return sorted(((*edge[:-1], {k: v for k, v in edge[-1].items() if k != "id"}) for edge in found), key=repr)


def assert_streamed_reads_back_as_networkx_writes(g: nx.Graph, tmp_path: Path) -> None:
    """Our streamed GraphML/GEXF of ``g`` and networkx's own files of it read back the same."""
    write_graphml(g, tmp_path / "streamed.graphml")
    write_gexf(g, tmp_path / "streamed.gexf")
    reference = g.copy()
    for _, data in reference.nodes(data=True):
        data.pop("viz")
    nx.write_graphml(reference, tmp_path / "networkx.graphml", edge_id_from_attribute="id")
    reference = g.copy()
    for _, data in reference.nodes(data=True):
        for key in ("x", "y", "size"):
            data.pop(key)
    nx.write_gexf(reference, tmp_path / "networkx.gexf", version="1.2draft")
    for suffix in ("graphml", "gexf"):
        ours, theirs = read(tmp_path / f"streamed.{suffix}"), read(tmp_path / f"networkx.{suffix}")
        assert list(ours.nodes(data=True)) == list(theirs.nodes(data=True)), suffix
        assert edges(ours) == edges(theirs), suffix


def test_the_streamed_files_read_back_as_networkx_own_files(real_out_all: Path, tmp_path: Path) -> None:
    """Written one element at a time, the whole graph reads back as networkx's own writers' files do."""
    g = resource_network(open_store(real_out_all))
    assert g.number_of_nodes() > 500
    assert_streamed_reads_back_as_networkx_writes(g, tmp_path)


def test_the_default_build_writes_the_echo_network_only(real_out: Path) -> None:
    assert (real_out / "echoes.graphml").is_file() and (real_out / "echoes.gexf").is_file()
    assert not (real_out / "graph.graphml").exists() and not (real_out / "graph.gexf").exists()


def test_a_directed_graph_with_every_attribute_type_reads_back_as_networkx_writes_it(tmp_path: Path) -> None:
    g = nx.DiGraph()
    g.add_node("a", label="A & <b>", type="person", echoed_by=2, bridging=0.5, x=1.25, y=-3.0, size=10.0)
    g.add_node("b", label='"quoted"\tand\nlines', type="person", echoed_by=0, bridging=0.0, x=0.0, y=2.5, size=12.0)
    for _, data in g.nodes(data=True):
        position = {"x": data["x"], "y": data["y"], "z": 0.0}
        data["viz"] = {"color": {"r": 1, "g": 2, "b": 3, "a": 1.0}, "position": position, "size": data["size"]}
    g.add_edge("a", "b", id="e0", label="claim", weight=3, directed=True, bases="")
    g.add_edge("b", "a", id="e1", label="figure", weight=0, directed=False, bases="dates")
    assert_streamed_reads_back_as_networkx_writes(g, tmp_path)
    assert read(tmp_path / "streamed.graphml").edges["a", "b"]["directed"] is True
    back = ig.Graph.Read_GraphML(str(tmp_path / "streamed.graphml"))
    assert back.vs["label"] == ["A & <b>", '"quoted"\tand\nlines'] and back.es["weight"] == [3, 0]


def test_the_landing_page_links_the_network_files_the_build_wrote(real_out: Path, real_out_all: Path) -> None:
    default, every = (out / "index.html" for out in (real_out, real_out_all))
    assert 'href="echoes.graphml"' in default.read_text(encoding="utf-8")
    assert 'href="graph.graphml"' not in default.read_text(encoding="utf-8")
    assert 'href="graph.graphml"' in every.read_text(encoding="utf-8")
    assert 'href="graph.gexf"' in every.read_text(encoding="utf-8")
