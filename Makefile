# The two commands of the README are `make demo` and `make test`; `make bench` and
# `make soak` measure (release builds, a few minutes each).
.PHONY: test test-rust test-python test-node test-ffi generate demo bench soak mutants dist

test:
	bash scripts/test.sh

# Writes the bindings' resource namespaces from the core's declaration of every operation.
generate:
	cargo run -q -p ap-generate

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

# The release artifacts for Linux x86_64 (glibc 2.17): the wheel, the sdist, the npm package and
# its prebuilt addon package, into dist/. Other platforms: .github/workflows/release.yml.
dist:
	bash scripts/dist.sh

bench:
	bash scripts/bench.sh

soak:
	bash scripts/soak.sh

# Mutation testing of the core's rules (cargo-mutants; an hour or so on 2 cores): counts and
# the reasoned survivors are in bench/RESULTS.md.
mutants:
	bash scripts/mutants.sh
