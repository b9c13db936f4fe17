"""Time spent in each phase of a session, against the outline's budget for it."""

from __future__ import annotations

from pydantic import BaseModel

from interviewer.store import StoredSession
from knowledge.types import PHASE_BUDGET_MINUTES, PHASE_ORDER, Phase


class PhaseTime(BaseModel):
    phase: Phase
    minutes: float
    budget_min: int
    budget_max: int
    current: bool
    reached: bool

    @property
    def over(self) -> bool:
        return self.minutes > self.budget_max


def phase_times(session: StoredSession, now_minute: float | None = None) -> list[PhaseTime]:
    """Minutes per phase: each stretch between two turns counts for the phase it was in.
    The current phase runs up to `now_minute` (the last turn when not given)."""
    spent = dict.fromkeys(PHASE_ORDER, 0.0)
    phase = Phase.REQUIREMENTS
    last = 0.0
    for turn in session.turns:
        spent[phase] += max(0.0, turn.minute - last)
        last = turn.minute
        if turn.role == "interviewer" and turn.phase:
            phase = Phase(turn.phase)
    if now_minute is not None and not session.state.finished:
        spent[phase] += max(0.0, now_minute - last)
    current = session.state.phase
    reached = PHASE_ORDER[: PHASE_ORDER.index(current) + 1]
    return [
        PhaseTime(
            phase=p,
            minutes=round(spent[p], 1),
            budget_min=PHASE_BUDGET_MINUTES[p][0],
            budget_max=PHASE_BUDGET_MINUTES[p][1],
            current=p is current and not session.state.finished,
            reached=p in reached,
        )
        for p in PHASE_ORDER
    ]
