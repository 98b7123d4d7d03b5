# sdanalysis — de twee hoofdopdrachten: `make report` en `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.geinstalleerd

export MPLBACKEND ?= Agg

.PHONY: help install build report test lint lab bench clean

help:
	@echo "make report  - installeer (zo nodig), bouw data/processed/ uit de demo-data en maak het rapport"
	@echo "make test    - installeer (zo nodig), draai ruff, unit tests, doctests en alle notebooks (nbval)"
	@echo "make build   - alleen data/processed/ bouwen"
	@echo "make lab     - open JupyterLab op het project"
	@echo "make bench   - benchmarks (volumes: sdanalysis tegen DuckDB)"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

build: install
	$(BIN)/sdanalysis build

report: build
	$(BIN)/sdanalysis report

lint: install
	$(BIN)/ruff check sdanalysis tests benchmarks tools

test: install lint
	$(BIN)/sdanalysis build
	$(BIN)/pytest -q tests sdanalysis
	$(BIN)/pytest -q --nbval-lax --nbval-current-env notebooks

lab: install
	$(BIN)/jupyter lab --notebook-dir=.

bench: install
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	$(BIN)/python benchmarks/bench_volumes.py --n 1000000 --n 10000000

clean:
	rm -rf data/processed/*.parquet data/processed/bouwverslag.json reports
