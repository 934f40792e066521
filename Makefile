# Steward Workbench: `make demo` sets up and runs the main job on the samples; `make test` runs every test.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test explore lint lab bench screenshots system-deps samples clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

# The main job: onboard the CRM sample into the ERP sample headless (exit 1 = items left for review).
demo: setup
	$(BIN)/workbench onboard --source data_samples/crm_customers.xlsx --target data_samples/erp_customers.csv \
		--out out/demo --store sqlite:///out/demo.db -p links=data_samples/links.csv \
		-p source_system=CRM -p target_system=ERP || [ $$? -eq 1 ]

system-deps:
	scripts/install-system-deps.sh

lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: setup system-deps lint
	$(BIN)/python -m pytest --nbval-lax

# The unit tests with Hypothesis drawing new examples (`make test` repeats the same ones every run).
explore: setup
	HYPOTHESIS_PROFILE=explore $(BIN)/python -m pytest tests/unit -q

lab: setup
	$(BIN)/jupyter lab notebooks/

screenshots: setup system-deps
	$(BIN)/python scripts/take_screenshots.py

bench: setup
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,bench]'
	$(BIN)/python benchmarks/run_all.py

samples: setup
	$(BIN)/python -m workbench.synthetic data_samples

clean:
	rm -rf $(VENV) out test-output .pytest_cache .ruff_cache
