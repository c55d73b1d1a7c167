"""SHACL and integrity checks -> one report naming file, line and claim for every problem."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF

from .anchor import selectors_agree, short_id
from .errors import Problem, ValidationError
from .figures import disagreement
from .load import Corpus
from .namespaces import CG, DOC, OA, SCHEMA, SH, SHARED_GRAPH
from .unconfirmed import candidate_problems


def union_graph(corpus: Corpus) -> Graph:
    """All triples of the dataset in one in-memory graph, the form pySHACL validates."""
    union = Graph()
    for s, p, o, _ in corpus.dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def shacl_problems(corpus: Corpus, data: Graph) -> list[Problem]:
    """Run the shapes; turn each result into a Problem located at its focus node."""
    shapes = Graph().parse(corpus.config.shapes, format="turtle")
    _, report, _ = shacl_validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    problems = []
    nested = set(report.objects(None, SH.detail))
    for result in set(report.subjects(RDF.type, SH.ValidationResult)) - nested:
        focus = report.value(result, SH.focusNode)
        message = str(report.value(result, SH.resultMessage) or "violates a shape")
        value = report.value(result, SH.value)
        if value is not None and not isinstance(value, BNode):  # a blank node's id tells a reader nothing
            message += f" (found {short_id(value)})"
        file, line = corpus.locate(focus)
        problems.append(Problem(file, line, message, short_id(focus)))
    return problems


def document_problems(corpus: Corpus) -> list[Problem]:
    """Each document file declares its one document, names its seed, and the seed is unchanged."""
    problems = []
    for source in corpus.document_files():
        g = corpus.dataset.graph(source.graph)
        expected = DOC[source.stem]
        documents = set(g.subjects(RDF.type, CG.Document))
        if documents != {expected}:
            problems.append(
                Problem(
                    source.name,
                    None,
                    f"must declare exactly one document, d:{source.stem} a cg:Document "
                    f"(found {sorted(short_id(d) for d in documents) or 'none'})",
                )
            )
            continue
        line = source.definitions.get(expected, [None])[0]
        seed_file = str(g.value(expected, CG.seedFile))
        if seed_file != f"{source.stem}.txt":
            problems.append(Problem(source.name, line, f"cg:seedFile is {seed_file!r}, expected '{source.stem}.txt'"))
        recorded = g.value(expected, CG.sha256)
        actual = hashlib.sha256(corpus.seeds[f"{source.stem}.txt"].encode("utf-8")).hexdigest()
        if recorded is not None and str(recorded) != actual:
            problems.append(
                Problem(
                    source.name,
                    line,
                    f"the seed changed since it was annotated: its SHA-256 is {actual}, "
                    f"the annotation says {recorded}; re-check every quote, then update cg:sha256",
                )
            )
    return problems


def placement_problems(corpus: Corpus) -> list[Problem]:
    """Identifiers are defined once, and claims live in their own document's file and namespace."""
    problems = []
    seen: dict[URIRef, tuple[str, int]] = {}
    for source in corpus.files:
        for node, lines in source.definitions.items():
            for line in lines:
                if node in seen:
                    first = seen[node]
                    problems.append(
                        Problem(
                            source.name,
                            line,
                            f"duplicate identifier: already defined at {first[0]}:{first[1]}",
                            short_id(node),
                        )
                    )
                else:
                    seen[node] = (source.name, line)
        if source.stem is None:
            continue
        g = corpus.dataset.graph(source.graph)
        for claim in set(g.subjects(RDF.type, CG.Claim)):
            line = source.subject_lines.get(claim)
            if not str(claim).startswith(f"{DOC[source.stem]}/"):
                problems.append(
                    Problem(
                        source.name,
                        line,
                        f"claim IRI must start with {DOC[source.stem]}/ (use the file's ':' prefix)",
                        short_id(claim),
                    )
                )
    for claim in set(corpus.dataset.graph(SHARED_GRAPH).subjects(RDF.type, CG.Claim)):
        file, line = corpus.locate(claim)
        problems.append(Problem(file, line, "claims belong in the annotation file of their document", short_id(claim)))
    return problems


def anchor_problems(corpus: Corpus, data: Graph) -> list[Problem]:
    """Every recorded TextPositionSelector agrees with its TextQuoteSelector in the seed."""
    problems = []
    for target in data.subjects(RDF.type, OA.SpecificResource):
        source = data.value(target, OA.hasSource)
        text = corpus.seeds.get(f"{str(source).removeprefix(str(DOC))}.txt")
        quote = position = None
        for selector in data.objects(target, OA.hasSelector):
            if (selector, RDF.type, OA.TextQuoteSelector) in data:
                quote = selector
            elif (selector, RDF.type, OA.TextPositionSelector) in data:
                position = selector
        if text is None or quote is None or position is None:
            continue
        agree = selectors_agree(
            text,
            *(str(data.value(quote, p)) for p in (OA.exact, OA.prefix, OA.suffix)),
            int(data.value(position, OA.start)),
            int(data.value(position, OA.end)),
        )
        if not agree:
            owner = next(data.subjects(None, target), target)
            file, line = corpus.locate(owner)
            problems.append(Problem(file, line, "quote and position selectors disagree", short_id(owner)))
    return problems


def figure_problems(corpus: Corpus, data: Graph) -> list[Problem]:
    """Each figure's normalised value agrees with an independent reading of its French surface."""
    problems = []
    for figure in set(data.objects(None, CG.states)):
        surface = data.value(figure, CG.surface)
        if surface is None:
            continue
        numbers = [data.value(figure, p) for p in (SCHEMA.value, SCHEMA.minValue, SCHEMA.maxValue)]
        if any(n is not None and not isinstance(n.toPython(), int | float | Decimal) for n in numbers):
            continue  # SHACL reports values that are not numbers
        hedge = data.value(figure, CG.hedge)
        message = disagreement(
            str(surface),
            *(Decimal(str(n)) if n is not None else None for n in numbers),
            hedge.fragment if hedge is not None else None,
        )
        if message:
            file, line = corpus.locate(figure)
            problems.append(Problem(file, line, message, short_id(figure)))
    return problems


UNUSED = """
SELECT DISTINCT ?node WHERE {
  VALUES ?type { cg:MeasuredQuantity cg:Source cg:Outlet cg:PlatformPost cg:Report cg:Essay cg:Interview }
  ?node a ?type .
  FILTER NOT EXISTS { ?user ?link ?node }
}"""


def unused_problems(corpus: Corpus, data: Graph) -> list[Problem]:
    """Shared quantities and sources that nothing refers to: a typo in an id, or a leftover."""
    problems = []
    for (node,) in data.query(UNUSED, initNs={"cg": CG}):
        file, line = corpus.locate(node)
        problems.append(
            Problem(
                file, line, "declared but never used: refer to it from a figure or claim, or remove it", short_id(node)
            )
        )
    return problems


REPORT_LINKS = """
SELECT ?claim ?link ?other WHERE {
  ?claim cg:summarises|cg:misreports ?original .
  VALUES ?link { cg:echoes cg:echoesCited cg:echoesOrigin cg:coStates }
  ?claim ?link ?other .
}"""


def report_problems(corpus: Corpus, data: Graph) -> list[Problem]:
    """A report of a first-hand text links to what it reports, never as an echo: the original carries those."""
    problems = []
    for row in data.query(REPORT_LINKS, initNs={"cg": CG}):
        file, line = corpus.locate(row.claim)
        name = str(row.link).rsplit("#", 1)[-1]
        problems.append(
            Problem(
                file,
                line,
                f"reports a first-hand text (cg:summarises / cg:misreports), so it cannot carry cg:{name} "
                f"{short_id(row.other)}: write that link on the first-hand claim it reports",
                short_id(row.claim),
            )
        )
    return problems


def validate(corpus: Corpus, earlier: list[Problem] = ()) -> Graph:
    """Check everything, raise ValidationError with all problems (plus ``earlier`` ones); return the union graph."""
    data = union_graph(corpus)
    problems = [
        *earlier,
        *document_problems(corpus),
        *placement_problems(corpus),
        *anchor_problems(corpus, data),
        *figure_problems(corpus, data),
        *unused_problems(corpus, data),
        *report_problems(corpus, data),
        *candidate_problems(corpus),
        *shacl_problems(corpus, data),
    ]
    if problems:
        raise ValidationError(problems)
    return data
