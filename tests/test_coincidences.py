"""Figure coincidences on tiny hand-built graphs: the same number for two quantities in two documents."""

from __future__ import annotations

import pyoxigraph as ox

from graph.analysis.coincidences import coincidence_quads, coincidences, figure_coincidences
from graph.namespaces import CG

from .test_analysis import claim, figure, nothing, world

QTY = "https://w3id.org/claimgraph/quantity/"


def test_empty_graph_has_no_coincidence() -> None:
    assert figure_coincidences(nothing()).empty
    assert len(list(coincidence_quads(coincidences(nothing())))) == 0


def test_same_number_of_two_quantities_in_two_documents() -> None:
    turtle = (
        claim("c1", "author-a", "a", 10, "; cg:states :f1, :f2 ")
        + figure("f1", "tranche", "100000000000", surface="100 milliards de dollars")
        + figure("f2", "gpt4", "100000000000", surface="100 milliards de dollars")  # same document: no pair with f1
        + claim("c2", "author-b", "b", 10, "; cg:states :f3, :f4 ")
        + figure("f3", "smuggling", "100000000000", surface="100 milliards de dollars")
        + figure("f4", "tranche", "100000000000", surface="100 milliards de dollars")  # same quantity as f1
    )
    found = coincidences(world(turtle))
    frame = found.pairs
    pairs = sorted(
        (r.measure_a.removeprefix(QTY), r.measure_b.removeprefix(QTY), r.statements) for r in frame.itertuples()
    )
    # tranche/smuggling: f1 (a) with f3 (b); f4 sits beside f3 in b, so it is not involved.
    # gpt4/tranche: f2 (a) with f4 (b); f1 sits beside f2 in a.
    assert pairs == [("gpt4", "smuggling", 2), ("gpt4", "tranche", 2), ("tranche", "smuggling", 2)]
    row = frame[frame["measure_b"] == QTY + "smuggling"].set_index("measure_a").loc[QTY + "tranche"]
    assert (row["documents_a"], row["documents_b"], row["figures_a"]) == (
        ["a.txt"],
        ["b.txt"],
        ["https://w3id.org/claimgraph/doc/t/f1"],
    )
    assert not row["reviewed"]
    quads = list(coincidence_quads(found))
    assert len({q.subject for q in quads if q.predicate == ox.NamedNode(str(CG.coincidingQuantity))}) == 3
    # One shared number, « 100 milliards de dollars », stated by every figure involved: f1, f2, f3, f4.
    assert [sorted(f.rsplit("/", 1)[-1] for f in figures) for figures in found.numbers.values()] == [
        ["f1", "f2", "f3", "f4"]
    ]
    assert len({q.object for q in quads if q.predicate == ox.NamedNode(str(CG.numberFigure))}) == 4


def test_a_review_marks_the_pair_and_different_numbers_do_not_pair() -> None:
    turtle = (
        claim("c1", "author-a", "a", 10, "; cg:states :f1, :f2 ")
        + figure("f1", "tranche", "100000000000", surface="100 milliards de dollars")
        + figure("f2", "share", "17", unit="percent", surface="17%")
        + claim("c2", "author-b", "b", 10, "; cg:states :f3, :f4 ")
        + figure("f3", "smuggling", "100000000000", surface="100 milliards de dollars")
        + figure("f4", "solved", "20", unit="percent", surface="20%")
        + "qty:r a cg:ReviewedCoincidence ; cg:reviewedQuantity qty:tranche, qty:smuggling ; "
        'rdfs:comment "unrelated round sums" .\n'
    )
    frame = figure_coincidences(world("@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n" + turtle))
    assert frame[["measure_a", "measure_b", "reviewed", "reason"]].values.tolist() == [
        [QTY + "tranche", QTY + "smuggling", True, "unrelated round sums"]
    ]
