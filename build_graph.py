"""Entry point of the design card: ``python build_graph.py`` builds everything (see ``claimgraph build --help``)."""

from graph.cli import main

if __name__ == "__main__":
    main(["build", *__import__("sys").argv[1:]])
