# The two commands of the README: `make demo` and `make test`.
.PHONY: test demo bench

test:
	bash scripts/test.sh

demo:
	bash scripts/demo.sh

bench:
	bash scripts/bench.sh
