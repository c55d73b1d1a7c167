"""GraphML and GEXF that Gephi users open as they are: read back with networkx and python-igraph."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import igraph as ig
import networkx as nx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from graph.export.networks import resource_network, write_gexf, write_graphml, xml_safe
from graph.namespaces import CG

NETWORKS = ("echoes.graphml", "echoes.gexf", "graph.graphml", "graph.gexf")
GEXF = "{http://www.gexf.net/1.2draft}"
VIZ = "{http://www.gexf.net/1.2draft/viz}"


def read(path: Path) -> nx.Graph:
    return nx.read_graphml(path) if path.suffix == ".graphml" else nx.read_gexf(path)


@pytest.mark.parametrize("name", NETWORKS)
def test_edge_ids_are_unique(real_out: Path, name: str) -> None:
    tree = ET.parse(real_out / name)
    ids = [e.get("id") for e in tree.iter() if e.tag.endswith("}edge")]
    assert len(ids) > 20 and None not in ids
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("name", NETWORKS)
def test_nodes_have_readable_labels_and_typed_attributes(real_out: Path, name: str) -> None:
    g = read(real_out / name)
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


def test_igraph_reads_every_file_with_its_ids_and_attributes(real_out: Path) -> None:
    for name in ("echoes.graphml", "graph.graphml"):
        g = ig.Graph.Read_GraphML(str(real_out / name))
        assert {"label", "type", "document" if name == "graph.graphml" else "documents", "colour", "x", "y"} <= set(
            g.vs.attributes()
        )
        assert {"echoed_by", "echoes", "bridging"} <= set(g.vs.attributes())
        assert g.ecount() == read(real_out / name).number_of_edges() > 20  # ids unique: see the XML test above
        assert len(set(g.vs["id"])) == g.vcount()
        assert all(label and not label.startswith("http") for label in g.vs["label"])


def test_gexf_carries_positions_and_colours(real_out: Path) -> None:
    for name in ("echoes.gexf", "graph.gexf"):
        nodes = [n for n in ET.parse(real_out / name).iter(f"{GEXF}node")]
        assert nodes
        for n in nodes:
            assert n.find(f"{VIZ}position") is not None and n.find(f"{VIZ}color") is not None


def test_echo_network_has_no_isolated_nodes_and_names_the_echoes(real_out: Path) -> None:
    g = nx.read_graphml(real_out / "echoes.graphml")
    assert list(nx.isolates(g)) == []
    labels = {n: d["label"] for n, d in g.nodes(data=True)}
    pairs = {(labels[a], labels[b]) for a, b in g.edges}
    assert ("Satya Nadella", "Elon Musk") in pairs  # 002: "en faisant écho aux doutes de Musk"
    musk = next(n for n, label in labels.items() if label == "Elon Musk")
    assert g.nodes[musk]["echoed_by"] >= 1 and g.nodes[musk]["type"] == "person"


def test_whole_graph_shows_resources_not_ontology_or_selectors(real_out: Path) -> None:
    g = nx.read_graphml(real_out / "graph.graphml")
    nodes = set(g.nodes)
    assert not [n for n in nodes if n.startswith(str(CG)) or n.endswith(("-quote", "-position", "-anchor", "-cue"))]
    assert not [n for n in nodes if "-attribution-" in n]
    kinds = {d["type"] for _, d in g.nodes(data=True)}
    assert {"claim", "document", "person", "figure", "quantity", "source"} <= kinds
    predicates = {d["predicate"] for *_, d in g.edges(data=True)}
    assert {"cg:about", "schema:about"} <= predicates  # 003 is schema:about the Amodei essay
    assert "about" not in predicates


def test_a_claim_is_labelled_with_its_speaker_and_quote(real_out: Path) -> None:
    g = nx.read_graphml(real_out / "graph.graphml")
    labels = [d["label"] for _, d in g.nodes(data=True) if d["type"] == "claim"]
    assert len(labels) == 441
    assert any(label.startswith("Satya Nadella: «qu’il n’avait garanti que les 80 milliards") for label in labels)
    documents = {d["document"] for _, d in g.nodes(data=True) if d["type"] in ("claim", "figure")}
    assert len(documents) == 5


def test_the_two_abouts_stay_apart(tmp_path: Path) -> None:
    data = Graph()
    claim, person = URIRef("https://w3id.org/claimgraph/doc/x/c1"), URIRef("https://w3id.org/claimgraph/entity/p")
    data.add((claim, RDF.type, CG.Claim))
    data.add((claim, CG.about, person))
    data.add((claim, URIRef("https://schema.org/about"), person))
    g = resource_network(data)
    assert sorted(d["predicate"] for *_, d in g.edges(data=True)) == ["cg:about", "schema:about"]
    assert len({d["id"] for *_, d in g.edges(data=True)}) == 2


def test_control_characters_in_text_still_make_valid_xml(tmp_path: Path) -> None:
    data = Graph()
    claim, person = URIRef("https://w3id.org/claimgraph/doc/x/c1"), URIRef("https://w3id.org/claimgraph/entity/p")
    from rdflib import Literal
    from rdflib.namespace import RDFS

    data.add((claim, RDF.type, CG.Claim))
    data.add((claim, CG.assertedBy, person))
    data.add((claim, CG.quote, Literal("avant\x0b\x01après")))
    data.add((person, RDFS.label, Literal("Nom\x1f")))
    g = resource_network(data)
    write_graphml(g, tmp_path / "g.graphml")
    write_gexf(g, tmp_path / "g.gexf")
    for name in ("g.graphml", "g.gexf"):
        ET.parse(tmp_path / name)  # raises on a character XML cannot hold
        back = read(tmp_path / name)
        assert back.nodes[str(claim)]["label"] == "Nom\ufffd: «avant\ufffd\ufffdaprès»"
    assert xml_safe("a\x00b\tc\n") == "a\ufffdb\tc\n"
