# Two commands on a fresh machine: `make html` builds the guide, `make test`
# runs the tests. Both create .venv from pyproject.toml when it is missing or
# older than pyproject.toml: `make html` (and pdf) installs what the build needs
# (the extension and the `guide` extra: theme, Read the Docs extras), `make test`
# adds the test tools, `make serve` sphinx-autobuild, `make bench` MkDocs-Material.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SPHINXOPTS ?= -W --keep-going
BENCHOPTS ?=
BUILD := _build
PDFNAME ?= guide-des-expertises

.PHONY: html test test-oldest pdf serve bench clean lint

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[guide]'
	touch $@

$(VENV)/.installed-%: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[guide,$*]'
	touch $@

html: $(VENV)/.installed
	$(PY) -m sphinx -T $(SPHINXOPTS) -b html -d $(BUILD)/doctrees -D language=fr . $(BUILD)/html

test: $(VENV)/.installed-test
	$(PY) -m pytest

# The same tests on the oldest supported set: every runtime dependency at the
# lower bound that pyproject.toml declares, pinned in tests/constraints-oldest.txt
# (pip refuses the install when a bound is raised and the pin is not).
OLDEST_VENV ?= .venv-oldest
OLDEST_PY := $(OLDEST_VENV)/bin/python
OLDEST_CONSTRAINTS := tests/constraints-oldest.txt

$(OLDEST_VENV)/.installed: pyproject.toml $(OLDEST_CONSTRAINTS)
	$(PYTHON) -m venv $(OLDEST_VENV)
	$(OLDEST_PY) -m pip install --quiet --upgrade pip
	$(OLDEST_PY) -m pip install --quiet -c $(OLDEST_CONSTRAINTS) -e '.[guide,test]'
	touch $@

test-oldest: $(OLDEST_VENV)/.installed
	$(OLDEST_PY) -m pytest

lint: $(VENV)/.installed-test
	$(PY) -m ruff check .

pdf: $(VENV)/.installed
	$(PY) -m sphinx -T $(SPHINXOPTS) -b latex -d $(BUILD)/doctrees -D language=fr . $(BUILD)/latex
	cd $(BUILD)/latex && latexmk -r latexmkrc -pdf -f -dvi- -ps- -jobname=$(PDFNAME) -interaction=nonstopmode
	mkdir -p $(BUILD)/pdf && cp $(BUILD)/latex/$(PDFNAME).pdf $(BUILD)/pdf/

serve: $(VENV)/.installed-dev
	$(VENV)/bin/sphinx-autobuild -b html -d $(BUILD)/doctrees --watch _ext --watch _templates . $(BUILD)/html

# The benchmark's own tools: MkDocs-Material (the `bench` extra); Jekyll is the
# Debian package (its column is skipped, with the reason printed, when it is
# missing).
bench: $(VENV)/.installed-bench
	$(PY) benchmarks/run.py $(BENCHOPTS)

clean:
	rm -rf $(BUILD)
