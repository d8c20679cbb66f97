"""Turns the benchmark rows (JSON lines on stdin) into a table with each target and a
pass/short mark, prints it, and writes bench/RESULTS.md with the machine's description."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional

rows = [json.loads(line) for line in sys.stdin if line.startswith("{")]


def find(**match: Any) -> Optional[Dict[str, Any]]:
    return next((r for r in rows if all(r.get(k) == v for k, v in match.items())), None)


def mark(ok: bool) -> str:
    return "pass" if ok else "SHORT"


def version(command: List[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


lines: List[str] = []
out = lines.append

out("## 1. Latency of `customers.get` (keep-alive, sandbox rate limit off)\n")
out("| language | client | median µs | p99 µs | SDK / baseline (median) | target | |")
out("|---|---|---|---|---|---|---|")
latency_targets = {
    "rust": [("SDK async", "reqwest (baseline)", 1.10), ("SDK blocking", "reqwest (baseline)", None)],
    "python": [("SDK", "requests.Session (baseline)", 0.70), ("SDK", "httpx.Client (baseline)", 1.00)],
    "node": [("SDK", "fetch (baseline)", 1.00)],
}
for lang, pairs in latency_targets.items():
    for row in [r for r in rows if r["lang"] == lang and r["bench"] == "latency"]:
        out(f"| {lang} | {row['client']} | {row['median_us']:.0f} | {row['p99_us']:.0f} | | | |")
    for sdk_name, base_name, target in pairs:
        sdk, base = find(lang=lang, bench="latency", client=sdk_name), find(lang=lang, bench="latency", client=base_name)
        if sdk and base:
            ratio = sdk["median_us"] / base["median_us"]
            target_text = f"≤ {target:.2f}×" if target else "(reported)"
            verdict = mark(ratio <= target) if target else ""
            out(f"| {lang} | {sdk_name} vs {base_name.split(' (')[0]} | | | {ratio:.2f}× | {target_text} | {verdict} |")

out("\n### Per call, as a ratio to the floor (raw reqwest in Rust), every face in one run against one sandbox\n")
out("The programs take turns a batch of 20 calls at a time (bench/per_call.py); the ratio is a face's "
    "median call over the floor's, the range that ratio in each fifth of the run.\n")
out("| face | calls | median µs | ratio to the floor | range over the run | target | |")
out("|---|---|---|---|---|---|---|")
for row in [r for r in rows if r["bench"] == "per_call"]:
    target = row.get("target")
    low, high = row["ratio_range"]
    out(f"| {row['face']} | {row['calls']} | {row['median_us']:.0f} | {row['ratio']:.2f}× | {low:.2f}–{high:.2f}× | "
        f"{f'≤ {target:.2f}×' if target else '(reported)'} | {mark(row['ratio'] <= target) if target else ''} |")

out("\n## 2. Rate-limited throughput (strict 5/s sandbox, 60 calls + 1 token request)\n")
out("| language | callers | requests seen | requests/s | share of allowed rate | 429s | target | |")
out("|---|---|---|---|---|---|---|---|")
for row in [r for r in rows if r["bench"] == "throughput"]:
    ok = row["share"] >= 0.98 and row["429s"] == 0
    out(f"| {row['lang']} | {row['callers']} | {row['requests']} | {row['rate']:.2f} | {row['share'] * 100:.1f}% | "
        f"{row['429s']} | ≥ 98%, 0 × 429 | {mark(ok)} |")

out("\n## 3. Token requests made by 100 concurrent first calls\n")
out("| language | token requests | target | |")
out("|---|---|---|---|")
for row in [r for r in rows if r["bench"] == "tokens"]:
    out(f"| {row['lang']} | {row['token_requests']} | exactly 1 | {mark(row['token_requests'] == 1)} |")

out("\n## 4. Auto-pagination of 20,000 customers (page size 100, rate limit off)\n")
out("Memory: one listing per language. Speed: the three programs take turns listing, round after "
    "round (bench/per_call.py); the share is the median over the rounds of each one's items/s over "
    "Rust's in the same round.\n")
out("| language | items | peak memory growth | items/s (median of rounds) | of Rust's | range over rounds | target | |")
out("|---|---|---|---|---|---|---|---|")
for row in [r for r in rows if r["bench"] == "pagination"]:
    speed = find(lang=row["lang"], bench="paging")
    rate = share = spread = ""
    fast_enough = row["lang"] == "rust"
    if speed:
        low, high = speed["share_range"]
        rate, share = f"{speed['items_per_s']:.0f}", f"{speed['share_of_rust'] * 100:.0f}%"
        spread = "" if row["lang"] == "rust" else f"{low * 100:.0f}–{high * 100:.0f}%"
        fast_enough = fast_enough or speed["share_of_rust"] >= 0.8
    target = "< 20 MB" + ("" if row["lang"] == "rust" else ", ≥ 80% of Rust")
    verdict = mark(row["memory_growth_mb"] < 20 and row["items"] == 20000 and fast_enough)
    out(f"| {row['lang']} | {row['items']} | {row['memory_growth_mb']:.1f} MB | {rate} | {share} | {spread} | "
        f"{target} | {verdict} |")

out("\n## 5. Startup and size\n")
out("| what | value | target | |")
out("|---|---|---|---|")
for row in [r for r in rows if r["bench"] == "startup"]:
    out(f"| {row['what']} | {row['ms']:.1f} ms | < 100 ms | {mark(row['ms'] < 100)} |")
for row in [r for r in rows if r["bench"] == "size"]:
    out(f"| {row['what']} | {row['bytes'] / 1e6:.2f} MB | ≤ {row['target_mb']} MB | {mark(row['bytes'] <= row['target_mb'] * 1e6)} |")

out("\n## 6. Many processes, one key (strict 5/s sandbox, 8 callers per process for 10 s, retries on; share: 2xx answers, token requests included, over 5 × (whole seconds + 1) from the first to the last)\n")
out("| processes | through Redis | requests served | share of the allowance | 429s | token requests | failed calls | target | |")
out("|---|---|---|---|---|---|---|---|---|")
for row in [r for r in rows if r["bench"] == "fleet"]:
    if row["redis"]:
        ok = row["429s"] == 0 and row["share"] >= 0.95 and row["token_requests"] == 1
        target, verdict = "0 × 429, ≥ 95%, 1 token", mark(ok)
    else:
        target, verdict = "(reported: each process paces alone)", ""
    out(f"| {row['processes']} | {'yes' if row['redis'] else 'no'} | {row['served']} | {row['share'] * 100:.1f}% | "
        f"{row['429s']} | {row['token_requests']} | {row['failed_calls']} | {target} | {verdict} |")
for row in [r for r in rows if r["bench"] == "redis_latency"]:
    out(f"\nTime the Redis path adds to a call (loopback, median of 400 sequential calls): "
        f"{row['added_us']} µs ({row['local_p50_us']} µs in-process, {row['redis_p50_us']} µs through Redis); "
        f"target < 1000 µs: {mark(row['added_us'] < 1000)}.")

concurrent = [r for r in rows if r["bench"] == "concurrent"]
if concurrent:
    out("\n## 7. 100 concurrent awaits in one event loop (Python asyncio, `customers.get`, rate limit off, median of 30 rounds)\n")
    out("| client | round of 100 (ms) | threads before → after | memory growth (MB) |")
    out("|---|---|---|---|")
    for row in concurrent:
        out(f"| {row['client']} | {row['median_ms']:.1f} | {row['threads_before']} → {row['threads_after']} | "
            f"{row['memory_growth_mb']:.1f} |")
    sdk = find(bench="concurrent", client="SDK AsyncClient")
    base = find(bench="concurrent", client="httpx.AsyncClient (baseline)")
    if sdk and base:
        ratio = sdk["median_ms"] / base["median_ms"]
        out(f"\nSDK / httpx.AsyncClient: {ratio:.2f}× (target ≤ 0.70×: {mark(ratio <= 0.70)}); "
            f"threads stay flat: {mark(sdk['threads_after'] <= sdk['threads_before'] + 2)}.")

table = "\n".join(lines)
print(table)

cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")), "?")
memory = next((l.split(":", 1)[1].strip() for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")), "?")
machine = (
    f"- when: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}\n"
    f"- machine: {os.cpu_count()} cores ({cpu}), {memory} memory, {platform.platform()}\n"
    f"- toolchains: {version(['rustc', '--version'])}; Python {platform.python_version()}; Node {version(['node', '--version'])}\n"
    f"- builds: release (the SDK crates, the Python wheel, the Node addon, the sandbox); the sandbox runs as its own process on loopback\n"
)
results = Path(__file__).with_name("RESULTS.md")
results.write_text(
    "# Benchmark results\n\nWritten by `make bench` (scripts/bench.sh). Shared, noisy machines: compare runs on "
    "the same machine, and read ratios rather than absolute figures.\n\n" + machine + "\n" + table + "\n"
)
