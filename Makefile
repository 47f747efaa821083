# Polku: `make demo` to try it, `make test` to check it. Both set everything up from a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/polku
CHROMIUM ?= /usr/bin/chromium
# The suite runs on every core (pytest-xdist), a test file per worker at a time; `make test WORKERS=0` runs
# it in one process.
WORKERS ?= auto
PYTEST := $(BIN)/pytest -p no:cacheprovider -n $(WORKERS) --dist loadfile

.PHONY: install demo test test-sqlite test-postgres test-browser lint messages chromium postgres clean

install: $(STAMP) messages

# Re-installs only when the dependency pins change; constraints.txt pins everything underneath them.
$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "Polku needs $(PYTHON)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

# Compiled translations are built, not committed. gettext's msgfmt comes from Debian's packages.
messages:
	@command -v msgfmt >/dev/null || { apt-get update -qq && apt-get install -y -qq gettext; }
	$(BIN)/polku compilemessages --ignore=.venv --ignore=var -v 0 --locale fi --locale sv --locale en --locale se --locale fi_Selko

# The development server, and beside it the background worker (sealing the audit logs, queued exports).
demo: install
	$(BIN)/polku migrate --noinput -v 0
	$(BIN)/polku demo --no-serve
	$(BIN)/polku worker & trap 'kill $$! 2>/dev/null' EXIT; $(BIN)/polku runserver 127.0.0.1:8000 --noreload

# The same checks run as pre-commit hooks (.pre-commit-config.yaml). The import contracts (pyproject.toml,
# [tool.importlinter]) hold the apps' layer order; makemigrations --check fails on a model change without
# its migration.
lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy polku config
	$(BIN)/lint-imports --no-logo
	$(BIN)/polku makemigrations --check --dry-run

test: install lint test-sqlite test-postgres test-browser

test-sqlite: install
	$(PYTEST) -m "not browser"

# PostgreSQL: started when installed but stopped; the run is skipped with a notice only where none exists.
test-postgres: install
	@if ! command -v pg_ctlcluster >/dev/null && ! command -v pg_isready >/dev/null; then \
	  echo "NOTICE: PostgreSQL is not installed here: the PostgreSQL run is skipped."; exit 0; fi; \
	if ! pg_isready -q -h 127.0.0.1 -p 5432; then \
	  echo "Starting PostgreSQL"; pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | tail -1) main start; \
	  for i in $$(seq 1 20); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done; fi; \
	DATABASE_URL=$(PG_URL) $(PYTEST) -m "not browser"

chromium:
	@test -x $(CHROMIUM) || { echo "Installing Chromium from Debian's packages"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test-browser: install chromium
	POLKU_CHROMIUM=$(CHROMIUM) $(PYTEST) -m browser

clean:
	rm -rf $(VENV) var/polku.sqlite3 .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
