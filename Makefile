# Two commands on a fresh machine: `make html` builds the guide, `make test`
# runs the tests. Both create .venv from pyproject.toml when it is missing or
# older than pyproject.toml.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SPHINXOPTS ?= -W --keep-going
BENCHOPTS ?=
BUILD := _build
PDFNAME ?= guide-des-expertises

.PHONY: html test pdf serve bench clean lint

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	touch $@

html: $(VENV)/.installed
	$(PY) -m sphinx -T $(SPHINXOPTS) -b html -d $(BUILD)/doctrees -D language=fr . $(BUILD)/html

test: $(VENV)/.installed
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(PY) -m ruff check .

pdf: $(VENV)/.installed
	$(PY) -m sphinx -T $(SPHINXOPTS) -b latex -d $(BUILD)/doctrees -D language=fr . $(BUILD)/latex
	cd $(BUILD)/latex && latexmk -r latexmkrc -pdf -f -dvi- -ps- -jobname=$(PDFNAME) -interaction=nonstopmode
	mkdir -p $(BUILD)/pdf && cp $(BUILD)/latex/$(PDFNAME).pdf $(BUILD)/pdf/

serve: $(VENV)/.installed
	$(VENV)/bin/sphinx-autobuild -b html -d $(BUILD)/doctrees --watch _ext --watch _templates . $(BUILD)/html

# The benchmark's own tools: MkDocs-Material (the `bench` extra), on top of
# the `test,dev` install; Jekyll is the Debian package (its column is skipped,
# with the reason printed, when it is missing).
$(VENV)/.installed-bench: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[bench]'
	touch $@

bench: $(VENV)/.installed-bench
	$(PY) benchmarks/run.py $(BENCHOPTS)

clean:
	rm -rf $(BUILD)
