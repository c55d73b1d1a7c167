"""Self-contained interactive HTML: three pyvis views and a landing page, safe with any text.

pyvis builds the node and edge lists; the page is our own template (``templates/``): vis-network
inlined from the pyvis package, no Bootstrap, no request to any host. Corpus text only ever
reaches the page as JSON data read by ``textContent`` / vis-network's plain-text tooltips; the
template escapes everything else once (Jinja autoescape).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from importlib.resources import files
from pathlib import Path

import jinja2
import pandas as pd
import pyvis

from ..collector import paused
from .figure_chart import LABEL, WIDTH, figure_charts, legend
from .layout import layout
from .view import KINDS, LARGE, LEAVES, View
from .views import Corpus, echo_view, figures_view, provenance_view

VIS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
OPTIONS = {
    "physics": {"enabled": False},
    "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True, "navigationButtons": False},
    "nodes": {"font": {"size": 12, "face": "system-ui"}, "borderWidth": 1},
    "edges": {
        "smooth": False,
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
        "color": {"inherit": False, "color": "#9ca3af", "opacity": 0.6},
    },
    "layout": {"improvedLayout": False},
}


def page_data(view: View) -> dict:
    counts = pd.Series([n["kind"] for n in view.net.nodes]).value_counts().to_dict() if view.net.nodes else {}
    documents = sorted({d for n in view.net.nodes for d in n["documents"]})
    hidden = [k for k in LEAVES if counts.get(k)] if len(view.net.nodes) > LARGE else []
    return {
        "nodes": view.net.nodes,
        "edges": view.net.edges,
        "options": OPTIONS,
        "hidden": hidden,
        "edgeLegend": view.edge_legend,
        "kinds": [
            {"kind": k, "label": v[0], "colour": v[1], "count": counts[k]} for k, v in KINDS.items() if k in counts
        ],
        "documents": documents,
    }


def script_json(value: object) -> str:
    """JSON that cannot close its <script> element or open markup, whatever strings it holds.

    >>> script_json({"q": "</script> & «\u2028»", "n": [1, {}]})
    '{"q": "\\\\u003c/script\\\\u003e \\\\u0026 «\\\\u2028»", "n": [1, {}]}'
    """
    return "".join(script_json_pieces(value))


def script_json_pieces(value: object, depth: int = 2) -> Iterator[str]:
    """``script_json(value)`` in pieces: the containers of the first ``depth`` levels a member at a
    time, so that a page's tens of MB of data are never one string (nor copied as one)."""
    if depth and isinstance(value, dict) and value:
        opening = "{"
        for key, item in value.items():
            yield opening + safe_json(key) + ": "
            yield from script_json_pieces(item, depth - 1)
            opening = ", "
        yield "}"
    elif depth and isinstance(value, list | tuple) and value:
        opening = "["
        for item in value:
            yield opening
            yield from script_json_pieces(item, depth - 1)
            opening = ", "
        yield "]"
    else:
        yield safe_json(value)


def safe_json(value: object) -> str:
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def environment() -> jinja2.Environment:
    loader = jinja2.FileSystemLoader(str(files("graph.export") / "templates"))
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)


DATA = "\x00graph-data\x00"
"""Where a view's data goes in its rendered template (no template holds a NUL)."""


def render_view(view: View, env: jinja2.Environment) -> str:
    return "".join(view_pieces(view, env))


def view_pieces(view: View, env: jinja2.Environment) -> Iterator[str]:
    """The page of ``view`` in pieces: the template around its data, then the data a member at a time."""
    layout(view)
    page = env.get_template("view.html").render(
        title=view.title,
        hint=view.hint,
        data_json=DATA,
        vis_js=(VIS / "vis-network.min.js").read_text(encoding="utf-8").replace("</script", "<\\/script"),
        vis_css=(VIS / "vis-network.css").read_text(encoding="utf-8"),
    )
    head, tail = page.split(DATA)
    yield head
    yield from script_json_pieces(page_data(view))
    yield tail


def write_html(corpus: Corpus, out: Path, networks: Sequence[str] = ("echoes.graphml", "echoes.gexf")) -> list[Path]:
    """The three views, the figure charts and the landing page; returns their paths, index first.

    ``networks``: the GraphML/GEXF files the build wrote, which the landing page links for Gephi.
    """
    env = environment()
    with paused():
        views = {
            "provenance.html": provenance_view(corpus),
            "echoes.html": echo_view(corpus),
            "figures.html": figures_view(corpus),
        }
        paths = []
        for name, view in views.items():
            with (out / name).open("w", encoding="utf-8") as page:
                page.writelines(view_pieces(view, env))
            paths.append(out / name)
        charts = out / "figure-charts.html"
        charts.write_text(render_charts(corpus, env), encoding="utf-8")
        index = out / "index.html"
        index.write_text(render_index(corpus, views, env, networks), encoding="utf-8")
    return [index, *paths, charts]


def render_charts(corpus: Corpus, env: jinja2.Environment) -> str:
    charts, pairs = figure_charts(corpus)
    total = len(corpus.tables.get("figure_coincidences", []))
    return env.get_template("figure-charts.html").render(
        charts=charts, pairs=pairs, more=total - len(pairs), legend=legend(corpus), width=WIDTH, label_width=LABEL
    )


def coincidence_rows(corpus: Corpus) -> list[tuple]:
    """One row per pair of quantities that share a number: documents, surfaces, measures, review."""
    pairs = corpus.tables.get("figure_coincidences", pd.DataFrame())
    return [
        (
            " · ".join(d[:3] for d in sorted({*r.documents_a, *r.documents_b})),
            " · ".join(f"«{s}»" for s in dict.fromkeys([*r.surfaces_a, *r.surfaces_b])),
            corpus.label(r.measure_a),
            corpus.label(r.measure_b),
            bool(r.reviewed),
            r.reason if isinstance(r.reason, str) else "",
        )
        for r in pairs.itertuples()
    ]


def echoed_by(corpus: Corpus, node: str) -> Counter:
    """Pieces of directed evidence that others echo ``node``, by basis; co-statements do not count."""
    return Counter(
        e["basis"] for _, _, data in corpus.network.in_edges(node, data=True) for e in data["evidence"] if e["directed"]
    )


def render_index(corpus: Corpus, views: dict[str, View], env: jinja2.Environment, networks: Sequence[str]) -> str:
    claims = corpus.tables["claims"]
    reporting = sorted((d for d in corpus.documents if d.claims), key=lambda d: d.seed)
    in_weight = sorted(
        ((echoed_by(corpus, n), corpus.label(n)) for n in corpus.network.nodes),
        key=lambda item: (-sum(item[0].values()), item[1]),
    )
    recurring = corpus.tables["recurring_figures"]
    return env.get_template("index.html").render(
        documents=[(d.seed, d.claims, d.speakers, d.figures) for d in reporting],
        totals={
            "claims": len(claims),
            "entities": len(corpus.tables["entities"]),
            "sources": len(corpus.tables["sources"]),
            "figures": len(corpus.tables["figures"]),
        },
        echoed=[
            (label, sum(bases.values()), ", ".join(f"{k} {n}" for k, n in sorted(bases.items())))
            for bases, label in in_weight[:10]
            if bases
        ],
        recurring=[
            (corpus.label(r.measure), len(r.documents), "; ".join(r.values), r.drift_reason, r.agreement)
            for r in recurring.itertuples()
        ],
        views=[(name, v.title, v.hint, len(v.net.nodes), len(v.net.edges)) for name, v in views.items()],
        coincidences=coincidence_rows(corpus),
        repetitions=len(corpus.tables.get("figure_repetitions", [])),
        overlap=[
            (r.document_a[:3], r.document_b[:3], "; ".join(r.shared_speakers), "; ".join(r.shared_measures))
            for r in corpus.tables["document_overlap"].itertuples()
        ],
        tables=sorted(corpus.tables),
        networks=list(networks),
    )
