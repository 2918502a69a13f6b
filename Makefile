# Foyer: `make up` runs the whole suite locally; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PROJECTS := shared services/identity services/registry services/crm services/imports services/notify services/console gateway
# Test support (foyer_testing): installed here for development only; no image or runtime
# pyproject depends on it.
DEV_PROJECTS := shared/testing
PYPROJECTS := $(foreach p,$(PROJECTS) $(DEV_PROJECTS),$(p)/pyproject.toml)
STAMP := $(VENV)/.installed

.PHONY: up down test test-unit fuzz lint fmt bench install services-running help contracts contracts-check k8s infra-check images

help:
	@echo "make up      install what is missing, migrate, run every service + gateway on :8080"
	@echo "make down    stop what 'make up' started"
	@echo "make test    the whole test suite (real PostgreSQL and RabbitMQ)"
	@echo "make fuzz    schema fuzzing, long run (FOYER_FUZZ_EXAMPLES=100 per operation and mode)"
	@echo "make test-unit  the unit tier alone: no database, no broker, seconds"
	@echo "make lint    ruff check and ruff format --check (what CI runs)"
	@echo "make fmt     ruff format and the safe fixes"
	@echo "make contracts  regenerate contracts/ (JSON Schema per event and command) from events.py"
	@echo "make k8s     regenerate infra/k8s/base (and the overlays' generated files) from infra/k8s/tools/suite.py"
	@echo "make infra-check  manifests, compose file and Dockerfiles checked (no engine, no cluster needed)"
	@echo "make images  build every image with docker or podman, where one is installed"
	@echo "make bench   benchmarks; the latest figures go to docs/benchmarks.md, older ones to docs/benchmarks-history.csv"
	@echo "             BENCH=\"imports-1m\" (or search-1m, ...) runs only the ones named: imports-1m adds the 1,000,000-row import"

install: $(STAMP)

# Re-install whenever any project's pyproject changes.
$(STAMP): $(PYPROJECTS) requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q $(foreach p,$(PROJECTS) $(DEV_PROJECTS),-e $(p)) -r requirements-dev.txt
	@touch $(STAMP)

services-running:
	@bash infra/ensure-services.sh

up: install
	@bash infra/ensure-services.sh rabbitmq
	$(BIN)/python infra/devstack.py up

down:
	@$(BIN)/python infra/devstack.py down

test: install services-running
	$(BIN)/pytest -n 2 --dist loadgroup shared services gateway tests_e2e bench/test_report.py infra/tests
	FOYER_LEAN_PATH=false $(BIN)/pytest -q -n 2 gateway  # the same tests on the Flask path alone

# The schema fuzzing suite with many more examples than `make test` gives it.
FOYER_FUZZ_EXAMPLES ?= 100
fuzz: install services-running
	FOYER_FUZZ_EXAMPLES=$(FOYER_FUZZ_EXAMPLES) $(BIN)/pytest tests_e2e/test_schema_fuzzing.py -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff check --fix -q .
	$(BIN)/ruff format .

# The unit tier: rules and use cases without I/O (every tests/unit folder, the gateway's units).
test-unit: install
	$(BIN)/pytest -q -n 2 shared/tests/test_identifiers.py services/*/tests/unit gateway/tests/test_units.py gateway/tests/test_http1.py bench/test_report.py

# Every service's events.py; docs/events.md → Contracts.
CONTRACT_MODULES := identity.events registry.events crm.events imports.events notify.events

contracts: install
	$(BIN)/python -m foyer_shared.contracts generate $(CONTRACT_MODULES)

# CI: contracts/ is exactly what the declarations generate (no stale file of any service).
contracts-check: install
	$(BIN)/python -m foyer_shared.contracts check $(CONTRACT_MODULES)

bench: install services-running
	@bash infra/ensure-bench-tools.sh
	$(BIN)/python bench/run.py $(BENCH)

# Deployment: infra/k8s (docs/deployment.md). The checks need no cluster and no container engine.
k8s: install
	$(BIN)/python infra/k8s/tools/generate.py

infra-check: install
	$(BIN)/pytest -q infra/tests

# One image per service, the gateway and the dev SMTP sink, tagged foyer/<name>:$(IMAGE_TAG).
IMAGE_TAG ?= 0.1.0
images:
	@IMAGE_TAG=$(IMAGE_TAG) bash infra/build-images.sh
