"""The read-only SPARQL endpoint over HTTP: the protocol, named queries, and what it refuses."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import quote, urlencode
from urllib.request import Request, urlopen

import pytest

from graph.query import open_store
from graph.serve import make_server


@pytest.fixture(scope="module")
def endpoint(real_out: Path):
    server = make_server(open_store(real_out), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, str, str]:
    try:
        with urlopen(Request(url, data=data, headers=headers or {}), timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def test_binds_to_loopback_by_default(real_out: Path) -> None:
    server = make_server(open_store(real_out), port=0)
    assert server.server_address[0] == "127.0.0.1"
    server.server_close()


def test_select_over_get(endpoint: str) -> None:
    query = "SELECT ?quote WHERE { ?c cg:assertedBy ent:elon-musk ; cg:quote ?quote } ORDER BY ?quote"
    status, media, body = fetch(f"{endpoint}/sparql?query={quote(query)}")
    assert status == 200 and media.startswith("application/sparql-results+json")
    quotes = [b["quote"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert "Stargate n’a pas l’argent dont il parle" in quotes


def test_csv_by_content_negotiation_and_post(endpoint: str) -> None:
    body = urlencode({"query": "SELECT ?l WHERE { ent:satya-nadella rdfs:label ?l }"}).encode()
    status, media, text = fetch(
        f"{endpoint}/sparql", body, {"Accept": "text/csv", "Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 200 and media.startswith("text/csv")
    assert text.splitlines() == ["l", "Satya Nadella"]


def test_named_query_with_parameter(endpoint: str) -> None:
    status, _, body = fetch(f"{endpoint}/queries/who-said?text=escroc")
    assert status == 200
    rows = json.loads(body)["results"]["bindings"]
    assert [r["speaker"]["value"] for r in rows] == ["Elon Musk"]
    listing = json.loads(fetch(f"{endpoint}/queries")[2])
    assert {"who-said", "figure-provenance"} <= {q["name"] for q in listing}


@pytest.mark.parametrize(
    ("data", "headers", "status"),
    [
        (b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", {"Content-Type": "application/sparql-update"}, 403),
        (urlencode({"update": "DROP ALL"}).encode(), {"Content-Type": "application/x-www-form-urlencoded"}, 403),
        (
            b"SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }",
            {"Content-Type": "application/sparql-query"},
            400,
        ),
    ],
)
def test_refuses_updates_and_network(endpoint: str, data: bytes, headers: dict[str, str], status: int) -> None:
    code, _, body = fetch(f"{endpoint}/sparql", data, headers)
    assert code == status
    assert "read-only" in body or "refused" in body
    # The graph is unchanged.
    ask = fetch(f"{endpoint}/sparql?query={quote('ASK { <urn:a> <urn:b> <urn:c> }')}")[2]
    assert json.loads(ask)["boolean"] is False
