"""The per-call rows of `make bench`: one `customers.get` through every face, as a ratio to the
floor (raw reqwest in Rust, its token fetched once), all against the same sandbox in one run.

The three benchmark programs (Rust: the floor and the SDK, async and blocking; Python; Node,
with Node's own HTTP client as a baseline) run side by side, each idle until told to go: every
step, each program in turn runs one batch of PER_CALL_BATCH calls per face (the floor and the
async SDK alternate call by call, and so do Node's SDK and node:http) while the others wait. A
shared machine's drift, over seconds, then hits the floor and every face alike. A face's ratio
is the median of all its calls over the floor's; the range is that ratio in each fifth of the
run.

Then the same programs take turns listing 20,000 customers (and the three they made; page size
100), PAGING_ROUNDS times each: a face's share of Rust's items/s is the median over the rounds
of its items/s over Rust's in the same round. Prints JSON lines for bench/report.py."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from typing import Dict, List

from python_bench import control, fresh

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BATCHES = int(os.environ.get("PER_CALL_BATCHES", "150"))
PAGING_ROUNDS = int(os.environ.get("PAGING_ROUNDS", "7"))
PARTS = 5
PROGRAMS = [
    [os.path.join(ROOT, "target", "release", "ap-bench"), "per_call"],
    [sys.executable, os.path.join(HERE, "python_bench.py"), "per_call"],
    ["node", os.path.join(HERE, "node_bench.mjs"), "per_call"],
]
TARGETS = {"rust": 1.05, "python": 1.3, "node": 1.2}


def expect(program: "subprocess.Popen[str]", word: str) -> None:
    line = program.stdout.readline() if program.stdout else ""
    if line.strip() != word:
        raise RuntimeError(f"{program.args}: expected {word!r}, got {line!r}")


def main() -> None:
    fresh("bench-per-call", None)
    programs = []
    for command in PROGRAMS:
        program = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        expect(program, "ready")
        programs.append(program)
    for step in range(BATCHES):
        for program in programs[step % 3:] + programs[:step % 3]:
            tell(program, "run")
            expect(program, "ok")
    paging(programs)
    samples: Dict[str, List[float]] = {}
    for program in programs:
        out, _ = program.communicate("end\n")
        for line in out.splitlines():
            row = json.loads(line)
            samples[row["face"]] = row["samples_us"]
    floor = samples["floor"]
    for face, calls in samples.items():
        parts = [part_ratio(calls, floor, part) for part in range(PARTS)]
        print(json.dumps({"lang": face, "bench": "per_call", "face": face, "calls": len(calls),
                          "median_us": statistics.median(calls),
                          "ratio": statistics.median(calls) / statistics.median(floor),
                          "ratio_range": [min(parts), max(parts)],
                          "target": TARGETS.get(face)}), flush=True)


def tell(program: "subprocess.Popen[str]", line: str) -> None:
    assert program.stdin is not None
    program.stdin.write(line + "\n")
    program.stdin.flush()


def paging(programs: List["subprocess.Popen[str]"]) -> None:
    """Every program lists the same 20,000 customers in turn, PAGING_ROUNDS times."""
    control("/seed", {"customers": 20000})
    rates: Dict[str, List[float]] = {"rust": [], "python": [], "node": []}
    for round_ in range(PAGING_ROUNDS):
        for face, program in list(zip(rates, programs))[round_ % 3:] + list(zip(rates, programs))[:round_ % 3]:
            tell(program, "list")
            line = program.stdout.readline().split() if program.stdout else []
            if len(line) != 2 or line[0] != "ok":
                raise RuntimeError(f"{program.args}: expected 'ok <items/s>', got {line!r}")
            rates[face].append(float(line[1]))
    for face, rate in rates.items():
        shares = [mine / rust for mine, rust in zip(rate, rates["rust"])]
        print(json.dumps({"lang": face, "bench": "paging", "rounds": PAGING_ROUNDS,
                          "items_per_s": statistics.median(rate), "share_of_rust": statistics.median(shares),
                          "share_range": [min(shares), max(shares)]}), flush=True)


def part_ratio(calls: List[float], floor: List[float], part: int) -> float:
    """The ratio of medians in one fifth of the run (both lists are in the order run)."""
    def fifth(samples: List[float]) -> List[float]:
        size = len(samples) // PARTS
        return samples[part * size:(part + 1) * size]
    return statistics.median(fifth(calls)) / statistics.median(fifth(floor))


if __name__ == "__main__":
    main()
