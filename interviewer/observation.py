"""What the director needs to know about one candidate turn, however it was understood."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

WrapItem = Literal["summary", "improvements", "failure_points"]


class EstimateMention(BaseModel):
    """A number the candidate gave for one of the scenario's estimation quantities."""

    estimate_id: str
    value: float


class Observation(BaseModel):
    """The candidate's turn as facts: the same type whether a model or the offline matcher made it."""

    questions: list[str] = Field(default_factory=list)
    fact_ids: list[str] = Field(default_factory=list)
    point_ids: list[str] = Field(default_factory=list)
    unmatched_questions: list[str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    estimates: list[EstimateMention] = Field(default_factory=list)
    assumption: bool = False
    tradeoff: bool = False
    extraction_attempt: bool = False
    wants_next_phase: bool = False
    wrap_items: list[WrapItem] = Field(default_factory=list)
