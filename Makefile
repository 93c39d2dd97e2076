# Two commands on a fresh machine (Python 3.11+ and make):
#   make serve   set up, build the shipped catalogue and serve it on http://127.0.0.1:8000/
#   make test    set up and run the tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: serve build check test lint golden docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

serve: $(VENV)/.installed-run
	$(BIN)/python build.py serve

build: $(VENV)/.installed-run
	$(BIN)/python build.py build

check: $(VENV)/.installed-run
	$(BIN)/python build.py check

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

golden: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests/test_golden.py --update-golden

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

bench: $(VENV)/.installed-bench
	$(BIN)/python bench/run.py

docs: $(VENV)/.installed-run
	$(BIN)/python -m katalogi.reference README.md
	$(BIN)/python -m katalogi.json_schema schemas

clean:
	rm -rf output $(VENV)
