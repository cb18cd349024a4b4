# Two commands do all set-up on a fresh machine: `make serve` and `make test`.
# Everything is installed into the project (.venv, node_modules), except the
# system packages below, which apt-get installs when missing and we are root.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ZENSICAL_VENV := .venv-zensical
SITE_URL ?=
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help serve build check format test recipes screenshots clean linkcheck-external lock upgrade system browser chromium java

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-20s %s\n", $$1, $$2}'

# tools/generate.py makes, from data/ and the pages, what both MkDocs and Zensical
# build (generated/, overrides/generated/, docs/links.json, ...). It runs first,
# and hooks/regenerate.py runs it again on every rebuild of `mkdocs serve`; what it
# finds (a section missing from the URL contract, say) is a warning there, and
# stops `make build`. tools/csp.py then adds the Content-Security-Policy to the
# built pages (README.md, "Security"); `mkdocs serve` runs without it. `make serve` goes on
# after a fault the generator names (exit 1): a snippet no good run has made yet says the fault.
serve: $(VENV)/.site ## Serve the site with live reload at http://127.0.0.1:8000/
	SITE_URL=http://127.0.0.1:8000/ $(BIN)/python -m tools.generate || [ $$? = 1 ]
	SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(VENV)/.site ## Build the site into site/ (strict: any warning fails), with its security policy
	$(strict-build)

# What `make build` and `make check` both run: generate, build strictly, add the security policy
# and fail on an inline script no template wrote (tools/csp.py).
define strict-build
	$(BIN)/python -m tools.generate
	$(BIN)/mkdocs build --strict
	$(BIN)/python -m tools.csp site
endef

# The checks a content edit needs, in seconds: what CI rejects first, without the browsers.
PYTHON_FILES := tools tests hooks bench
SPELLED := docs includes data README.md CONTRIBUTING.md mkdocs.yml $(PYTHON_FILES)
check: $(VENV)/.test ## Before committing: lint, spelling, `make build` (strict, inline-script check), content, contract and evidence tests
	$(BIN)/ruff format --check --quiet $(PYTHON_FILES)
	$(BIN)/ruff check --quiet $(PYTHON_FILES)
	$(BIN)/codespell $(SPELLED)
	$(strict-build)
	$(BIN)/python -m pytest -q -n 0 tests/test_content.py tests/test_evidence.py

format: $(VENV)/.test ## Format the Python and fix what ruff can
	$(BIN)/ruff format --quiet $(PYTHON_FILES)
	$(BIN)/ruff check --quiet --fix $(PYTHON_FILES)

# The two Python environments install side by side: on a fresh clone, about 20 s sooner.
# pytest runs one worker more than there are cores: the browser tests also wait (for the
# network to go quiet, for timers), and the spare worker uses that time (2 cores: 213 s to 198 s).
test: ## Build strictly and run the whole test suite
	@$(MAKE) --no-print-directory -j2 $(VENV)/.test $(ZENSICAL_VENV)/.installed
	@$(MAKE) --no-print-directory node_modules/.installed java browser
	$(BIN)/ruff format --check --quiet $(PYTHON_FILES)
	$(BIN)/ruff check --quiet $(PYTHON_FILES)
	$(BIN)/codespell $(SPELLED)
	$(BIN)/python -m tools.generate
	$(BIN)/python -m pytest -n $$(($$(nproc) + 1)) --durations=25

# The suite follows each recipe and runs `make check` on the result; this runs the whole `make test` instead.
recipes: $(VENV)/.test ## Follow each CONTRIBUTING.md recipe on a clone and run the whole `make test` there
	RECIPES_MAKE_TEST=1 $(BIN)/python -m pytest -n 0 tests/test_recipes.py -k as_written

screenshots: $(VENV)/.test browser ## Screenshot every page (light, dark, forced colours; phone, desktop) into site/screenshots/
	$(BIN)/python -m tools.generate
	$(BIN)/python -m tools.screenshots

linkcheck-external: $(VENV)/.test ## Check the external links too (needs the internet)
	$(BIN)/python -m tools.generate
	$(BIN)/mkdocs build --strict
	$(BIN)/python -m tools.linkcheck site

lock: $(VENV)/.test ## Re-pin requirements*.txt from requirements*.in, keeping every pin that still fits
	$(call pip-compile-all)

upgrade: $(VENV)/.test ## Re-pin requirements*.txt to the newest versions requirements*.in allow
	$(call pip-compile-all,--upgrade)

# pip-compile, pinned in requirements-test.txt, writes each lock file with hashes for
# `pip install --require-hashes`; its header names `make lock`, which re-creates the file as it is.
# requirements.txt goes first: the others are constrained by it, and the bench's by the tests'.
define pip-compile-all
	for f in requirements requirements-test requirements-zensical requirements-bench; do \
	  CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	    --no-emit-index-url --no-emit-find-links $(1) -o $$f.txt $$f.in || exit 1; \
	done
endef

clean: ## Remove build output, generated files, the offline zip and test caches (keeps .venv)
	rm -rf site dist bench/out generated overrides/generated docs/links.json docs/robots.txt docs/assets/images/social
	find . -name __pycache__ -not -path "./.venv*" -not -path "./node_modules/*" -prune -exec rm -rf {} +
	rm -rf .pytest_cache

# Python environment. Debian's python3 needs python3-venv to create one.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV) 2>/dev/null || { $(MAKE) --no-print-directory system PACKAGES=python3-venv && rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }

$(VENV)/.site: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	touch $@

$(VENV)/.test: requirements-test.txt $(VENV)/.site
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-test.txt
	touch $@

$(VENV)/.bench: requirements-bench.txt $(VENV)/.test
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-bench.txt
	touch $@

# axe-core and the Nu HTML Checker, pinned in package-lock.json. vnu-jar's own
# install script only downloads a Java runtime; the `java` target provides one.
node_modules/.installed: package-lock.json
	@command -v npm >/dev/null || $(MAKE) --no-print-directory system PACKAGES="nodejs npm"
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

java:
	@command -v java >/dev/null || $(MAKE) --no-print-directory system PACKAGES=default-jre-headless

# System packages: install PACKAGES with apt-get, or explain what is missing.
system:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing $(PACKAGES) with apt-get"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PACKAGES) >/dev/null; \
	else \
	  echo "error: please install $(PACKAGES) (e.g. sudo apt-get install $(PACKAGES)), then run make again." >&2; exit 1; \
	fi

# A Chromium: $CHROMIUM; else Debian's package $(1), installed with apt-get when we are
# root; else Playwright's own, installed with the options $(2).
define need-chromium
	@if [ -n "$$CHROMIUM" ]; then test -x "$$CHROMIUM" || { echo "error: CHROMIUM=$$CHROMIUM is not an executable" >&2; exit 1; }; \
	elif [ -x /usr/bin/$(1) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && ! grep -qi ubuntu /etc/os-release; then \
	  $(MAKE) --no-print-directory system PACKAGES=$(1); \
	else $(BIN)/playwright install $(2) chromium || { echo "error: no Chromium: install Debian's $(1) package or set CHROMIUM" >&2; exit 1; }; fi
endef

# The browser tests and screenshots run in Chromium's headless shell (tools/pages.py says why).
browser: $(VENV)/.test
	$(call need-chromium,chromium-headless-shell,--only-shell)

# Lighthouse measures the whole browser, as readers run it.
chromium: $(VENV)/.test
	$(call need-chromium,chromium,--no-shell)

# Benchmark each page against Material's own build of the same page (bench/run.py):
# build time, page weight, Lighthouse. Not part of `make test`; writes bench/results.md.
.PHONY: bench
bench: $(VENV)/.bench chromium bench/node_modules/.installed ## Compare each page with Material's build of the same page
	@command -v openssl >/dev/null || $(MAKE) --no-print-directory system PACKAGES=openssl
	$(BIN)/python -m bench.run

# Lighthouse, pinned in bench/package-lock.json: kept apart from the test tools,
# so `make test` never installs it.
bench/node_modules/.installed: bench/package-lock.json
	@command -v npm >/dev/null || $(MAKE) --no-print-directory system PACKAGES="nodejs npm"
	npm ci --prefix bench --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# The offline edition and the Zensical check (README.md: "Offline edition", "Zensical").
.PHONY: offline zensical-check
OFFLINE := running-inner-thighs-offline
offline: $(VENV)/.site ## Build the offline edition: dist/running-inner-thighs-offline.zip
	rm -rf dist/$(OFFLINE) dist/$(OFFLINE).zip
	$(BIN)/python -m tools.generate
	$(BIN)/mkdocs build --strict -f mkdocs.offline.yml -d dist/$(OFFLINE)
	$(BIN)/python -m tools.csp --offline dist/$(OFFLINE)
	$(BIN)/python -c "import shutil; shutil.make_archive('dist/$(OFFLINE)', 'zip', 'dist', '$(OFFLINE)')"
	rm -rf dist/$(OFFLINE)
	@echo "Built dist/$(OFFLINE).zip: unzip it, then open $(OFFLINE)/index.html in a browser."

zensical-check: $(VENV)/.test $(ZENSICAL_VENV)/.installed ## Build with Zensical too and compare with the MkDocs build
	$(BIN)/python -m tools.zensical_check --zensical $(ZENSICAL_VENV)/bin/zensical

# Zensical gets its own venv, never .venv: MkDocs + Material stay the build of record.
$(ZENSICAL_VENV)/.installed: requirements-zensical.txt | $(BIN)/python
	$(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-zensical.txt
	touch $@
