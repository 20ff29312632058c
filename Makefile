# Watts & Tons — the two commands of the quick start are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-dev

.PHONY: help install demo test lint format bench clean

help:
	@echo "make demo   set up .venv, balance and grow the bundled closed_loop_earth scenario (writes out/closed_loop_earth/)"
	@echo "make test   set up .venv and run the whole test suite"
	@echo "make lint   ruff (format check + lint) and mypy"
	@echo "make bench  run the benchmarks (installs the anchor tools first)"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/wattsandtons balance closed_loop_earth --out out/closed_loop_earth/balance
	$(VENV)/bin/wattsandtons run closed_loop_earth --members 1000 --seed 1 --out out/closed_loop_earth/run
	@echo
	@echo "Reports (open in a browser, offline):"
	@echo "  out/closed_loop_earth/balance/report.html"
	@echo "  out/closed_loop_earth/run/report.html"

test: $(STAMP)
	$(PY) -m pytest -q

LINTED := src tests $(wildcard benchmarks)

lint: $(STAMP)
	$(VENV)/bin/ruff format --check $(LINTED)
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff format $(LINTED)
	$(VENV)/bin/ruff check --fix $(LINTED)

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	$(PY) benchmarks/bench_balance.py
	$(PY) benchmarks/bench_growth.py
	$(PY) benchmarks/bench_dispatch.py
	$(PY) benchmarks/peer_spacedc.py

clean:
	rm -rf out build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
