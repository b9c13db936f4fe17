"""The director's typed plan for one interviewer turn, and what the realizer may say.

A plan is a short list of actions. At most one of them asks the candidate something
(one question per turn); the others answer, decline or acknowledge.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from knowledge.types import Phase


class ActionKind(StrEnum):
    """CONTRACTS.md action kinds, as written on every interviewer turn of a transcript."""

    OPEN = "open"
    ANSWER = "answer"
    UNSPECIFIED = "unspecified"
    CONSTRAINT = "constraint"
    PROBE = "probe"
    ESTIMATE_CHECK = "estimate_check"
    PHASE_CHANGE = "phase_change"
    TIME_NUDGE = "time_nudge"
    REFUSE = "refuse"
    WRAP_UP = "wrap_up"
    CLOSE = "close"
    # The listening moves (CONTRACTS.md: "more kinds may be added").
    CONCEPT = "concept"  # a short grounded answer to a concept question
    REPHRASE = "rephrase"  # "what do you mean?": the last question, put another way
    PRESENCE = "presence"  # "are you there?"
    HINT = "hint"  # one rung of the hint ladder
    FOLLOW_UP = "follow_up"  # asks how the vague part of the last answer works
    SOLVED = "solved"  # a scheduled constraint the design already handles
    HOLD = "hold"  # "can we move on?" before the phase's core is covered


class _Action(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Open(_Action):
    kind: Literal[ActionKind.OPEN] = ActionKind.OPEN


class AnswerClarification(_Action):
    """Reveal exactly these hidden facts (the candidate asked for them)."""

    kind: Literal[ActionKind.ANSWER] = ActionKind.ANSWER
    fact_ids: list[str] = Field(min_length=1)


class DeclineToSpecify(_Action):
    """A point the scenario leaves open, or a question no fact answers: ask for an assumption."""

    kind: Literal[ActionKind.UNSPECIFIED] = ActionKind.UNSPECIFIED
    point_ids: list[str] = Field(default_factory=list)


class IntroduceConstraint(_Action):
    kind: Literal[ActionKind.CONSTRAINT] = ActionKind.CONSTRAINT
    constraint_id: str


class Probe(_Action):
    """Ask about an expected topic the candidate has not covered, grounded in its note."""

    kind: Literal[ActionKind.PROBE] = ActionKind.PROBE
    topic: str
    # "examine": the topic is covered with reasons; ask for its failure, cost or alternative.
    aspect: Literal["cover", "examine"] = "cover"
    note_ids: list[str] = Field(default_factory=list)
    scenario_question: bool = False
    # Which scripted question (its English text is the key), so the realizer words exactly
    # the one the director chose and it is never asked twice.
    question_key: str | None = None
    # A probe on what the candidate drew: the realizer names the box ("your one `DB` box").
    diagram_template: str = ""
    diagram_node: str = ""


class ChallengeEstimate(_Action):
    """Compare a candidate's number with the scenario's estimation fact."""

    kind: Literal[ActionKind.ESTIMATE_CHECK] = ActionKind.ESTIMATE_CHECK
    estimate_id: str
    got: float
    expected: float
    ok: bool
    text: str = ""  # the candidate's figure as written
    premise: str = ""  # the candidate's premise it was checked against


class AdvancePhase(_Action):
    kind: Literal[ActionKind.PHASE_CHANGE] = ActionKind.PHASE_CHANGE
    to: Phase
    # The candidate has just laid the design out: do not ask for it again, ask about it.
    design_given: bool = False


class TimeNudge(_Action):
    kind: Literal[ActionKind.TIME_NUDGE] = ActionKind.TIME_NUDGE
    phase: Phase
    minutes: float


class Refuse(_Action):
    """Decline an attempt to extract hidden material; the interview goes on."""

    kind: Literal[ActionKind.REFUSE] = ActionKind.REFUSE


class WrapUp(_Action):
    """Ask for one wrap-up item: a summary, improvements, or failure points."""

    kind: Literal[ActionKind.WRAP_UP] = ActionKind.WRAP_UP
    item: Literal["summary", "improvements", "failure_points"]


class Close(_Action):
    kind: Literal[ActionKind.CLOSE] = ActionKind.CLOSE
    by_candidate: bool = False


class ExplainConcept(_Action):
    """Answer a concept question in two or three sentences from the note, citing it."""

    kind: Literal[ActionKind.CONCEPT] = ActionKind.CONCEPT
    topic: str


class Ask(BaseModel):
    """What the interviewer last asked, so it can be put another way."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str
    topic: str | None = None
    constraint_id: str | None = None
    item: str | None = None
    estimate_id: str | None = None
    question_key: str | None = None
    quote: str = ""


class Rephrase(_Action):
    kind: Literal[ActionKind.REPHRASE] = ActionKind.REPHRASE
    ask: Ask
    # "clarify": they did not understand it; "resume": back to it after a side question or "hello?"
    reason: Literal["clarify", "resume"] = "clarify"


class Presence(_Action):
    kind: Literal[ActionKind.PRESENCE] = ActionKind.PRESENCE


class Hint(_Action):
    """Level 1 nudges toward the topic, 2 gives a direction from the note, 3 a concrete pointer."""

    kind: Literal[ActionKind.HINT] = ActionKind.HINT
    topic: str
    level: int = Field(ge=1, le=3)
    constraint_id: str | None = None


class FollowUp(_Action):
    kind: Literal[ActionKind.FOLLOW_UP] = ActionKind.FOLLOW_UP
    quote: str


class AcknowledgeSolved(_Action):
    kind: Literal[ActionKind.SOLVED] = ActionKind.SOLVED
    constraint_id: str
    quote: str = ""


class Hold(_Action):
    kind: Literal[ActionKind.HOLD] = ActionKind.HOLD


Action = Annotated[
    Open
    | AnswerClarification
    | DeclineToSpecify
    | IntroduceConstraint
    | Probe
    | ChallengeEstimate
    | AdvancePhase
    | TimeNudge
    | Refuse
    | WrapUp
    | Close
    | ExplainConcept
    | Rephrase
    | Presence
    | Hint
    | FollowUp
    | AcknowledgeSolved
    | Hold,
    Field(discriminator="kind"),
]

# Actions that end the turn with a question to the candidate; a plan has at most one.
ASKING = {
    ActionKind.OPEN,
    ActionKind.UNSPECIFIED,
    ActionKind.CONSTRAINT,
    ActionKind.PROBE,
    ActionKind.PHASE_CHANGE,
    ActionKind.WRAP_UP,
    ActionKind.CLOSE,
    ActionKind.REPHRASE,
    ActionKind.HINT,
    ActionKind.FOLLOW_UP,
}


class Plan(BaseModel):
    """What the interviewer does this turn, in order."""

    model_config = ConfigDict(extra="forbid")

    phase: Phase
    actions: list[Action]

    def kinds(self) -> list[str]:
        return [a.kind.value for a in self.actions]

    def asking(self) -> list[Action]:
        """The actions that put something to the candidate (entering wrap-up is only a transition)."""
        return [
            a
            for a in self.actions
            if (a.kind in ASKING and not (isinstance(a, AdvancePhase) and a.to is Phase.WRAP_UP))
            or (isinstance(a, ChallengeEstimate) and not a.ok)
        ]
