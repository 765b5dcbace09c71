# Network Virtualization Dictionary: the two set-up commands are `make serve` and `make test`.
PYTHON ?= python3
PIP := $(PYTHON) -m pip
export NO_MKDOCS_2_WARNING := 1

.PHONY: install install-test serve build bundle check test lint bench

install:
	$(PIP) install --quiet -e .

install-test:
	$(PIP) install --quiet -e '.[test]'
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

serve: install  ## build the site and serve it on http://127.0.0.1:8000 with live reload
	SITE_URL=http://127.0.0.1:8000/ $(PYTHON) -m mkdocs serve --dev-addr 127.0.0.1:8000

build: install  ## strict build into site/, swapped in only if the build succeeds
	$(PYTHON) -m nvdict build --site-dir site

bundle: install  ## offline HTML bundle: dist/nvdict-offline.zip
	$(PYTHON) -m nvdict.bundle --output dist/nvdict-offline.zip

check: install  ## validate terms/ without building
	$(PYTHON) -m nvdict check

test: install-test  ## the whole test suite, browser tests included
	$(PYTHON) -m pytest

lint:
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .

bench: install  ## build-time benchmark, 100 to 10,000 terms against plain MkDocs
	$(PIP) install --quiet -e '.[bench]'
	$(PYTHON) benchmarks/run.py
