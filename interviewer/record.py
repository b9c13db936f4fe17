"""The candidate record: what the candidate has said so far, kept with the session.

One module builds it from observations (`absorb`) and from the interviewer's plan (`note_plan`).
The director plans from it (never re-ask, never probe what is covered, judge an estimate
against the candidate's own premises), the realizer acknowledges from it, and the grader
reads the same record, so the interview and the report never disagree about what was said.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from interviewer.cues import DEPTH_RANK, Depth, MetaKind
from interviewer.observation import DiagramRecord, Observation, Premise

ConstraintStatus = Literal["raised", "answered", "solved_before"]


class RecordedEstimate(BaseModel):
    estimate_id: str
    value: float
    text: str = ""
    premise: str = ""
    turn: int
    verdict: Literal["ok", "challenged", "unchecked"] = "unchecked"
    basis: str = ""


class RecordedPremise(Premise):
    turn: int


class TopicCoverage(BaseModel):
    depth: Depth
    first_turn: int
    last_turn: int


class ConstraintRecord(BaseModel):
    constraint_id: str
    turn: int  # candidate turn after which it was raised (or acknowledged as already solved)
    status: ConstraintStatus = "raised"
    answer_turns: list[int] = Field(default_factory=list)


class HintRecord(BaseModel):
    topic: str
    level: int  # 1 a nudge, 2 a direction, 3 a concrete pointer
    turn: int


class QuestionRecord(BaseModel):
    turn: int
    text: str
    kind: Literal["fact", "open", "concept", "other"]
    ids: list[str] = Field(default_factory=list)
    answered: bool = True


class MetaRecord(BaseModel):
    turn: int
    kind: MetaKind


class SolvedMark(BaseModel):
    """Where the candidate's design handled a constraint before the interviewer raised it."""

    turn: int
    quote: str


class CandidateRecord(BaseModel):
    facts_revealed: list[str] = Field(default_factory=list)
    assumptions: list[str] = Field(default_factory=list)
    estimates: list[RecordedEstimate] = Field(default_factory=list)
    premises: list[RecordedPremise] = Field(default_factory=list)
    components: list[str] = Field(default_factory=list)
    topics: dict[str, TopicCoverage] = Field(default_factory=dict)
    constraints: list[ConstraintRecord] = Field(default_factory=list)
    solved_early: dict[str, SolvedMark] = Field(default_factory=dict)  # solved before it was raised
    hints: list[HintRecord] = Field(default_factory=list)
    questions: list[QuestionRecord] = Field(default_factory=list)
    meta: list[MetaRecord] = Field(default_factory=list)
    diagram: DiagramRecord | None = None
    design_turn: int | None = None  # first turn that laid out a design
    vague_followed: list[int] = Field(default_factory=list)

    # -- reading -----------------------------------------------------------------------------

    def depth(self, topic: str) -> int:
        """0 not covered, 1 named, 2 reasoned, 3 examined."""
        cover = self.topics.get(topic)
        return DEPTH_RANK[cover.depth] if cover else 0

    def covered(self, topic: str, at_least: Depth = "reasoned") -> bool:
        return self.depth(topic) >= DEPTH_RANK[at_least]

    def stated(self, estimate_id: str) -> list[RecordedEstimate]:
        return [e for e in self.estimates if e.estimate_id == estimate_id]

    def restated(self, estimate_id: str, value: float, factor: float) -> bool:
        """The candidate gave this figure for this quantity before (within `factor`)."""
        return any(e.value / factor <= value <= e.value * factor for e in self.stated(estimate_id))

    def hint_level(self, topic: str) -> int:
        return max((h.level for h in self.hints if h.topic == topic), default=0)

    def constraint(self, constraint_id: str) -> ConstraintRecord | None:
        return next((c for c in self.constraints if c.constraint_id == constraint_id), None)


def absorb(record: CandidateRecord, obs: Observation, turn: int) -> CandidateRecord:
    """The record after one candidate turn (a new object)."""
    new = record.model_copy(deep=True)
    for topic, depth in obs.depth.items():
        cover = new.topics.get(topic)
        if cover is None:
            new.topics[topic] = TopicCoverage(depth=depth, first_turn=turn, last_turn=turn)
        else:
            cover.last_turn = turn
            if DEPTH_RANK[depth] > DEPTH_RANK[cover.depth]:
                cover.depth = depth
    for topic in obs.topics:
        new.topics.setdefault(topic, TopicCoverage(depth="named", first_turn=turn, last_turn=turn))
    new.premises += [RecordedPremise(**p.model_dump(), turn=turn) for p in obs.premises]
    new.premises = new.premises[-24:]  # premises far back are not what a new figure rests on
    if obs.assumption:
        new.assumptions.append(obs.highlight or "")
    for cid, quote in obs.solves.items():
        new.solved_early.setdefault(cid, SolvedMark(turn=turn, quote=quote))
    for cr in new.constraints:
        if cr.status == "raised" and turn > cr.turn:
            cr.status = "answered"
            cr.answer_turns.append(turn)
        elif cr.status == "answered" and turn - cr.turn <= 2:
            cr.answer_turns.append(turn)
    new.meta += [MetaRecord(turn=turn, kind=k) for k in obs.meta]
    for component in obs.components:
        if component not in new.components:
            new.components.append(component)
    if obs.diagram is not None:
        new.diagram = obs.diagram
    if obs.design and new.design_turn is None:
        new.design_turn = turn
    return new
