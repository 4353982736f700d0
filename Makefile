# The README's quick start: `make run` opens the app on a demo network, `make test` runs the suite.
# `make check` runs the house's guards (ruff, mypy, import contracts). All build .venv with the active python3 and install the package with its test extra.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := demo-workspace
STAMP := $(VENV)/.installed

.PHONY: run test check wheel-check bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

run: $(STAMP)
	@test -f $(DEMO)/workspace.json || $(BIN)/facilitator demo --workspace $(DEMO) --no-open
	$(BIN)/facilitator --workspace $(DEMO)

test: $(STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# The wheel as a user gets it, built and run outside the source tree (about a minute; CI runs it).
wheel-check:
	PYTHON=$(PYTHON) .ci/wheel

bench: $(STAMP)
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/export.py
	$(BIN)/python bench/memo.py
	$(BIN)/python bench/sync.py
	$(BIN)/python bench/report.py
	$(BIN)/python bench/scale.py

clean:
	rm -rf $(VENV) $(DEMO) build *.egg-info
