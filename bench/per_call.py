"""The per-call rows of `make bench`: one `customers.get` through every face, as a ratio to the
floor (raw reqwest in Rust, its token fetched once), all against the same sandbox in one run.

Each round runs the three benchmark programs in turn (the order rotates every round), each
measuring PER_CALL_CALLS calls after 100 warm-up calls; a face's ratio is the median over the
rounds of (its median / the floor's median in the same round), so drift on a shared machine
hits the floor and the faces alike. Prints JSON lines for bench/report.py."""

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
ROUNDS = int(os.environ.get("PER_CALL_ROUNDS", "7"))
PROGRAMS = [
    [os.path.join(ROOT, "target", "release", "ap-bench"), "per_call"],
    [sys.executable, os.path.join(HERE, "python_bench.py"), "per_call"],
    ["node", os.path.join(HERE, "node_bench.mjs"), "per_call"],
]
TARGETS = {"rust": 1.05, "python": 1.3, "node": 1.2}


def main() -> None:
    fresh("bench-per-call", None)
    medians: Dict[str, List[float]] = {}
    ratios: Dict[str, List[float]] = {}
    for round_ in range(ROUNDS):
        this_round: Dict[str, float] = {}
        for program in PROGRAMS[round_ % 3:] + PROGRAMS[:round_ % 3]:
            out = subprocess.run(program, capture_output=True, text=True, check=True).stdout
            for line in out.splitlines():
                row = json.loads(line)
                this_round[row["face"]] = row["median_us"]
        for face, median in this_round.items():
            medians.setdefault(face, []).append(median)
            ratios.setdefault(face, []).append(median / this_round["floor"])
    for face in medians:
        print(json.dumps({"lang": face, "bench": "per_call", "face": face, "rounds": ROUNDS,
                          "median_us": statistics.median(medians[face]),
                          "ratio": statistics.median(ratios[face]),
                          "ratio_range": [min(ratios[face]), max(ratios[face])],
                          "target": TARGETS.get(face)}), flush=True)


if __name__ == "__main__":
    main()
