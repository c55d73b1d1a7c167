"""The notebook's doorway to the built graph: its tables, the named queries, the echo network.

Everything here reads ``out/`` (built by ``make graph``); nothing re-reads the sources.
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import networkx as nx
import pandas as pd
import pyoxigraph as ox

from .config import PROJECT_ROOT
from .export.tables import read_table
from .query import library, open_store, resolve, run


def default_out() -> Path:
    """``$CLAIMGRAPH_OUT`` if set, else the project's out/."""
    return Path(os.environ.get("CLAIMGRAPH_OUT", PROJECT_ROOT / "out"))


@dataclass
class Explorer:
    """The built graph, opened for exploration."""

    out: Path = field(default_factory=default_out)

    @cached_property
    def store(self) -> ox.Store:
        return open_store(self.out)

    def table(self, name: str) -> pd.DataFrame:
        """One of out/tables/*.csv with the types its datapackage.json gives (list cells as lists)."""
        path = self.out / "tables" / f"{name}.csv"
        if not path.exists():
            names = ", ".join(p.stem for p in sorted((self.out / "tables").glob("*.csv")))
            raise FileNotFoundError(
                f"no table {name!r} in {self.out / 'tables'} (there are: {names}); run `make graph`"
            )
        return read_table(self.out / "tables", name)

    def queries(self) -> pd.DataFrame:
        """The named queries, what they answer and their parameters."""
        return pd.DataFrame(
            [
                {
                    "name": q.name,
                    "title": q.title,
                    "parameters": ", ".join(p.name for p in q.params),
                    "description": q.description,
                }
                for q in library().values()
            ]
        )

    def query(self, spec: str, **params: str) -> pd.DataFrame | bool:
        """Run a named query, a .rq file or SPARQL text; parameters are bound by the engine."""
        return run(self.store, resolve(spec), params)

    def find(self, text: str) -> pd.DataFrame:
        """Entities, sources, quantities, documents and claims mentioning ``text`` (``queries/find.rq``).

        Whole words, case and accents ignored: ``g.find("tremie")`` finds Nvidia's Hopper ("Trémie").
        """
        return run(self.store, library()["find"], {"text": text})

    def echo_network(self) -> nx.DiGraph:
        """Who echoes whom, as written to out/echoes.graphml.

        Edge attributes: directed (false for co-statements only), bases, weight (directed evidence),
        shared (co-statements), kinds, evidence.
        """
        return nx.read_graphml(self.out / "echoes.graphml")


def open_graph(out: str | Path | None = None) -> Explorer:
    """Open the built graph (default: ``$CLAIMGRAPH_OUT`` or the project's out/)."""
    return Explorer(Path(out)) if out else Explorer()


def network_page(g: nx.DiGraph, title: str, hint: str = "") -> str:
    """A self-contained page drawing ``g`` (nodes with ``label``; edges with ``weight``, ``evidence``)."""
    from .export.html import environment, render_view
    from .export.view import View

    view = View(title, hint)
    for node, data in g.nodes(data=True):
        view.node(node, "entity", data.get("label", node), size=8 + 3 * g.in_degree(node, weight="weight") ** 0.5)
    for a, b, data in g.edges(data=True):
        evidence = "\n".join(json.loads(data.get("evidence", "[]")))
        view.edge(
            a,
            b,
            title=f"{data.get('kinds', '')} ({data.get('weight', 1)})\n{evidence}",
            width=1 + float(data.get("weight", 1)) ** 0.5,
        )
    return render_view(view, environment())


def inline(page: str, height: int = 620):
    """Show a self-contained page in a notebook cell (an iframe holding the page as ``srcdoc``)."""
    from IPython.display import HTML

    # Inside a <div>: IPython warns about a bare <iframe> (it suggests IFrame, which cannot take srcdoc).
    frame = f'<iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%;height:{height}px;border:0"></iframe>'
    return HTML(f"<div>{frame}</div>")
