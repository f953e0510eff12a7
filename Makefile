# Two commands on a fresh machine with only Python 3.11 and git:
#   make run   - import the bundled letters, validate, diff, status, digest
#   make test  - the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test check bench browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/tracker import seeds/*.txt --update
	$(BIN)/tracker validate
	$(BIN)/tracker status

test: $(STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/ruff format --check tracker tests
	$(BIN)/ruff check tracker tests
	$(BIN)/mypy tracker
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m tracker.bench

clean:
	rm -rf $(VENV) .tracker-cache build *.egg-info
