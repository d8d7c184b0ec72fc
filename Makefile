# casekit: two commands do everything.  `make lab` opens the lessons; `make test` runs every test.
# `make lab` opens your own copies of the lessons and exercises in workspace/ (git-ignored), so the
# committed notebooks that the tests compare and that course updates change are never edited.
# The environment lives in .venv, built by uv from requirements.lock (the lock of pyproject.toml).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.casekit-installed
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PORT ?= 8888
JOBS ?= auto

.PHONY: help outputs lab test test-lint test-unit test-notebooks test-exercises test-browser test-hub hub-env exercises lock site bench clean env new-lesson

help:
	@echo "make lab    - set up (first time only), copy new lessons into workspace/ and open JupyterLab there"
	@echo "make new-lesson NN=06 SLUG=my-topic TITLE=\"My topic\" - scaffold a lesson (see CONTRIBUTING.md)"
	@echo "make test   - set up (first time only) and run every test: unit, nbval, exercises, browser"
	@echo "make test-hub - run a class on a real JupyterHub on this machine (root; see deploy/jupyterhub/README.md)"
	@echo "make site   - build the offline static HTML site into site/"
	@echo "make exercises - regenerate exercises/ from solutions/"
	@echo "make outputs - re-execute lessons and solutions in place, then regenerate exercises"
	@echo "make bench  - print the speed benchmarks"
	@echo "make lock   - re-lock requirements.lock after editing pyproject.toml"

env: $(STAMP)

.tools/bin/uv:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "casekit needs Python 3.11 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet --disable-pip-version-check uv

$(STAMP): requirements.lock pyproject.toml Makefile src/casekit/labconfig.py $(if $(findstring .tools,$(UV)),.tools/bin/uv)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "casekit needs Python 3.11 or newer; found " + sys.version.split()[0])'
	$(UV) venv --quiet --allow-existing --python $(PYTHON) $(VENV)
	$(UV) pip sync --quiet --compile-bytecode --python $(BIN)/python requirements.lock
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m casekit.labconfig
	@touch $(STAMP)

lab: $(STAMP)
	$(BIN)/casekit lab --port $(PORT)

# The browser suite (one page at a time, mostly waiting on one kernel and one renderer) runs in the
# background while the unit, nbval and exercise suites take the other core; its output is printed when
# it ends (and kept in test-artifacts/browser-suite.log). `make test-browser` runs it alone. JOBS=0: the other
# suites run in pytest's own process (no xdist worker to start), one after another, on the other core.
BROWSER_LOG := test-artifacts/browser-suite.log
test: $(STAMP)
	@start=$$(date +%s); mkdir -p test-artifacts; \
	$(BIN)/casekit browser || exit 1; \
	echo "browser suite: running in the background (output below when it ends; log: $(BROWSER_LOG))"; \
	( $(BIN)/pytest -q --durations=25 tests/browser > $(BROWSER_LOG) 2>&1 ) & browser=$$!; \
	$(MAKE) --no-print-directory test-lint test-unit test-notebooks test-exercises JOBS=0; others=$$?; \
	wait $$browser; browser_rc=$$?; \
	echo "$(BIN)/pytest -q tests/browser"; cat $(BROWSER_LOG); \
	if [ $$others -ne 0 ] || [ $$browser_rc -ne 0 ]; then \
	  echo "make test: FAILED ($$( [ $$others -ne 0 ] && echo 'lint/unit/nbval/exercise suites ')$$( [ $$browser_rc -ne 0 ] && echo 'browser suite ')) after $$(( $$(date +%s) - start )) s"; exit 1; fi; \
	echo "make test: all suites passed in $$(( $$(date +%s) - start )) s"

# ruff (lint and format) and the architecture contracts in pyproject.toml ([tool.importlinter])
test-lint: $(STAMP)
	$(BIN)/ruff check --quiet .
	$(BIN)/ruff format --check --quiet .
	$(BIN)/lint-imports --no-cache | tail -n 3

test-unit: $(STAMP)
	$(BIN)/pytest -q -n $(JOBS) --dist loadfile tests --ignore=tests/browser --ignore=tests/hub

test-notebooks: $(STAMP)
	$(BIN)/pytest -q -n $(JOBS) --dist loadfile --nbval lessons solutions

test-exercises: $(STAMP)
	$(BIN)/pytest -q -n $(JOBS) --dist loadfile --nbval-lax exercises

test-browser: $(STAMP)
	$(BIN)/casekit browser
	$(BIN)/pytest -q tests/browser

# A class on a real JupyterHub (deploy/jupyterhub/): learner accounts, hand-in, collect, grade. Needs root,
# git and node; `.ci/run` runs it after `make test`. hub-env builds what the hub runs: the learners' environment
# (the same lock, the kit installed, built from the system Python so every account can run it) in HUB_VENV,
# and the hub's proxy (configurable-http-proxy, from deploy/jupyterhub/package-lock.json) in .tools/hub.
HUB_VENV ?= /opt/casekit/venv
HUB_PYTHON ?= /usr/bin/python3
HUB_PROXY := .tools/hub/node_modules/.bin/configurable-http-proxy
hub-env: $(HUB_PROXY) $(if $(findstring .tools,$(UV)),.tools/bin/uv)
	$(UV) venv --quiet --allow-existing --python $(HUB_PYTHON) $(HUB_VENV)
	$(UV) pip sync --quiet --link-mode=copy --python $(HUB_VENV)/bin/python requirements.lock
	$(UV) pip install --quiet --link-mode=copy --no-deps --reinstall-package casekit --python $(HUB_VENV)/bin/python .
	$(HUB_VENV)/bin/python -m casekit.labconfig
	chmod -R a+rX $(HUB_VENV)

$(HUB_PROXY): deploy/jupyterhub/package.json deploy/jupyterhub/package-lock.json
	mkdir -p .tools/hub
	cp deploy/jupyterhub/package.json deploy/jupyterhub/package-lock.json .tools/hub/
	cd .tools/hub && npm ci --no-audit --no-fund --loglevel=error
	@touch $(HUB_PROXY)

test-hub: $(STAMP) hub-env
	$(BIN)/casekit browser
	CASEKIT_HUB_VENV=$(HUB_VENV) $(BIN)/pytest -q tests/hub

exercises: $(STAMP)
	$(BIN)/casekit build-exercises

# Re-run lessons and solutions so their stored outputs (what nbval compares) come from real execution.
outputs: $(STAMP)
	$(BIN)/casekit execute lessons/*.ipynb solutions/*.ipynb
	$(BIN)/casekit build-exercises
	$(BIN)/casekit catalog

lock: .tools/bin/uv
	$(UV) pip compile pyproject.toml --universal --generate-hashes --python-version 3.11 -o requirements.lock -q

site: $(STAMP)
	$(BIN)/casekit site --out site

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

new-lesson: $(STAMP)
	$(BIN)/casekit new-lesson $(NN) $(SLUG) "$(TITLE)"

clean:
	rm -rf $(VENV) .tools site .pytest_cache test-artifacts
