# RIK developer entry points. Everything runs inside ./.venv, created on demand.
# Re-running is fast: installs are keyed on stamp files newer than the requirements.

PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
STAMP_RUN := $(VENV)/.stamp-run
STAMP_DEV := $(VENV)/.stamp-dev
PORT ?= 8501
PYTEST_ARGS ?=

export PYTHONPATH := .

.PHONY: run test bench lint golden load browser ensure-browser venv venv-dev clean

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

run: $(STAMP_RUN)
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless false

ensure-browser: $(STAMP_DEV)
	bash scripts/ensure_browser.sh

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
	@if [ -f benchmarks/load.py ]; then $(BIN)/python benchmarks/load.py; \
	else echo "load: not yet (benchmarks/load.py does not exist)"; fi

clean:
	rm -rf .pytest_cache .ruff_cache .hypothesis tests/artifacts
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +
