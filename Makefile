# Set-up, demo and tests. Every target creates .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# make demo HOST=0.0.0.0 PORT=8080
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install install-test demo test lint bench bench-workers translations clean

$(BIN)/publisher:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	$(BIN)/python -m publisher.i18n_tools compile

install: $(BIN)/publisher

$(VENV)/.test-extras: pyproject.toml | $(BIN)/publisher
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install-test: $(VENV)/.test-extras

demo: install
	$(BIN)/publisher demo --host $(HOST) --port $(PORT)

lint: install-test
	$(BIN)/ruff check publisher tests benchmarks
	$(BIN)/ruff format --check publisher tests benchmarks
	$(BIN)/mypy

test: install-test
	$(BIN)/python -m publisher.i18n_tools compile
	$(BIN)/pytest -q -p no:cacheprovider

bench: install-test
	$(BIN)/python benchmarks/translate.py

# needs PostgreSQL and Redis on 127.0.0.1 and Apertium en-es, en-ca
bench-workers: install-test
	$(BIN)/python benchmarks/workers.py

translations: install
	$(BIN)/python -m publisher.i18n_tools all

clean:
	rm -rf $(VENV) build dist *.egg-info
