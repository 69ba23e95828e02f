# Two set-up commands: `make run` and `make test`. Everything else is installed by these.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit clean

# axe-core, the browser tests' accessibility checker, comes from npm where npm is installed
# (the copy axe-selenium-python ships for Python 3.11 is years old): tests/support/browser.py.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23"
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	if command -v npm >/dev/null; then npm install --prefix $(VENV)/axe --no-save --no-package-lock \
	  --no-audit --no-fund --silent "axe-core@~4.11" || echo "axe-core did not install: browser tests will skip"; fi
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
# The browser tests run with the others where Chromium is installed and skip, saying how to
# install it, where it is not. CI runs them on their own (MARKS="not serial and not browser").
MARKS ?= not serial
unit: $(STAMP)
	$(BIN)/pytest -q -n auto -m "$(MARKS)"
	$(BIN)/pytest -q -m serial

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
