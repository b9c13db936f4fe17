"""Question-quality eval: flags and a 1-5 score for interviewer utterances, and precision,
recall and F1 per flag against labeled items (`datasets/questions/{tune,heldout}-*.jsonl`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from evals.question_judge import QuestionJudge
from evals.question_quality import FLAGS, QuestionItem, QuestionScorer
from interviewer.errors import UserInputError
from interviewer.observer import TopicTagger
from knowledge.notes import bundled_catalog
from knowledge.scenarios import default_catalog
from knowledge.text import default_tokenizer
from knowledge.types import Phase

DATASETS = Path(__file__).parent / "datasets" / "questions"
MISSES_SHOWN = 12


class _Turn(BaseModel):
    role: str
    content: str


class ItemIn(BaseModel):
    id: str
    scenario: str
    phase: Phase
    language: str
    history: list[_Turn] = Field(default_factory=list)
    question: str = Field(min_length=1)
    label: dict[str, Any] | None = None


class ItemOut(BaseModel):
    id: str
    flags: list[str]
    score: int
    tier: str = "offline"
    expected: list[str] | None = None


# One tier of the question eval: an item in, its flags and a 1-5 score out.
Tier = Callable[[QuestionItem], tuple[list[str], int]]


class FlagMetrics(BaseModel):
    precision: float
    recall: float
    f1: float
    support: int


def load_items(path: Path) -> list[ItemIn]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UserInputError(f"{path}: cannot read ({exc.strerror})") from None
    items = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            items.append(ItemIn.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise UserInputError(f"{path}:{number}: not a valid item ({str(exc).splitlines()[0]})") from None
    return items


def default_scorer() -> QuestionScorer:
    scenarios = {s.id: s for s in default_catalog().all()}
    tokenizer = default_tokenizer()
    return QuestionScorer(scenarios, tokenizer, TopicTagger(bundled_catalog(), tokenizer))


def offline_tier(scorer: QuestionScorer) -> Tier:
    def run(item: QuestionItem) -> tuple[list[str], int]:
        flags = scorer.flags(item)
        return flags, scorer.score(item, flags)

    return run


def judge_tier(judge: QuestionJudge) -> Tier:
    def run(item: QuestionItem) -> tuple[list[str], int]:
        verdict = judge.judge(item)
        return verdict.flags(), verdict.score

    return run


def score_items(
    items: list[ItemIn],
    scorer: QuestionScorer | None = None,
    judge: QuestionJudge | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Flags and scores for every item: the offline rules, or the LLM judge when given."""
    scorer = scorer or default_scorer()
    tier, name = (judge_tier(judge), "llm") if judge is not None else (offline_tier(scorer), "offline")
    known = set(scorer.scenarios)
    out: list[ItemOut] = []
    for item in items:
        if item.scenario not in known:
            raise UserInputError(f"item {item.id}: unknown scenario {item.scenario!r}")
        q = QuestionItem(
            item.id,
            item.scenario,
            item.phase,
            item.language,
            [(t.role, t.content) for t in item.history],
            item.question,
        )
        if progress:
            progress(f"questions {item.id}")
        flags, score = tier(q)
        expected = list(item.label.get("flags", [])) if item.label else None
        out.append(ItemOut(id=item.id, flags=flags, score=score, tier=name, expected=expected))
    summary = summarize(out)
    if any(o.expected is not None for o in out):
        text = {item.id: item.question for item in items}
        wrong = [o for o in out if o.expected is not None and set(o.flags) != set(o.expected)]
        summary["misses"] = [
            {"id": o.id, "question": text[o.id], "expected": o.expected, "got": o.flags} for o in wrong[:MISSES_SHOWN]
        ]
    return {"items": [o.model_dump(exclude_none=True) for o in out], "summary": summary}


def summarize(out: list[ItemOut]) -> dict[str, Any]:
    summary: dict[str, Any] = {"items": len(out), "flagged": sum(1 for o in out if o.flags)}
    labeled = [o for o in out if o.expected is not None]
    if not labeled:
        return summary
    per_flag: dict[str, FlagMetrics] = {}
    for flag in FLAGS:
        tp = sum(1 for o in labeled if flag in o.flags and flag in (o.expected or []))
        fp = sum(1 for o in labeled if flag in o.flags and flag not in (o.expected or []))
        fn = sum(1 for o in labeled if flag not in o.flags and flag in (o.expected or []))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        per_flag[flag] = FlagMetrics(precision=round(p, 3), recall=round(r, 3), f1=round(f1, 3), support=tp + fn)
    summary["per_flag"] = {k: v.model_dump() for k, v in per_flag.items()}
    summary["macro_f1"] = round(sum(m.f1 for m in per_flag.values()) / len(per_flag), 4)
    summary["exact_match"] = round(sum(1 for o in labeled if set(o.flags) == set(o.expected or [])) / len(labeled), 4)
    return summary


def split_items(split: str) -> list[ItemIn]:
    return [item for path in sorted(DATASETS.glob(f"{split}-*.jsonl")) for item in load_items(path)]
