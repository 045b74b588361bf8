# OCOP Marketplace — the single task entry point.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= marketplace.settings.dev

.PHONY: install lock audit audit-snapshot run dev test test-fast test-clock e2e lint typecheck bench schema services-start services-stop messages clean

# Exactly the locked set (requirements.lock, every file checked against its hash), then the
# project itself without resolving anything again.
$(VENV)/.installed: pyproject.toml requirements.lock
	@echo "==> Python packages from requirements.lock into $(VENV) (first time: a few minutes)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

install: $(VENV)/.installed

LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --extra dev --no-emit-find-links --strip-extras

lock: install  ## requirements.lock from pyproject.toml (runtime + dev, with hashes); keeps current pins where they still fit. UPGRADE=1 moves every pin to the newest release
	$(VENV)/bin/pip-compile $(LOCK_FLAGS) $(if $(UPGRADE),--upgrade) --output-file requirements.lock pyproject.toml
	$(PY) tools/dep_audit.py sync-check

audit: install  ## the lock agrees with pyproject, then its pins against the advisories (live PyPI, else the committed snapshot; docs/security.md)
	$(PY) tools/dep_audit.py sync-check
	$(PY) tools/dep_audit.py check --online

audit-snapshot: install  ## refresh security/advisories.json from PyPI for the locked pins (where PyPI answers)
	$(PY) tools/dep_audit.py snapshot

# `make run` serves the product as its users see it: DEBUG off (the Vietnamese error pages),
# SITE_URL from HOST/PORT (links in e-mails and QR labels point at the port served).
# `make dev` is the same with DEBUG on (tracebacks, GraphiQL at /graphql/).
run: RUN_DEBUG := 0
dev: RUN_DEBUG := 1
RUN_SITE_URL = $(or $(SITE_URL),http://$(HOST):$(PORT))
RUN_ENV = DEBUG=$(RUN_DEBUG) SITE_URL=$(RUN_SITE_URL)

run dev: install
	@mkdir -p var
	@echo "==> Database (SQLite, var/db.sqlite3): migrating"
	@$(RUN_ENV) $(PY) manage.py migrate --noinput -v0
	@echo "==> Demo data: producers, products, certificates, orders (idempotent)"
	@$(RUN_ENV) $(PY) manage.py seed_demo --quiet
	@echo "==> GraphiQL's files from npm (skipped when current)"
	@bash tools/graphiql/install.sh
	@echo ""
	@echo "  Storefront:  $(RUN_SITE_URL)/"
	@echo "  Dashboard:   $(RUN_SITE_URL)/dashboard/   (chuhang / ocop2026)"
	@echo "  Office:      $(RUN_SITE_URL)/office/      (vanphong / ocop2026)"
	@echo "  Admin:       $(RUN_SITE_URL)/admin/       (admin or vanphong / ocop2026)"
	@echo "  Health:      $(RUN_SITE_URL)/healthz"
	@echo ""
	$(RUN_ENV) $(PY) manage.py runserver --insecure $(HOST):$(PORT)

test: install  ## the whole suite on PostgreSQL with every service, in parallel (PYTEST_WORKERS, default: one per CPU up to 8)
	bash deploy/run-tests.sh $(PYTEST_ARGS)

test-fast: install  ## make test keeping the test databases between runs (--reuse-db; add --create-db after a migration). Local only: CI runs make test
	bash deploy/run-tests.sh --reuse-db $(PYTEST_ARGS)

test-clock: install  ## the suite (browser tests aside) again with the clock moved: +45 days, +400 days, 23:59 on the month's last day in Vietnam (OCOP_TEST_CLOCKS)
	bash deploy/run-tests.sh --clock-runs $(PYTEST_ARGS)

e2e: install  ## only the browser tests (Playwright + Debian's Chromium); screenshots in test-artifacts/e2e/
	bash deploy/run-tests.sh tests/e2e $(PYTEST_ARGS)

services-start:
	bash deploy/services.sh install
	bash deploy/services.sh start

services-stop:
	bash deploy/services.sh stop

lint: install  ## what a reviewer checks first: ruff (lint and format), the import contracts, no missing migration
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

typecheck: install
	$(VENV)/bin/mypy marketplace shops orders search livestream storefront

schema: install
	$(PY) manage.py graphql_schema --schema marketplace.graphql.schema.schema --out schema.graphql

bench: install  ## one process: the figures are timings
	PYTEST_WORKERS=0 bash deploy/run-tests.sh tests/bench -m bench -s -p no:randomly

messages: install
	$(PY) manage.py makemessages -l en -l vi --ignore=.venv --ignore=.services --ignore=var --ignore=tests --ignore=tools -v0
	$(PY) tools/translate.py

clean:
	rm -rf var .pytest_cache
