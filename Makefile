# SaferGrants: the two commands.
#   make run   - set up and run the whole system on the embedded default, with demo data
#   make test  - set up everything the tests need on this machine, then run the whole suite

VENV ?= .venv
PYTHON ?= python3
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

.PHONY: run test lint export clean-var

# Installing also compiles services/grants/matching/_filing.pyx and _reading.pyx (setup.py: Cython, gcc): a
# change to either reinstalls.
$(STAMP): pyproject.toml setup.py services/grants/matching/_filing.pyx services/grants/matching/_reading.pyx
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

run: $(STAMP)
	@bash infra/dev/ensure-clamav.sh
	$(VENV)/bin/safergrants run

test: $(STAMP)
	bash infra/dev/ensure-test-services.sh
	$(VENV)/bin/ruff check .
	$(VENV)/bin/python -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check shared services tests bench

# Regenerate the committed artefacts that mirror code: RabbitMQ definitions and event specs.
export: $(STAMP)
	$(VENV)/bin/safergrants topology export
	$(VENV)/bin/safergrants events export

clean-var:
	rm -rf var
