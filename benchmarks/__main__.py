"""`python -m benchmarks [--quick] [--json]`: index build, warm rebuild, query latency, 100k-chunk queries,
interview turns, grading and report rendering, the app in a browser."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.browser import bench_browser
from benchmarks.evals import bench_evals
from benchmarks.grading import bench_grading
from benchmarks.interview import bench_interview
from benchmarks.retrieval import bench_retrieval, bench_synthetic


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10k synthetic chunks instead of 100k")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON document")
    parser.add_argument(
        "--only", choices=["retrieval", "synthetic", "interview", "grading", "browser", "evals"], help="run one group"
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    figures: dict[str, dict[str, float]] = {}
    wanted = {args.only} if args.only else {"retrieval", "synthetic", "interview", "grading", "browser", "evals"}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        if "retrieval" in wanted:
            figures["retrieval"] = bench_retrieval(Path(tmp) / "home", log=_log)
        if "interview" in wanted:
            figures["interview"] = bench_interview(log=_log)
        if "evals" in wanted:
            figures["evals"] = bench_evals(log=_log)
        if "browser" in wanted:
            figures["browser"] = bench_browser(Path(tmp) / "browser-home", log=_log)
        if "grading" in wanted:
            figures["grading"] = bench_grading(log=_log)
        if "synthetic" in wanted:
            size = 10_000 if args.quick else 100_000
            figures["synthetic"] = bench_synthetic(Path(tmp) / "synthetic", size, log=_log)
    figures["total"] = {"seconds": round(time.perf_counter() - started, 1)}
    if args.json:
        sys.stdout.write(json.dumps(figures, indent=2) + "\n")
    else:
        for group, values in figures.items():
            print(group)
            for name, value in values.items():
                print(f"  {name:<44}{value:>12,.2f}")
    return 0


def _log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
