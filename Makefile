# The first Python found that is 3.12 or newer; override with `make PYTHON=/path/to/python3.12 ...`.
PYTHON ?= $(shell for c in python3 python3.14 python3.13 python3.12; do \
	command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$c; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
# Development defaults; production sets these in its own environment (see README).
export DJANGO_DEBUG ?= 1
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run demo test lint format messages clean bench bench-reading loadfault \
	loadfault-short backup restore bench-maps

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Digest needs Python 3.12 or newer and none was found on PATH." >&2; \
		echo "Install one (e.g. 'pyenv install 3.13') or run 'make PYTHON=/path/to/python3.12 ...'." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e . --group dev
	touch $@

install: $(VENV)/.installed

# A development .env, so manage.py commands run outside make too (settings read it).
.env:
	@printf 'DJANGO_DEBUG=1\nDJANGO_SECRET_KEY=%s\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@
	@echo "Wrote .env for development (DJANGO_DEBUG=1); production sets its own environment."

demo: install .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py load_regions --maps --only-with-data
	$(BIN)/python manage.py ensure_staff --demo-accounts --admin-url http://$(HOST):$(PORT)/admin/

run: demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Needs Debian's gettext; the compiled .mo files are committed so nobody else does.
messages: install
	$(BIN)/python manage.py makemessages --locale en --ignore '.venv/*' --ignore 'bench/*'
	$(BIN)/python manage.py compilemessages --locale en --ignore '.venv/*' --ignore 'bench/*'

# Reading adversarial 50,000-character pages (short lines, datelines, figures, nesting...)
# against 2 s each; pure Python, under a minute. It fails if a shape misses.
bench-reading: install
	$(BIN)/python bench/reading.py

# Every outline of China loaded into a throwaway SQLite database, then the size of every
# province's and prefecture's map against issue 15's goals (60 KB and 150 KB); about a minute.
bench-maps: install
	$(BIN)/python bench/maps.py

# Production-like benchmark: 200,000 figures in PostgreSQL database digest_bench, gunicorn, wrk,
# PostgreSQL's COPY and Datasette (in bench/.venv) side by side. Needs psql; uses Debian's wrk,
# installing it when run as root, else a Python load generator (bench/common.py). The reading
# benchmark runs first; distinct addresses with the page cache off run last (bench/distinct.py).
bench: install
	$(BIN)/python bench/reading.py
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		apt-get install -y -qq wrk >/dev/null; } || \
		echo "wrk is not installed (apt-get install wrk); using the Python load generator." >&2
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Mixed load, then PostgreSQL (a throwaway cluster of the script's own) stopped under load.
loadfault: install
	$(BIN)/python bench/loadfault.py

loadfault-short: install
	$(BIN)/python bench/loadfault.py --short

# A consistent backup of the configured database while the site runs, into backups/ or FILE
# (see docs/operations.md, "Backups and restores").
backup: install
	$(BIN)/python manage.py backup $(if $(FILE),--output "$(FILE)")

# Restore FILE into the configured database; it must be empty unless FORCE=1.
restore: install
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/digest-....dump [FORCE=1]" >&2; exit 1; }
	$(BIN)/python manage.py restore "$(FILE)" $(if $(FORCE),--force)

clean:
	rm -rf $(VENV) staticfiles
