# Rekindle: `make run` serves the app with the mail worker beside it, `make test` runs the suite,
# `make prod-check` runs the production path (gunicorn, DEBUG off, PostgreSQL)
# and checks its headers; `make load` and `make faults` prove it under load and
# faults. All create the virtual environment in .venv if needed. prod-check and
# faults are the pytest tests marked prodcheck and faults (tests/prod/), which
# `make test` leaves out; load and bench are in tools/, on the same client.

# The first Python 3.12+ found on PATH (pyenv shims honour .python-version).
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test prod-check load faults install check-python bench

check-python:
	@test -n "$(PYTHON)" || { echo "Rekindle needs Python 3.12 or newer on PATH (python3.12, python3.13, ...)." >&2; exit 1; }

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

$(VENV)/.installed-test: requirements-test.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-test.lock
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

# The mail worker sends what the app queues (the console shows it in
# development); it stops with the server.
run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py db_worker & trap "kill $$!" EXIT; $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The tests marked prodcheck (tests/prod/); PROD_CHECK_DATABASE_URL (default
# postgres://postgres@127.0.0.1:5432/rekindle_prodcheck) names the PostgreSQL
# database to migrate; it is created if missing.
prod-check: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m prodcheck $(PYTEST_ARGS)

# Both start a private PostgreSQL cluster (initdb in a temporary directory,
# removed afterwards) and gunicorn with production settings; see
# docs/reliability.md. `make load` has Locust run 32 partners for 60 s
# (LOAD_SECONDS).
load: $(VENV)/.installed-test
	$(BIN)/python -m tools.load

faults: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m faults -v -s $(PYTEST_ARGS)

# The benchmark: `make bench` (10 couples x 4 weeks) or
# `make bench COUPLES=10000 WEEKS=104`: the weekly flow's pages against a
# bare signed-in Django project (tools/ceiling), see docs/performance.md. Needs PostgreSQL (BENCH_DATABASE_URL)
# and wrk, which it installs from Debian when missing.
COUPLES ?= 10
WEEKS ?= 4
bench: $(VENV)/.installed-test
	@command -v wrk >/dev/null 2>&1 || { echo "bench: installing wrk"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	COUPLES=$(COUPLES) WEEKS=$(WEEKS) $(BIN)/python -m tools.bench
