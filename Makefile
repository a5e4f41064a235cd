# Every target bootstraps itself: uv, then the locked environment. scripts/bootstrap-uv.py needs
# nothing but a stdlib python3 (a stock Debian/Ubuntu one will do: no pip, no venv, PEP 668): it
# runs the uv on PATH (or in ~/.local/bin), else .tools/bin/uv, else first fetches that from PyPI;
# uv uses a Python it finds (e.g. /usr/bin/python3) and never downloads one.
SHELL := /bin/bash
PYTHON3 ?= python3
UV := $(PYTHON3) scripts/bootstrap-uv.py --exec
RUN := $(UV) run --locked --no-sync
export DAGSTER_HOME := $(CURDIR)/.dagster_home

.PHONY: bootstrap run test test-fast lint dev bench clean

.venv/.synced: pyproject.toml uv.lock
	$(UV) sync --locked --compile-bytecode
	@touch $@

# One line on how to call that uv as `uv` in this shell, when it is not on PATH.
UV_HINT := @$(PYTHON3) scripts/bootstrap-uv.py --hint

bootstrap: .venv/.synced
	$(UV_HINT)

## make run: the whole pipeline once, offline, on the bundled sample RIS; then the publication
## over all councils of the warehouse (publish/all/)
run: bootstrap
	$(RUN) ratsinfo run --source sample
	$(RUN) ratsinfo publish-all
	$(UV_HINT)

## make test: the whole test suite, then lint and types. The tests of many councils start a
## PostgreSQL of their own (Debian's server package: installed here when missing and we are root
## on Debian/Ubuntu; else those tests skip, saying so)
test: bootstrap
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "PostgreSQL server missing: apt-get install postgresql"; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } \
	      || echo "PostgreSQL: could not be installed: its tests skip"; \
	  else \
	    echo "PostgreSQL server not installed (apt-get install postgresql): its tests skip"; \
	  fi; }
	$(RUN) pytest -q -n 2 --dist worksteal --durations=15
	$(MAKE) --no-print-directory lint

## make test-fast: the edit loop: everything not marked slow (no subprocess runs, no browser)
test-fast: bootstrap
	$(RUN) pytest -q -m "not slow" -x

lint: bootstrap
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) mypy ratsinfo assets pipelines sample_ris benchmarks

## make dev: Dagster UI on 127.0.0.1:3000 with the nightly schedule
dev: bootstrap
	@mkdir -p $(DAGSTER_HOME) && cp -f dagster.yaml $(DAGSTER_HOME)/dagster.yaml
	RATSINFO_SOURCE=$${RATSINFO_SOURCE:-sample} $(RUN) dg dev --host 127.0.0.1 --port 3000

## make bench: the benchmarks into BENCHMARKS.md, with their charts (bench-*.png) beside it; the
## documents section compares our PDF text with poppler's pdftotext: installed here when missing
## and we are root on Debian/Ubuntu. More options through BENCH_ARGS, e.g.
## `make bench BENCH_ARGS=--large` (adds 300,000 papers, end to end once: 35 to 95 min more)
## or `make bench BENCH_ARGS=--quick` (1,000 papers once, into bench-out/quick/ only)
bench: bootstrap
	@command -v pdftotext >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "pdftotext missing: apt-get install poppler-utils"; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils; } \
	      || echo "pdftotext: could not be installed: the documents benchmark runs without it"; \
	  else \
	    echo "pdftotext: not installed (apt-get install poppler-utils): the documents benchmark runs without it"; \
	  fi; }
	$(RUN) python -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf .venv .dagster_home warehouse/*.duckdb* publish
