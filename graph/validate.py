"""SHACL and integrity checks -> one report naming file, line and claim for every problem."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from decimal import Decimal

import networkx as nx
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from .anchor import selectors_agree, short_id
from .constraints import compile_shapes, restriction, results, sparql
from .errors import LoadError, Problem, ValidationError
from .figures import disagreement
from .load import Corpus, quiet_literal_warnings
from .namespaces import CG, CLAIM_LINKS, DOC, OA, PREFIXES, SCHEMA, SH
from .terms import from_ox as rdflib_term
from .terms import ox_copy
from .unconfirmed import candidate_problems
from .units import CURRENCIES, UNIT_TEXTS

SPARQL_PREFIXES = "\n".join(f"PREFIX {prefix}: <{ns}>" for prefix, ns in PREFIXES.items())

REFERENCE_CONSTRAINTS = {SH.ClassConstraintComponent, SH.NodeConstraintComponent}
"""Results that say a reference does not resolve: not judged while a file failed to load, and
always judged on every focus node (a reference may point into any graph)."""

Graphs = set[URIRef] | None
"""The named graphs whose focus nodes are validated; None for all of them."""


def oxigraph_store(corpus: Corpus) -> ox.Store:
    """The store validation queries: the corpus's own, or (on rdflib's memory store) an Oxigraph copy of it."""
    if corpus.store is not None:
        return corpus.store
    return ox_copy(corpus.dataset)




def select(store: ox.Store, query: str) -> Iterator[dict[str, object]]:
    """Rows of a SELECT on the union of the graphs, terms as rdflib writes them (unbound: None)."""
    result = store.query(f"{SPARQL_PREFIXES}\n{query}", use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    for row in result:
        yield {n: None if row[n] is None else rdflib_term(row[n]) for n in names}


def in_graphs(variable: str, graphs: Graphs) -> str:
    """A join keeping the nodes ``variable`` binds that appear in one of ``graphs`` (nothing for None)."""
    return restriction(graphs, variable)


def shacl_results(
    corpus: Corpus, graphs: Graphs, engine: str, store: ox.Store | None = None
) -> Iterable[tuple[URIRef, Node, str, Node | None]]:
    """(component, focus, message, value) of every top-level SHACL result, from the chosen engine.

    ``sparql`` (the build's) runs the shapes compiled to SPARQL (graph/constraints.py) on the
    Oxigraph store; ``pyshacl`` and ``pyshacl-turbo`` are the engines it is compared with in the
    tests and benchmarks/validation.py, always on every graph.
    """
    shapes = corpus.shapes if len(corpus.shapes) else Graph().parse(corpus.config.shapes, format="turtle")
    if engine == "sparql":
        store = store or oxigraph_store(corpus)
        for constraint, focus, value in results(
            compile_shapes(shapes, store), store, graphs, everywhere=REFERENCE_CONSTRAINTS
        ):
            yield constraint.component, focus, constraint.message, value
        return
    if engine == "pyshacl":
        from pyshacl import validate as run

        data: object = Graph()
        with quiet_literal_warnings():
            for s, p, o, _ in corpus.dataset.quads((None, None, None, None)):
                data.add((s, p, o))
    elif engine == "pyshacl-turbo":
        from pyshacl_turbo import validate as run

        data = store or oxigraph_store(corpus)
    else:
        raise ValueError(f"unknown SHACL engine {engine!r}")
    _, report, _ = run(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    nested = set(report.objects(None, SH.detail))
    for result in set(report.subjects(RDF.type, SH.ValidationResult)) - nested:
        message = str(report.value(result, SH.resultMessage) or "violates a shape")
        yield (
            report.value(result, SH.sourceConstraintComponent),
            report.value(result, SH.focusNode),
            message,
            report.value(result, SH.value),
        )


def shacl_problems(
    corpus: Corpus, graphs: Graphs = None, engine: str = "sparql", store: ox.Store | None = None
) -> list[Problem]:
    """Run the shapes; turn each result into a Problem located at its focus node."""
    problems = []
    for component, focus, text, value in shacl_results(corpus, graphs, engine, store):
        if corpus.problems and component in REFERENCE_CONSTRAINTS:
            continue
        message = text
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


DOCUMENTS = """
SELECT ?graph ?document ?seed ?sha WHERE {
  GRAPH ?graph {
    ?document a cg:Document
    OPTIONAL { ?document cg:seedFile ?seed }
    OPTIONAL { ?document cg:sha256 ?sha }
  }
}"""


def document_problems(corpus: Corpus, store: ox.Store, graphs: Graphs = None) -> list[Problem]:
    """Each document file declares its one document, names its seed, and the seed is unchanged."""
    declared: dict[object, dict[object, tuple[object, object]]] = {}
    for row in select(store, DOCUMENTS):
        declared.setdefault(row["graph"], {}).setdefault(row["document"], (row["seed"], row["sha"]))
    problems = []
    for source in corpus.document_files():
        if graphs is not None and source.graph not in graphs:
            continue
        expected = DOC[source.stem]
        documents = declared.get(source.graph, {})
        if set(documents) != {expected}:
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
        seed_file, recorded = documents[expected]
        seed_file = str(seed_file)
        if seed_file != f"{source.stem}.txt":
            problems.append(Problem(source.name, line, f"cg:seedFile is {seed_file!r}, expected '{source.stem}.txt'"))
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


CLAIMS = "SELECT DISTINCT ?graph ?claim WHERE { GRAPH ?graph { ?claim a cg:Claim } }"


def placement_problems(corpus: Corpus, store: ox.Store, graphs: Graphs = None) -> list[Problem]:
    """Identifiers are defined once, and claims live in their own document's file and namespace.

    Duplicates are looked for across every file, whatever ``graphs`` says: they are between files.
    """
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
    files = {f.graph: f for f in corpus.files if graphs is None or f.graph in graphs}
    for row in select(store, CLAIMS):
        source, claim = files.get(row["graph"]), row["claim"]
        if source is None:
            continue
        if source.stem is None:
            file, line = corpus.locate(claim)
            problems.append(
                Problem(file, line, "claims belong in the annotation file of their document", short_id(claim))
            )
        elif not str(claim).startswith(f"{DOC[source.stem]}/"):
            problems.append(
                Problem(
                    source.name,
                    source.subject_lines.get(claim),
                    f"claim IRI must start with {DOC[source.stem]}/ (use the file's ':' prefix)",
                    short_id(claim),
                )
            )
    return problems


def integer(value: object) -> int | None:
    """The value of an integer literal, None for anything else (a string, a decimal, nothing)."""
    if isinstance(value, Literal) and isinstance(value.toPython(), int) and not isinstance(value.toPython(), bool):
        return value.toPython()
    return None


DIGITS_ONLY = {str(XSD.integer), str(XSD.nonNegativeInteger)}


def offset(value: ox.Literal | None) -> int | None:
    """``integer`` of a selector's offset as Oxigraph returns it; digits are read without rdflib (the usual case)."""
    if isinstance(value, ox.Literal) and value.datatype.value in DIGITS_ONLY:
        lexical = value.value
        if lexical.isascii() and lexical.isdigit():
            return int(lexical)
    return None if value is None else integer(rdflib_term(value))


def disagreement_hint(text: str, exact: str, start: int, end: int) -> str:
    """Why a hand-written TextPositionSelector does not point at its TextQuoteSelector."""
    if start > end:
        return f"oa:start {start} is after oa:end {end}"
    if end > len(text):
        return f"oa:end {end} is beyond the seed's {len(text)} characters"
    if text[start:end] != exact:
        return f"the seed's characters {start} to {end} are {text[start:end][:60]!r}, not oa:exact {exact[:60]!r}"
    return "oa:prefix or oa:suffix differs from the seed around the quote"


SELECTORS = """
SELECT DISTINCT ?target ?source ?selector ?exact ?prefix ?suffix ?start ?end WHERE {
  #restriction
  ?target a oa:SpecificResource ; oa:hasSelector ?selector .
  ?selector a %s .
  OPTIONAL { ?target oa:hasSource ?source }
  OPTIONAL { ?selector oa:exact ?exact }
  OPTIONAL { ?selector oa:prefix ?prefix }
  OPTIONAL { ?selector oa:suffix ?suffix }
  OPTIONAL { ?selector oa:start ?start }
  OPTIONAL { ?selector oa:end ?end }
}"""
"""Each kind of selector of every specific resource; one query per kind (a VALUES of both is 70 times slower)."""


def anchor_problems(corpus: Corpus, store: ox.Store, graphs: Graphs = None) -> list[Problem]:
    """Every recorded TextPositionSelector agrees with its TextQuoteSelector in the seed."""
    targets: dict[ox.NamedNode | ox.BlankNode, dict[str, object]] = {}
    owned = f"{in_graphs('?owner', graphs)} ?owner ?anchored ?target ." if graphs is not None else ""
    for kind, name in ((OA.TextQuoteSelector, "quote"), (OA.TextPositionSelector, "position")):
        query = f"{SPARQL_PREFIXES}\n" + (SELECTORS % sparql(kind)).replace("#restriction", owned)
        for row in store.query(query, use_default_graph_as_union=True):
            target = targets.setdefault(row["target"], {"source": row["source"]})
            target[name] = row
    problems = []
    for node, target in targets.items():
        source = target["source"]
        text = corpus.seeds.get(f"{source.value.removeprefix(str(DOC))}.txt") if source is not None else None
        quote, position = target.get("quote"), target.get("position")
        if text is None or quote is None or position is None:
            continue
        start, end = (offset(position[p]) for p in ("start", "end"))
        exact, prefix, suffix = (quote[p].value if quote[p] is not None else "" for p in ("exact", "prefix", "suffix"))
        if start is not None and end is not None and selectors_agree(text, exact, prefix, suffix, start, end):
            continue
        resource = rdflib_term(node)
        owner = min(corpus.dataset.subjects(None, resource), default=resource)
        file, line = corpus.locate(owner)
        if start is None or end is None:
            message = (
                "a TextPositionSelector needs integer oa:start and oa:end (code points, end exclusive): "
                "fix them, or remove the hand-written selectors and let the build write them"
            )
        else:
            message = (
                f"quote and position selectors disagree: {disagreement_hint(text, exact, start, end)}; "
                "fix them, or remove the hand-written selectors and let the build write them"
            )
        problems.append(Problem(file, line, message, short_id(owner)))
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


FIGURES = """
SELECT DISTINCT ?figure ?property ?value WHERE {
  { SELECT DISTINCT ?figure WHERE { [] cg:states ?figure . ?figure cg:surface [] } }
  #restriction
  VALUES ?property { cg:surface schema:value schema:minValue schema:maxValue cg:hedge }
  ?figure ?property ?value .
}"""


def figure_problems(corpus: Corpus, store: ox.Store, graphs: Graphs = None) -> list[Problem]:
    """Each figure's normalised value agrees with an independent reading of its French surface."""
    figures: dict[object, dict[object, list[object]]] = {}
    for row in select(store, FIGURES.replace("#restriction", in_graphs("?figure", graphs))):
        figures.setdefault(row["figure"], {}).setdefault(row["property"], []).append(row["value"])
    problems = []
    for figure, values in figures.items():
        if any(len(v) > 1 for v in values.values()):
            continue  # SHACL reports a property given twice
        surface = values[CG.surface][0]
        numbers = [values.get(p, [None])[0] for p in NUMBERS]
        if any(n is not None and not is_number(n) for n in numbers):
            continue  # SHACL reports values that are not numbers
        hedge = values.get(CG.hedge, [None])[0]
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


def unused_problems(corpus: Corpus, store: ox.Store) -> list[Problem]:
    """Shared quantities and sources that nothing refers to: a typo in an id, or a leftover (across every graph)."""
    problems = []
    for row in select(store, UNUSED):
        file, line = corpus.locate(row["node"])
        problems.append(
            Problem(
                file,
                line,
                "declared but never used: refer to it from a figure or claim, or remove it",
                short_id(row["node"]),
            )
        )
    return problems


REPORT_LINKS = """
SELECT DISTINCT ?claim ?link ?other WHERE {
  ?claim cg:summarises|cg:misreports ?original .
  #restriction
  VALUES ?link { cg:echoes cg:echoesCited cg:echoesOrigin cg:coStates }
  ?claim ?link ?other .
}"""


def report_problems(corpus: Corpus, store: ox.Store, graphs: Graphs = None) -> list[Problem]:
    """A report of a first-hand text links to what it reports, never as an echo: the original carries those."""
    problems = []
    for row in select(store, REPORT_LINKS.replace("#restriction", in_graphs("?claim", graphs))):
        file, line = corpus.locate(row["claim"])
        name = str(row["link"]).rsplit("#", 1)[-1]
        problems.append(
            Problem(
                file,
                line,
                f"reports a first-hand text (cg:summarises / cg:misreports), so it cannot carry cg:{name} "
                f"{short_id(row['other'])}: write that link on the first-hand claim it reports",
                short_id(row["claim"]),
            )
        )
    return problems


UNITS = """
SELECT DISTINCT ?figure ?property ?value WHERE {
  VALUES ?property { schema:currency schema:unitText }
  ?figure ?property ?value .
  #restriction
  FILTER(?property = schema:currency || STR(?value) NOT IN (%s))
}"""


def unit_problems(corpus: Corpus, store: ox.Store, graphs: Graphs = None) -> list[Problem]:
    """Currencies are ISO 4217 codes and unit texts come from the closed list in ``graph/units.py``."""
    problems = []
    known_texts = ", ".join(sparql(Literal(u)) for u in UNIT_TEXTS)
    query = (UNITS % known_texts).replace("#restriction", in_graphs("?figure", graphs))
    for row in select(store, query):
        figure, value = row["figure"], str(row["value"])
        if row["property"] == SCHEMA.currency:
            if re.fullmatch("[A-Z]{3}", value) and value not in CURRENCIES:
                file, line = corpus.locate(figure)
                problems.append(
                    Problem(
                        file,
                        line,
                        f"schema:currency {value!r} is not an ISO 4217 code (USD, EUR, CNY ...)",
                        short_id(figure),
                    )
                )
        elif value not in UNIT_TEXTS:
            file, line = corpus.locate(figure)
            known = ", ".join(repr(u) for u in UNIT_TEXTS)
            problems.append(
                Problem(
                    file,
                    line,
                    f"schema:unitText {value!r} is not a known unit: use one of {known} "
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


FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""What ``forbidden_characters`` finds, as one search: most literals have none."""
XSD_IRI, XSD_STRING = str(XSD), str(XSD.string)


@functools.lru_cache(maxsize=65536)
def ill_typed(lexical: str, datatype: str) -> bool:
    """Whether rdflib (and so pySHACL, and every reader of the outputs) refuses the literal's lexical form."""
    return bool(Literal(lexical, datatype=URIRef(datatype)).ill_typed)


def literal_problems(corpus: Corpus, graphs: Graphs = None) -> list[Problem]:
    """Every literal is well typed (a real date, a number with a decimal point) and holds no control character."""
    problems = []
    for source in corpus.files:
        if graphs is not None and source.graph not in graphs:
            continue
        for triple in source.triples:
            value = triple.object
            if not isinstance(value, ox.Literal):
                continue
            datatype = value.datatype.value
            typed = datatype.startswith(XSD_IRI) and datatype != XSD_STRING
            if not FORBIDDEN.search(value.value) and not (typed and ill_typed(value.value, datatype)):
                continue  # nearly every literal: nothing more to compute
            subject = URIRef(triple.subject.value) if isinstance(triple.subject, ox.NamedNode) else None
            line = source.subject_lines.get(subject) if subject is not None else None
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
            if typed and ill_typed(value.value, datatype):
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


def values(links: Iterable[URIRef]) -> str:
    return " ".join(sparql(link) for link in links)


def link_problems(corpus: Corpus, store: ox.Store) -> list[Problem]:
    """No claim links to itself; echo/repeat chains and delivery chains have no cycle (across every graph)."""
    problems = []
    linking = values((*LINKS, CG.deliveredThrough, CG.cites))
    selves = f"SELECT DISTINCT ?node ?link WHERE {{ VALUES ?link {{ {linking} }} ?node ?link ?node }}"
    for row in select(store, selves):
        file, line = corpus.locate(row["node"])
        problems.append(
            Problem(
                file, line, f"{curie(str(row['link']))} points to itself: link to another node", short_id(row["node"])
            )
        )
    for name, links in CHAINS.items():
        chain = nx.DiGraph()
        edges = f"SELECT DISTINCT ?s ?o WHERE {{ VALUES ?link {{ {values(links)} }} ?s ?link ?o FILTER(?s != ?o) }}"
        chain.add_edges_from((row["s"], row["o"]) for row in select(store, edges))
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


def validate(corpus: Corpus, earlier: Iterable[Problem] = (), graphs: Graphs = None) -> None:
    """Check everything; raise with all problems (plus ``earlier`` ones), return nothing.

    The checks read ``corpus.store`` (the build's Oxigraph store) and never copy the data. With
    ``graphs`` (named graphs, e.g. those of the documents an edit changed), only the focus nodes
    that appear in one of those graphs are checked, as subject or object of one of their triples,
    and only their files' own checks run; what is between graphs always runs on everything:
    duplicate identifiers, links and their cycles, unused shared nodes, and SHACL's references
    (``sh:class``, ``sh:node``), which may point into any graph. Passing the graphs of the edited
    files is enough when the other files validated before and the edits removed no mention of a
    node (``Cache.to_validate``); an edit to a shared file (or the ontology, or the shapes) can
    change any node's result: pass None.

    When some files could not be loaded (``corpus.problems``) the files that did are validated too,
    leaving out the checks a missing file would falsify (references, unused declarations); the
    error is then a LoadError (exit 2) carrying both.
    """
    store = oxigraph_store(corpus)
    with quiet_literal_warnings():
        problems = [
            *corpus.problems,
            *earlier,
            *document_problems(corpus, store, graphs),
            *placement_problems(corpus, store, graphs),
            *literal_problems(corpus, graphs),
            *anchor_problems(corpus, store, graphs),
            *figure_problems(corpus, store, graphs),
            *unit_problems(corpus, store, graphs),
            *link_problems(corpus, store),
            *([] if corpus.problems else unused_problems(corpus, store)),
            *report_problems(corpus, store, graphs),
            *candidate_problems(corpus, store, graphs),
            *shacl_problems(corpus, graphs, store=store),
        ]
    if corpus.problems:
        raise LoadError(problems)
    if problems:
        raise ValidationError(problems)
