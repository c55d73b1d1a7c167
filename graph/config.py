"""Where the build reads and writes, passed explicitly to every stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Store = Literal["oxigraph", "memory"]
Networks = Literal["analyses", "all"]
"""Which GraphML/GEXF files a build writes: the analyses' own networks (small), or also the whole graph."""

PACKAGE = Path(__file__).resolve().parent
ASSETS = PACKAGE / "assets"
"""Where an installed wheel keeps ontology.ttl, shapes.ttl and queries/ (copied there at build time)."""

IN_CHECKOUT = (PACKAGE.parent / "pyproject.toml").is_file() and (PACKAGE.parent / "ontology.ttl").is_file()
PROJECT_ROOT = PACKAGE.parent if IN_CHECKOUT else Path.cwd()
"""The checkout this package runs from; installed from a wheel, the folder it is run in."""


def resource(name: str) -> Path:
    """``ontology.ttl``, ``shapes.ttl`` or ``queries``: the checkout's own, else the installed copy."""
    return PACKAGE.parent / name if IN_CHECKOUT else ASSETS / name


@dataclass(frozen=True)
class Config:
    """Paths, the store engine and the optional outputs of one build.

    ``store`` picks rdflib's backend: ``oxigraph`` (the default, fast) or ``memory``
    (rdflib's own, slower, same results). ``networks`` is ``analyses`` (the default: the echo
    network's GraphML and GEXF) or ``all`` (also ``graph.graphml`` and ``graph.gexf``, every
    resource and link of the corpus: hundreds of MB at a million triples, so only when asked).
    """

    root: Path = PROJECT_ROOT
    seeds: Path = field(default=PROJECT_ROOT / "seeds")
    annotations: Path = field(default=PROJECT_ROOT / "annotations")
    ontology: Path = field(default=resource("ontology.ttl"))
    shapes: Path = field(default=resource("shapes.ttl"))
    out: Path = field(default=PROJECT_ROOT / "out")
    store: Store = "oxigraph"
    networks: Networks = "analyses"

    @classmethod
    def under(
        cls, root: Path, *, store: Store = "oxigraph", out: Path | None = None, networks: Networks = "analyses"
    ) -> Config:
        """A config for a project laid out like this one under ``root`` (tests use it).

        The ontology and shapes stay the project's own unless ``root`` has its own.
        """
        root = Path(root)
        ontology = root / "ontology.ttl"
        shapes = root / "shapes.ttl"
        return cls(
            root=root,
            seeds=root / "seeds",
            annotations=root / "annotations",
            ontology=ontology if ontology.exists() else resource("ontology.ttl"),
            shapes=shapes if shapes.exists() else resource("shapes.ttl"),
            out=out or root / "out",
            store=store,
            networks=networks,
        )
