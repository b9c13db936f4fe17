"""The offline eval suite's run time, per suite, and items per second."""

from __future__ import annotations

import contextlib
import io
import json
import time
from collections.abc import Callable

from evals.__main__ import main as evals_main

Log = Callable[[str], None]


def bench_evals(log: Log) -> dict[str, float]:
    log("the whole offline eval suite")
    buffer = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(buffer):
        evals_main(["run", "--json"])
    total = time.perf_counter() - started
    data = json.loads(buffer.getvalue())
    suites = data["suites"]
    items = 0
    for suite in suites.values():
        for key in ("results", "items", "sessions"):
            if isinstance(suite, dict) and isinstance(suite.get(key), list):
                items += len(suite[key])
                break
    out = {f"{name}_s": float(v) for name, v in data["seconds"].items() if name != "total"}
    out["total_s"] = total
    out["items"] = float(items)
    out["items_per_s"] = items / total if total else 0.0
    return out
