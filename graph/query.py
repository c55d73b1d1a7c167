"""Named and ad-hoc SPARQL over the built graph (out/graph.trig), never over the sources.

Parameters are bound by the engine through a ``VALUES`` block built from pyoxigraph terms, never
pasted into the query text; an IRI parameter may be written as a person would (a label, a bare
name, a document number: ``graph.find``). Queries that would reach the network or the file system
(``SERVICE``, ``LOAD``, ``FROM``) and updates are refused before they run. Nothing here imports
rdflib or pandas until asked for a DataFrame, so that a query starts fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .config import resource
from .find import AmbiguousName, Names, UnknownName, WrongKind, kind, wanted_kind
from .prefixes import compact as compact  # re-exported: callers format IRIs as --param takes them
from .prefixes import expand
from .sparql import ENGINE_PREFIXES, QueryError, screen
from .store import open_store as open_store  # re-exported: callers open the built graph from here

if TYPE_CHECKING:
    import pandas as pd

QUERIES = resource("queries")
PARAM_TYPES = ("iri", "string", "integer", "decimal")
# Strings, IRIs and comments are blanked before looking for the WHERE group to bind parameters in.
LEXICAL_NOISE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)


class ParameterError(QueryError):
    """A parameter value that names nothing, or several things: the user must say which (exit 2)."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A query file of queries/: its header comment documents it."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...] = field(default=())
    text: str = ""

    @classmethod
    def parse(cls, name: str, text: str) -> NamedQuery:
        header = {"title": "", "description": []}
        params = []
        for line in text.lstrip().splitlines():
            if not line.startswith("#"):
                break
            key, _, value = line.lstrip("# ").partition(":")
            value = value.strip()
            if key == "title":
                header["title"] = value
            elif key == "description":
                header["description"].append(value)
            elif key == "param":
                pname, ptype, *rest = value.split(maxsplit=2)
                if ptype not in PARAM_TYPES:
                    raise QueryError(
                        f"queries/{name}.rq: parameter {pname} has type {ptype!r}; use one of {PARAM_TYPES}"
                    )
                params.append(Param(pname, ptype, rest[0] if rest else ""))
        return cls(name, header["title"], " ".join(header["description"]), tuple(params), text)


def library(folder: Path = QUERIES) -> dict[str, NamedQuery]:
    """Every named query by name (file stem)."""
    return {p.stem: NamedQuery.parse(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.rq"))}


def resolve(spec: str, folder: Path = QUERIES) -> NamedQuery:
    """A query from a library name, an existing .rq file, or SPARQL text of any length.

    Text is taken as a file only when it names an existing ``.rq`` file: a long query is never
    tried as a path.
    """
    named = library(folder)
    if spec in named:
        return named[spec]
    if spec.endswith(".rq") and "\n" not in spec:
        try:
            path = Path(spec)
            found = path.is_file()
        except (OSError, ValueError):
            found = False
        if not found:
            raise QueryError(f"no query file {spec}; named queries are: {', '.join(named)}")
        return NamedQuery.parse(path.stem, path.read_text(encoding="utf-8"))
    if not re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", spec, re.IGNORECASE):
        shown = spec if len(spec) <= 80 else spec[:77] + "…"
        raise QueryError(
            f"{shown!r} is neither a named query, a .rq file, nor SPARQL; named queries are: {', '.join(named)}"
        )
    return NamedQuery.parse("ad-hoc", spec)  # its header may declare parameters, as in a .rq file


def check_safe(text: str) -> str:
    """Refuse hostile size or nesting, SERVICE, FROM and updates before the engine sees the text (``screen``)."""
    return screen(text)


def term(param: Param, raw: str) -> ox.NamedNode | ox.Literal:
    """A parameter value as an RDF term of the declared type; prefixed names are expanded."""
    if param.type == "iri":
        value = expand(raw) or raw
        try:
            return ox.NamedNode(value)
        except ValueError as error:
            raise QueryError(f"parameter {param.name}: {raw!r} is not an IRI ({error})") from None
    if param.type in ("integer", "decimal"):
        try:
            number = int(raw) if param.type == "integer" else float(raw)
        except ValueError:
            raise QueryError(f"parameter {param.name}: {raw!r} is not a {param.type}") from None
        return ox.Literal(str(number), datatype=ox.NamedNode(f"http://www.w3.org/2001/XMLSchema#{param.type}"))
    return ox.Literal(raw)


def bind(query: NamedQuery, values: dict[str, str]) -> str:
    """The query text with a VALUES block binding every declared parameter.

    The block opens the top-level WHERE group, so that FILTERs and BINDs of the group see the
    values (a trailing VALUES clause would join only after them).
    """
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        hint = ", ".join(f"{p.name} ({p.type})" for p in query.params) or "none"
        raise QueryError(f"unknown parameter(s) {', '.join(unknown)} for {query.name}; it takes: {hint}")
    missing = [name for name in declared if name not in values]
    if missing:
        raise QueryError(
            f"{query.name} needs --param "
            + " --param ".join(f"{m}=…" for m in missing)
            + "; "
            + "; ".join(f"{m}: {declared[m].description}" for m in missing)
        )
    if not values:
        return query.text
    names = list(values)
    row = " ".join(str(term(declared[n], values[n])) for n in names)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }} "
    code = LEXICAL_NOISE.sub(lambda m: " " * len(m.group()), query.text)
    where = re.search(r"\bWHERE\s*\{", code, re.IGNORECASE) or re.search(r"\{", code)
    if where is None:
        raise QueryError(f"{query.name} has no WHERE group to bind its parameters in")
    return query.text[: where.end()] + block + query.text[where.end() :]




def cell(term_: object) -> object:
    if term_ is None:
        return None
    if isinstance(term_, ox.Literal):
        kind = term_.datatype.value.rsplit("#", 1)[-1]
        if kind in ("integer", "int", "long", "nonNegativeInteger"):
            return int(term_.value)
        if kind in ("decimal", "double", "float"):
            return float(term_.value)
        if kind == "boolean":
            return term_.value == "true"
    return term_.value


def resolve_names(store: ox.Store, query: NamedQuery, values: dict[str, str]) -> dict[str, str]:
    """IRI parameters as what the person typed means: a label, a bare name or a number -> ``<iri>``.

    A value that names nothing, or several things, raises ``ParameterError`` listing the nearest
    names or the candidates: a wrong parameter never answers an empty table.
    """
    declared = {p.name: p for p in query.params}
    wanted = {n: declared[n] for n, v in values.items() if n in declared and declared[n].type == "iri"}
    if not wanted:
        return values
    names = Names.of(store)
    resolved = dict(values)
    for name, param in wanted.items():
        raw = values[name]
        iri = expand(raw.strip())
        if iri is not None and iri not in names.texts and occurs(store, iri):
            resolved[name] = f"<{iri}>"  # a term of another vocabulary (schema:Person): taken as written
            continue
        try:
            resolved[name] = f"<{names.lookup(raw, wanted_kind(param.description))}>"
        except AmbiguousName as error:
            listed = "\n  ".join(names.describe(i) for i in error.args[0])
            raise ParameterError(
                f"parameter {name}: {raw!r} could mean any of\n  {listed}\nwrite one of these"
            ) from None
        except WrongKind as error:
            near, named = error.args
            others = "; ".join(f"{names.describe(i)}, {article(kind(i))}" for i in named)
            want = article(wanted_kind(param.description) or "")
            hint = ("; did you mean\n  " + "\n  ".join(names.describe(i) for i in near)) if near else ""
            raise ParameterError(f"parameter {name} takes {want}; {raw!r} names {others}{hint}") from None
        except UnknownName as error:
            near = error.args[0]
            hint = ("; did you mean\n  " + "\n  ".join(names.describe(i) for i in near)) if near else ""
            raise ParameterError(
                f"parameter {name}: nothing in the graph is called {raw!r}{hint}\n"
                f"(`claimgraph find WORDS` lists what matches)"
            ) from None
    return resolved


def article(noun: str) -> str:
    """``an entity``, ``a quantity``."""
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def occurs(store: ox.Store, iri: str) -> bool:
    """Whether the graph says anything about ``iri``, as subject or object."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return False
    return any(True for _ in store.quads_for_pattern(node, None, None)) or any(
        True for _ in store.quads_for_pattern(None, None, node)
    )


def execute(store: ox.Store, query: NamedQuery, values: dict[str, str] | None = None) -> object:
    """Check, bind and run a query with the project's prefixes; pyoxigraph's own result object."""
    check_safe(query.text)
    text = bind(query, resolve_names(store, query, values or {}))
    try:
        return store.query(text, prefixes=ENGINE_PREFIXES, use_default_graph_as_union=True)
    except SyntaxError as error:
        raise QueryError(f"SPARQL syntax in {query.name}: {located(str(error), query.text)}") from None


def located(message: str, text: str) -> str:
    """A parser message with the offending line of the user's own text shown.

    The engine gets the project's prefixes as a table, not as PREFIX lines, so its positions
    already count the user's lines.
    """
    match = re.search(r"\b(?:at |line )?(\d+):(\d+)\b", message)
    if not match:
        return message
    line, column = int(match[1]), int(match[2])
    lines = text.splitlines() or [""]
    if not 1 <= line <= len(lines):
        return message
    fixed = message[: match.start(1)] + f"{line}:{column}" + message[match.end(2) :]
    source = lines[line - 1]
    return f"{fixed}\n  line {line}, column {column}:\n    {source}\n    {' ' * max(column - 1, 0)}^"


@dataclass(frozen=True)
class Rows:
    """A SELECT result as plain Python: the light form the command line prints."""

    columns: list[str]
    rows: list[list[object]]


def select_rows(store: ox.Store, query: NamedQuery, values: dict[str, str] | None = None) -> Rows | bool:
    """Run a SELECT (``Rows``) or ASK (a bool) without pandas."""
    result = execute(store, query, values)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("only SELECT and ASK queries give a table; use graph.ttl for CONSTRUCT")
    columns = [v.value for v in result.variables]
    return Rows(columns, [[cell(row[c]) for c in columns] for row in result])


def csv_bytes(store: ox.Store, query: NamedQuery, values: dict[str, str] | None = None) -> bytes:
    """A SELECT's result as SPARQL CSV (lexical forms, full IRIs): the bytes the endpoint sends."""
    result = execute(store, query, values)
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("only SELECT queries give CSV")
    return result.serialize(format=ox.QueryResultsFormat.CSV)


def run(store: ox.Store, query: NamedQuery, values: dict[str, str] | None = None) -> pd.DataFrame | bool:
    """Run a SELECT (a DataFrame) or ASK (a bool)."""
    import pandas as pd

    result = select_rows(store, query, values)
    if isinstance(result, bool):
        return result
    return pd.DataFrame(result.rows, columns=result.columns)
