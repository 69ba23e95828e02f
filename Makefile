# Two set-up commands: `make run` and `make test`. Everything else is installed by these.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23"
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/backbone run

test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# Tests run on every core; the few that read what VACUUM left on disk run after them, alone.
unit: $(STAMP)
	$(BIN)/pytest -q -n auto -m "not serial"
	$(BIN)/pytest -q -m serial

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
