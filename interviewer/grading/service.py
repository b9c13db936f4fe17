"""Grading as a service: pick the grader, grade a transcript or a stored session, keep the
grade with the session, and read a user's per-dimension history back for trends."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Literal

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel

from interviewer.clock import Clock
from interviewer.errors import ConfigurationError, UserInputError
from interviewer.grading.grader import Analyzers, EvidenceGrader, Grader, GradingDeps
from interviewer.grading.judge import LLMJudge
from interviewer.grading.result import GradeResult
from interviewer.grading.transcript import Transcript, load_transcript, parse_transcript
from interviewer.store import SessionStore
from knowledge.types import Phase

GraderChoice = Literal["auto", "evidence", "llm"]


class HistoryPoint(BaseModel):
    session_id: str
    scenario: str
    started_at: datetime
    overall: float | None
    scores: dict[str, float]
    unfinished: bool = False


class GradingService:
    def __init__(
        self,
        deps: GradingDeps,
        clock: Clock,
        store: SessionStore | None = None,
        model: BaseChatModel | None = None,
        model_name: str | None = None,
    ) -> None:
        self.deps = deps
        self.clock = clock
        self.store = store
        self.model = model
        self.model_name = model_name
        self._analyzers = Analyzers(deps)
        self._evidence = EvidenceGrader(deps, self._analyzers)

    def grader(self, choice: GraderChoice = "auto") -> Grader:
        if choice == "evidence" or (choice == "auto" and self.model is None):
            return self._evidence
        if self.model is None:
            raise ConfigurationError(
                "--grader llm needs a model: set OPENAI_API_KEY or OPENAI_BASE_URL (the evidence grader works offline)"
            )
        return LLMJudge(self.model, self.deps, self.model_name or "model", self._analyzers)

    def grade(self, transcript: Transcript, choice: GraderChoice = "auto") -> GradeResult:
        result = self.grader(choice).grade(transcript)
        result.turns_graded = len(transcript.turns)
        result.unfinished = self._unfinished(transcript)
        if self.store is not None and transcript.session_id and self._known(transcript.session_id):
            self.store.save_grade(transcript.session_id, result.model_dump(mode="json"), self.clock.now())
        return result

    def session_transcript(self, session_id: str) -> Transcript:
        if self.store is None:
            raise UserInputError("no session database is configured")
        return parse_transcript(self.store.transcript(session_id), f"session {session_id}")

    def load(self, target: str) -> Transcript:
        """A transcript file path, or a session id."""
        path = Path(target)
        if path.suffix.lower() == ".json" or path.exists():
            return load_transcript(path)
        return self.session_transcript(target)

    def latest(self, session_id: str) -> GradeResult | None:
        if self.store is None:
            return None
        grades = self.store.grades(session_id)
        return GradeResult.model_validate(grades[-1].result) if grades else None

    def grade_target(
        self, target: str, choice: GraderChoice = "auto", regrade: bool = False
    ) -> tuple[Transcript, GradeResult]:
        transcript = self.load(target)
        if not regrade and transcript.session_id and choice == "auto":
            stored = self.latest(transcript.session_id) if self._known(transcript.session_id) else None
            if stored is not None and _turns_match(stored, transcript):
                return transcript, stored
        return transcript, self.grade(transcript, choice)

    def history(self, until: datetime | None = None, include_unfinished: bool = False) -> list[HistoryPoint]:
        """Per-dimension scores of every graded session, oldest first (up to `until`); an
        unfinished interview is left out unless asked for, so it cannot drag the trend down."""
        if self.store is None:
            return []
        points = []
        for g in self.store.grades():
            if until is not None and g.started_at > until:
                continue
            result = GradeResult.model_validate(g.result)
            if result.unfinished and not include_unfinished:
                continue
            points.append(
                HistoryPoint(
                    session_id=g.session_id,
                    scenario=g.scenario_id,
                    started_at=g.started_at,
                    overall=result.overall,
                    scores=result.scores(),
                    unfinished=result.unfinished,
                )
            )
        return points

    def _unfinished(self, transcript: Transcript) -> bool:
        """Ended before the wrap-up: the interviewer's last phase label is not the wrap-up, or the
        stored session is still running. A transcript without phase labels cannot tell."""
        sid = transcript.session_id
        if self.store is not None and sid and self._known(sid) and not self.store.get(sid).state.finished:
            return True
        labels = [t.phase for t in transcript.turns if t.role == "interviewer" and t.phase is not None]
        return bool(labels) and labels[-1] is not Phase.WRAP_UP

    def history_for(self, transcript: Transcript, result: GradeResult) -> list[HistoryPoint]:
        """The trend a report shows: graded sessions up to this one, with this grade last."""
        until = None
        if self.store is not None and transcript.session_id and self._known(transcript.session_id):
            until = self.store.get(transcript.session_id).started_at
        points = [p for p in self.history(until) if p.session_id != transcript.session_id]
        points.append(
            HistoryPoint(
                session_id=transcript.session_id or "this",
                scenario=transcript.scenario,
                started_at=until or self.clock.now(),
                overall=result.overall,
                scores=result.scores(),
                unfinished=result.unfinished,
            )
        )
        return points

    def _known(self, session_id: str) -> bool:
        if self.store is None:
            return False
        try:
            self.store.get(session_id)
        except UserInputError:
            return False
        return True


def _turns_match(result: GradeResult, transcript: Transcript) -> bool:
    """A stored grade is reused only if no turn was added since."""
    return result.turns_graded == len(transcript.turns)
