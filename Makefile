# Two commands on a fresh machine with only Python 3.11 and git:
#   make run   - import the bundled letters, validate, diff, status, digest, site
#   make test  - the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test check bench browser clean eval eval-reading eval-followup dist

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/tracker import seeds/*.txt --update
	$(BIN)/tracker validate
	$(BIN)/tracker diff --write
	$(BIN)/tracker status
	@mkdir -p build
	$(BIN)/tracker digest --format md -o build/digest.md
	$(BIN)/tracker digest --format html -o build/digest.html
	@echo "digests: build/digest.md build/digest.html"
	$(BIN)/tracker site -o build/site

test: $(STAMP) browser
	$(BIN)/python -m pytest

# The HTML digest's and the site's tests run in headless Chromium from the system's packages (and CJK fonts for
# its screenshots); install them when missing. Without apt-get the browser test is skipped.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	if command -v apt-get >/dev/null 2>&1; then \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk; \
	else echo "chromium not found and no apt-get: tests/test_browser.py and tests/test_site_browser.py will be skipped"; fi

check: $(STAMP)
	$(BIN)/ruff format --check tracker tests
	$(BIN)/ruff check tracker tests
	$(BIN)/mypy tracker
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

# make eval scores the reader and the follow-up on labelled letters written for the purpose:
# the reader on tests/eval/reading (dev, and held-out sets not read while tuning), the follow-up
# on the chains of letters in tests/eval/followup (import + diff; dev, and holdout/ and holdout2/,
# each scored before it was studied). tests/test_eval_reading.py and tests/test_eval_followup.py hold the figures to each
# set's thresholds.toml in make test.
eval: eval-reading eval-followup

eval-reading: $(STAMP)
	$(BIN)/python bench/eval_reading.py --set all

eval-followup: $(STAMP)
	$(BIN)/python bench/eval_followup.py
	@echo "held-out chains (written before the rules they test; studied since):"
	$(BIN)/python bench/eval_followup.py tests/eval/followup/holdout
	@echo "second held-out set (scored once before any change; studied since):"
	$(BIN)/python bench/eval_followup.py tests/eval/followup/holdout2
	@echo "third held-out set (scored once before any change; studied since):"
	$(BIN)/python bench/eval_followup.py tests/eval/followup/holdout3
	@echo "fourth held-out set (scored once before any change; studied since):"
	$(BIN)/python bench/eval_followup.py tests/eval/followup/holdout4
	@echo "fifth held-out set (scored once before any change; studied since):"
	$(BIN)/python bench/eval_followup.py tests/eval/followup/holdout5
	@echo "sixth held-out set (scored once before any change; studied since):"
	$(BIN)/python bench/eval_followup.py tests/eval/followup/holdout6
	@echo "seventh held-out set (scored once before any change; studied since):"
	$(BIN)/python bench/eval_followup.py tests/eval/followup/holdout7
	@echo "eighth held-out set (scored once before any change; studied since):"
	$(BIN)/python bench/eval_followup.py tests/eval/followup/holdout8
	@echo "ninth held-out set (scored once before any change; studied since):"
	$(BIN)/python bench/eval_followup.py tests/eval/followup/holdout9
	@echo "tenth held-out set (scored once before any change; studied since):"
	$(BIN)/python bench/eval_followup.py tests/eval/followup/holdout10
	@echo "eleventh held-out set (scored once before any change; studied since):"
	$(BIN)/python bench/eval_followup.py tests/eval/followup/holdout11
	@echo "twelfth held-out set (scored once before any change; studied since):"
	$(BIN)/python bench/eval_followup.py tests/eval/followup/holdout12
	@echo "thirteenth held-out set (scored once before any change; studied since):"
	$(BIN)/python bench/eval_followup.py tests/eval/followup/holdout13
	@echo "fourteenth held-out set (written before the rules it tests; never studied):"
	$(BIN)/python bench/eval_followup.py tests/eval/followup/holdout14
	@echo "fifteenth held-out set (written blind, scored once before any change):"
	$(BIN)/python bench/eval_followup.py tests/eval/followup/holdout15
	@echo "sixteenth held-out set (written before the rules it tests; scored once before any change):"
	$(BIN)/python bench/eval_followup.py tests/eval/followup/holdout16
	@echo "seventeenth held-out set (written blind; scored once before any change):"
	$(BIN)/python bench/eval_followup.py tests/eval/followup/holdout17

# The wheel and sdist in dist/, for `pipx install dist/tracker-*.whl` or `uv tool install` (README).
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist .

clean:
	rm -rf $(VENV) .tracker-cache build dist *.egg-info
