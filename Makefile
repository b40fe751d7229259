# The two commands of the README, and the helpers around them.
# Needs a Rust toolchain (cargo); cargo fetches the crates, and `make test`
# installs what its tests open outputs with when it is missing: Debian's
# Chromium, frictionless-py (into tests/.venv) and LibreOffice headless.

CARGO ?= cargo
BIN := target/release/orgtables

.PHONY: run test build browser frictionless libreoffice lint fmt fuzz bench clean

## make run: build, then extract every document in input/ into output/.
run: build
	./$(BIN) extract input -o output --xlsx

build:
	$(CARGO) build --release --locked

## make test: the whole test suite (unit, integration, golden outputs, browser,
## data packages, LibreOffice).
# The property tests run from a fixed seed under `make test`, so that a run
# (CI's) is reproducible; `cargo test` alone draws new cases every run, and
# `PROPTEST_RNG_SEED=random make test` does too.
PROPTEST_RNG_SEED ?= 20261207
test: browser frictionless libreoffice
	$(if $(filter random,$(PROPTEST_RNG_SEED)),,PROPTEST_RNG_SEED=$(PROPTEST_RNG_SEED)) $(CARGO) test --locked --all-targets
	$(CARGO) test --locked --doc

## browser: Chromium for tests/browser.rs (or set CHROMIUM to a browser binary),
## and poppler's pdftotext to read the report it prints to PDF.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
	  || [ -n "$$CHROMIUM" ] || { \
	  echo "make: installing Debian's chromium for the browser test"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v pdftotext >/dev/null 2>&1 || { \
	  echo "make: installing Debian's poppler-utils (pdftotext) for the print test"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; }

## frictionless: frictionless-py in tests/.venv, for tests/package.rs (or set
## FRICTIONLESS_PYTHON to a python that has it).
frictionless:
	@[ -n "$$FRICTIONLESS_PYTHON" ] || [ -x tests/.venv/bin/python ] || { \
	  echo "make: installing frictionless-py into tests/.venv for the data package test"; \
	  python3 -m venv tests/.venv && tests/.venv/bin/pip install -q -r tests/package/requirements.txt \
	  || { rm -rf tests/.venv; exit 1; }; }

## libreoffice: LibreOffice headless for tests/libreoffice.rs (or set SOFFICE
## to its soffice).
libreoffice:
	@command -v soffice >/dev/null 2>&1 || [ -n "$$SOFFICE" ] || { \
	  echo "make: installing Debian's libreoffice-calc-nogui for the spreadsheet test"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui >/dev/null; }

## make bench: the benchmark of BENCHMARKS.md; prints its table. Makes
## bench/.venv with pandas and lxml (for the pandas.read_html column) when
## python3 can; without it that column is skipped.
bench: build
	@if [ ! -x bench/.venv/bin/python ] && command -v python3 >/dev/null 2>&1; then \
	  python3 -m venv bench/.venv && bench/.venv/bin/pip install -q -r bench/requirements.txt \
	  || { echo "make: pandas could not be installed; the pandas column is skipped"; rm -rf bench/.venv; }; \
	fi
	$(CARGO) build --release --locked --examples
	$(CARGO) bench --locked --bench pipeline

## make fuzz: each fuzz target for FUZZ_SECONDS (default 60), seeded with the
## documents of input/, tests/fixtures/ and the regression inputs. cargo-fuzz
## passes -Z flags (sanitizers) that the stable toolchain accepts only with
## RUSTC_BOOTSTRAP=1; no nightly toolchain is needed.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := markdown html pipeline office settings
fuzz:
	@command -v cargo-fuzz >/dev/null 2>&1 || $(CARGO) install cargo-fuzz --locked
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p fuzz/corpus/$$t && cp input/* tests/fixtures/* tests/data/regressions/* fuzz/corpus/$$t/ && \
	  for f in tests/corpus/*/input.docx tests/corpus/*/input.odt; do cp $$f fuzz/corpus/$$t/$$(basename $$(dirname $$f)).bin; done && \
	  RUSTC_BOOTSTRAP=1 $(CARGO) fuzz run -O $$t fuzz/corpus/$$t -- \
	    -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 -max_len=65536 || exit 1; \
	done

## make lint: what CI checks besides the tests.
lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --locked --all-targets -- -D warnings

fmt:
	$(CARGO) fmt

clean:
	$(CARGO) clean
