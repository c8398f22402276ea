# motcua: two commands on a fresh machine. `make run` serves, `make test` checks.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000
# Links printed by `demo load` and QR codes point here; override for a LAN address.
export QMS_PUBLIC_URL ?= http://$(HOST):$(PORT)

.PHONY: install run test lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)
	$(BIN)/motcua db upgrade
	$(BIN)/motcua demo load --if-empty

run: install
	$(BIN)/motcua serve --host $(HOST) --port $(PORT)

test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# ruff, the type checker (strict on the kernel and the rules) and the import contracts.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: install
	$(BIN)/pip install -q -e '.[dev,bench]'
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) instance/*.db .pytest_cache
