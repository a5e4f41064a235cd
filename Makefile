# Every target bootstraps itself: uv (user install when missing), then the locked environment.
SHELL := /bin/bash
UV_BIN := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
UV := $(UV_BIN)
RUN := $(UV) run --locked --no-sync
export DAGSTER_HOME := $(CURDIR)/.dagster_home
export PATH := $(HOME)/.local/bin:$(PATH)

.PHONY: bootstrap run test lint dev bench clean

$(UV_BIN):
	python3 -m pip install --user --quiet uv

.venv/.synced: pyproject.toml uv.lock | $(UV_BIN)
	$(UV) sync --locked --compile-bytecode
	@touch $@

bootstrap: .venv/.synced

## make run: the whole pipeline once, offline, on the bundled sample RIS
run: bootstrap
	$(RUN) ratsinfo run --source sample

## make test: the whole test suite, then lint and types
test: bootstrap
	$(RUN) pytest -q
	$(MAKE) --no-print-directory lint

lint: bootstrap
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) mypy ratsinfo assets pipelines

## make dev: Dagster UI on 127.0.0.1:3000 with the nightly schedule
dev: bootstrap
	@mkdir -p $(DAGSTER_HOME) && cp -f dagster.yaml $(DAGSTER_HOME)/dagster.yaml
	$(RUN) dagster dev -m pipelines.definitions -h 127.0.0.1 -p 3000

bench: bootstrap
	$(RUN) python -m ratsinfo.bench

clean:
	rm -rf .venv .dagster_home warehouse/*.duckdb* publish
