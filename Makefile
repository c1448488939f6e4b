# Every target installs what it needs first: a virtual environment in .venv, from uv.lock.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint test-sqlite test-postgres bench messages install clean

install: $(STAMP)

$(STAMP): uv.lock pyproject.toml
	@echo "Menyiapkan lingkungan Python di $(VENV) (sekali saja)..."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.8
	@$(BIN)/uv sync --frozen --quiet --python $(BIN)/python
	@touch $@

# The team's checkout sits beside shared/, whose public boundary files give the demo its maps.
DEMO_BOUNDARIES := $(wildcard ../shared/data/sumbar_kabkota.geojson ../shared/data/sumbar_kecamatan.geojson)

demo: $(STAMP)
	$(BIN)/cakupan demo $(foreach f,$(DEMO_BOUNDARIES),--boundaries $(f))

test: lint test-sqlite test-postgres

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(TEST_ENV) $(BIN)/mypy
	$(BIN)/lint-imports

# Tests keep their files (secret key, static dir) in var/test, not in the user's data directory.
TEST_ENV := CAKUPAN_DATA_DIR=$(CURDIR)/var/test

test-sqlite: $(STAMP)
	$(TEST_ENV) DATABASE_URL= $(BIN)/python -m pytest

# PostgreSQL tests run when a server is reachable; CAKUPAN_REQUIRE_POSTGRES=1 (set by .ci/run) makes them mandatory.
test-postgres: $(STAMP)
	@rc=0; $(BIN)/python scripts/postgres_available.py || rc=$$?; \
	if [ $$rc -eq 0 ]; then \
		$(TEST_ENV) DATABASE_URL=$${CAKUPAN_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/cakupan} \
		$(BIN)/python -m pytest -m django_db -p no:cacheprovider; \
	elif [ $$rc -eq 1 ]; then echo "PostgreSQL tidak terjangkau: tes PostgreSQL dilewati."; \
	else exit $$rc; fi

# Refresh the Indonesian catalogues (web pages; click's usage messages) after changing them (needs GNU gettext).
messages: $(STAMP)
	cd src/cakupan/web && DJANGO_SETTINGS_MODULE=cakupan.web.settings ../../../$(BIN)/django-admin makemessages -l id --no-location --no-obsolete
	cd src/cakupan/web && DJANGO_SETTINGS_MODULE=cakupan.web.settings ../../../$(BIN)/django-admin compilemessages
	msgfmt --check-format -o src/cakupan/locale/id/LC_MESSAGES/messages.mo src/cakupan/locale/id/LC_MESSAGES/messages.po

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
