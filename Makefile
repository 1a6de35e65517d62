# Front Door. `make` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
CSS := build/static/frontdoor/frontdoor.css
DEMO_ENV := FRONTDOOR_DEMO=true FRONTDOOR_MFA_REQUIRED=false FRONTDOOR_SECRET_KEY=$$(cat var/demo-secret-key)
TEST_SETTINGS := DJANGO_SETTINGS_MODULE=frontdoor.config.settings_test
PYTEST_ARGS ?=
FUZZ_API_ARGS ?=

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(STAMP): requirements/base.txt requirements/dev.txt
	@test -x $(PY) || $$(scripts/find-python) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/base.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(CSS): $(NODE_STAMP) frontdoor/core/assets/frontdoor.scss
	npm run --silent build:css

.PHONY: install
install: $(STAMP) $(CSS) ## Install Python and npm dependencies from the lock files, build the CSS

var/demo-secret-key:
	@mkdir -p var
	@$(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

.PHONY: demo
demo: install var/demo-secret-key ## Run the demo on http://127.0.0.1:8000 (SQLite, synthetic data)
	@mkdir -p var
	$(DEMO_ENV) $(MANAGE) migrate --verbosity 0
	$(DEMO_ENV) $(MANAGE) load_reference_data
	$(DEMO_ENV) $(MANAGE) collectstatic --noinput --verbosity 0
	@$(DEMO_ENV) $(MANAGE) generate_demo_data --seed 2026
	@echo "Front Door demo: open http://127.0.0.1:8000/sign-in (stop with Ctrl+C)"
	@echo "Chasing overdue information requests every 5 minutes in the background"
	@$(DEMO_ENV) $(MANAGE) chase_information_requests --every 300 > var/chasing.log 2>&1 & \
	chaser=$$!; trap 'kill $$chaser 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(MANAGE) runserver 127.0.0.1:8000 --noreload

.PHONY: test
test: install ## Run the whole test suite (PostgreSQL if DATABASE_URL is set, else SQLite)
	$(TEST_SETTINGS) $(PY) -m pytest $(PYTEST_ARGS)

.PHONY: lint
lint: install ## ruff, mypy, template lint, import contracts, missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_SETTINGS) $(BIN)/mypy frontdoor
	$(BIN)/djlint frontdoor --lint
	$(BIN)/lint-imports
	$(TEST_SETTINGS) $(MANAGE) makemigrations --check --dry-run

.PHONY: security
security: install ## bandit on frontdoor/: fails on any HIGH severity finding, counts the rest
	$(PY) scripts/security_report.py

.PHONY: fuzz-api
fuzz-api: install ## schemathesis against a served API: agency A, agency B, no token
	$(PY) scripts/fuzz_api.py $(FUZZ_API_ARGS)

.PHONY: check
check: lint security check-deploy test fuzz-api ## lint, security, check-deploy, test, fuzz-api (as CI)

.PHONY: check-deploy
check-deploy: install ## Django's deployment checks on production settings (dummy secrets)
	FRONTDOOR_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	FRONTDOOR_ALLOWED_HOSTS=frontdoor.example.org \
	$(MANAGE) check --deploy --fail-level WARNING

.PHONY: bench
bench: install ## Run every benchmark under bench/ (one JSON line each)
	@for script in bench/bench_*.py; do [ -e "$$script" ] || continue; $(TEST_SETTINGS) $(PY) "$$script"; done

.PHONY: lock
lock: ## Recompile the Python lock files (needs uv)
	cd requirements && uv pip compile --generate-hashes --python-version 3.12 -q base.in -o base.txt
	cd requirements && uv pip compile --generate-hashes --python-version 3.12 -q dev.in -o dev.txt

.PHONY: clean
clean: ## Remove the demo database and built assets (keeps .venv and node_modules)
	rm -rf var build staticfiles
