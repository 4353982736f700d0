# The README's quick start: `make run` opens the app on a demo network, `make test` runs the suite.
# `make check` runs the house's guards (ruff, mypy, import contracts). All build .venv with the active python3 and install the package with its test extra.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := demo-workspace
STAMP := $(VENV)/.installed

.PHONY: run test test-fast check wheel-check bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

run: $(STAMP)
	@test -f $(DEMO)/workspace.json || $(BIN)/facilitator demo --workspace $(DEMO) --no-open
	$(BIN)/facilitator --workspace $(DEMO)

# The tests run in parallel (pytest-xdist), four workers on two cores: many tests wait (for the app
# to go idle, a disk, a child process) while others work. The bytecode is kept in .venv, even where
# PYTHONDONTWRITEBYTECODE is set, so that no worker nor child process compiles the app again.
# `make test` names its ten slowest tests at the end; `make test-fast` runs the domain, storage and
# export tests, those marked neither `app` nor `processes` (tests/conftest.py holds them to it).
TEST_WORKERS ?= 4
PYTEST := env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX=$(CURDIR)/$(VENV)/pycache $(BIN)/python -m pytest

test: $(STAMP)
	$(PYTEST) -n $(TEST_WORKERS) --maxschedchunk=1 --durations=10

test-fast: $(STAMP)
	$(PYTEST) -n auto -m "not app and not processes"

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
	$(BIN)/python bench/search.py
	$(BIN)/python bench/import_limits.py
	$(BIN)/python bench/merge_conflicts.py
	$(BIN)/python bench/import_fuzz.py

clean:
	rm -rf $(VENV) $(DEMO) build *.egg-info
