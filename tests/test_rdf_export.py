"""The RDF files and the on-disk store, written straight from the build's pyoxigraph store."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import OutputError
from graph.export.rdf import write_rdf
from graph.namespaces import ANCHORS_GRAPH, DERIVED_GRAPH, GRAPH, OA, ONTOLOGY_GRAPH, SHARED_GRAPH
from graph.store import open_store, store_written

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


def test_blank_nodes_keep_the_labels_loading_gave_them(tmp_path: Path) -> None:
    """Loading names a file's blank nodes by the file (``load.placed``); the files write those labels."""
    s = ox.Store()
    blank = ox.BlankNode("bfeedn0")
    s.add(ox.Quad(CLAIM, named("https://w3id.org/claimgraph/ontology#garbledForm"), blank, named(SHARED_GRAPH)))
    s.add(ox.Quad(blank, QUOTE, ox.Literal("Trémie", language="fr"), named(SHARED_GRAPH)))
    write_rdf(s, [], tmp_path)
    for name in ("graph.trig", "graph.ttl"):
        assert "_:bfeedn0" in (tmp_path / name).read_text(encoding="utf-8"), name


def test_every_named_graph_is_written_apart_and_merged_in_turtle(tmp_path: Path) -> None:
    graphs = [GRAPH["000_x"], SHARED_GRAPH, ONTOLOGY_GRAPH, ANCHORS_GRAPH, DERIVED_GRAPH]
    store = ox.Store()
    for i, graph in enumerate(graphs):
        store.add(ox.Quad(CLAIM, QUOTE, ox.Literal(f"q{i}"), named(graph)))
        store.add(ox.Quad(CLAIM, named(OA.start), ox.Literal("0", datatype=named(XSD + "integer")), named(graph)))
    write_rdf(store, [], tmp_path)
    trig = list(ox.parse(path=tmp_path / "graph.trig", format=ox.RdfFormat.TRIG))
    assert sorted({str(q.graph_name) for q in trig}) == sorted(f"<{g}>" for g in graphs)
    turtle = list(ox.parse(path=tmp_path / "graph.ttl", format=ox.RdfFormat.TURTLE))
    assert len(trig) == 10 and len(turtle) == 6  # the same offset in five graphs is one triple
    with store_written(store, tmp_path) as stored:
        pass
    assert stored == [tmp_path / "store"] and not (tmp_path / ".store.nq").exists()
    assert {str(g) for g in open_store(tmp_path).named_graphs()} == {f"<{g}>" for g in graphs}


def test_offsets_regain_their_vocabulary_datatype(tmp_path: Path) -> None:
    store = ox.Store()
    graph = named(DERIVED_GRAPH)
    store.add(ox.Quad(CLAIM, named(OA.start), ox.Literal("12", datatype=named(XSD + "integer")), graph))
    quote = ox.Literal('<http://www.w3.org/ns/oa#start> "3"^^<http://www.w3.org/2001/XMLSchema#integer>')
    store.add(ox.Quad(CLAIM, QUOTE, quote, graph))  # the same text inside a literal is left alone
    write_rdf(store, [], tmp_path)
    objects = {q.predicate: q.object for q in ox.parse(path=tmp_path / "graph.trig", format=ox.RdfFormat.TRIG)}
    assert objects[named(OA.start)] == ox.Literal("12", datatype=named(XSD + "nonNegativeInteger"))
    assert objects[QUOTE] == quote


def test_a_failed_block_stops_the_store_writer_and_removes_its_dump(tmp_path: Path) -> None:
    store = ox.Store()
    store.add(ox.Quad(CLAIM, QUOTE, ox.Literal("q"), named(SHARED_GRAPH)))
    with pytest.raises(RuntimeError), store_written(store, tmp_path):
        raise RuntimeError("another writer failed")
    assert sorted(p.name for p in tmp_path.iterdir()) in ([], ["store"])


def test_a_store_that_cannot_be_written_is_an_output_error_naming_it(tmp_path: Path) -> None:
    store = ox.Store()
    store.add(ox.Quad(CLAIM, QUOTE, ox.Literal("q"), named(SHARED_GRAPH)))
    (tmp_path / "store").write_text("not a folder")  # Oxigraph cannot open a store there
    with pytest.raises(OutputError) as raised, store_written(store, tmp_path):
        pass
    assert "cannot write the store" in str(raised.value) and str(tmp_path / "store") in str(raised.value)
    assert not (tmp_path / ".store.nq").exists()
