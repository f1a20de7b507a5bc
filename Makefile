# model-audit: `make demo` shows it working offline; `make test` runs the test suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out
AS_OF  ?= 2026-11-26

.PHONY: demo test install install-test lint typecheck bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## demo: install, audit examples/ offline, write every report. A demo is not a gate: the
## example's real findings make scan exit 1, which is fine here; 2 or 3 would be an error.
demo: install
	@mkdir -p $(OUT)
	@$(BIN)/model-audit scan examples/inventory.yaml --offline --as-of $(AS_OF) \
	    --json $(OUT)/audit.json --sarif $(OUT)/audit.sarif --html $(OUT)/audit.html \
	    --pdf $(OUT)/audit.pdf; status=$$?; [ $$status -le 1 ] || exit $$status
	@echo "Reports written to $(OUT)/: audit.json audit.sarif audit.html audit.pdf"
	@echo "(scan exits 1 on this example because it has findings at high or above; see README)"

## test: install with test extras and run the whole suite
test: install-test
	$(BIN)/python -m pytest -q

lint: install-test
	$(BIN)/ruff check audit licences reports tests benchmarks
	$(BIN)/ruff format --check audit licences reports tests benchmarks

typecheck: install-test
	$(BIN)/mypy

bench: install
	$(BIN)/python benchmarks/licence_id.py
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/scan.py
	$(BIN)/python benchmarks/report.py
	$(BIN)/python benchmarks/discovery.py

clean:
	rm -rf $(VENV) $(OUT) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
