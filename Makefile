# Two commands do all set-up on a fresh machine (Python 3.11, pip, package registries only):
#   make demo   installs, then answers a question from the bundled sample corpus
#   make test   installs, then runs lint, type checks and the test suite
# Both install exactly requirements.lock (every package pinned by version and hash); after
# changing dependencies in pyproject.toml, `make lock` brings the lock up to date.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
QUESTION ?= Is Belarus ready to send peacekeepers to Ukraine?
LOCK := requirements.lock
# The resolver behind `make lock`, pinned: another version may resolve differently.
UV_VERSION := 0.13.9
LOCK_VENV := .venv-lock

.PHONY: demo test test-fast check install docs eval bench lock lock-upgrade lock-check

# Stops every install, before anything is installed, when pyproject.toml's dependencies
# are not what the lock was made from.
lock-check:
	@$(PYTHON) tools/lockfile.py check

# The environment is the lock and nothing else: made anew whenever the lock changes, wheels
# only, each file checked against its hash. The locked pip goes in first and installs the rest.
PIP_INSTALL = $(BIN)/python -m pip install --quiet --disable-pip-version-check
$(BIN)/.locked: $(LOCK) | lock-check
	$(PYTHON) -m venv --clear $(VENV)
	$(PYTHON) tools/lockfile.py entry pip > $(VENV)/pip.lock
	$(PIP_INSTALL) --require-hashes --only-binary :all: -r $(VENV)/pip.lock
	$(PIP_INSTALL) --require-hashes --only-binary :all: -r $(LOCK)
	touch $@

# The project itself, editable; its dependencies are all in the lock already.
$(BIN)/.installed: $(BIN)/.locked pyproject.toml
	$(PIP_INSTALL) --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check --quiet --disable-pip-version-check
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

# The quick loop while working: the same checks, and every test but those marked slow
# (more than ~3 s each: the fuzz suite, the quality floors, whole-process CLI runs).
test-fast: check
	$(BIN)/pytest -q -m "not slow"

# .env.example and the README's configuration table, written from the bot/settings/ package.
docs: $(BIN)/.installed
	$(BIN)/python tools/settings_docs.py

eval: $(BIN)/.installed
	$(BIN)/newsdesk eval

bench: $(BIN)/.installed
	$(BIN)/python -m benchmarks.bench_core

$(LOCK_VENV)/.uv-$(UV_VERSION):
	$(PYTHON) -m venv --clear $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	touch $@

# Re-resolve after a change to pyproject.toml, keeping the other pins where they still fit.
lock: $(LOCK_VENV)/.uv-$(UV_VERSION)
	$(PYTHON) tools/lockfile.py compile --uv $(LOCK_VENV)/bin/uv

# Move every package to the newest release that pyproject.toml allows.
lock-upgrade: $(LOCK_VENV)/.uv-$(UV_VERSION)
	$(PYTHON) tools/lockfile.py compile --uv $(LOCK_VENV)/bin/uv --upgrade
