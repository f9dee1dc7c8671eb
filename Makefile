# Attuned — two commands on a fresh machine:  make lab   (open the course)   make test   (run every test)
SHELL := /bin/bash
VENV  ?= .venv
PY    := $(VENV)/bin/python
PYTHON ?= python3
export PATH := $(abspath $(VENV))/bin:$(PATH)
MODULES := $(sort $(notdir $(wildcard source/[0-9][0-9]-*)))
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test demo install system-deps source release lint screenshots bench clean

# Re-install when the extension changes: the installed copy under share/jupyter is not a link.
$(VENV)/.installed: pyproject.toml $(wildcard attuned/labextension/*.json attuned/labextension/static/*.js)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@# rfc3987-syntax (jsonschema[format-nongpl], via jupyter-events) compiles an Earley parser on
	@# import: ~1.7 s added to EVERY nbgrader command. jsonschema treats it as optional; without it
	@# only the "iri"/"iri-reference" format checks are skipped, which nothing here uses.
	$(PY) -m pip uninstall --quiet --yes rfc3987-syntax
	@touch $@

install: $(VENV)/.installed

# Debian's Chromium for the browser tests, and axe-core from npm. Installs only what is missing.
system-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	  else echo "Chromium is missing: run 'sudo apt-get install -y chromium' (needed by the browser tests)"; exit 1; fi; fi
	@if [ -f tests/browser/package.json ] && [ ! -d tests/browser/node_modules ]; then \
	  npm ci --prefix tests/browser --no-audit --no-fund --silent; fi

# Source notebooks are generated from attuned/content and instructor/keys.
source: install
	$(PY) -m attuned.cli build

# release/ is ONLY written by nbgrader generate_assignment.
release: install
	@for m in $(MODULES); do nbgrader generate_assignment "$$m" --force --log-level=WARN || exit 1; done

lab: install
	@test -n "$$(ls release 2>/dev/null)" || $(MAKE) release
	jupyter lab --notebook-dir=. $(LAB_FLAGS)

test: install system-deps
	$(PY) -m ruff check .
	$(PY) -m pytest -q --durations=15

demo: install
	$(PY) -m attuned.cli demo --out demo-output

lint: install
	$(PY) -m ruff check .

screenshots: install system-deps
	ATTUNED_SCREENSHOTS=docs/screenshots $(PY) -m pytest -q tests/browser -k screenshot

bench: install
	$(PY) benchmarks/bench_startup.py

clean:
	rm -rf gradebook.db demo-output .pytest_cache
