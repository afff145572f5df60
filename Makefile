# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

# Local work runs with DEBUG on; production sets SECRET_KEY and leaves DEBUG off.
export DEBUG ?= 1

.PHONY: help venv run migrate load test lint typecheck format messages ci check-deploy migrations-check clean bench-search bench-api eval-search

help:
	@echo "make run    - install, migrate, load fixtures and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   - run the test suite (SQLite; set DATABASE_URL for PostgreSQL)"
	@echo "make lint   - ruff, ruff format, fixture JSON and mypy (the pre-commit hooks)"
	@echo "make ci     - everything CI runs"

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

test: venv
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The same hooks as .pre-commit-config.yaml: ruff, ruff format, fixtures as JSON, mypy.
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
	$(BIN)/python manage.py makemessages -l zh_Hans -l en -l ru --no-obsolete
	$(BIN)/python manage.py compilemessages

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

# Search benchmark: a throw-away database per backend, 100k synthetic records, p50/p95.
BENCH_RECORDS ?= 100000
BENCH_PG ?= postgres://postgres@127.0.0.1:5432/portal_bench
bench-search: venv
	rm -f var/bench.sqlite3
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(BIN)/python manage.py migrate -v0
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(BIN)/python manage.py load_portal_fixtures -v0
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(BIN)/python manage.py bench_search --records $(BENCH_RECORDS)
	-psql "$(dir $(BENCH_PG))postgres" -qc "DROP DATABASE IF EXISTS $(notdir $(BENCH_PG))"
	psql "$(dir $(BENCH_PG))postgres" -qc "CREATE DATABASE $(notdir $(BENCH_PG))"
	DATABASE_URL=$(BENCH_PG) $(BIN)/python manage.py migrate -v0
	DATABASE_URL=$(BENCH_PG) $(BIN)/python manage.py load_portal_fixtures -v0
	DATABASE_URL=$(BENCH_PG) $(BIN)/python manage.py bench_search --records $(BENCH_RECORDS)

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

# Relevance: nDCG@10 of the search and of a plain BM25 reference (same analyzer) on the
# graded needs in tests/search/relevance/, over the real content in a throw-away SQLite
# database (EVAL_DB=postgres://... to run it on PostgreSQL).
EVAL_DB ?= sqlite:///$(CURDIR)/var/eval.sqlite3
eval-search: venv
	rm -f var/eval.sqlite3
	DATABASE_URL=$(EVAL_DB) $(BIN)/python manage.py migrate -v0
	DATABASE_URL=$(EVAL_DB) $(BIN)/python manage.py load_portal_fixtures -v0
	DATABASE_URL=$(EVAL_DB) $(BIN)/python manage.py eval_search --losses
