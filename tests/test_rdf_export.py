"""The RDF files and the on-disk store, written straight from the build's pyoxigraph store."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.aside import Writer
from graph.dump import Dump, dumping
from graph.errors import OutputError
from graph.export.rdf import Arriving, Lines, forked, rdf_written, store_lines, write_rdf
from graph.namespaces import ANCHORS_GRAPH, DERIVED_GRAPH, GRAPH, OA, ONTOLOGY_GRAPH, SHARED_GRAPH
from graph.store import open_store, store_written

XSD = "http://www.w3.org/2001/XMLSchema#"
CLAIM = ox.NamedNode("https://w3id.org/claimgraph/doc/x/c1")
QUOTE = ox.NamedNode("https://w3id.org/claimgraph/ontology#quote")


def named(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def annotations_of(store: ox.Store) -> ox.Store:
    """What the build's store holds when the first part is dumped: everything but the derived graph."""
    first = ox.Store()
    first.extend(q for q in store if q.graph_name != named(DERIVED_GRAPH))
    return first


@contextmanager
def dumped(store: ox.Store, documents: list[str], folder: Path) -> Iterator[Dump]:
    """``store`` dumped as the build dumps it: its annotations, its derived graph, the index."""
    with dumping(folder) as dump:
        dump.annotations(annotations_of(store), documents)
        dump.derived(store)
        yield dump


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
    write_rdf(store_lines(s), [], tmp_path)
    for name in ("graph.trig", "graph.ttl"):
        assert "_:bfeedn0" in (tmp_path / name).read_text(encoding="utf-8"), name


def test_every_named_graph_is_written_apart_and_merged_in_turtle(tmp_path: Path) -> None:
    graphs = [GRAPH["000_x"], SHARED_GRAPH, ONTOLOGY_GRAPH, ANCHORS_GRAPH, DERIVED_GRAPH]
    store = ox.Store()
    for i, graph in enumerate(graphs):
        store.add(ox.Quad(CLAIM, QUOTE, ox.Literal(f"q{i}"), named(graph)))
        store.add(ox.Quad(CLAIM, named(OA.start), ox.Literal("0", datatype=named(XSD + "integer")), named(graph)))
    write_rdf(store_lines(store), [], tmp_path)
    trig = list(ox.parse(path=tmp_path / "graph.trig", format=ox.RdfFormat.TRIG))
    assert sorted({str(q.graph_name) for q in trig}) == sorted(f"<{g}>" for g in graphs)
    turtle = list(ox.parse(path=tmp_path / "graph.ttl", format=ox.RdfFormat.TURTLE))
    assert len(trig) == 10 and len(turtle) == 6  # the same offset in five graphs is one triple
    with dumping(tmp_path) as dump:
        with store_written(dump.annotations(annotations_of(store), []), tmp_path) as load:
            load(dump.derived(store))  # the derived graph, given once the writer has started
        files = [*dump.parts, tmp_path / "store"]
    assert len(files) == 3 and not any(p.exists() for p in files[:2])
    assert set(open_store(tmp_path)) == set(store)


def test_offsets_regain_their_vocabulary_datatype(tmp_path: Path) -> None:
    store = ox.Store()
    graph = named(DERIVED_GRAPH)
    store.add(ox.Quad(CLAIM, named(OA.start), ox.Literal("12", datatype=named(XSD + "integer")), graph))
    quote = ox.Literal('<http://www.w3.org/ns/oa#start> "3"^^<http://www.w3.org/2001/XMLSchema#integer>')
    store.add(ox.Quad(CLAIM, QUOTE, quote, graph))  # the same text inside a literal is left alone
    write_rdf(store_lines(store), [], tmp_path)
    objects = {q.predicate: q.object for q in ox.parse(path=tmp_path / "graph.trig", format=ox.RdfFormat.TRIG)}
    assert objects[named(OA.start)] == ox.Literal("12", datatype=named(XSD + "nonNegativeInteger"))
    assert objects[QUOTE] == quote


def test_a_failed_block_stops_the_writers_and_removes_the_dump(tmp_path: Path) -> None:
    store = ox.Store()
    store.add(ox.Quad(CLAIM, QUOTE, ox.Literal("q"), named(SHARED_GRAPH)))
    with (
        pytest.raises(RuntimeError),
        dumped(store, [], tmp_path) as dump,
        store_written(dump.parts[0], tmp_path),
        rdf_written(dump.index, tmp_path, "out"),
    ):
        raise RuntimeError("another writer failed")
    left = {p.name for p in tmp_path.iterdir()}
    assert left <= {"store", "graph.trig", "graph.ttl", "graph.jsonld", "claims.jsonld", "context.jsonld"}, left


def test_a_store_that_cannot_be_written_is_an_output_error_naming_it(tmp_path: Path) -> None:
    store = ox.Store()
    store.add(ox.Quad(CLAIM, QUOTE, ox.Literal("q"), named(SHARED_GRAPH)))
    (tmp_path / "store").write_text("not a folder")  # Oxigraph cannot open a store there
    with (
        pytest.raises(OutputError) as raised,
        dumped(store, [], tmp_path) as dump,
        store_written(dump.parts[0], tmp_path),
    ):
        pass
    assert "cannot write the store" in str(raised.value) and str(tmp_path / "store") in str(raised.value)
    assert not any(p.exists() for p in [*dump.parts, dump.index])


def test_a_line_for_a_writer_that_has_stopped_is_left_to_its_own_error() -> None:
    """The store's writer may fail before the build gives it the derived graph: the build then
    reports the writer's own error when the block ends (``beside``), not a broken pipe."""
    stopped = subprocess.Popen([sys.executable, "-c", "pass"], stdin=subprocess.PIPE)
    stopped.wait()
    Writer(stopped).send("x" * 1_000_000)  # more than a pipe holds: the write itself finds it closed
    stopped.stdin.close()


def test_the_rdf_writer_beside_the_build_writes_what_write_rdf_writes(tmp_path: Path) -> None:
    store = ox.Store()
    blank = ox.BlankNode("bfeedn0")
    store.add(ox.Quad(CLAIM, QUOTE, ox.Literal("« Trémie »\nligne", language="fr"), named(GRAPH["000_x"])))
    store.add(ox.Quad(CLAIM, named(OA.start), ox.Literal("3", datatype=named(XSD + "integer")), named(DERIVED_GRAPH)))
    store.add(ox.Quad(CLAIM, QUOTE, blank, ox.DefaultGraph()))
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir(), there.mkdir()
    _, triples = write_rdf(store_lines(store), [str(GRAPH["000_x"])], here)
    with dumped(store, [str(GRAPH["000_x"])], there) as dump, rdf_written(dump.index, there, "out") as written:
        written.last(dump.parts[1])
    assert written.triples == triples == 3
    assert sorted(p.name for p in written.files) == sorted(p.name for p in here.iterdir())
    for path in here.iterdir():
        assert (there / path.name).read_bytes() == path.read_bytes(), path.name
    assert sorted(p.name for p in there.iterdir()) == sorted(p.name for p in here.iterdir())


def test_lines_are_each_graphs_sorted_triples_the_default_graph_first(tmp_path: Path) -> None:
    store = ox.Store()
    store.add(ox.Quad(CLAIM, QUOTE, ox.Literal("a .\n b <x> ."), ox.DefaultGraph()))
    store.add(ox.Quad(CLAIM, QUOTE, ox.Literal("c d"), named(SHARED_GRAPH)))
    store.add(ox.Quad(CLAIM, QUOTE, ox.Literal("b"), named(SHARED_GRAPH)))
    store.add(ox.Quad(CLAIM, QUOTE, ox.Literal("e"), named(f"{SHARED_GRAPH}/more")))  # sorts after <…shared>
    lines = store_lines(store)
    assert [g for g, _ in lines.graphs] == [ox.DefaultGraph(), named(SHARED_GRAPH), named(f"{SHARED_GRAPH}/more")]
    claim = f"<{CLAIM.value}> <{QUOTE.value}> "
    assert lines.graphs[0][1] == [f'{claim}"a .\\n b <x> ." .\n'.encode()]
    assert lines.graphs[1][1] == [f'{claim}"b" .\n'.encode(), f'{claim}"c d" .\n'.encode()]
    assert set(lines.quads()) == set(store)


def test_an_rdf_writer_that_fails_is_an_output_error_naming_the_folder(tmp_path: Path) -> None:
    store = ox.Store()
    store.add(ox.Quad(CLAIM, QUOTE, ox.Literal("q"), named(SHARED_GRAPH)))
    (tmp_path / "graph.trig").mkdir()  # a folder where the file goes: the writer cannot open it
    with (
        pytest.raises(OutputError) as raised,
        dumped(store, [], tmp_path) as dump,
        rdf_written(dump.index, tmp_path, "out"),
    ):
        pass
    assert "out" in str(raised.value) and "cannot write the RDF files" in str(raised.value)
    assert not any(p.exists() for p in [*dump.parts, dump.index])


def test_the_dump_refuses_quads_the_derived_graph_does_not_hold(tmp_path: Path) -> None:
    store = ox.Store()
    store.add(ox.Quad(CLAIM, QUOTE, ox.Literal("q"), named(SHARED_GRAPH)))
    with dumping(tmp_path) as dump:
        dump.annotations(store, [])
        store.add(ox.Quad(CLAIM, QUOTE, ox.Literal("added later"), named(SHARED_GRAPH)))
        with pytest.raises(RuntimeError, match="outside the derived graph"):
            dump.derived(store)
    store.add(ox.Quad(CLAIM, QUOTE, ox.Literal("d"), named(DERIVED_GRAPH)))
    with dumping(tmp_path) as dump, pytest.raises(RuntimeError, match="derived graph must be empty"):
        dump.annotations(store, [])
    assert list(tmp_path.iterdir()) == []


def test_a_later_graph_is_waited_for_only_when_its_turn_comes() -> None:
    """The RDF writer starts on the annotations: what sorts before the derived graph is written
    before the derived graph is dumped, and the result is that of the whole store at once."""
    store = ox.Store()
    for graph in (GRAPH["000_x"], ANCHORS_GRAPH, DERIVED_GRAPH, SHARED_GRAPH):
        store.add(ox.Quad(CLAIM, QUOTE, ox.Literal(f"in {graph}"), named(graph)))
        store.add(ox.Quad(CLAIM, QUOTE, ox.Literal("everywhere"), named(graph)))  # one triple of graph.ttl
    first, derived = store_lines(annotations_of(store)), store_lines(store).graphs[2:3]
    assert derived[0][0] == named(DERIVED_GRAPH)
    asked: list[str] = []

    def arrive():
        asked.append("derived")
        return Lines(derived)

    lines = Arriving(first, [named(DERIVED_GRAPH)], arrive)
    order = []
    for graph, _ in lines.graphs():
        order.append((str(graph), len(asked)))
    assert order == [
        (f"<{GRAPH['000_x']}>", 0),
        (f"<{ANCHORS_GRAPH}>", 0),
        (f"<{DERIVED_GRAPH}>", 1),
        (f"<{SHARED_GRAPH}>", 1),
    ]
    whole = store_lines(store)
    assert lines.distinct() == whole.distinct() and len(whole.distinct()) == 5
    assert set(Arriving(first, [named(DERIVED_GRAPH)], arrive).quads()) == set(store)


def test_an_rdf_writer_never_given_the_derived_graph_says_so(tmp_path: Path) -> None:
    store = ox.Store()
    store.add(ox.Quad(CLAIM, QUOTE, ox.Literal("q"), named(SHARED_GRAPH)))
    with (
        pytest.raises(OutputError) as raised,
        dumped(store, [], tmp_path) as dump,
        rdf_written(dump.index, tmp_path, "out"),
    ):
        pass  # the build's block ended without ``last``
    assert "the build stopped before the derived graph was dumped" in str(raised.value)


def test_the_last_line_lets_a_writer_finish_before_the_block_ends() -> None:
    reader = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        Writer(reader).last("the last part")
        assert reader.wait(timeout=30) == 0  # it read to the end of its input: closed by ``last``
    finally:
        reader.kill()


def test_work_forked_beside_a_block_is_done_and_its_failure_fails_the_block(tmp_path: Path) -> None:
    done = tmp_path / "done"
    with forked(lambda: done.write_text("by the child"), apart=True):
        pass
    assert done.read_text() == "by the child"

    def failing() -> None:
        raise ValueError("cannot write")

    with pytest.raises(RuntimeError, match=r"^ValueError: cannot write$"), forked(failing, apart=True):  # its own words
        pass


def test_an_empty_later_graph_is_waited_for_and_written_as_nothing() -> None:
    store = ox.Store()
    store.add(ox.Quad(CLAIM, QUOTE, ox.Literal("q"), named(SHARED_GRAPH)))  # sorts after the derived graph
    arrivals: list[str] = []

    def arrive() -> Lines:
        arrivals.append("derived")
        return Lines([])  # the analysis derived nothing

    lines = Arriving(store_lines(store), [named(DERIVED_GRAPH)], arrive)
    assert [str(graph) for graph, _ in lines.graphs()] == [f"<{SHARED_GRAPH}>"]
    assert arrivals == ["derived"] and lines.distinct() == store_lines(store).distinct()
