# Quick start:  make run   (install into .venv, ingest the bundled example, show the result)
#               make test  (run the whole test suite)
PY ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= example.db
PYTEST_ARGS ?=

.PHONY: run test test-fast install lint typecheck eval bench clean

$(BIN)/legation: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	# torch first, alone: the CPU wheel. A resolver left to itself pulls the CUDA build.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/legation

install: $(BIN)/legation

run: install
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/legation ingest examples/corpus --db $(DB)
	$(BIN)/legation docs --db $(DB)
	$(BIN)/legation stories --db $(DB)
	$(BIN)/legation events --db $(DB) --limit 15
	$(BIN)/legation quotes --db $(DB) --limit 8
	$(BIN)/legation stats --db $(DB)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: install
	$(BIN)/python -m pytest -m 'not slow and not spark and not browser' $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests benchmarks

typecheck: install
	$(BIN)/mypy

eval: install
	$(BIN)/legation eval --floors eval-floors.yaml

bench: install
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
