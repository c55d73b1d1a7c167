"""The query page and YASGUI in a real browser: from the package, offline, and from another origin with --cors."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from graph.serve import Options, make_server


@pytest.fixture(scope="module")
def cors_page():
    """A page on another origin (another port) that runs YASGUI against the endpoint given in its URL."""
    html = b"""<!doctype html><html><head><meta charset="utf-8"></head><body><div id="y"></div><script>
const endpoint = new URLSearchParams(location.search).get("endpoint");
const s = document.createElement("script");
s.src = new URL("/static/yasgui.min.js", endpoint).href;
s.onload = () => {
  Yasgui.Yasqe.defaults.autocompleters = ["variables"];
  window.yasgui = new Yasgui(document.getElementById("y"), {
    requestConfig: { endpoint: endpoint, method: "POST" }, copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [] }, persistenceId: null });
  window.ready = true;
};
document.head.append(s);
</script></body></html>"""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(html)))
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def start(out: Path, cors: str | None):
    server = make_server(out, "127.0.0.1", 0, Options(workers=2, cors=cors))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def test_query_page_runs_a_named_query_with_nothing_from_elsewhere(browser, real_out: Path) -> None:
    server, base = start(real_out, None)
    context = browser.new_context()
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(base + "/")
        page.wait_for_selector("button[data-query='who-said']")
        assert page.locator("#named-list li").count() >= 15
        page.click("button[data-query='who-said']")
        page.locator(".yasr").get_by_text("Elon Musk").first.wait_for(timeout=20000)
        assert "escroc" in page.evaluate("window.claimgraphYasgui.getTab().getQuery()")
        assert errors == []
        assert [u for u in requests if not u.startswith(base + "/")] == []
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def run_from_other_origin(browser, page_url: str, endpoint: str) -> str:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{page_url}/?endpoint={endpoint}")
        page.wait_for_function("window.ready === true", timeout=20000)
        page.evaluate(
            "(() => { const t = window.yasgui.getTab();"
            " t.setQuery('SELECT ?l WHERE { <https://w3id.org/claimgraph/entity/elon-musk> "
            "<http://www.w3.org/2000/01/rdf-schema#label> ?l }'); t.getYasqe().query(); })()"
        )
        page.wait_for_function(
            "document.querySelector('.yasr') && document.querySelector('.yasr').innerText.trim().length > 0",
            timeout=20000,
        )
        page.wait_for_timeout(500)
        return page.inner_text(".yasr")
    finally:
        context.close()


def test_yasgui_on_another_origin_queries_serve_with_cors(browser, real_out: Path, cors_page: str) -> None:
    server, base = start(real_out, cors_page)
    try:
        assert "Elon Musk" in run_from_other_origin(browser, cors_page, base + "/sparql")
    finally:
        server.shutdown()
        server.server_close()


def test_without_cors_another_origin_gets_nothing(browser, real_out: Path, cors_page: str) -> None:
    server, base = start(real_out, None)
    try:
        assert "Elon Musk" not in run_from_other_origin(browser, cors_page, base + "/sparql")
    finally:
        server.shutdown()
        server.server_close()
