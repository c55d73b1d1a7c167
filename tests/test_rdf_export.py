"""The RDF files and the on-disk store, written straight from the build's pyoxigraph store."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from graph.export.rdf import exported_quads, write_rdf
from graph.namespaces import ANCHORS_GRAPH, DERIVED_GRAPH, GRAPH, OA, ONTOLOGY_GRAPH, SHARED_GRAPH
from graph.store import open_store, write_store

XSD = "http://www.w3.org/2001/XMLSchema#"
CLAIM = ox.NamedNode("https://w3id.org/claimgraph/doc/x/c1")
QUOTE = ox.NamedNode("https://w3id.org/claimgraph/ontology#quote")


def named(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def test_the_store_holds_exactly_what_graph_trig_says(real_out: Path) -> None:
    """Blank nodes too: the store is filled with the quads graph.trig is written from, labels and all."""
    again = ox.Store()
    again.extend(ox.parse(path=real_out / "graph.trig", format=ox.RdfFormat.TRIG))  # stored as the build stores
    built = set(open_store(real_out))
    assert len(built) > 15_000 and any(isinstance(q.subject, ox.BlankNode) for q in built)
    assert built == set(again)


def test_blank_nodes_are_named_by_what_they_say_whatever_labels_the_parser_drew() -> None:
    def store(label: str) -> ox.Store:
        s = ox.Store()
        blank = ox.BlankNode(label)
        s.add(ox.Quad(CLAIM, named("https://w3id.org/claimgraph/ontology#garbledForm"), blank, named(SHARED_GRAPH)))
        s.add(ox.Quad(blank, QUOTE, ox.Literal("Trémie", language="fr"), named(SHARED_GRAPH)))
        return s

    first, second = exported_quads(store("a1")), exported_quads(store("zz9"))
    assert first == second
    (label,) = {q.object.value for q in first if isinstance(q.object, ox.BlankNode)}
    assert label.startswith("b") and len(label) == 17


def test_every_named_graph_is_written_apart_and_merged_in_turtle(tmp_path: Path) -> None:
    graphs = [GRAPH["000_x"], SHARED_GRAPH, ONTOLOGY_GRAPH, ANCHORS_GRAPH, DERIVED_GRAPH]
    store = ox.Store()
    for i, graph in enumerate(graphs):
        store.add(ox.Quad(CLAIM, QUOTE, ox.Literal(f"q{i}"), named(graph)))
        store.add(ox.Quad(CLAIM, named(OA.start), ox.Literal("0", datatype=named(XSD + "integer")), named(graph)))
    quads = exported_quads(store)
    write_rdf(quads, tmp_path)
    trig = list(ox.parse(path=tmp_path / "graph.trig", format=ox.RdfFormat.TRIG))
    assert sorted({str(q.graph_name) for q in trig}) == sorted(f"<{g}>" for g in graphs)
    turtle = list(ox.parse(path=tmp_path / "graph.ttl", format=ox.RdfFormat.TURTLE))
    assert len(trig) == 10 and len(turtle) == 6  # the same offset in five graphs is one triple
    write_store(quads, tmp_path)
    assert {str(g) for g in open_store(tmp_path).named_graphs()} == {f"<{g}>" for g in graphs}


def test_offsets_regain_their_vocabulary_datatype_and_doubles_their_usual_form(tmp_path: Path) -> None:
    store = ox.Store()
    graph = named(DERIVED_GRAPH)
    store.add(ox.Quad(CLAIM, named(OA.start), ox.Literal("12", datatype=named(XSD + "integer")), graph))
    spread = named("https://w3id.org/claimgraph/ontology#spread")
    store.add(ox.Quad(CLAIM, spread, ox.Literal("17", datatype=named(XSD + "double")), graph))
    write_rdf(exported_quads(store), tmp_path)
    objects = {q.predicate: q.object for q in ox.parse(path=tmp_path / "graph.trig", format=ox.RdfFormat.TRIG)}
    assert objects[named(OA.start)] == ox.Literal("12", datatype=named(XSD + "nonNegativeInteger"))
    assert objects[spread] == ox.Literal("17.0", datatype=named(XSD + "double"))
