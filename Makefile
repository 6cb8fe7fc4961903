# crossings: the two commands of the README are `make archive` and `make test`.
# Every other target is a thin wrapper over the `crossings` command line.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CROSSINGS := $(BIN)/crossings
EDITION ?= public
LANGS   ?= all
PYTEST_ARGS ?=

.PHONY: archive setup setup-test system system-test check ingest html pdf epub papers index serve gettext \
        leaks test test-fast lint corpus bench bench-smoke clean

## archive: build the whole demo archive (installs what it needs first). One bad document never
## stops the others: every stage runs, each names what failed, and the exit status is 1 at the end.
archive: setup system
	@status=0; \
	$(CROSSINGS) check || status=1; \
	$(CROSSINGS) ingest || status=1; \
	$(CROSSINGS) build all --edition $(EDITION) --lang $(LANGS) || status=1; \
	$(CROSSINGS) index --edition $(EDITION) --lang $(LANGS) || status=1; \
	$(CROSSINGS) check --leaks --edition $(EDITION) || exit 1; \
	echo; \
	echo "site:        build/$(EDITION)/html/<lang>/index.html  (or: crossings serve, then http://127.0.0.1:8000/)"; \
	echo "proceedings: build/$(EDITION)/latex/<lang>/proceedings.pdf and build/$(EDITION)/epub/<lang>/proceedings.epub"; \
	echo "papers:      build/$(EDITION)/html/<lang>/documents/<id>.pdf (beside each page)"; \
	echo "search:      $(CROSSINGS) search 'police' --edition $(EDITION)"; \
	if [ $$status -ne 0 ]; then \
	  echo "make archive: the documents named above failed; everything else was built and indexed" >&2; \
	fi; \
	exit $$status

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	touch $@

setup: $(VENV)/.installed

setup-test: setup system-test

system:
	scripts/install-system.sh scripts/system-packages.txt

system-test:
	scripts/install-system.sh scripts/system-packages.txt scripts/test-packages.txt
	scripts/install-axe.sh

check: setup
	$(CROSSINGS) check
ingest: setup
	$(CROSSINGS) ingest
html: setup
	$(CROSSINGS) build html --edition $(EDITION) --lang $(LANGS)
pdf: setup system
	$(CROSSINGS) build pdf --edition $(EDITION) --lang $(LANGS)
epub: setup
	$(CROSSINGS) build epub --edition $(EDITION) --lang $(LANGS)
papers: setup system
	$(CROSSINGS) build papers --edition $(EDITION) --lang $(LANGS)
index: setup
	$(CROSSINGS) index --edition $(EDITION) --lang $(LANGS)
serve: setup
	$(CROSSINGS) serve --edition $(EDITION)
gettext: setup
	$(CROSSINGS) translate update --lang all
leaks: setup
	$(CROSSINGS) check --leaks --edition $(EDITION)

## test: lint, type-check and run every test (slow end-to-end and browser tests included)
test: setup-test lint corpus
	$(BIN)/pytest -q -n 2 $(PYTEST_ARGS)

## corpus: fetch the real-world test corpus (pinned PyPI sdists, sha256-checked) into tests/artifacts/
corpus: setup
	$(BIN)/python -m tests.corpus.fetch

## test-fast: the quick set for development (skips tests marked slow)
test-fast: setup lint
	$(BIN)/pytest -q -n 2 -m "not slow" $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check crossings tests bench tools
	$(BIN)/ruff format --check crossings tests bench tools
	$(BIN)/mypy

bench: setup system
	$(BIN)/python -m bench.run

bench-smoke: setup system
	$(BIN)/python -m bench.run --smoke

clean:
	rm -rf build
