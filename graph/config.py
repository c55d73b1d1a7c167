"""Where the build reads and writes, passed explicitly to every stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Store = Literal["oxigraph", "memory"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Config:
    """Paths and the store engine of one build.

    ``store`` picks rdflib's backend: ``oxigraph`` (the default, fast) or ``memory``
    (rdflib's own, slower, same results).
    """

    root: Path = PROJECT_ROOT
    seeds: Path = field(default=PROJECT_ROOT / "seeds")
    annotations: Path = field(default=PROJECT_ROOT / "annotations")
    ontology: Path = field(default=PROJECT_ROOT / "ontology.ttl")
    shapes: Path = field(default=PROJECT_ROOT / "shapes.ttl")
    out: Path = field(default=PROJECT_ROOT / "out")
    store: Store = "oxigraph"

    @classmethod
    def under(cls, root: Path, *, store: Store = "oxigraph", out: Path | None = None) -> Config:
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
            ontology=ontology if ontology.exists() else PROJECT_ROOT / "ontology.ttl",
            shapes=shapes if shapes.exists() else PROJECT_ROOT / "shapes.ttl",
            out=out or root / "out",
            store=store,
        )
