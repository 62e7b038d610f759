# The two commands of the README:
#   make generate   set up .venv and regenerate the shipped client from spec/
#   make test       set up .venv and node_modules (Prism), then run every check and test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: generate test setup lint-code clean bench

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

setup: $(STAMP) node_modules/.installed

generate: $(STAMP)
	$(BIN)/specgen generate

lint-code: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/black --check --quiet generator tests benchmarks
	$(BIN)/mypy

test: setup lint-code
	$(BIN)/specgen normalize --check
	$(BIN)/specgen generate --check
	$(BIN)/pytest

# Side-by-side benchmarks against the peer tools (see benchmarks/README.md); not part of `make test`.
# Installs the peers into benchmarks/.work; e.g. `make bench BENCH_ARGS="--cases 1,2 --runs 3"`.
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
