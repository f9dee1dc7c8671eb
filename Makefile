# Attuned — two commands on a fresh machine:  make lab   (open the course)   make test   (run every test)
SHELL := /bin/bash
VENV  ?= .venv
PY    := $(VENV)/bin/python
PYTHON ?= python3
export PATH := $(abspath $(VENV))/bin:$(PATH)
MODULES := $(sort $(notdir $(wildcard source/[0-9][0-9]-*)))
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab lab-ready test demo install system-deps source generate release dist lint screenshots bench clean

$(VENV)/.installed: pyproject.toml attuned/notebook/lab_overrides.json
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@# The distribution was called `attuned` before it became `attuned-course`; a venv made then keeps
	@# that editable install beside the new one unless it is removed.
	@$(PY) -m pip uninstall --quiet --yes attuned 2>/dev/null || true
	$(PY) -m pip install --quiet -e '.[test]'
	@# rfc3987-syntax (jsonschema[format-nongpl], via jupyter-events) compiles an Earley parser on
	@# import: ~1.7 s added to EVERY nbgrader command. jsonschema treats it as optional; without it
	@# only the "iri"/"iri-reference" format checks are skipped, which nothing here uses.
	$(PY) -m pip uninstall --quiet --yes rfc3987-syntax
	@# Attuned once shipped a hand-written lab extension; pip leaves its files behind on upgrade, and
	@# JupyterLab would still load it (it swallowed the arrow keys the anywidget controls now handle).
	rm -rf $(VENV)/share/jupyter/labextensions/@attuned
	@touch $@

install: $(VENV)/.installed

# Debian's Chromium for the browser tests, Debian's PostgreSQL server for the PostgreSQL gradebook
# test (which runs its own initdb + pg_ctl), and axe-core and happy-dom (front-end unit tests) from npm. Installs only what is missing.
system-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	  else echo "Chromium is missing: run 'sudo apt-get install -y chromium' (needed by the browser tests)"; exit 1; fi; fi
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql; \
	  else echo "PostgreSQL is missing: run 'sudo apt-get install -y postgresql' (needed by the PostgreSQL gradebook test)"; exit 1; fi; fi
	@if [ -f tests/browser/package.json ] && [ ! -d tests/browser/node_modules ]; then \
	  npm ci --prefix tests/browser --no-audit --no-fund --silent; fi
	@# happy-dom, the DOM for the front-end unit tests (node --test in tests/js), from its lockfile.
	@if [ -f tests/js/package.json ] && [ ! -d tests/js/node_modules ]; then \
	  npm ci --prefix tests/js --no-audit --no-fund --silent; fi

# What the JupyterHub test (tests/hub, marker `hub`) needs beyond .venv. It creates real Unix
# accounts, so it needs root, and so does this (not root: nothing to do, the test is skipped).
# A venv made with the SYSTEM Python in a world-readable folder (a venv of the pyenv Python under
# /root cannot be read by the trainee accounts), holding JupyterHub, the course and its
# dependencies; the formgrader and course list turned off there for everyone, as nbgrader's docs
# do for trainees, and unlocked so that the instructor's own settings can turn them on again; and
# configurable-http-proxy from npm in tests/hub/node_modules, not installed globally. The venv holds
# a COPY of the course (not -e), so it is rebuilt whenever pyproject.toml or any file of the
# package changes (the stamp is a hash of their contents), never left running stale code. (The
# distribution was once called `attuned`: a hub venv made then has it removed before the install.)
export ATTUNED_HUB_VENV ?= /opt/attuned-hub/venv
.PHONY: hub-deps
hub-deps:
	@if [ "$$(id -u)" != 0 ]; then echo "hub-deps: not root, so the JupyterHub test (pytest -m hub) will be skipped"; exit 0; fi; \
	set -e; umask 022; hv='$(ATTUNED_HUB_VENV)'; \
	stamp="$$hv/.attuned-$$(find pyproject.toml nbgrader_config.py attuned -type f ! -path '*/__pycache__/*' | \
	  LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)"; \
	if [ ! -f "$$stamp" ]; then \
	  /usr/bin/python3 -c 'import ensurepip' 2>/dev/null || { apt-get update -q && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv; }; \
	  test -x "$$hv/bin/python" || /usr/bin/python3 -m venv "$$hv"; \
	  "$$hv/bin/python" -m pip install -qq --upgrade pip; \
	  "$$hv/bin/python" -m pip uninstall -qq --yes attuned 2>/dev/null || true; \
	  "$$hv/bin/python" -m pip install -qq hatchling '.[hub]'; \
	  "$$hv/bin/python" -m pip install -qq --no-deps --force-reinstall .; \
	  "$$hv/bin/python" -m pip uninstall -qq --yes rfc3987-syntax; \
	  rm -rf "$$hv/share/jupyter/labextensions/@attuned"; \
	  for ext in formgrader course_list; do \
	    "$$hv/bin/jupyter" server extension disable --sys-prefix "nbgrader.server_extensions.$$ext" >/dev/null 2>&1; done; \
	  for verb in disable unlock; do \
	    "$$hv/bin/jupyter" labextension $$verb --level=sys_prefix @jupyter/nbgrader:formgrader \
	      @jupyter/nbgrader:course-list @jupyter/nbgrader:create-assignment >/dev/null 2>&1; done; \
	  rm -f "$$hv"/.attuned-*; touch "$$stamp"; fi; \
	if [ ! -x tests/hub/node_modules/.bin/configurable-http-proxy ]; then \
	  npm ci --prefix tests/hub --no-audit --no-fund --silent; fi

# Source notebooks are generated from attuned/content and instructor/keys.
source: install
	$(PY) -m attuned build

# release/ is ONLY written by nbgrader generate_assignment ("generate": the release folder's
# notebooks; handing them to trainees is `nbgrader release_assignment`). `make release` is its old name.
generate: install
	@for m in $(MODULES); do nbgrader generate_assignment "$$m" --force --log-level=WARN || exit 1; done
release: generate

# Everything `make lab` does before it starts JupyterLab: the venv (.venv: `source .venv/bin/activate`
# puts attuned and nbgrader on PATH in a new shell), generated modules, and trial/ copies to try.
lab-ready: install bytecode
	@test -n "$$(ls release 2>/dev/null)" || $(MAKE) generate
	@$(PY) -m attuned try --course . >/dev/null

# Opens on trial/: scratch copies of the released modules to try (attuned try), never released.
lab: lab-ready
	jupyter lab --notebook-dir=. --LabApp.default_url=/lab/tree/trial $(LAB_FLAGS)

# The wheel and the sdist in dist/, built by hatchling's own PEP 517 hooks (what `python -m build`
# calls; hatchling comes with the test extra), as tests/test_install.py builds them. Install the
# course elsewhere from these files: docs/instructor-guide.md, "Installing the course as a package".
dist: install
	@rm -rf dist && mkdir -p dist
	$(PY) -c 'from hatchling.build import build_sdist, build_wheel; build_wheel("dist"); build_sdist("dist")'
	@ls -1 dist

# Every kernel imports the package: with PYTHONDONTWRITEBYTECODE set (as on this project's
# machines) an editable install is otherwise compiled from source by every kernel, ~10 ms each
# time. compileall writes the bytecode that Python then reads (the variable only stops writing).
.PHONY: bytecode
bytecode: install
	@$(PY) -m compileall -q attuned

# Three timed stages (test-artifacts/make-test-stages.json; `make bench` reports them): lint; then,
# side by side, every test that needs neither a browser nor JupyterHub on all cores (pytest-xdist,
# --dist loadfile: each file's module fixtures run once; the session fixture they share, full_cycle,
# is built by one worker behind a file lock, tests/run_once.py) and the browser and hub tests one at a time (they start servers and click
# through real pages). The browser stage mostly waits on servers, pages and kernels (about 0.8 of
# one core), so beside the parallel stage it uses time the two cores would otherwise leave idle.
# Each stage's output is printed whole when it ends (--output-sync), not interleaved.
STAGE := $(PY) -m benchmarks.stages
.PHONY: test-parallel test-serial
test: install system-deps hub-deps bytecode
	$(STAGE) lint -- $(PY) -m ruff check .
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-parallel test-serial

test-parallel: install
	$(STAGE) parallel -- $(PY) -m pytest -q -n auto --dist loadfile -m "not browser and not hub" --durations=15

test-serial: install
	$(STAGE) serial -- $(PY) -m pytest -q -m "browser or hub" --durations=10

demo: install
	$(PY) -m attuned demo --out demo-output

lint: install
	$(PY) -m ruff check .

screenshots: install system-deps
	ATTUNED_SCREENSHOTS=docs/screenshots $(PY) -m pytest -q tests/browser -k screenshot

# Speed as ratios against floors measured in the same run: writes benchmarks/results.json and prints
# the Markdown table quoted in docs/performance.md (`python -m benchmarks --docs` puts it there).
# About 25 minutes on 2 cores; `--quick` for a rough pass.
bench: install bytecode
	$(PY) -m benchmarks $(BENCH_ARGS)

# A whole cohort at once on one hub (benchmarks/loadtest; needs root: real Unix accounts, a tmpfs for
# their homes): N trainees log in and work module 02 through the widgets while the instructor
# autogrades, with four faults mid-session (hub restart, a kernel killed, the disk full, the idle
# culler). Writes benchmarks/loadtest-results.json and prints the table docs/deployment.md quotes.
# `make loadtest N=8 LOADTEST_ARGS=--no-faults` for a quick pass without the faults.
N ?= 30
.PHONY: loadtest
loadtest: install bytecode hub-deps
	$(PY) -m benchmarks.loadtest --trainees $(N) --out benchmarks/loadtest-results.json $(LOADTEST_ARGS)

clean:
	rm -rf gradebook.db demo-output dist .pytest_cache
