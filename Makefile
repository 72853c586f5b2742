# Everything runs inside .venv, created and filled on first use.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run test lint format migrations-check messages messages-check check clean bench screenshots hooks

help:
	@echo "make help              this list"
	@echo "make install           create .venv and install requirements.txt (the other targets do this first)"
	@echo "make run               serve the site with the article data at http://127.0.0.1:8000"
	@echo "make serve-prod        collectstatic, migrate and gunicorn, configured from the environment (docs/deploy.md)"
	@echo "make test              run the test suite (SQLite; set DATABASE_URL for PostgreSQL)"
	@echo "make lint              ruff check and format --check, djhtml --check templates, django-upgrade --check"
	@echo "make format            ruff format and ruff check --fix"
	@echo "make migrations-check  fail if models and migrations disagree"
	@echo "make messages          update the Chinese catalogue from the code and compile it (needs gettext)"
	@echo "make messages-check    fail if a string of the code is not translated, or the compiled catalogue is stale"
	@echo "make check             lint, migrations-check and test"
	@echo "make hooks             install the git pre-commit hook (.pre-commit-config.yaml)"
	@echo "make bench             PostgreSQL benchmark, writes docs/performance.md"
	@echo "make cluster           start a primary, a streaming replica, Redis, two gunicorn instances and nginx on loopback (docs/operations.md)"
	@echo "make cluster-stop      stop exactly what make cluster started, by PID"
	@echo "make drill             fault drill on the cluster (DRILL_ARGS=--short for CI's); writes bench/results/drill-*.json"
	@echo "make soak              10 minutes of load and edits on the cluster: throughput, p99, errors, worker memory"
	@echo "make screenshots       photograph the site in headless Chromium into docs/screenshots/"
	@echo "make clean             remove .venv and the tools' caches"

$(STAMP): requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 or run 'make PYTHON=/path/to/python3.11 ...'"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	@if [ -n "$$(ls fixtures/*.json 2>/dev/null)" ] && $(BIN)/python manage.py help reload_fixtures >/dev/null 2>&1; then \
		$(BIN)/python manage.py reload_fixtures; fi
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Production: set DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL and the
# GUNICORN_* variables of core/gunicorn.conf.py first.
.PHONY: serve-prod
serve-prod: $(STAMP)
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/python manage.py migrate --noinput
	exec $(BIN)/gunicorn --config core/gunicorn.conf.py

# One pytest worker per core, tests of one file together (their module fixtures are made once).
TEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	git ls-files -z '*.py' | xargs -0 $(BIN)/django-upgrade --target-version 5.2 --check

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run

# The Chinese catalogue (locale/zh_Hans): the strings marked in templates and code, and their translations.
MAKEMESSAGES := $(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete \
	--ignore=.venv --ignore=staticfiles --ignore=node_modules --ignore=.cluster --ignore=backups
CATALOGUE := locale/zh_Hans/LC_MESSAGES/django

messages: $(STAMP)
	@command -v msgfmt >/dev/null || { echo "gettext is missing: apt-get install gettext"; exit 1; }
	$(MAKEMESSAGES)
	$(BIN)/python manage.py compilemessages -l zh_Hans --ignore=.venv --ignore=staticfiles

# Fails when makemessages finds a string the catalogue does not translate (or translates fuzzily), or when
# the committed .mo is not the .po compiled.
messages-check: $(STAMP)
	@command -v msgfmt >/dev/null || { echo "gettext is missing: apt-get install gettext"; exit 1; }
	$(MAKEMESSAGES)
	@stats=$$(msgfmt --check --statistics -o /tmp/makerspaces-catalogue.mo $(CATALOGUE).po 2>&1); echo "$$stats"; \
	case "$$stats" in *untranslated*|*fuzzy*) echo "FAIL: translate what makemessages added to $(CATALOGUE).po"; exit 1;; esac
	@cmp -s /tmp/makerspaces-catalogue.mo $(CATALOGUE).mo || { echo "FAIL: $(CATALOGUE).mo is stale: run make messages"; exit 1; }

check: lint migrations-check messages-check test

# The hooks of .pre-commit-config.yaml (ruff, django-upgrade, djhtml) run on the files of each commit.
hooks: $(STAMP)
	$(BIN)/pre-commit install

# PostgreSQL benchmark at 1,000, 10,000 and 100,000 spaces; writes docs/performance.md.
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# The local cluster and its fault drill (docs/operations.md). Run as root on a fresh machine, the
# script installs Debian's postgresql-15, redis-server, nginx and wrk when they are missing.
.PHONY: cluster cluster-stop drill soak
cluster: $(STAMP)
	ops/cluster.sh start

cluster-stop:
	ops/cluster.sh stop

drill: $(STAMP)
	$(BIN)/python ops/drill/run.py $(DRILL_ARGS)

SOAK_SECONDS ?= 600
soak: $(STAMP)
	$(BIN)/python ops/drill/run.py --soak $(SOAK_SECONDS) $(DRILL_ARGS)

# Needs /usr/bin/chromium (apt-get install chromium); works on a throwaway SQLite database.
screenshots: $(STAMP)
	$(BIN)/python docs/screenshots/make_screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
