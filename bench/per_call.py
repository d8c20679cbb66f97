"""The per-call rows of `make bench`: one `customers.get` through every face, as a ratio to the
floor (raw reqwest in Rust, its token fetched once), all against the same sandbox in one run.

The three benchmark programs (Rust: the floor and the SDK, async and blocking; Python; Node)
run side by side, each idle until told to go: every step, each program in turn runs one batch of
PER_CALL_BATCH calls per face (the floor and the async SDK alternate call by call) while the
others wait. A shared machine's drift, over seconds, then hits the floor and every face alike.
A face's ratio is the median of all its calls over the floor's; the range is that ratio in each
fifth of the run. Prints JSON lines for bench/report.py."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from typing import Dict, List

from python_bench import fresh

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BATCHES = int(os.environ.get("PER_CALL_BATCHES", "150"))
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
            assert program.stdin is not None
            program.stdin.write("run\n")
            program.stdin.flush()
            expect(program, "ok")
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


def part_ratio(calls: List[float], floor: List[float], part: int) -> float:
    """The ratio of medians in one fifth of the run (both lists are in the order run)."""
    def fifth(samples: List[float]) -> List[float]:
        size = len(samples) // PARTS
        return samples[part * size:(part + 1) * size]
    return statistics.median(fifth(calls)) / statistics.median(fifth(floor))


if __name__ == "__main__":
    main()
