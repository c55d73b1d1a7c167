"""The gate every user query passes: nesting and size limits before any parser, refusals by a real parse."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from graph.query import NamedQuery, execute
from graph.sparql import MAX_NESTING, QueryError, RefusedQuery, check_query, nesting, screen

GATES = pytest.mark.parametrize("gate", [screen, check_query], ids=["screen", "parse"])

CANARY = "http://127.0.0.1:9/"

SERVICE_BYPASSES = [
    f'SELECT * WHERE {{ BIND("""a\\"""" AS ?z) SERVICE <{CANARY}> {{ ?s ?p ?o }} }}',
    f"SELECT * WHERE {{ BIND('''a\\'''' AS ?z) SERVICE <{CANARY}> {{ ?s ?p ?o }} }}",
    f'SELECT * WHERE {{ BIND("a\\"" AS ?z) SERVICE <{CANARY}> {{ ?s ?p ?o }} }}',
    f"SELECT * WHERE {{ ?s ?p ?o #\n service silent <{CANARY}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ OPTIONAL {{ {{ SELECT ?s WHERE {{ SeRvIcE <{CANARY}> {{ ?s ?p ?o }} }} }} }} }}",
    f"PREFIX x: <{CANARY}> SELECT * WHERE {{ SERVICE x: {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ VALUES ?u {{ <{CANARY}> }} SERVICE ?u {{ ?s ?p ?o }} }}",
    f'SELECT * WHERE {{ FILTER(?a < 3) ?s ?p "<" SERVICE <{CANARY}> {{ ?s ?p ?o }} }}',
]


@GATES
@pytest.mark.parametrize("text", SERVICE_BYPASSES)
def test_service_is_refused_however_it_is_hidden(gate, text: str) -> None:
    with pytest.raises(RefusedQuery, match="SERVICE"):
        gate(text)


def test_a_unicode_escaped_keyword_is_refused_too() -> None:
    text = f"SELECT * WHERE {{ \\u0053ERVICE <{CANARY}> {{ ?s ?p ?o }} }}"
    for gate in (screen, check_query):
        with pytest.raises(RefusedQuery, match="SERVICE"):
            gate(text)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "CONSTRUCT { ?s ?p ?o } FROM <http://example.org/x> WHERE { ?s ?p ?o }",
        "ASK FROM <http://example.org/x> { ?s ?p ?o }",
    ],
)
@GATES
def test_from_is_refused(gate, text: str) -> None:
    with pytest.raises(RefusedQuery, match="FROM"):
        gate(text)


UPDATES = [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "WITH <urn:g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "PREFIX x: <urn:x#> INSERT { ?s x:p 1 } WHERE { ?s ?p ?o }",
    "LOAD <file:///etc/passwd>",
    "LOAD SILENT <http://127.0.0.1:9/x.ttl> INTO GRAPH <urn:g>",
    "CLEAR ALL",
    "DROP GRAPH <https://w3id.org/claimgraph/graph/shared>",
    "CREATE GRAPH <urn:g>",
    "ADD DEFAULT TO <urn:g>",
    "MOVE <urn:a> TO <urn:b>",
    "COPY <urn:a> TO DEFAULT",
    "drop all ; insert data { <urn:a> <urn:b> <urn:c> }",
]


@GATES
@pytest.mark.parametrize("text", UPDATES)
def test_every_update_form_is_refused(gate, text: str) -> None:
    with pytest.raises(RefusedQuery, match="updates"):
        gate(text)


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT ?from ?with WHERE { ?from ?with ?load }", "SELECT"),
        ('SELECT ?s WHERE { ?s ?p "SERVICE LOAD FROM" . ?s <urn:x:FROM> ?o } # DROP SERVICE', "SELECT"),
        ("ASK { ?service ?insert ?drop }", "ASK"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", "CONSTRUCT"),
        ("DESCRIBE <urn:a>", "DESCRIBE"),
        ("SELECT * { BIND(" + "(" * (MAX_NESTING - 2) + "1" + ")" * (MAX_NESTING - 2) + " AS ?x) }", "SELECT"),
    ],
)
def test_ordinary_queries_pass(text: str, form: str) -> None:
    assert check_query(text) == form
    screen(text)


def crash_queries() -> list[str]:
    """The shapes that overflow Oxigraph's parser (issue: 5,000 parentheses, 3,000 groups, ~10 KB)."""
    return [
        "SELECT * { BIND(" + "(" * 5000 + "1" + ")" * 5000 + " AS ?x) }",
        "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000,
        "SELECT * WHERE { ?s ?p " + "[ <urn:p> " * 3000 + "1" + " ]" * 3000 + " }",
        "SELECT * WHERE { FILTER(" + "!(" * 4000 + "true" + ")" * 4000 + ") }",
    ]


@GATES
@pytest.mark.parametrize(
    "text",
    [*crash_queries(), "SELECT * { BIND(" + "\\u0028" * 5000 + "1" + "\\u0029" * 5000 + " AS ?x) }"],
    ids=["parens", "groups", "blank-nodes", "not", "escaped-parens"],
)
def test_deep_nesting_is_refused_before_any_parser(gate, text: str) -> None:
    with pytest.raises(QueryError, match="nested too deeply: more than 64 levels of brackets at line 1"):
        gate(text)


def test_brackets_in_strings_iris_and_comments_do_not_count() -> None:
    text = 'SELECT * { ?s ?p "' + "(" * 500 + '" . ?s <urn:' + "(" * 500 + "> ?o } # " + "{" * 500
    assert nesting(text)[0] == 1
    assert check_query(text) == "SELECT"


@GATES
def test_size_limit(gate) -> None:
    with pytest.raises(QueryError, match="too long"):
        gate("SELECT * { ?s ?p ?o } #" + "x" * 200_000)


def test_syntax_errors_give_positions_in_the_users_text() -> None:
    with pytest.raises(QueryError, match="line 3, column 2"):
        check_query("SELECT * WHERE {\n  ?s ?p ?o .\n FILTER(?x = }")


def test_engine_errors_count_no_hidden_prefix_lines(real_out: Path) -> None:
    from graph.store import open_store

    store = open_store(real_out)
    with pytest.raises(QueryError, match="error at 2:"):
        execute(store, NamedQuery("mine", "", "", (), "SELECT * WHERE {\n  nope:x ?p ?o }"))
    # The project's prefixes are still predeclared.
    assert bool(execute(store, NamedQuery("mine", "", "", (), "ASK { ent:elon-musk a schema:Person }")))


def test_the_cli_refuses_a_crash_query_instead_of_dying(real_out: Path) -> None:
    for text in [*crash_queries()[:2], SERVICE_BYPASSES[0]]:
        done = subprocess.run(
            [sys.executable, "-m", "graph.cli", "query", text, "--out", str(real_out)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 1, done.stderr
        assert "nested too deeply" in done.stderr or "refused: SERVICE" in done.stderr
        assert "Traceback" not in done.stderr
