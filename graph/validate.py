"""SHACL and integrity checks -> one report naming file, line and claim for every problem."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from decimal import Decimal

import networkx as nx
import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from .anchor import selectors_agree, short_id
from .errors import LoadError, Problem, ValidationError
from .figures import disagreement
from .load import Corpus, quiet_literal_warnings
from .namespaces import CG, CLAIM_LINKS, DOC, OA, PREFIXES, SCHEMA, SH, SHARED_GRAPH
from .unconfirmed import candidate_problems
from .units import CURRENCIES, UNIT_TEXTS


def union_graph(corpus: Corpus) -> Graph:
    """All triples of the dataset in one in-memory graph, the form pySHACL validates."""
    union = Graph()
    with quiet_literal_warnings():  # ill-typed literals are reported by literal_problems, with their line
        for s, p, o, _ in corpus.dataset.quads((None, None, None, None)):
            union.add((s, p, o))
    return union


REFERENCE_CONSTRAINTS = {SH.ClassConstraintComponent, SH.NodeConstraintComponent}
"""Results that say a reference does not resolve: not judged while a file failed to load."""


def shacl_problems(corpus: Corpus, data: Graph) -> list[Problem]:
    """Run the shapes; turn each result into a Problem located at its focus node."""
    shapes = corpus.shapes if len(corpus.shapes) else Graph().parse(corpus.config.shapes, format="turtle")
    _, report, _ = shacl_validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    problems = []
    nested = set(report.objects(None, SH.detail))
    for result in set(report.subjects(RDF.type, SH.ValidationResult)) - nested:
        if corpus.problems and report.value(result, SH.sourceConstraintComponent) in REFERENCE_CONSTRAINTS:
            continue
        focus = report.value(result, SH.focusNode)
        message = str(report.value(result, SH.resultMessage) or "violates a shape")
        value = report.value(result, SH.value)
        if value is not None and not isinstance(value, BNode):  # a blank node's id tells a reader nothing
            message += f" (found {short_id(value)})"
        file, line = corpus.locate(focus)
        problems.append(Problem(file, line, message, short_id(focus)))
    return problems


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seed_change(seed: str, recorded: str) -> str | None:
    """What an editor did to a seed when undoing it gives back the recorded hash: line ends, BOM, normalisation."""
    undo = {
        "its line endings were changed to CRLF": lambda t: t.replace("\r\n", "\n"),
        "a byte order mark (U+FEFF) was added at its start": lambda t: t.removeprefix("\ufeff"),
        "it was Unicode-normalised to NFD (accents as separate code points)": lambda t: unicodedata.normalize("NFC", t),
        "it was Unicode-normalised to NFC": lambda t: unicodedata.normalize("NFD", t),
    }
    for cause, fix in undo.items():
        if fix(seed) != seed and sha256(fix(seed)) == recorded:
            return cause
    return None


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
        seed = corpus.seeds[f"{source.stem}.txt"]
        actual = sha256(seed)
        if recorded is not None and str(recorded) != actual:
            cause = seed_change(seed, str(recorded))
            problems.append(
                Problem(
                    source.name,
                    line,
                    f"the seed changed since it was annotated: {cause + '; ' if cause else ''}"
                    f"its SHA-256 is {actual}, the annotation says {recorded}; "
                    + (
                        "restore the seed as it was (git checkout the seed)"
                        if cause
                        else "re-check every quote, then update cg:sha256"
                    ),
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


def integer(value: object) -> int | None:
    """The value of an integer literal, None for anything else (a string, a decimal, nothing)."""
    if isinstance(value, Literal) and isinstance(value.toPython(), int) and not isinstance(value.toPython(), bool):
        return value.toPython()
    return None


def disagreement_hint(text: str, exact: str, start: int, end: int) -> str:
    """Why a hand-written TextPositionSelector does not point at its TextQuoteSelector."""
    if start > end:
        return f"oa:start {start} is after oa:end {end}"
    if end > len(text):
        return f"oa:end {end} is beyond the seed's {len(text)} characters"
    if text[start:end] != exact:
        return f"the seed's characters {start} to {end} are {text[start:end][:60]!r}, not oa:exact {exact[:60]!r}"
    return "oa:prefix or oa:suffix differs from the seed around the quote"


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
        owner = min(data.subjects(None, target), default=target)
        file, line = corpus.locate(owner)
        start, end = (integer(data.value(position, p)) for p in (OA.start, OA.end))
        if start is None or end is None:
            problems.append(
                Problem(
                    file,
                    line,
                    "a TextPositionSelector needs integer oa:start and oa:end (code points, end exclusive): "
                    "fix them, or remove the hand-written selectors and let the build write them",
                    short_id(owner),
                )
            )
            continue
        exact, prefix, suffix = (str(data.value(quote, p) or "") for p in (OA.exact, OA.prefix, OA.suffix))
        if not selectors_agree(text, exact, prefix, suffix, start, end):
            problems.append(
                Problem(
                    file,
                    line,
                    f"quote and position selectors disagree: {disagreement_hint(text, exact, start, end)}; "
                    "fix them, or remove the hand-written selectors and let the build write them",
                    short_id(owner),
                )
            )
    return problems


NUMBERS = (SCHEMA.value, SCHEMA.minValue, SCHEMA.maxValue)
HEDGES = {CG.Approximately, CG.AtLeast, CG.MoreThan, CG.AtMost, CG.LessThan}


def is_number(node: object) -> bool:
    return (
        isinstance(node, Literal)
        and not node.ill_typed
        and isinstance(node.toPython(), int | float | Decimal)
        and not isinstance(node.toPython(), bool)
    )


def figure_problems(corpus: Corpus, data: Graph) -> list[Problem]:
    """Each figure's normalised value agrees with an independent reading of its French surface."""
    problems = []
    for figure in set(data.objects(None, CG.states)):
        surface = data.value(figure, CG.surface)
        if surface is None:
            continue
        if any(len(set(data.objects(figure, p))) > 1 for p in (*NUMBERS, CG.hedge, CG.surface)):
            continue  # SHACL reports a property given twice
        numbers = [data.value(figure, p) for p in NUMBERS]
        if any(n is not None and not is_number(n) for n in numbers):
            continue  # SHACL reports values that are not numbers
        hedge = data.value(figure, CG.hedge)
        if hedge is not None and hedge not in HEDGES:
            continue  # SHACL reports a hedge that is not one of ours
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


def unit_problems(corpus: Corpus, data: Graph) -> list[Problem]:
    """Currencies are ISO 4217 codes and unit texts come from the closed list in ``graph/units.py``."""
    problems = []
    for figure, value in data.subject_objects(SCHEMA.currency):
        code = str(value)
        if re.fullmatch("[A-Z]{3}", code) and code not in CURRENCIES:
            file, line = corpus.locate(figure)
            problems.append(
                Problem(
                    file,
                    line,
                    f"schema:currency {code!r} is not an ISO 4217 code (USD, EUR, CNY ...)",
                    short_id(figure),
                )
            )
    for figure, value in data.subject_objects(SCHEMA.unitText):
        if str(value) not in UNIT_TEXTS:
            file, line = corpus.locate(figure)
            known = ", ".join(repr(u) for u in UNIT_TEXTS)
            problems.append(
                Problem(
                    file,
                    line,
                    f"schema:unitText {str(value)!r} is not a known unit: use one of {known} "
                    "(or add it, with what it counts, to graph/units.py)",
                    short_id(figure),
                )
            )
    return problems


def forbidden_characters(text: str) -> list[tuple[int, str]]:
    """Characters XML cannot carry (C0 controls but tab and newlines, U+FFFE/U+FFFF, surrogates) and C1 controls."""
    found = []
    for i, ch in enumerate(text):
        code = ord(ch)
        if (
            (code < 0x20 and ch not in "\t\n\r")
            or 0x7F <= code <= 0x9F
            or 0xD800 <= code <= 0xDFFF
            or code in (0xFFFE, 0xFFFF)
        ):
            found.append((i, ch))
    return found


def curie(iri: str) -> str:
    """``rdfs:label`` for the IRI of rdfs:label: how the annotator wrote it."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda p: -len(str(p[1]))):
        if iri.startswith(str(ns)) and prefix:
            return f"{prefix}:{iri.removeprefix(str(ns))}"
    return f"<{iri}>"


def code_point(ch: str) -> str:
    code = ord(ch)
    kind = "a non-character" if code in (0xFFFE, 0xFFFF) else "a surrogate" if 0xD800 <= code <= 0xDFFF else None
    name = unicodedata.name(ch, "") or {0: "NUL"}.get(code) or kind or "a control character"
    return f"U+{ord(ch):04X} ({name})"


def literal_problems(corpus: Corpus) -> list[Problem]:
    """Every literal is well typed (a real date, a number with a decimal point) and holds no control character."""
    problems = []
    for source in corpus.files:
        for triple in source.triples:
            subject = URIRef(triple.subject.value) if isinstance(triple.subject, ox.NamedNode) else None
            line = source.subject_lines.get(subject) if subject is not None else None
            value = triple.object
            if not isinstance(value, ox.Literal):
                continue
            who = short_id(subject) if subject is not None else None
            predicate = curie(triple.predicate.value)
            for offset, ch in forbidden_characters(value.value)[:1]:
                problems.append(
                    Problem(
                        source.name,
                        line,
                        f"{predicate} holds {code_point(ch)} at character {offset + 1}: control characters and "
                        "non-characters cannot be written to the XML outputs; remove it",
                        who,
                    )
                )
            datatype = value.datatype.value
            if datatype.startswith(str(XSD)) and datatype != str(XSD.string):
                literal = Literal(value.value, datatype=URIRef(datatype))
                if literal.ill_typed:
                    at = source.line_of(f'"{value.value}"')
                    kind = datatype.removeprefix(str(XSD))
                    hint = {
                        "date": "a real date, written YYYY-MM-DD",
                        "dateTime": "a real date and time, written YYYY-MM-DDThh:mm:ss",
                        "decimal": "a number with a decimal point (5.6, not 5,6)",
                        "double": "a number with a decimal point (5.6e6, not 5,6e6)",
                        "integer": "a whole number written with digits only",
                        "boolean": "true or false",
                    }.get(kind, f"a valid xsd:{kind}")
                    problems.append(
                        Problem(
                            source.name,
                            at[0] if at else line,
                            f"{predicate} {value.value!r} is not a valid xsd:{kind}: write {hint}",
                            who,
                            column=at[1] if at else None,
                        )
                    )
    return problems


LINKS = (*CLAIM_LINKS, CG.repeats)
"""Claim links a self-link is checked on: the deprecated ``cg:repeats`` too, until SHACL refuses it."""
CHAINS = {
    "cg:echoes": (CG.echoes, CG.echoesCited, CG.echoesOrigin, CG.repeats),
    "cg:deliveredThrough": (CG.deliveredThrough,),
}


def link_problems(corpus: Corpus, data: Graph) -> list[Problem]:
    """No claim links to itself; echo/repeat chains and delivery chains have no cycle."""
    problems = []
    for link in (*LINKS, CG.deliveredThrough, CG.cites):
        for node, target in data.subject_objects(link):
            if node == target:
                file, line = corpus.locate(node)
                problems.append(
                    Problem(file, line, f"{curie(str(link))} points to itself: link to another node", short_id(node))
                )
    for name, links in CHAINS.items():
        chain = nx.DiGraph()
        chain.add_edges_from((s, o) for link in links for s, o in data.subject_objects(link) if s != o)
        for component in nx.strongly_connected_components(chain):
            if len(component) < 2:
                continue
            start = min(component)
            cycle = [start]
            while True:
                following = min(n for n in chain.successors(cycle[-1]) if n in component)
                if following in cycle:
                    cycle = [*cycle[cycle.index(following) :], following]
                    break
                cycle.append(following)
            file, line = corpus.locate(cycle[0])
            path = " -> ".join(short_id(n) for n in cycle)
            problems.append(
                Problem(
                    file,
                    line,
                    f"{name} cycle {path}: links point from a later claim or source to an earlier one; remove one",
                    short_id(cycle[0]),
                )
            )
    return problems


def validate(corpus: Corpus, earlier: list[Problem] = ()) -> Graph:
    """Check everything, raise with all problems (plus ``earlier`` ones); return the union graph.

    When some files could not be loaded (``corpus.problems``) the files that did are validated too,
    leaving out the checks a missing file would falsify (references, unused declarations); the
    error is then a LoadError (exit 2) carrying both.
    """
    with quiet_literal_warnings():
        data = union_graph(corpus)
        problems = [
            *corpus.problems,
            *earlier,
            *document_problems(corpus),
            *placement_problems(corpus),
            *literal_problems(corpus),
            *anchor_problems(corpus, data),
            *figure_problems(corpus, data),
            *unit_problems(corpus, data),
            *link_problems(corpus, data),
            *([] if corpus.problems else unused_problems(corpus, data)),
            *report_problems(corpus, data),
            *candidate_problems(corpus),
            *shacl_problems(corpus, data),
        ]
    if corpus.problems:
        raise LoadError(problems)
    if problems:
        raise ValidationError(problems)
    return data

