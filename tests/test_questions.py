"""Question-quality scoring (offline rules) and its command, `python -m evals questions`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from evals.question_quality import QuestionItem, QuestionScorer
from evals.questions import default_scorer, split_items
from knowledge.types import Phase

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def scorer() -> QuestionScorer:
    return default_scorer()


def _item(
    question: str, phase: Phase = Phase.HIGH_LEVEL, history: list[tuple[str, str]] | None = None, lang: str = "en"
) -> QuestionItem:
    return QuestionItem("x", "url-shortener", phase, lang, history or [], question)


@pytest.mark.parametrize(
    ("question", "phase", "flag"),
    [
        ("You'd generate codes with a counter here, right?", Phase.HIGH_LEVEL, "leading"),
        ("Which database would you use, and how would you shard it?", Phase.HIGH_LEVEL, "multi"),
        ("Given 300 million new links a month, how big is the table after five years?", Phase.HIGH_LEVEL, "reveals"),
        ("How would you set up failover for the Redis cluster?", Phase.REQUIREMENTS, "irrelevant"),
        ("Thoughts?", Phase.DEEP_DIVE, "vague"),
        ("캐시는 Redis로 두는 게 맞겠죠?", Phase.HIGH_LEVEL, "leading"),
    ],
)
def test_each_flag_is_caught(scorer: QuestionScorer, question: str, phase: Phase, flag: str) -> None:
    lang = "ko" if any("가" <= c <= "힣" for c in question) else "en"
    assert flag in scorer.flags(_item(question, phase, lang=lang))


def test_a_good_probe_has_no_flags_and_a_fact_already_given_is_not_revealed(scorer: QuestionScorer) -> None:
    history = [("candidate", "How many URLs are created per month?"), ("interviewer", "About 300 million a month.")]
    item = _item("With 300 million links a month, how much storage do you need over ten years?", history=history)
    assert scorer.flags(item) == []
    # Five years is the hidden retention period: spelled out, it is still given away.
    spelled = _item("With 300 million links a month, how much storage do you need over five years?", history=history)
    assert scorer.flags(spelled) == ["reveals"]
    assert scorer.score(item, []) == 5
    assert scorer.score(item, ["reveals"]) == 1 and scorer.score(item, ["vague"]) == 2


def test_labeled_sets_cover_every_flag_phase_and_language() -> None:
    for split in ("tune", "heldout", "heldout2"):
        items = split_items(split)
        assert len(items) >= 75
        flags = [f for i in items for f in (i.label or {}).get("flags", [])]
        assert {
            f: flags.count(f) >= 6 for f in ("leading", "multi", "reveals", "irrelevant", "vague")
        } == dict.fromkeys(("leading", "multi", "reveals", "irrelevant", "vague"), True)
        assert {i.phase for i in items} == set(Phase) and {i.language for i in items} == {"en", "ko"}
    assert len(split_items("tune")) + len(split_items("heldout")) >= 150


def test_questions_command_json(tmp_path: Path) -> None:
    src = ROOT / "evals" / "datasets" / "questions" / "tune-en.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "evals", "questions", str(src), "--json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"items", "summary"} <= set(data) and data["summary"]["macro_f1"] > 0.5
    assert all({"id", "flags", "score"} <= set(i) and 1 <= i["score"] <= 5 for i in data["items"])
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a"}\n', encoding="utf-8")
    broken = subprocess.run(
        [sys.executable, "-m", "evals", "questions", str(bad)], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert broken.returncode == 2 and "bad.jsonl:1" in broken.stderr and "Traceback" not in broken.stderr
