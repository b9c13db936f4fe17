"""The interview's state: everything the director reads, updated after each turn."""

from __future__ import annotations

from pydantic import BaseModel, Field

from interviewer.plan import Ask
from interviewer.record import CandidateRecord
from knowledge.types import Language, Phase


class SessionState(BaseModel):
    """Minutes are measured from the start of the interview on the injected clock."""

    scenario_id: str
    language: Language
    phase: Phase = Phase.REQUIREMENTS
    phase_started_minute: float = 0.0
    last_minute: float = 0.0
    candidate_turns: int = 0
    questions_asked: int = 0
    revealed_facts: list[str] = Field(default_factory=list)
    answered_points: list[str] = Field(default_factory=list)
    assumptions: int = 0
    covered_topics: list[str] = Field(default_factory=list)
    probed_topics: list[str] = Field(default_factory=list)
    used_probe_questions: list[str] = Field(default_factory=list)
    constraints: list[str] = Field(default_factory=list)
    skipped_constraints: list[str] = Field(default_factory=list)
    last_constraint_turn: int = -99
    estimates: dict[str, float] = Field(default_factory=dict)
    wrap_asked: list[str] = Field(default_factory=list)
    wrap_given: list[str] = Field(default_factory=list)
    nudged: list[Phase] = Field(default_factory=list)
    refusals: int = 0
    used_phrasings: list[str] = Field(default_factory=list)
    finished: bool = False
    record: CandidateRecord = Field(default_factory=CandidateRecord)
    last_ask: Ask | None = None  # what the interviewer last asked (for "what do you mean?")

    def minutes_in_phase(self, now: float) -> float:
        return max(0.0, now - self.phase_started_minute)
