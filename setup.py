"""Build hook: ship ontology.ttl, shapes.ttl and queries/ inside the package, as graph/assets/.

The design keeps these files at the top of the project, outside the package; a wheel must still
carry them, so that an installed ``claimgraph`` finds them package-relative (``graph.config``).
Everything else about the package is declared in pyproject.toml.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def assets() -> list[Path]:
    """The top-level files an installed package needs, relative to the project root."""
    queries = sorted(p.relative_to(ROOT) for p in (ROOT / "queries").glob("*.rq"))
    return [Path("ontology.ttl"), Path("shapes.ttl"), *queries]


class BuildWithAssets(build_py):
    """``build_py`` that also copies the assets into ``graph/assets/`` of the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads them from the checkout
        for name in assets():
            target = Path(self.build_lib) / "graph" / "assets" / name
            self.mkpath(str(target.parent))
            self.copy_file(str(ROOT / name), str(target))


setup(cmdclass={"build_py": BuildWithAssets})
