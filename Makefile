# Two commands for a newcomer: `make run` and `make test`. Everything else is routine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# `make test` spreads the suite over this many processes (pytest-xdist; `auto`: one per core).
TEST_WORKERS ?= auto
STAMP := $(VENV)/.installed

.PHONY: install run test test-e2e lint bench messages clean frontend

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Missing: $(PYTHON) (Debian/Ubuntu: sudo apt-get install python3)"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Missing: Python 3.11 or newer ($(PYTHON) is older)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { echo "Missing: python3-venv (Debian/Ubuntu: sudo apt-get install python3-venv)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	$(BIN)/pybabel compile --domain django --directory locale --statistics
	touch $(STAMP)

install: $(STAMP) frontend

# Det Fælles Designsystem (DKFDS, npm `dkfds`, pinned in frontend/package-lock.json). With
# Node: a clean `npm ci` and the built css/js/fonts/icons copied into static/dkfds/. Without
# Node the copy committed in static/dkfds/ is used as it is (docs/decisions.md says why).
frontend:
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix frontend --no-audit --no-fund --loglevel=error && $(PYTHON) frontend/copy_dkfds.py; \
	else \
		echo "npm not found: using the DKFDS files committed in static/dkfds/ (install Node.js 20+ to refresh them)"; \
	fi

messages: $(STAMP)
	$(BIN)/pybabel compile --domain django --directory locale

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

test-e2e: $(STAMP)
	$(BIN)/python -m pytest -m e2e

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
