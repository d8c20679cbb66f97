# The two commands of the README are `make demo` and `make test`; `make bench` and
# `make soak` measure (release builds, a few minutes each).
.PHONY: test test-rust test-python test-node test-ffi demo bench soak

test:
	bash scripts/test.sh

# One face at a time (each builds what it needs: the core and sandbox, plus its binding).
test-rust:
	bash scripts/test.sh rust

test-python:
	bash scripts/test.sh python

test-node:
	bash scripts/test.sh node

test-ffi:
	bash scripts/test.sh ffi

demo:
	bash scripts/demo.sh

bench:
	bash scripts/bench.sh

soak:
	bash scripts/soak.sh
