"""The whole build on the tiny world: outputs, both stores, a second parser, atomic replacement."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from graph.build import build
from graph.config import Config
from graph.errors import LoadError
from graph.namespaces import CG, DOC, ENT, OA

from .conftest import TINY

C01 = URIRef(DOC["001_tiny/c01"])
C02 = URIRef(DOC["001_tiny/c02"])
SEED = (TINY / "seeds/001_tiny.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tiny-out")
    build(Config.under(TINY, out=out))
    return out


def read_dataset(path: Path) -> ox.Dataset:
    return ox.Dataset(ox.parse(path=path, format=ox.RdfFormat.from_extension(path.suffix[1:])))


def test_outputs_are_read_by_a_second_parser(built: Path) -> None:
    for name in ("graph.ttl", "graph.trig", "graph.jsonld"):
        quads = list(ox.parse(path=built / name, format=ox.RdfFormat.from_extension(name.rsplit(".", 1)[1])))
        assert len(quads) > 100, name


def test_trig_has_one_graph_per_document_plus_anchors_and_derived(built: Path) -> None:
    quads = list(ox.parse(path=built / "graph.trig", format=ox.RdfFormat.TRIG))
    graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    base = "https://w3id.org/claimgraph/graph/"
    assert graphs == {base + "001_tiny", base + "shared", base + "ontology", base + "anchors", base + "derived"}
    # What anchoring computes is kept out of the hand-written graph: the annotator wrote none of it.
    computed = {str(CG.reportedIn), str(CG.anchor), str(CG.cueAnchor), str(OA.hasSelector), str(OA.start)}
    by_graph = {
        g: {q.predicate.value for q in quads if q.graph_name.value == base + g} for g in ("001_tiny", "anchors")
    }
    assert computed <= by_graph["anchors"]
    assert not computed & by_graph["001_tiny"]


def test_position_selector_points_at_the_quote_in_the_seed(built: Path) -> None:
    store = ox.Store()
    store.load(path=built / "graph.ttl", format=ox.RdfFormat.TURTLE)
    rows = list(
        store.query(f"""
        PREFIX oa: <{OA}> PREFIX cg: <{CG}>
        SELECT ?start ?end ?exact WHERE {{
          <{C02}> cg:anchor/oa:hasSelector ?p, ?q .
          ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact }}""")
    )
    assert len(rows) == 1
    start, end, exact = int(rows[0]["start"].value), int(rows[0]["end"].value), rows[0]["exact"].value
    assert exact == "Nous avons dépensé 6 millions de dollars."
    assert SEED[start:end] == exact
    assert SEED[start - 2 : start] == "«\u00a0"  # the quote sits after the guillemet and its no-break space


def test_derived_attribution_names_speaker_and_reporter(built: Path) -> None:
    store = ox.Store()
    store.load(path=built / "graph.trig", format=ox.RdfFormat.TRIG)
    ask = store.query(f"""PREFIX cg: <{CG}> ASK {{ GRAPH <https://w3id.org/claimgraph/graph/derived> {{
        <{ENT["jean-dupont"]}> cg:asserts <{C02}> . <{C02}> cg:reportedBy <{ENT["gazette"]}> }} }}""")
    assert bool(ask)
    # The gazette's own claim has no separate reporter.
    assert not bool(store.query(f"PREFIX cg: <{CG}> ASK {{ GRAPH ?g {{ <{C01}> cg:reportedBy ?r }} }}"))


def test_memory_and_oxigraph_stores_give_the_same_graph(tmp_path: Path) -> None:
    tiny = TINY
    results = {}
    for store in ("oxigraph", "memory"):
        out = tmp_path / store
        build(Config.under(tiny, store=store, out=out))
        results[store] = {str(q) for q in ox.parse(path=out / "graph.trig", format=ox.RdfFormat.TRIG)}
    assert results["oxigraph"] == results["memory"]


def test_failed_load_leaves_earlier_outputs(tiny: Path) -> None:
    out = tiny / "out"
    build(Config.under(tiny, out=out))
    before = (out / "graph.ttl").read_bytes()
    (tiny / "annotations/entities.ttl").write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(LoadError) as error:
        build(Config.under(tiny, out=out))
    assert error.value.exit_code == 2
    assert "annotations/entities.ttl:1" in str(error.value)
    assert (out / "graph.ttl").read_bytes() == before
    assert not list(tiny.glob(".out-*")), "no staging folder is left behind"


def test_gloss_is_english(built: Path) -> None:
    g = ox.Store()
    g.load(path=built / "graph.ttl", format=ox.RdfFormat.TURTLE)
    glosses = [r["g"] for r in g.query(f"PREFIX cg: <{CG}> SELECT ?g WHERE {{ <{C01}> cg:gloss ?g }}")]
    assert [(x.value, x.language) for x in glosses] == [("Acme spent $5.6 million.", "en")]
