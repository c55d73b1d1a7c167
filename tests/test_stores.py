"""The built graph in existing triple stores: pushed by the Graph Store Protocol to Oxigraph's server and
Virtuoso (started here on 127.0.0.1), and every named query giving the same rows there as locally."""

from __future__ import annotations

import math
import re
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.build import build
from graph.cli import main
from graph.config import Config
from graph.push import Credentials, push
from graph.query import NamedQuery, bind, cell, library, run
from graph.remote import ONE_LINE_PROLOGUE, run_remote, term
from graph.serve import Options, make_server
from graph.store import open_store

from .conftest import TINY
from .servers import Store, oxigraph_server, virtuoso_server

PARAMS = {
    "claims-about-entity": {"entity": "ent:stargate"},
    "claims-by-speaker": {"speaker": "ent:satya-nadella"},
    "claims-citing-source": {"source": "src:cnbc"},
    "document-claims": {"document": "d:002_59f5497307406c20"},
    "claim-links": {"claim": "d:003_20d0bc27540a3397/c05"},
    "find": {"text": "tremie"},
    "figure-provenance": {"measure": "qty:deepseek-v3-training-cost"},
    "provenance": {"claim": "<https://w3id.org/claimgraph/doc/002_59f5497307406c20/c37>"},
    "who-said": {"text": "escroc"},
}
BASE = "https://w3id.org/claimgraph/"
GRAPH = BASE + "graph/"


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def remote(request, real_out: Path, tmp_path_factory: pytest.TempPathFactory):
    starter = oxigraph_server if request.param == "oxigraph" else virtuoso_server
    with starter(tmp_path_factory.mktemp(request.param)) as store:
        credentials = Credentials(store.user, store.password) if store.user else None
        sent = push(open_store(real_out), store.graph_store, credentials).sent
        yield store, sent


@pytest.fixture(scope="module")
def served(real_out: Path):
    server = make_server(real_out, "127.0.0.1", 0, Options(workers=2))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


def ad_hoc(store: Store, text: str):
    return run_remote(store.query, NamedQuery("ad-hoc", "", "", (), text))


def concatenated(query: NamedQuery) -> dict[str, str]:
    """The columns a query fills with GROUP_CONCAT, and their separators."""
    found = {}
    for match in re.finditer(r"GROUP_CONCAT\((.*?)\)\s+AS\s+\?(\w+)", query.text, re.S):
        separator = re.search(r'separator\s*=\s*"((?:[^"\\]|\\.)*)"', match[1], re.I)
        found[match[2]] = separator[1] if separator else " "
    return found


def same_cell(a: object, b: object, separator: str | None) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-5)
    empty = (None, "")
    if (a in empty or a != a) and (b in empty or b != b):
        return True  # an empty GROUP_CONCAT: Virtuoso writes "", Oxigraph leaves it unbound
    if separator is not None and isinstance(a, str) and isinstance(b, str):
        return sorted(a.split(separator)) == sorted(b.split(separator))
    return a == b


def same_rows(local, remote, query: NamedQuery) -> bool:
    """Equal row by row, in order. SPARQL leaves two things to the engine, and they are allowed for:
    doubles written to 6 significant digits (Virtuoso: 1.07143), and the order of the values inside
    a GROUP_CONCAT cell (compared as a set)."""
    if list(local.columns) != list(remote.columns) or len(local) != len(remote):
        return False
    lists = concatenated(query)
    for a_row, b_row in zip(local.itertuples(index=False), remote.itertuples(index=False), strict=True):
        for column, a, b in zip(local.columns, a_row, b_row, strict=True):
            if not same_cell(a, b, lists.get(column)):
                return False
    return True


def sparqlwrapper_rows(endpoint: str, text: str):
    """The rows of a query sent by SPARQLWrapper, a client the project does not write."""
    import pandas as pd
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setQuery(text)
    client.setReturnFormat(JSON)
    results = client.query().convert()
    columns = results["head"]["vars"]
    rows = [[cell(term(b[c])) if c in b else None for c in columns] for b in results["results"]["bindings"]]
    return pd.DataFrame(rows, columns=columns)


def test_push_fills_one_graph_per_document_plus_shared_ontology_derived(remote, real_out: Path) -> None:
    store, sent = remote
    local = open_store(real_out)
    assert set(sent) == {g.value for g in local.named_graphs()}
    assert {GRAPH + "shared", GRAPH + "ontology", GRAPH + "derived"} <= set(sent)
    assert sum(1 for g in sent if g.removeprefix(GRAPH)[:3].isdigit()) == 5
    for graph, triples in sent.items():
        count = run_remote(
            store.query,
            library()["echoes"].__class__(
                "count", "", "", (), f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
            ),
        )
        assert int(count["n"].iloc[0]) == triples, graph


@pytest.mark.parametrize("name", sorted(library()))
def test_every_named_query_gives_the_same_rows_there(remote, real_out: Path, name: str) -> None:
    store, _ = remote
    query = library()[name]
    local = run(open_store(real_out), query, PARAMS.get(name, {}))
    agrees = same_rows(local, run_remote(store.query, query, PARAMS.get(name, {})), query)
    assert agrees
    text = ONE_LINE_PROLOGUE + bind(query, PARAMS.get(name, {}))
    assert same_rows(local, sparqlwrapper_rows(store.query, text), query)


FOLDED_SEARCHES = [
    # 002 quotes Musk calling Altman « escroc. »; 003 writes Nvidia's Hopper as "50 000 Trémie".
    ("who-said", "Escroc", [f"{BASE}doc/002_59f5497307406c20/c35"]),
    ("who-said", "ESCRÔC", [f"{BASE}doc/002_59f5497307406c20/c35"]),  # accents folded in the text too
    ("find", "TREMIE", [f"{BASE}entity/nvidia-hopper", f"{BASE}doc/003_20d0bc27540a3397/e62"]),
    ("find", "Trémie", [f"{BASE}entity/nvidia-hopper", f"{BASE}doc/003_20d0bc27540a3397/e62"]),
    ("find", "tremies", []),
]


@pytest.mark.parametrize(("name", "text", "expected"), FOLDED_SEARCHES)
def test_searches_fold_case_and_accents_alike_on_every_engine(remote, served, real_out, name, text, expected) -> None:
    store, _ = remote
    query, column = library()[name], "claim" if name == "who-said" else "thing"
    assert list(run(open_store(real_out), query, {"text": text})[column]) == expected
    assert list(run_remote(served, query, {"text": text})[column]) == expected
    assert list(run_remote(store.query, query, {"text": text})[column]) == expected


def test_most_named_queries_have_rows_to_compare(real_out: Path) -> None:
    store = open_store(real_out)
    empty = [n for n, q in library().items() if len(run(store, q, PARAMS.get(n, {}))) == 0]
    assert len(empty) <= len(library()) // 4, empty


@pytest.mark.parametrize("name", sorted(library()))
def test_every_named_query_through_sparqlwrapper_on_serve(served: str, real_out: Path, name: str) -> None:
    query = library()[name]
    local = run(open_store(real_out), query, PARAMS.get(name, {}))
    assert same_rows(local, sparqlwrapper_rows(served, bind(query, PARAMS.get(name, {}))), query)


def test_query_endpoint_from_the_cli(remote) -> None:
    store, _ = remote
    result = CliRunner().invoke(
        main,
        ["query", "claims-by-speaker", "--endpoint", store.query, "-p", "speaker=ent:satya-nadella", "--format", "csv"],
    )
    assert result.exit_code == 0, result.output
    assert "80 milliards de dollars" in result.output and "002_59f5497307406c20.txt" in result.output


def test_push_from_the_cli(real_out: Path, tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "ox") as store:
        result = CliRunner().invoke(main, ["push", "--endpoint", store.graph_store, "--out", str(real_out)])
        assert result.exit_code == 0, result.output
        assert f"<{GRAPH}derived>" in result.output and f"<{GRAPH}anchors>" in result.output
        assert "9 graphs" in result.output  # five documents, shared, ontology, anchors, derived
    result = CliRunner().invoke(main, ["push", "--endpoint", "http://127.0.0.1:9/store", "--out", str(real_out)])
    assert result.exit_code == 1 and "cannot reach" in result.output


def edited_tiny(tmp_path: Path) -> tuple[Path, Path]:
    """The tiny world built twice: as it is, and after renaming an entity's label."""
    import shutil

    root = tmp_path / "tiny"
    shutil.copytree(TINY, root)
    first, second = tmp_path / "out1", tmp_path / "out2"
    build(Config.under(root, out=first))
    entities = root / "annotations/entities.ttl"
    text = entities.read_text(encoding="utf-8")
    assert 'rdfs:label "Acme"' in text
    entities.write_text(text.replace('rdfs:label "Acme"', 'rdfs:label "Acme Renamed"'), encoding="utf-8")
    build(Config.under(root, out=second))
    return first, second


@pytest.mark.parametrize("starter", [oxigraph_server, virtuoso_server], ids=["oxigraph", "virtuoso"])
def test_repush_after_an_edit_leaves_no_stale_triple(starter, tmp_path: Path) -> None:
    first, second = edited_tiny(tmp_path)
    with starter(tmp_path / "server") as store:
        credentials = Credentials(store.user, store.password) if store.user else None
        push(open_store(first), store.graph_store, credentials)
        sent = push(open_store(second), store.graph_store, credentials, chunk=40).sent  # PUT, then POSTs
        shared = ad_hoc(store, f"SELECT ?l WHERE {{ GRAPH <{GRAPH}shared> {{ ?e rdfs:label ?l }} }} ORDER BY ?l")
        assert "Acme Renamed" in set(shared["l"]) and "Acme" not in set(shared["l"])
        total = run_remote(
            store.query,
            library()["echoes"].__class__(
                "n",
                "",
                "",
                (),
                f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }}',
            ),
        )
        assert int(total["n"].iloc[0]) == sum(sent.values()) == len(open_store(second))


def tiny_with_and_without_a_second_document(tmp_path: Path) -> tuple[Path, Path]:
    """The tiny world built with a copy of its document as 002_tiny, then without it."""
    import shutil

    root = tmp_path / "tiny"
    shutil.copytree(TINY, root)
    with_copy, without = tmp_path / "out-with", tmp_path / "out-without"
    build(Config.under(root, out=without))
    seed, annotation = root / "seeds/001_tiny.txt", root / "annotations/001_tiny.ttl"
    shutil.copy(seed, root / "seeds/002_tiny.txt")
    copied = annotation.read_text(encoding="utf-8").replace("001_tiny", "002_tiny")
    (root / "annotations/002_tiny.ttl").write_text(copied, encoding="utf-8")
    build(Config.under(root, out=with_copy))
    return with_copy, without


@pytest.mark.parametrize("starter", [oxigraph_server, virtuoso_server], ids=["oxigraph", "virtuoso"])
def test_repush_after_a_document_is_removed_deletes_its_graph_and_nothing_else(starter, tmp_path: Path) -> None:
    with_copy, without = tiny_with_and_without_a_second_document(tmp_path)
    gone = GRAPH + "002_tiny"
    with starter(tmp_path / "server") as store:
        credentials = Credentials(store.user, store.password) if store.user else None
        first = push(open_store(with_copy), store.graph_store, credentials)
        assert gone in first.sent and first.removed == []
        # Graphs the user keeps in the same store, one of them named under the project's base IRI.
        theirs = {"http://example.org/mine": 2, BASE + "graphs/kept": 1}
        for graph, triples in theirs.items():
            store_graph(store, credentials, graph, triples)
        second = push(open_store(without), store.graph_store, credentials)
        assert second.removed == [gone] and gone not in second.sent
        assert count(store, f"GRAPH <{gone}> {{ ?s ?p ?o }}") == 0
        assert count(store, 'GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?s), "002_tiny"))') == 0
        ours = f'GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{GRAPH}"))'
        assert count(store, ours) == sum(second.sent.values()) == len(open_store(without))
        for graph, triples in theirs.items():
            assert count(store, f"GRAPH <{graph}> {{ ?s ?p ?o }}") == triples, graph


def count(store: Store, pattern: str) -> int:
    rows = run_remote(store.query, NamedQuery("count", "", "", (), f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"))
    return int(rows["n"].iloc[0])


def store_graph(store: Store, credentials: Credentials | None, graph: str, triples: int) -> None:
    """A graph of the user's own, PUT by the Graph Store Protocol as any client would."""
    import urllib.request

    from graph.push import authorization, graph_url

    body = "".join(f"<http://example.org/s{i}> <http://example.org/p> \"{i}\" .\n" for i in range(triples))
    url = graph_url(store.graph_store, graph)
    headers = {"Content-Type": "application/n-triples", **authorization(url, "PUT", credentials)}
    request = urllib.request.Request(url, data=body.encode(), method="PUT", headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
