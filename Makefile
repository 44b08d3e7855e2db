# RIK developer entry points. Everything runs inside ./.venv, created on demand.
# Re-running is fast: installs are keyed on stamp files newer than the requirements.

PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
STAMP_RUN := $(VENV)/.stamp-run
STAMP_DEV := $(VENV)/.stamp-dev
PORT ?= 8501
WORKERS ?= 2
ADDRESS ?= 0.0.0.0
LOAD_ARGS ?=
PYTEST_ARGS ?=

export PYTHONPATH := .

.PHONY: run serve test bench lint golden load browser ensure-browser venv venv-dev clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP_RUN): requirements.txt | $(BIN)/python
	$(PIP) install -q -r requirements.txt
	touch $@

$(STAMP_DEV): requirements.txt requirements-dev.txt | $(BIN)/python
	$(PIP) install -q -r requirements-dev.txt
	touch $@ $(STAMP_RUN)

venv: $(STAMP_RUN)
venv-dev: $(STAMP_DEV)

# Headless: no first-run prompt; a browser opens only where one can be shown.
run: $(STAMP_RUN)
	@bash scripts/run.sh $(PORT)

# WORKERS app processes behind HAProxy (installed from Debian's packages when missing);
# rooms in RIK_DATABASE_URL, else in a throwaway PostgreSQL. See docs/deploy.md.
serve: $(STAMP_RUN)
	@bash scripts/serve.sh --workers $(WORKERS) --port $(PORT) --address $(ADDRESS)

ensure-browser: $(STAMP_DEV)
	bash scripts/ensure_browser.sh
	bash scripts/ensure_axe.sh

lint: $(STAMP_DEV)
	$(BIN)/ruff check .

test: $(STAMP_DEV) ensure-browser lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

browser: $(STAMP_DEV) ensure-browser
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

bench: $(STAMP_DEV) ensure-browser
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/bench_app.py

golden: $(STAMP_DEV)
	$(BIN)/python tests/golden/regenerate.py

load: $(STAMP_DEV)
	$(BIN)/python benchmarks/load.py $(LOAD_ARGS)

clean:
	rm -rf .pytest_cache .ruff_cache .hypothesis tests/artifacts
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +
