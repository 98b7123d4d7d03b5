# sdanalysis — de twee hoofdopdrachten: `make report` en `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.geinstalleerd

export MPLBACKEND ?= Agg
# where `make bench` writes its generated data (about 6 GB for the national scale)
BENCH  ?= /tmp/sdanalysis-bench

.PHONY: help install build report test lint opmaak schoon-notebooks lab bench lezerscontrole clean

help:
	@echo "make report   - installeer (zo nodig), bouw data/processed/ uit de demo-data en maak het rapport"
	@echo "make test     - installeer (zo nodig), draai ruff (lint en opmaak), unit tests, doctests en alle notebooks (nbval)"
	@echo "make install  - maak .venv/ en installeer het pakket met test-afhankelijkheden"
	@echo "make build    - alleen data/processed/ bouwen uit de demo-data"
	@echo "make lint     - ruff check (met complexiteit en docstrings) en ruff format --check"
	@echo "make opmaak   - ruff format en ruff check --fix toepassen"
	@echo "make schoon-notebooks - verwijder uitvoer uit notebooks/ (nbstripout) voor een commit"
	@echo "make lab      - open JupyterLab op het project"
	@echo "make bench    - benchmarks (sdanalysis tegen DuckDB); groot, niet in make test"
	@echo "make lezerscontrole - bekijk reports/latest in headless Chromium (titel, alt-tekst, tabellen)"
	@echo "make clean    - verwijder verwerkte data en rapporten"

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
	$(BIN)/ruff check sdanalysis tests benchmarks
	$(BIN)/ruff format --check sdanalysis tests benchmarks

opmaak: install
	$(BIN)/ruff format sdanalysis tests benchmarks
	$(BIN)/ruff check --fix sdanalysis tests benchmarks

schoon-notebooks: install
	$(BIN)/nbstripout --keep-id notebooks/*.ipynb

test: install lint
	$(BIN)/sdanalysis build
	$(BIN)/pytest -q tests sdanalysis
	$(BIN)/pytest -q --nbval-lax --nbval-current-env notebooks

lab: install
	$(BIN)/jupyter lab --notebook-dir=.

bench: install
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	$(BIN)/python benchmarks/bench_volumes.py --n 1000000 --n 10000000
	$(BIN)/python benchmarks/bouw_schaal.py --n 1000000 --map $(BENCH)/bouw_1m
	$(BIN)/python benchmarks/bouw_schaal.py --n 10000000 --map $(BENCH)/bouw_10m
	$(BIN)/python benchmarks/bouw_schaal.py --n 10000000 --declaraties 50000000 --map $(BENCH)/bouw_50m
	$(BIN)/python benchmarks/pxq_schaal.py --n 50000000 --herhaal 2 --map $(BENCH)/pxq_50m

lezerscontrole: install
	$(BIN)/python tools/lezerscontrole.py reports/latest --streng

clean:
	rm -rf data/processed/*.parquet data/processed/bouwverslag.json reports
