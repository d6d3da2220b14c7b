# Two commands on a fresh machine: `make site` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
NODE_DEPS := node_modules/.package-lock.json
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: site test serve check changes bench lighthouse lint clean

site: $(VENV)/.build-deps
	$(BIN)/python build.py

test: $(VENV)/.dev-deps $(NODE_DEPS)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python build.py check
	$(BIN)/python -m pytest

serve: $(VENV)/.build-deps
	$(BIN)/python build.py serve --port $(PORT)

check: $(VENV)/.build-deps
	$(BIN)/python build.py check

# The pages an edit adds, removes or changes; AGAINST=<git revision> (default: HEAD, or HEAD~1 when clean).
changes: $(VENV)/.build-deps
	$(BIN)/python build.py changes $(if $(AGAINST),--against $(AGAINST))

# Build times at 118 (the real site), 1,000, 10,000 and 50,000 tasks; writes bench-out/bench.md. Asserts nothing.
bench: $(VENV)/.dev-deps
	$(BIN)/python benchmarks/bench.py $(if $(SIZES),--sizes $(SIZES)) $(if $(RUNS),--runs $(RUNS))

# Lighthouse's mobile scores per page kind of the real site, median of RUNS (default 3); writes bench-out/lighthouse.md.
lighthouse: $(VENV)/.dev-deps $(NODE_DEPS)
	$(BIN)/python benchmarks/lighthouse.py $(if $(RUNS),--runs $(RUNS))

lint: $(VENV)/.dev-deps
	$(BIN)/python -m ruff check --fix .
	$(BIN)/python -m ruff format .

clean:
	rm -rf site .venv node_modules .pytest_cache .ruff_cache

$(VENV)/.build-deps: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements-dev.txt requirements.txt $(VENV)/.build-deps
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Checkers the tests run on the built site (axe-core, html-validate); nothing here reaches readers.
$(NODE_DEPS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@
