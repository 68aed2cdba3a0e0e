# Two commands do all set-up on a fresh machine (Python 3.11+, pip, package registries only):
#   make demo   installs, then answers a question from the bundled sample corpus
#   make test   installs, then runs lint, type checks and the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
QUESTION ?= Is Belarus ready to send peacekeepers to Ukraine?

.PHONY: demo test check install eval bench

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/.installed

demo: $(BIN)/.installed
	$(BIN)/newsdesk ask "$(QUESTION)"

check: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: check
	$(BIN)/pytest -q

eval: $(BIN)/.installed
	$(BIN)/newsdesk eval

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/bench_core.py
