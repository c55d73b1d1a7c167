"""The benchmarks' synthetic corpus builds without a problem at small N and has the shape it promises.

Facts are read back from the built store, not from the generator: a generator that stopped
sharing speakers or writing echoes would leave the benchmark measuring a different corpus.
"""

from __future__ import annotations

import filecmp
import importlib.util
import sys
from pathlib import Path

import pytest

from graph.build import build
from graph.config import Config
from graph.store import open_store

from .conftest import PROJECT

spec = importlib.util.spec_from_file_location("benchmarks_synthetic", PROJECT / "benchmarks" / "synthetic.py")
synthetic = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = synthetic  # its dataclasses look their module up
spec.loader.exec_module(synthetic)

PREFIXES = """PREFIX cg: <https://w3id.org/claimgraph/ontology#>
PREFIX schema: <https://schema.org/>
"""


def select(out: Path, query: str) -> list[tuple]:
    rows = open_store(out).query(PREFIXES + query, use_default_graph_as_union=True)
    return [tuple(term.value for term in row) for row in rows]


def count(out: Path, query: str) -> int:
    return int(select(out, query)[0][0])


BUILT: dict[int, Path] = {}


def built_corpus(tmp_path_factory: pytest.TempPathFactory, documents: int) -> tuple[int, Path]:
    """The corpus of N documents, built once; the build raises on any problem, so reaching here means none."""
    if documents not in BUILT:
        root = synthetic.write_corpus(tmp_path_factory.mktemp(f"synthetic-{documents}"), documents)
        build(Config.under(root))
        BUILT[documents] = root / "out"
    return documents, BUILT[documents]


@pytest.fixture(params=[10, 200])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path]:
    return built_corpus(tmp_path_factory, request.param)


@pytest.fixture
def larger(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path]:
    """Two hundred documents: enough that every kind of repetition the generator writes occurs."""
    return built_corpus(tmp_path_factory, 200)


def test_every_document_is_built_and_dated_by_one_of_its_claims(built: tuple[int, Path]) -> None:
    documents, out = built
    assert count(out, "SELECT (COUNT(?d) AS ?n) WHERE { ?d a cg:Document }") == documents
    dated = (
        "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d cg:notBefore ?date ; cg:dateEvidence ?c . ?c cg:reportedIn ?d }"
    )
    assert count(out, dated) == documents


def test_one_to_four_claims_per_document_each_stating_a_figure(built: tuple[int, Path]) -> None:
    documents, out = built
    per_document = [
        int(n)
        for (n,) in select(out, "SELECT (COUNT(?c) AS ?n) WHERE { ?c a cg:Claim ; cg:reportedIn ?d } GROUP BY ?d")
    ]
    assert len(per_document) == documents
    assert min(per_document) >= 1 and max(per_document) <= 4
    if documents >= 200:  # an average needs a sample
        assert 1.4 <= sum(per_document) / documents <= 2.4
    without = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a cg:Claim FILTER NOT EXISTS { ?c cg:states ?f } }"
    assert count(out, without) == 0


def test_cross_document_echoes_and_co_statements(larger: tuple[int, Path]) -> None:
    documents, out = larger
    for link in ("cg:echoes", "cg:coStates"):
        across = f"""SELECT (COUNT(*) AS ?n) WHERE {{
          ?a {link} ?b . ?a cg:reportedIn ?da ; cg:quote ?q . ?b cg:reportedIn ?db ; cg:quote ?q .
          FILTER(?da != ?db) }}"""
        assert count(out, across) >= 10, link
    assert count(out, "SELECT (COUNT(?e) AS ?n) WHERE { ?e a cg:Echo }") >= documents / 10


def test_people_and_organisations_recur_across_documents(larger: tuple[int, Path]) -> None:
    documents, out = larger
    speakers = select(
        out,
        """SELECT ?who (COUNT(DISTINCT ?d) AS ?n) WHERE {
          ?c cg:assertedBy ?who ; cg:reportedIn ?d . ?who a schema:Person }
        GROUP BY ?who HAVING (COUNT(DISTINCT ?d) >= 2)""",
    )
    assert len(speakers) >= 20
    # Speakers recur within a stretch of the corpus, not everywhere: document pairs stay linear.
    assert max(int(n) for _, n in speakers) < documents / 4
    about = select(
        out,
        """SELECT ?org (COUNT(DISTINCT ?d) AS ?n) WHERE {
          ?c cg:about ?org ; cg:reportedIn ?d . ?org a schema:Organization }
        GROUP BY ?org ORDER BY DESC(?n) LIMIT 1""",
    )
    assert int(about[0][1]) >= documents / 10


def test_quantities_are_measured_again_but_rarely_share_a_number(larger: tuple[int, Path]) -> None:
    _, out = larger
    quantities = count(out, "SELECT (COUNT(?q) AS ?n) WHERE { ?q a cg:MeasuredQuantity }")
    recurring = """SELECT (COUNT(*) AS ?n) WHERE {
      { SELECT ?q WHERE { ?f cg:measures ?q . ?c cg:states ?f ; cg:reportedIn ?d }
        GROUP BY ?q HAVING (COUNT(DISTINCT ?d) >= 2) } }"""
    coinciding = "SELECT (COUNT(?x) AS ?n) WHERE { ?x a cg:FigureCoincidence }"
    assert count(out, recurring) >= quantities / 5
    assert count(out, coinciding) <= quantities / 10


def test_the_generator_is_deterministic(tmp_path: Path) -> None:
    one = synthetic.write_corpus(tmp_path / "one", 50)
    two = synthetic.write_corpus(tmp_path / "two", 50)
    for folder in ("seeds", "annotations"):
        names = sorted(p.name for p in (one / folder).iterdir())
        assert names == sorted(p.name for p in (two / folder).iterdir())
        _, mismatch, errors = filecmp.cmpfiles(one / folder, two / folder, names, shallow=False)
        assert not mismatch and not errors
