# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

# Local work runs with DEBUG on; production sets SECRET_KEY and leaves DEBUG off.
export DEBUG ?= 1

.PHONY: help venv run migrate load backup restore test lint typecheck format messages ci check-deploy migrations-check clean bench-search bench-api eval-search serve test-nodes bench-pages screenshots

help:
	@echo "make run    - install, migrate, load fixtures and serve on http://127.0.0.1:$(PORT)"
	@echo "make serve  - production: collectstatic, migrate, load fixtures, gunicorn (needs SECRET_KEY)"
	@echo "make test   - run the test suite (SQLite; set DATABASE_URL for PostgreSQL)"
	@echo "make lint   - ruff, ruff format, fixture JSON, djLint and mypy (the pre-commit hooks)"
	@echo "make ci     - everything CI runs"
	@echo "make screenshots - PNGs of the main pages, 3 languages, phone and desktop, in var/screenshots/"

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

migrate: venv
	$(BIN)/python manage.py migrate --noinput

load: migrate
	$(BIN)/python manage.py load_portal_fixtures

run: load
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production: DEBUG off, static files collected, migrations applied, content loaded (the
# loader keeps staff edits), then
# gunicorn with gunicorn.conf.py (workers, threads, probes, timeouts from the environment).
# Needs SECRET_KEY and ALLOWED_HOSTS; DATABASE_URL and REDIS_URL as deployed.
serve: venv
	DEBUG=0 $(BIN)/python manage.py collectstatic --noinput -v0
	DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DEBUG=0 $(BIN)/python manage.py load_portal_fixtures
	DEBUG=0 PORT=$(PORT) exec $(BIN)/gunicorn --config gunicorn.conf.py

# The suite runs on every core (pytest-xdist), a test file per worker so that module-wide
# fixtures (one crawl per language, one browser) are set up once; TEST_WORKERS=0 runs it
# in one process.
TEST_WORKERS ?= auto
test: venv
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# Backup and restore (docs/adr/0012-backup-and-restore.md): content, history, users and
# the ledger in one file; a restore rebuilds the search index and refuses a database that
# holds content unless RESTORE_ARGS=--force.
BACKUP ?= var/backup-$(shell date -u +%Y%m%dT%H%M%SZ).json.gz
backup: venv
	mkdir -p $(dir $(BACKUP))
	$(BIN)/python manage.py backup_portal $(BACKUP)

restore: migrate
	test -n "$(FILE)" || (echo "usage: make restore FILE=var/backup-....json.gz" && exit 2)
	$(BIN)/python manage.py restore_portal $(RESTORE_ARGS) $(FILE)

# The same hooks as .pre-commit-config.yaml: ruff, ruff format, fixtures as JSON, djLint, mypy.
lint: venv
	$(BIN)/pre-commit run --all-files --show-diff-on-failure

typecheck: venv
	$(BIN)/mypy

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: venv
	$(BIN)/python manage.py makemigrations --check --dry-run

check-deploy: venv
	DEBUG=0 SECRET_KEY=ci-$$(date +%s)-not-a-real-secret-but-long-enough-for-the-check-0123456789 \
	ALLOWED_HOSTS=portal.example.org $(BIN)/python manage.py check --deploy --fail-level WARNING

# Regenerate the catalogues after adding visible strings (needs gettext), then translate them.
messages: venv
	$(BIN)/python manage.py makemessages -l zh_Hans -l en -l ru --no-obsolete  # sorted, no locations: see portal/management/commands/makemessages.py
	$(BIN)/python manage.py compilemessages

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

# Search benchmark: a throw-away database per backend, 100k synthetic records, p50/p95.
# The corpus is written in bulk (no signals): the glossary's term uses are rebuilt after.
BENCH_RECORDS ?= 100000
BENCH_PG ?= postgres://postgres@127.0.0.1:5432/portal_bench
bench-search: venv
	rm -f var/bench.sqlite3
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(BIN)/python manage.py migrate -v0
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(BIN)/python manage.py load_portal_fixtures -v0
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(BIN)/python manage.py bench_search --records $(BENCH_RECORDS)
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(BIN)/python manage.py rebuild_term_uses -v0
	-psql "$(dir $(BENCH_PG))postgres" -qc "DROP DATABASE IF EXISTS $(notdir $(BENCH_PG))"
	psql "$(dir $(BENCH_PG))postgres" -qc "CREATE DATABASE $(notdir $(BENCH_PG))"
	DATABASE_URL=$(BENCH_PG) $(BIN)/python manage.py migrate -v0
	DATABASE_URL=$(BENCH_PG) $(BIN)/python manage.py load_portal_fixtures -v0
	DATABASE_URL=$(BENCH_PG) $(BIN)/python manage.py bench_search --records $(BENCH_RECORDS)
	DATABASE_URL=$(BENCH_PG) $(BIN)/python manage.py rebuild_term_uses -v0

# API benchmark: the API's list and search beside the search page, on PostgreSQL at 100k
# meetings. The database is created and filled once (bench_search's synthetic corpus) and
# reused by later runs; drop it to start over.
BENCH_API_PG ?= postgres://postgres@127.0.0.1:5432/portal_bench_api
bench-api: venv
	if ! psql "$(dir $(BENCH_API_PG))postgres" -qtAc "SELECT 1 FROM pg_database WHERE datname = '$(notdir $(BENCH_API_PG))'" | grep -q 1; then \
		psql "$(dir $(BENCH_API_PG))postgres" -qc "CREATE DATABASE $(notdir $(BENCH_API_PG))" && \
		DATABASE_URL=$(BENCH_API_PG) $(BIN)/python manage.py migrate -v0 && \
		DATABASE_URL=$(BENCH_API_PG) $(BIN)/python manage.py load_portal_fixtures -v0; \
	fi
	DATABASE_URL=$(BENCH_API_PG) $(BIN)/python manage.py bench_api --records $(BENCH_RECORDS)
# Two gunicorn nodes behind a Python round-robin proxy, one PostgreSQL database, one Redis:
# an edit on one is seen at once on the other; one restarts under load without a failed
# request. Set NODES_DATABASE_URL, NODES_REDIS_URL and NODES_PORTS for your machine.
test-nodes: venv
	$(BIN)/python scripts/two_nodes.py

# Page benchmark (scripts/bench_pages.py): every page type uncached and cached, p50/p95 and
# CPU per request as a ratio to a bare view on the same gunicorn, and requests/s at 16 and
# 64 clients; at the real size (a fresh database), at 10k meetings when BENCH_10K names a
# database (`make bench-search BENCH_RECORDS=10000 BENCH_PG=<that URL>` builds one) and
# at 100k (BENCH_PG, built by `make bench-search`), then each page's growth between them.
# The 16/64-client rows are driven by wrk (Debian's package, installed here if missing):
# without it they fall back to Python threads, which take the server's CPU.
BENCH_REAL ?= postgres://postgres@127.0.0.1:5432/portal_bench_real
BENCH_10K ?=
bench-pages: venv
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || \
		echo "bench-pages: wrk could not be installed (Debian: apt-get install wrk); the concurrent rows will use Python threads, which share the server's CPU"
	-psql "$(dir $(BENCH_REAL))postgres" -qc "DROP DATABASE IF EXISTS $(notdir $(BENCH_REAL))"
	psql "$(dir $(BENCH_REAL))postgres" -qc "CREATE DATABASE $(notdir $(BENCH_REAL))"
	DATABASE_URL=$(BENCH_REAL) $(BIN)/python manage.py migrate -v0
	DATABASE_URL=$(BENCH_REAL) $(BIN)/python manage.py load_portal_fixtures -v0
	$(BIN)/python scripts/bench_pages.py real-size=$(BENCH_REAL) $(if $(BENCH_10K),10k-meetings=$(BENCH_10K)) 100k-meetings=$(BENCH_PG)

# Relevance: nDCG@10 of the search and of a plain BM25 reference (same analyzer) on the
# graded needs in tests/search/relevance/, over the real content in a throw-away SQLite
# database (EVAL_DB=postgres://... to run it on PostgreSQL).
EVAL_DB ?= sqlite:///$(CURDIR)/var/eval.sqlite3
eval-search: venv
	rm -f var/eval.sqlite3
	DATABASE_URL=$(EVAL_DB) $(BIN)/python manage.py migrate -v0
	DATABASE_URL=$(EVAL_DB) $(BIN)/python manage.py load_portal_fixtures -v0
	DATABASE_URL=$(EVAL_DB) $(BIN)/python manage.py eval_search --losses

# Screenshots for a reviewer (scripts/screenshots.py): home, a mechanism, the BRI plan, the
# Qingdao initiative in parallel view, a meeting, search, news and a source page, in every
# language at 390 and 1366 px, from a throw-away SQLite database, into var/screenshots/.
SCREENSHOT_WIDTHS ?= 390,1366
screenshots: venv
	$(BIN)/python scripts/screenshots.py --widths $(SCREENSHOT_WIDTHS)
