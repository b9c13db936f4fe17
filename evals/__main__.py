"""`python -m evals retrieval|run [--json]`: run the offline evals and print their metrics."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from evals.retrieval import DATASET, RetrievalReport, evaluate, load_queries
from evals.thresholds import THRESHOLDS, check
from knowledge.base import KnowledgeBase


def _open_kb(home: Path | None) -> tuple[KnowledgeBase, tempfile.TemporaryDirectory[str] | None]:
    tmp = None
    if home is None:
        tmp = tempfile.TemporaryDirectory(prefix="evals-")
        home = Path(tmp.name)
    kb = KnowledgeBase.open(home)
    kb.sync()
    return kb, tmp


def run_retrieval(home: Path | None, dataset: Path = DATASET) -> RetrievalReport:
    kb, tmp = _open_kb(home)
    try:
        retriever = kb.retriever
        return evaluate(load_queries(dataset), lambda q, k: [h.note_id for h in retriever.search(q, k=k)])
    finally:
        if tmp is not None:
            tmp.cleanup()


def _print_retrieval(report: RetrievalReport) -> None:
    print("retrieval (hybrid: E5 dense + BM25, RRF)")
    print(f"  {'lang':<5}{'queries':>8}{'R@1':>8}{'R@3':>8}{'R@5':>8}{'MRR':>8}")
    for lang, m in report.by_language.items():
        print(
            f"  {lang.value:<5}{m.queries:>8}{m.recall_at_1:>8.3f}{m.recall_at_3:>8.3f}{m.recall_at_5:>8.3f}{m.mrr:>8.3f}"
        )
    misses = report.misses()
    if misses:
        print(f"  misses at k=3 ({len(misses)}):")
        for r in misses:
            print(f"    {r.id} [{r.language.value}] {r.query!r}: expected {r.expected}, got {r.got[:3]}")


def _gate(metrics: dict[str, float]) -> list[str]:
    failed = []
    for name, value in metrics.items():
        verdict = check(name, value)
        if verdict is False:
            kind, bar = THRESHOLDS[name]
            failed.append(f"{name} = {value:.3f} ({'>=' if kind == 'min' else '<='} {bar} required)")
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals", description=__doc__)
    parser.add_argument("suite", choices=["retrieval", "run"], help="one suite, or `run` for the whole offline suite")
    parser.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    parser.add_argument(
        "--home", type=Path, help="reuse an index in this data directory (default: a fresh temporary one)"
    )
    args = parser.parse_args(argv)

    report = run_retrieval(args.home)
    metrics = report.metrics()
    failed = _gate(metrics)
    if args.json:
        data = {
            "metrics": metrics,
            "thresholds": {k: {"kind": v[0], "bar": v[1]} for k, v in THRESHOLDS.items() if k in metrics},
            "passed": not failed,
            "failures": failed,
            "retrieval": json.loads(report.model_dump_json()),
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        _print_retrieval(report)
        print("PASS" if not failed else "FAIL: " + "; ".join(failed))
    return 0 if not failed else 1


if __name__ == "__main__":
    raise SystemExit(main())
