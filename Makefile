# The two commands of the README are `make demo` and `make test`; `make bench` and
# `make soak` measure (release builds, a few minutes each).
.PHONY: test demo bench soak

test:
	bash scripts/test.sh

demo:
	bash scripts/demo.sh

bench:
	bash scripts/bench.sh

soak:
	bash scripts/soak.sh
