# civicplan — `make help` lists the targets. CI (.ci/run) uses these targets too.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help setup setup-test demo serve test lint format architecture bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/civicplan: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "needs $(PYTHON)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(BIN)/civicplan node_modules/.installed ## install Python and front-end dependencies
	@dpkg -s libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation fonts-dejavu-core >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation fonts-dejavu-core >/dev/null; }

setup-test: setup ## also install Debian's Chromium (browser tests) and poppler-utils (PDF pages)
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }
	@command -v pdftoppm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; }

demo: setup ## install, load the seed plan on SQLite and start the app
	$(BIN)/civicplan demo
	$(BIN)/civicplan serve --host $(HOST) --port $(PORT)

test: setup-test ## run the whole test suite (DATABASE_URL chooses the database; PYTEST_ARGS=--clock=2029-05-02 moves the clock)
	$(BIN)/civicplan makemigrations --check --dry-run >/dev/null || { echo "models changed without a migration: run civicplan makemigrations"; exit 1; }
	$(BIN)/pytest $(PYTEST_ARGS)

lint: setup ## ruff lint and format check; the import layers (import-linter); types (mypy)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

format: setup ## apply ruff's formatting and safe fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

architecture: setup ## redraw docs/architecture.md's package diagram from the imports
	$(BIN)/python -m tests.architecture --write

bench: setup ## run the benchmarks in bench/ and print their figures
	@for f in bench/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean: ## remove installed dependencies and local data
	rm -rf $(VENV) node_modules staticfiles data
