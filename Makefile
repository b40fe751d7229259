# The two commands of the README, and the helpers around them.
# Needs only a Rust toolchain (cargo); everything else is fetched by cargo.

CARGO ?= cargo
BIN := target/release/orgtables

.PHONY: run test build lint fmt clean

## make run: build, then extract every document in input/ into output/.
run: build
	./$(BIN) extract input -o output

build:
	$(CARGO) build --release --locked

## make test: the whole test suite (unit, integration, golden outputs).
test:
	$(CARGO) test --locked --all-targets
	$(CARGO) test --locked --doc

## make lint: what CI checks besides the tests.
lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --locked --all-targets -- -D warnings

fmt:
	$(CARGO) fmt

clean:
	$(CARGO) clean
