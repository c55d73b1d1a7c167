"""The build under abuse: killed at random points, given annotations that point at the network,
built twice; and what it writes for spreadsheets. The figures feed README.md's Reliability section."""

from __future__ import annotations

import csv
import http.server
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import ClassVar

import pytest

from graph.build import build
from graph.config import Config

from .conftest import PROJECT

KILLS = 20
VOLATILE = {"graph.jsonld", "graph.graphml", "graph.gexf"}
MARKER = ".claimgraph-output.json"
"""Outputs whose bytes still differ between builds of the same input: compared by parsing them."""


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def whole(path: Path) -> bool:
    """A volatile output that a reader can read: it parses as what it claims to be."""
    try:
        if path.suffix == ".jsonld":
            json.loads(path.read_bytes())
        else:
            ET.parse(path)
    except (ValueError, ET.ParseError):
        return False
    return True


def same_store(out: Path) -> bool:
    """The on-disk store (RocksDB files: ids and logs differ between builds) holds what graph.trig holds."""
    import pyoxigraph as ox

    def ground(quads) -> tuple[int, set]:
        # Blank node labels differ between two parses, and Oxigraph's store keeps integers as xsd:integer.
        quads = list(quads)

        def key(q: ox.Quad) -> tuple[str, ...]:
            value = q.object.value if isinstance(q.object, ox.Literal) else str(q.object)
            return str(q.subject), str(q.predicate), value, str(q.graph_name)

        return len(quads), {key(q) for q in quads if not any(isinstance(t, ox.BlankNode) for t in q)}

    store = ox.Store.read_only(str(out / "store"))
    return ground(store) == ground(ox.parse(path=out / "graph.trig", format=ox.RdfFormat.TRIG))


def without_store(files: dict[str, bytes]) -> dict[str, bytes]:
    """The tree less the store's files, and less their names in the output marker."""
    kept = {k: v for k, v in files.items() if not k.startswith("store/")}
    if MARKER in kept:
        marker = json.loads(kept[MARKER])
        marker["files"] = [f for f in marker.get("files", []) if not f.startswith("store/")]
        kept[MARKER] = json.dumps(marker, sort_keys=True).encode()
    return kept


def same_build(found: dict[str, bytes], expected: dict[str, bytes], out: Path) -> bool:
    found, expected = without_store(found), without_store(expected)
    if found.keys() != expected.keys():
        return False
    stable = all(found[name] == expected[name] for name in found if name not in VOLATILE)
    return stable and all(whole(out / name) for name in found if name in VOLATILE) and same_store(out)


def child_build(root: Path, out: Path, *prelude: str) -> subprocess.Popen:
    """A build in its own process (so that SIGKILL hits Oxigraph's Rust code too), optionally patched."""
    code = "\n".join(
        [
            *prelude,
            "from graph.cli import main",
            f"main(['build', '--root', {str(root)!r}, '--out', {str(out)!r}])",
        ]
    )
    return subprocess.Popen(
        [sys.executable, "-c", code], cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )


def staging_folders(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}-staging-*"))


def test_kills_leave_the_previous_or_the_complete_new_outputs(tiny: Path, tmp_path: Path) -> None:
    out = tiny / "out"
    build(Config.under(tiny, out=out))
    previous = tree(out)
    entities = tiny / "annotations" / "entities.ttl"
    entities.write_text(entities.read_text(encoding="utf-8").replace('"La Gazette"', '"La Gazette du soir"'))
    reference = tmp_path / "reference"
    build(Config.under(tiny, out=reference))
    new = tree(reference)
    assert new != previous

    started = time.monotonic()
    child = child_build(tiny, tmp_path / "timing")
    assert child.wait(timeout=300) == 0, child.stderr.read()
    duration = time.monotonic() - started

    rng = random.Random(12)
    outcomes = {"previous": 0, "new": 0, "killed while writing": 0}
    for _ in range(KILLS):
        staged = staging_folders(out)
        child = child_build(tiny, out)
        time.sleep(rng.uniform(0.2, 1.05) * duration)  # interpreter start-up excepted, and a little past the end
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        found = tree(out)
        if found == previous:
            outcomes["previous"] += 1
        else:
            assert same_build(found, new, out), "a killed build left a torn out/"
            outcomes["new"] += 1
            previous = found
        outcomes["killed while writing"] += staging_folders(out) != staged

    # The one instant between the two steps of the swap: new outputs in place, old ones not yet removed.
    hook = "import os, signal, graph.publish as p; p.between_swap_steps = lambda: os.kill(os.getpid(), signal.SIGKILL)"
    child = child_build(tiny, out, hook)
    assert child.wait(timeout=300) == -signal.SIGKILL
    assert same_build(tree(out), new, out)
    assert staging_folders(out), "the previous outputs are still beside out/, to be removed by the next build"

    child = child_build(tiny, out)
    assert child.wait(timeout=300) == 0, child.stderr.read()
    assert same_build(tree(out), new, out)
    assert staging_folders(out) == [], "the next build removes every staging folder"
    print(f"\n{KILLS} kills at random points of a {duration:.1f} s build: {outcomes}")


class Canary(http.server.BaseHTTPRequestHandler):
    """Counts every request; a build must never send one."""

    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Canary.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.end_headers()
        self.wfile.write(b'{"@context": {}}')

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


class CountingServer(http.server.ThreadingHTTPServer):
    connections = 0

    def verify_request(self, request: object, client_address: object) -> bool:
        CountingServer.connections += 1
        return True


def remote_annotations(tiny: Path, canary: str) -> None:
    """Annotations that name the canary every way a loader might follow: owl:imports, a remote JSON-LD
    context in an rdf:JSON literal and in a JSON-LD file beside the Turtle, rdfs:seeAlso, a SHACL shapes graph."""
    entities = tiny / "annotations" / "entities.ttl"
    entities.write_text(
        entities.read_text(encoding="utf-8")
        + f"""
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
<{canary}/ontology> a <http://www.w3.org/2002/07/owl#Ontology> ;
    <http://www.w3.org/2002/07/owl#imports> <{canary}/imported.ttl> ;
    <http://www.w3.org/ns/shacl#shapesGraph> <{canary}/shapes.ttl> ;
    rdfs:seeAlso <{canary}/see-also.ttl> ;
    rdfs:comment "{{\\"@context\\": \\"{canary}/context.jsonld\\", \\"@id\\": \\"x\\"}}"^^rdf:JSON .
""",
        encoding="utf-8",
    )
    (tiny / "annotations" / "remote.jsonld").write_text(
        json.dumps({"@context": f"{canary}/context.jsonld", "@id": f"{canary}/x", "name": "x"}), encoding="utf-8"
    )


def test_the_build_reaches_no_network_whatever_the_annotations_say(tiny: Path) -> None:
    server = CountingServer(("127.0.0.1", 0), Canary)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    canary = f"http://127.0.0.1:{server.server_address[1]}"
    remote_annotations(tiny, canary)
    out = tiny / "out"
    trace = tiny.parent / "connect.trace"
    strace = shutil.which("strace")
    if strace is None and os.environ.get("CI"):
        pytest.fail("strace not found: install Debian's strace (apt-get install strace)")
    command = [sys.executable, "-m", "graph.cli", "build", "--root", str(tiny), "--out", str(out)]
    if strace:
        command = [strace, "-f", "-qq", "-e", "trace=connect", "-o", str(trace), *command]
    try:
        result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=300)
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr
    assert (out / "graph.trig").is_file()
    assert CountingServer.connections == 0 and Canary.hits == [], "the build contacted the canary"
    if strace:
        inet = [line for line in trace.read_text().splitlines() if "AF_INET" in line]
        assert inet == [], f"the build opened network connections: {inet}"


def test_graph_trig_and_ttl_are_byte_identical_across_builds(tiny: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    build(Config.under(tiny, out=first))
    child = child_build(tiny, second)  # another process: another hash seed, other blank node ids
    assert child.wait(timeout=300) == 0, child.stderr.read()
    for name in ("graph.trig", "graph.ttl"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_csv_cells_that_would_run_as_formulas_are_neutralised(tiny: Path) -> None:
    entities = tiny / "annotations" / "entities.ttl"
    text = entities.read_text(encoding="utf-8")
    text = text.replace('rdfs:label "Acme"', 'rdfs:label "=HYPERLINK(\\"http://127.0.0.1/x\\",\\"Acme\\")"')
    text = text.replace('rdfs:label "Jean Dupont"', 'rdfs:label "@SUM(1+1)"')
    entities.write_text(text, encoding="utf-8")
    out = tiny / "out"
    build(Config.under(tiny, out=out))

    with (out / "tables" / "entities.csv").open(encoding="utf-8", newline="") as f:
        cells = [cell for row in csv.reader(f) for cell in row]
    assert '\'=HYPERLINK("http://127.0.0.1/x","Acme")' in cells
    assert "'@SUM(1+1)" in cells
    for path in (out / "tables").glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                assert not any(formula(c) for c in row), (path.name, row)


def formula(cell: str) -> bool:
    """A cell a spreadsheet would evaluate: starts like a formula and is not simply a number."""
    try:
        float(cell)
    except ValueError:
        return cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    return False
