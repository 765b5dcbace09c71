# Network Virtualization Dictionary: the two set-up commands are `make serve` and `make test`.
# Everything is installed into a project virtual environment (.venv), never into the system
# Python, so that Debian's and Ubuntu's externally managed python3 (PEP 668) works as is.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install install-test serve build bundle check test lint bench clean-venv

$(PY):
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { \
	  echo "$(PYTHON) cannot create a virtual environment. On Debian or Ubuntu: sudo apt-get install python3-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# mkdocs serve rebuilds into a temporary folder: in RAM (/dev/shm) where the system has one,
# since writing every page again to disk was most of a rebuild's time (docs/benchmarks.md).
SERVE_TMP := $(shell [ -d /dev/shm ] && [ -w /dev/shm ] && echo /dev/shm || echo "$${TMPDIR:-/tmp}")

serve: install  ## build the site and serve it on http://127.0.0.1:8000 with live reload
	SITE_URL=http://127.0.0.1:8000/ TMPDIR=$(SERVE_TMP) $(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

build: install  ## strict build into site/, swapped in only if the build succeeds
	$(PY) -m nvdict build --site-dir site

bundle: install  ## offline HTML bundle: dist/nvdict-offline.zip
	$(PY) -m nvdict.bundle --output dist/nvdict-offline.zip

check: install  ## validate terms/ without building
	$(PY) -m nvdict check

test: install-test  ## the whole test suite, browser tests included
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PY) -m pytest

lint: install-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

bench: install  ## build-time benchmark, 100 to 10,000 terms against plain MkDocs
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) benchmarks/run.py

clean-venv:
	rm -rf $(VENV)
