"""The SHACL shapes compiled to SPARQL SELECT queries that Oxigraph runs on the build's own store.

shapes.ttl stays the one source of truth: each constraint of a targeted shape becomes one query
returning its violations (``?focus``, and ``?value`` where SHACL reports a value), with the
results pySHACL gives on the same data — ``tests/test_validation_engines.py`` compares the two on
every case of the invalid corpus and on the real corpus. Only the SHACL Core components below are
compiled; any other component in the shapes fails loudly (``UnsupportedShape``) rather than being
skipped. Where pySHACL and SPARQL differ, the query follows pySHACL:

- ``sh:datatype`` fails an ill-typed literal (``"5,6"^^xsd:decimal``): the lexical form must cast;
- ``sh:in`` compares terms, not values (``sameTerm``); ``sh:pattern``, ``sh:minInclusive`` and the
  other ranges fail a blank node, and a range fails a value it cannot compare (``COALESCE``);
- ``sh:class`` and targets follow ``rdfs:subClassOf`` in the data (the ontology is in the store);
- a shape with ``sh:deactivated true`` is left out, and conforms where ``sh:node`` names it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from .namespaces import SH
from .terms import from_ox as rdflib_term

CASTS = {XSD[t] for t in ("integer", "decimal", "double", "float", "boolean", "date", "dateTime", "time")}
"""Datatypes whose well-formedness a cast of the lexical form decides (as rdflib's ``ill_typed`` does)."""
RANGES = {
    SH.minInclusive: ">=",
    SH.minExclusive: ">",
    SH.maxInclusive: "<=",
    SH.maxExclusive: "<",
}
SHAPE_PARAMETERS = {
    SH.path,
    SH.message,
    SH.severity,
    SH.deactivated,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    RDF.type,
    RDFS.comment,
    RDFS.label,
}
"""Predicates of a shape that are not constraints of their own (qualified counts go with their shape)."""
COMPONENTS = {
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH["class"]: SH.ClassConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.qualifiedValueShape: SH.QualifiedMinCountConstraintComponent,
}
"""The SHACL Core components this compiler knows, by the parameter that introduces them."""
MAX_COUNT = 3
"""Counts are compiled as that many distinct values; shapes.ttl counts to 2."""


def python_regex(pattern: str) -> str:
    """A pattern that matches in SPARQL what Python's ``re.search`` (pySHACL's) matches with it.

    The one difference that matters here: a final ``$`` also matches before a final newline in Python.
    """
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern[:-1] + "\\n?$"
    return pattern


def language_range(tag: str, v: str) -> str:
    """pySHACL's reading of one sh:languageIn tag: ``*``, the whole tag, or (a one-part tag) the first subtag."""
    tag = tag.lower()
    if tag == "*":
        return "true"
    if "-" in tag:
        return f"LCASE(lang({v})) = {string(tag)}"
    return f"langMatches(lang({v}), {string(tag)})"


class UnsupportedShape(ValueError):
    """shapes.ttl uses SHACL this compiler does not translate: extend the compiler, never skip the shape."""


@dataclass(frozen=True)
class Constraint:
    """One constraint of a targeted shape, as a query whose rows are its validation results."""

    shape: Node
    component: URIRef
    message: str
    severity: URIRef
    query: str
    reports_value: bool


def sparql(term: Node) -> str:
    """An rdflib term written in SPARQL."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype and term.datatype != XSD.string:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    raise UnsupportedShape(f"a blank node {term} where SPARQL needs a constant")


def string(text: str) -> str:
    return sparql(Literal(text))


class Compiler:
    """Turns the shapes into queries; ``subclasses`` gives the closure of a class in the data."""

    def __init__(self, shapes: Graph, subclasses: dict[URIRef, list[URIRef]]):
        self.shapes = shapes
        self.subclasses = subclasses
        self.fresh = itertools.count()

    def var(self, name: str) -> str:
        return f"?{name}{next(self.fresh)}"

    def items(self, node: Node) -> list[Node]:
        return list(Collection(self.shapes, node))

    def one(self, node: Node, predicate: URIRef) -> Node | None:
        values = list(self.shapes.objects(node, predicate))
        if len(values) > 1:
            raise UnsupportedShape(f"shape {node} has {len(values)} values of {predicate}, the compiler takes one")
        return values[0] if values else None

    def deactivated(self, shape: Node) -> bool:
        return self.one(shape, SH.deactivated) == Literal(True)

    def path(self, node: Node) -> str:
        """A SHACL path as a SPARQL property path."""
        if isinstance(node, URIRef):
            return sparql(node)
        alternatives = self.one(node, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(self.path(p) for p in self.items(alternatives)) + ")"
        inverse = self.one(node, SH.inversePath)
        if inverse is not None:
            return f"^{self.path(inverse)}"
        if (node, RDF.first, None) in self.shapes:
            return "(" + "/".join(self.path(p) for p in self.items(node)) + ")"
        raise UnsupportedShape(f"path {node}: only predicates, sequences, sh:alternativePath and sh:inversePath")

    def types(self, cls: Node) -> str:
        """The classes an instance of ``cls`` may carry as rdf:type, as a VALUES list."""
        return " ".join(sparql(c) for c in self.subclasses.get(cls, [cls]))

    def distinct(self, focus: str, path: str, n: int, conforming: Node | None = None) -> str:
        """A pattern true when ``focus`` has at least ``n`` distinct values on ``path`` (conforming to a shape)."""
        if n > MAX_COUNT:
            raise UnsupportedShape(f"a count of {n}: the compiler counts to {MAX_COUNT}")
        values = [self.var("n") for _ in range(n)]
        pattern = " ".join(f"{focus} {path} {v} ." for v in values)
        if conforming is not None:
            pattern += " " + " ".join(f"FILTER NOT EXISTS {{ {self.violations(conforming, v)} }}" for v in values)
        pairs = " && ".join(f"!sameTerm({a}, {b})" for a, b in itertools.combinations(values, 2))
        return pattern + (f" FILTER({pairs})" if pairs else "")

    def violation(self, parameter: URIRef, argument: Node, shape: Node, focus: str) -> tuple[str, str | None]:
        """The pattern matching ``focus`` when it violates one constraint, and the variable of its value node."""
        path_node = self.one(shape, SH.path)
        path = self.path(path_node) if path_node is not None else None
        if parameter == SH.minCount:
            return f"FILTER NOT EXISTS {{ {self.distinct(focus, path, int(argument))} }}", None
        if parameter == SH.maxCount:
            return f"FILTER EXISTS {{ {self.distinct(focus, path, int(argument) + 1)} }}", None
        if parameter == SH.qualifiedValueShape:
            if self.one(shape, SH.qualifiedValueShapesDisjoint) == Literal(True):
                raise UnsupportedShape(f"shape {shape}: sh:qualifiedValueShapesDisjoint")
            if self.one(shape, SH.qualifiedMaxCount) is not None:
                raise UnsupportedShape(f"shape {shape}: sh:qualifiedMaxCount")
            least = int(self.one(shape, SH.qualifiedMinCount) or 0)
            if not least or self.deactivated(argument):
                return "FILTER(false)", None
            return f"FILTER NOT EXISTS {{ {self.distinct(focus, path, least, argument)} }}", None
        value = self.var("v") if path else focus
        head = f"{focus} {path} {value} . " if path else ""
        return head + self.value_test(parameter, argument, value, shape), value

    def value_test(self, parameter: URIRef, argument: Node, v: str, shape: Node) -> str:
        """A filter failing a value node ``v`` that does not satisfy the constraint."""
        if parameter == SH["class"]:
            t = self.var("t")
            return f"FILTER NOT EXISTS {{ {v} a {t} . VALUES {t} {{ {self.types(argument)} }} }}"
        if parameter == SH.datatype:
            if argument == RDF.langString:
                return f'FILTER(!(isLiteral({v}) && lang({v}) != ""))'
            if argument == XSD.string:
                return f"FILTER(!(isLiteral({v}) && datatype({v}) = {sparql(XSD.string)}))"
            if argument not in CASTS:
                raise UnsupportedShape(f"sh:datatype {argument}: the compiler checks {sorted(CASTS)}")
            cast = f"COALESCE(isLiteral({sparql(argument)}(STR({v}))), false)"
            return f"FILTER(!(isLiteral({v}) && datatype({v}) = {sparql(argument)} && {cast}))"
        if parameter == SH.minLength:
            return f"FILTER(isBlank({v}) || STRLEN(STR({v})) < {int(argument)})"
        if parameter == SH.pattern:
            flags = self.one(shape, SH.flags)
            pattern = python_regex(str(argument))
            regex = f"regex(STR({v}), {string(pattern)}" + (f", {string(str(flags))})" if flags else ")")
            return f"FILTER(isBlank({v}) || !{regex})"
        if parameter == SH.languageIn:
            ranges = " || ".join(language_range(str(r), v) for r in self.items(argument))
            return f"FILTER(!(isLiteral({v}) && lang({v}) != \"\" && ({ranges or 'false'})))"
        if parameter in RANGES:
            return f"FILTER(isBlank({v}) || !COALESCE({v} {RANGES[parameter]} {sparql(argument)}, false))"
        if parameter == SH["in"]:
            members = " || ".join(f"sameTerm({v}, {sparql(m)})" for m in self.items(argument))
            return f"FILTER(!({members or 'false'}))"
        if parameter == SH.node:
            if self.deactivated(argument):
                return "FILTER(false)"
            return f"FILTER EXISTS {{ {self.violations(argument, v)} }}"
        if parameter == SH["or"]:
            shapes = [s for s in self.items(argument)]
            if any(self.deactivated(s) for s in shapes):
                return "FILTER(false)"
            return "FILTER(" + " && ".join(f"EXISTS {{ {self.violations(s, v)} }}" for s in shapes) + ")"
        raise UnsupportedShape(f"constraint {parameter}")

    def constraints(self, shape: Node) -> Iterator[tuple[Node, URIRef, Node]]:
        """(shape, parameter, argument) of every active constraint of ``shape`` and of its property shapes."""
        if self.deactivated(shape):
            return
        for parameter, argument in sorted(self.shapes.predicate_objects(shape)):
            if parameter == SH.property:
                if not self.deactivated(argument):
                    yield from ((argument, p, a) for _, p, a in self.own(argument))
            elif parameter in COMPONENTS:
                yield shape, parameter, argument
            elif parameter not in SHAPE_PARAMETERS and parameter != SH.flags:
                raise UnsupportedShape(f"shape {shape}: {parameter} is not a constraint the compiler knows")

    def own(self, shape: Node) -> Iterator[tuple[Node, URIRef, Node]]:
        """The constraints written on ``shape`` itself (a property shape: no nested sh:property)."""
        for parameter, argument in sorted(self.shapes.predicate_objects(shape)):
            if parameter == SH.property:
                raise UnsupportedShape(f"shape {shape}: sh:property inside a property shape")
            if parameter in COMPONENTS:
                yield shape, parameter, argument
            elif parameter not in SHAPE_PARAMETERS and parameter != SH.flags:
                raise UnsupportedShape(f"shape {shape}: {parameter} is not a constraint the compiler knows")

    def violations(self, shape: Node, focus: str) -> str:
        """A pattern matching ``focus`` when it does not conform to ``shape`` (for sh:node, sh:or, qualified shapes)."""
        branches = [self.violation(p, a, s, focus)[0] for s, p, a in self.constraints(shape)]
        return " UNION ".join(f"{{ {b} }}" for b in branches) if branches else "FILTER(false)"

    def targets(self, shape: Node) -> str | None:
        """A pattern binding ``?focus`` to every focus node of ``shape``, or None if it has no target."""
        branches = []
        for cls in self.shapes.objects(shape, SH.targetClass):
            branches.append(f"?focus a ?class . VALUES ?class {{ {self.types(cls)} }}")
        for node in self.shapes.objects(shape, SH.targetNode):
            branches.append(f"VALUES ?focus {{ {sparql(node)} }}")
        for p in self.shapes.objects(shape, SH.targetSubjectsOf):
            branches.append(f"?focus {sparql(p)} [] .")
        for p in self.shapes.objects(shape, SH.targetObjectsOf):
            branches.append(f"[] {sparql(p)} ?focus .")
        if (shape, RDF.type, RDFS.Class) in self.shapes:
            raise UnsupportedShape(f"shape {shape} is also an rdfs:Class: write sh:targetClass")
        return " UNION ".join(f"{{ {b} }}" for b in branches) if branches else None

    def message(self, shape: Node) -> str:
        messages = list(self.shapes.objects(shape, SH.message))
        if len(messages) != 1:
            raise UnsupportedShape(f"shape {shape} needs exactly one sh:message (it has {len(messages)})")
        return str(messages[0])

    def compile(self) -> list[Constraint]:
        """One Constraint per constraint of every targeted, active shape."""
        compiled = []
        node_shapes = set(self.shapes.subjects(RDF.type, SH.NodeShape))
        for target in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            for shape in set(self.shapes.subjects(target, None)) - node_shapes:
                raise UnsupportedShape(f"shape {shape} has a target but is not typed sh:NodeShape")
        for shape in sorted(node_shapes):
            focus = self.targets(shape)
            if focus is None or self.deactivated(shape):
                continue
            for owner, parameter, argument in self.constraints(shape):
                pattern, value = self.violation(parameter, argument, owner, "?focus")
                selected = f"?focus ({value} AS ?value)" if value else "?focus"
                query = f"SELECT DISTINCT {selected} WHERE {{ {RESTRICTION} {{ {focus} }} {pattern} }}"
                compiled.append(
                    Constraint(
                        owner,
                        COMPONENTS[parameter],
                        self.message(owner),
                        URIRef(self.one(owner, SH.severity) or SH.Violation),
                        query,
                        value is not None,
                    )
                )
        return compiled


RESTRICTION = "#restriction\n"
"""Where a query is narrowed to some graphs' focus nodes (a comment until then)."""
CLASSES = "SELECT DISTINCT ?class ?sub WHERE { VALUES ?class { %s } ?sub rdfs:subClassOf* ?class }"


def compile_shapes(shapes: Graph, store: ox.Store) -> list[Constraint]:
    """The shapes' constraints as queries on ``store``; subclass closures are read from the data once."""
    classes = sorted(set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH["class"])))
    subclasses: dict[URIRef, set[URIRef]] = {cls: {cls} for cls in classes}
    if classes:
        query = f"PREFIX rdfs: <{RDFS}> " + CLASSES % " ".join(sparql(c) for c in classes)
        for row in store.query(query, use_default_graph_as_union=True):
            if isinstance(row["sub"], ox.NamedNode):
                subclasses[URIRef(row["class"].value)].add(URIRef(row["sub"].value))
    closure = {cls: sorted(subs) for cls, subs in subclasses.items()}
    key = (canonical(shapes), repr(sorted(closure.items())))
    if key[0] is None:
        return Compiler(shapes, closure).compile()
    if key not in COMPILED:
        COMPILED.clear()  # the last shapes only: nothing grows
        COMPILED[key] = Compiler(shapes, closure).compile()
    return COMPILED[key]


COMPILED: dict[tuple[str, str], list[Constraint]] = {}
"""The last shapes compiled: a check, or a test run, validates many corpora with the same shapes."""


def canonical(shapes: Graph) -> str | None:
    """The shapes written with each blank node as the tree it roots, so that two parses compare equal.

    None when a blank node is not reached from a named shape, or sits on a cycle: nothing is cached then.
    """
    seen: set[BNode] = set()

    def tree(node: Node, path: frozenset) -> str | None:
        if not isinstance(node, BNode):
            return node.n3()
        if node in path:
            return None
        seen.add(node)
        parts = []
        for p, o in shapes.predicate_objects(node):
            written = tree(o, path | {node})
            if written is None:
                return None
            parts.append(f"{p.n3()} {written}")
        return "[" + " ; ".join(sorted(parts)) + "]"

    lines = []
    for s, p, o in shapes:
        if isinstance(s, BNode):
            continue
        written = tree(o, frozenset())
        if written is None:
            return None
        lines.append(f"{s.n3()} {p.n3()} {written}")
    if {n for n in shapes.subjects() if isinstance(n, BNode)} - seen:
        return None
    return "\n".join(sorted(lines))




def restriction(graphs: Iterable[URIRef] | None, variable: str = "?focus") -> str:
    """A join keeping the nodes ``variable`` binds that appear in one of ``graphs`` (nothing for None).

    A subquery rather than a filter, so that a few graphs' nodes are found first and joined with the
    targets, instead of every target being tested.
    """
    if graphs is None:
        return ""
    named = " ".join(sparql(g) for g in sorted(graphs))
    appears = f"{{ {variable} ?p ?o }} UNION {{ ?s ?p {variable} }}"
    return f"{{ SELECT DISTINCT {variable} WHERE {{ VALUES ?graph {{ {named} }} GRAPH ?graph {{ {appears} }} }} }}"


def results(
    constraints: list[Constraint],
    store: ox.Store,
    graphs: Iterable[URIRef] | None = None,
    *,
    everywhere: Iterable[URIRef] = frozenset(),
) -> Iterator[tuple[Constraint, Node, Node | None]]:
    """(constraint, focus node, value node or None) for every violation; ``everywhere`` components ignore ``graphs``."""
    graphs = None if graphs is None else sorted(graphs)
    for constraint in constraints:
        where = restriction(None if constraint.component in everywhere else graphs)
        for row in store.query(constraint.query.replace(RESTRICTION, where), use_default_graph_as_union=True):
            value = row["value"] if constraint.reports_value else None
            yield constraint, rdflib_term(row["focus"]), None if value is None else rdflib_term(value)
