"""What the director needs to know about one candidate turn, however it was understood.

The offline observer and the model observer both produce this type; it is the one reading
of a turn that the director, the realizer and the candidate record share.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from interviewer.cues import Depth, MetaKind

WrapItem = Literal["summary", "improvements", "failure_points"]


class DiagramRecord(BaseModel):
    """The candidate's Mermaid flowchart as read at a turn."""

    nodes: dict[str, str] = Field(default_factory=dict)  # id -> label
    edges: list[tuple[str, str, str]] = Field(default_factory=list)  # (from, to, label)
    stores: list[str] = Field(default_factory=list)  # nodes drawn as cylinders
    error: str = ""
    source_digest: str = ""


class EstimateMention(BaseModel):
    """A number the candidate gave for one of the scenario's estimation quantities."""

    estimate_id: str
    value: float
    text: str = ""  # the number as written, with its unit ("11.5k reads/s")
    premise: str = ""  # the candidate's own premise it follows from, as written, if any
    consistent: bool | None = None  # derivable from the candidate's own premises (None: no premises given)


class Premise(BaseModel):
    """An input figure the candidate stated or assumed ("300M a month", "500 bytes per record")."""

    text: str
    value: float
    dim: str
    per: str | None = None


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
    # -- the listening fields --------------------------------------------------------------
    meta: list[MetaKind] = Field(default_factory=list)
    concept: str | None = None  # note id of a concept question ("what's fan-out on write again?")
    depth: dict[str, Depth] = Field(default_factory=dict)  # topic -> how deeply this turn covered it
    premises: list[Premise] = Field(default_factory=list)
    vague: str = ""  # the vague part of the turn, in the candidate's words
    highlight: str = ""  # the candidate's own words on their main design point
    design: bool = False  # the turn lays out a design (components and a flow)
    constraint_hits: dict[str, list[str]] = Field(default_factory=dict)  # constraint id -> adaptation words used
    solves: dict[str, str] = Field(default_factory=dict)  # constraint id -> the sentence that already solves it
    diagram: DiagramRecord | None = None  # the candidate's diagram, when it changed since the last turn
    components: list[str] = Field(default_factory=list)
