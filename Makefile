# Two commands do all the set-up on a fresh Debian machine: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
STAMP := $(VENV)/.installed-stamp
TORCH_STAMP := $(VENV)/.torch-stamp
XVFB := xvfb-run -a -s "-screen 0 1600x1200x24 +extension GLX +render"

.PHONY: run test system-deps venv bench lint clean demo

system-deps:
	@bash scripts/ensure-system-deps.sh

$(PY):
	@bash scripts/ensure-system-deps.sh
	python3 -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PIP) install -e '.[test]'
	@touch $(STAMP)

$(TORCH_STAMP): | $(PY)
	@# PyTorch is a test/benchmark reference only. The pinned CPU build; never a runtime dependency.
	$(PIP) install torch==2.13.0
	@touch $(TORCH_STAMP)

venv: system-deps $(STAMP)

run: venv
	@bash scripts/run-app.sh $(PY)

test: venv $(TORCH_STAMP)
	$(VENV)/bin/lint-imports
	$(PY) -m pytest $(PYTEST_ARGS)
	@# the installable app: build the bundle, frozen --self-test, install the .deb, its --self-test, remove
	$(MAKE) package-check

bench: venv $(TORCH_STAMP)
	$(PY) benchmarks/run_all.py

clean:
	rm -rf build dist *.egg-info .pytest_cache

# Installable app (issue 5): the PyInstaller one-folder bundle, the Linux tarball and .deb, and their check.
.PHONY: package package-check
package: venv
	$(PIP) install -e '.[package]'
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller packaging/gdexplorer.spec
	PYTHON=$(VENV)/bin/python bash packaging/build_kernel_cache.sh
	bash packaging/build_tarball.sh
	bash packaging/build_deb.sh
	@du -sh dist/gdexplorer

package-check: package
	bash packaging/check_frozen.sh
