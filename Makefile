# Every target installs what it needs first: a virtual environment in .venv, from uv.lock.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test check lint test-sqlite test-postgres test-browser test-random bench messages install clean

install: $(STAMP)

$(STAMP): uv.lock pyproject.toml
	@echo "Menyiapkan lingkungan Python di $(VENV) (sekali saja)..."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.8
	@$(BIN)/uv sync --frozen --quiet --python $(BIN)/python
	@touch $@

# The team's checkout sits beside shared/, whose public boundary files give the demo its maps.
# The desa/kelurahan file (3.5 MB) adds about 3 s; a page reads only its children's polygons.
DEMO_BOUNDARIES := $(wildcard ../shared/data/sumbar_kabkota.geojson ../shared/data/sumbar_kecamatan.geojson \
	../shared/data/sumbar_desa_kelurahan.geojson)

# `make demo PORT=8080 HOST=0.0.0.0` serves elsewhere (the defaults are cakupan demo's own).
PORT ?= 8000
HOST ?= 127.0.0.1

demo: $(STAMP)
	$(BIN)/cakupan demo --host $(HOST) --port $(PORT) $(foreach f,$(DEMO_BOUNDARIES),--boundaries $(f))

# The suite in stages (lint, types, SQLite, PostgreSQL, browser), each on every core (pytest-xdist), with each
# stage's wall time and test counts printed (scripts/test_stages.py). PostgreSQL runs when a server answers;
# CAKUPAN_REQUIRE_POSTGRES=1 and CAKUPAN_REQUIRE_BROWSER=1 (set by .ci/run) make it and the browser mandatory.
STAGES := $(BIN)/python scripts/test_stages.py

test: $(STAMP)
	$(STAGES)

# The developer's loop, at most 3 minutes: lint, types, the pure core and a smoke of the web app on SQLite.
check: $(STAMP)
	$(STAGES) --check

lint: $(STAMP)
	$(STAGES) --stages lint,types

test-sqlite: $(STAMP)
	$(STAGES) --stages sqlite

test-postgres: $(STAMP)
	$(STAGES) --stages postgres

test-browser: $(STAMP)
	$(STAGES) --stages browser

# The database and browser stages in a shuffled order (pytest-randomly; the seed is printed): tests must not
# depend on each other's order.
test-random: $(STAMP)
	$(STAGES) --random --stages sqlite,postgres,browser

# Refresh the Indonesian catalogues (web pages; click's usage messages) after changing them (needs GNU gettext).
messages: $(STAMP)
	cd src/cakupan/web && DJANGO_SETTINGS_MODULE=cakupan.web.settings ../../../$(BIN)/django-admin makemessages -l id --no-location --no-obsolete
	cd src/cakupan/web && DJANGO_SETTINGS_MODULE=cakupan.web.settings ../../../$(BIN)/django-admin compilemessages
	msgfmt --check-format -o src/cakupan/locale/id/LC_MESSAGES/messages.mo src/cakupan/locale/id/LC_MESSAGES/messages.po

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
