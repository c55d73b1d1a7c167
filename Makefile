# Two commands on a fresh machine: `make graph` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: graph test bench kernel notebook lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

graph: $(STAMP)  ## build out/ from seeds/, annotations/ and ontology.ttl
	$(BIN)/claimgraph build

test: $(STAMP)  ## run the whole test suite
	$(BIN)/python -m pytest

bench: $(STAMP)  ## measure build, rebuild and queries at 10 to 10,000 documents (BENCH_ARGS="--docs 10 100" for a quick run)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

kernel: $(STAMP)  ## register the Jupyter kernel "claimgraph" (this .venv) for every Jupyter of this user
	$(BIN)/python -m ipykernel install --user --name claimgraph --display-name "Python (claimgraph)"

notebook: graph kernel  ## open notebooks/explore.ipynb in JupyterLab; it selects the claimgraph kernel
	$(BIN)/python -m pip install --quiet -e '.[test,notebook]'
	$(BIN)/jupyter lab notebooks/explore.ipynb

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf out .out-* .pytest_cache
