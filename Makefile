# Two commands on a fresh machine (Python 3.11+ and make):
#   make serve   set up, build the shipped catalogue and serve it on http://127.0.0.1:8000/
#   make test    set up and run the tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: serve build check test lint golden docs bench bench-live messages test-tools clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# What serve, build and check need: the generator and Pagefind (the [search] extra), so that the
# live preview has search too. The stamps depend on the Makefile as well, so a virtual environment
# set up by an older recipe gets what this one installs.
$(VENV)/.installed-run: pyproject.toml Makefile | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[search]'
	touch $@

# The [test] extra holds everything of [search] (tests/test_packaging.py checks), so it stands for
# .installed-run too: `make serve` after `make test` installs nothing more.
$(VENV)/.installed-test: pyproject.toml Makefile | $(BIN)/python
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

# The live preview: save -> reloaded page in Chromium at 1,000 actions (needs /usr/bin/chromium).
bench-live: $(VENV)/.installed-test
	$(BIN)/python bench/live.py --out docs/live-preview.md

docs: $(VENV)/.installed-run
	$(BIN)/python -m katalogi.reference README.md
	$(BIN)/python -m katalogi.json_schema schemas
	$(BIN)/python -m katalogi.guide docs/editing.md

# UI strings: extract the msgids (Finnish) from the templates and Python, then merge them into
# katalogi/locale/{sv,en}/LC_MESSAGES/messages.po; editors' messages and field meanings (msgid English,
# from problems.py and model.py) into katalogi/locale/{fi,sv}/LC_MESSAGES/editor.po. Translate the new
# empty msgstr entries in both.
messages: $(VENV)/.installed-test
	mkdir -p .cache
	$(BIN)/pybabel extract -F babel.cfg -k _ -k gettext -k ngettext:1,2 --no-location --sort-output \
		--project katalogi -o .cache/messages.pot .
	$(BIN)/pybabel update -i .cache/messages.pot -d katalogi/locale --no-fuzzy-matching --ignore-obsolete \
		--width 120 -l sv
	$(BIN)/pybabel update -i .cache/messages.pot -d katalogi/locale --no-fuzzy-matching --ignore-obsolete \
		--width 120 -l en
	$(BIN)/python -m katalogi.catalogue

# Tools the accessibility and HTML tests use (they skip without them): axe-core and the Nu Html Checker
# (vnu-jar, run on the installed Java) from npm into .cache/node/; Chromium comes from Debian (apt-get install chromium).
test-tools:
	npm install --prefix .cache/node --no-audit --no-fund --ignore-scripts --no-save axe-core@4.14.1 vnu-jar@26.9.27

clean:
	rm -rf output $(VENV)
