"""The grade, whichever grader made it: the CONTRACTS.md shape plus feedback fields."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

GraderKind = Literal["evidence", "llm_judge"]


class Evidence(BaseModel):
    turn: int = Field(ge=0, description="0-based index into the transcript's turns")
    quote: str


class DimensionGrade(BaseModel):
    score: float | None = Field(default=None, ge=1, le=5, description="None when this grader part failed")
    evidence: list[Evidence] = Field(default_factory=list)
    rationale: str = ""
    confidence: float | None = Field(default=None, ge=0, le=1, description="judge only: 1 - spread of samples / 4")
    samples: list[int] = Field(default_factory=list)


class TopicLink(BaseModel):
    note_id: str
    title: str
    reason: str = ""


class GraderInfo(BaseModel):
    kind: GraderKind
    model: str | None = None
    rubric_version: str
    prompt: str | None = None


class GradeResult(BaseModel):
    overall: float | None = Field(default=None, ge=1, le=5)
    dimensions: dict[str, DimensionGrade]
    strengths: list[str] = Field(default_factory=list)
    improvements: list[str] = Field(default_factory=list)
    missed_topics: list[TopicLink] = Field(default_factory=list)
    practice_next: list[TopicLink] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list, description="dimensions this grader could not score, and why")
    ignored_text: list[Evidence] = Field(default_factory=list, description="text addressed to the grader, not graded")
    grader: GraderInfo
    scenario: str
    language: str
    session_id: str | None = None
    turns_graded: int | None = None
    hints: list[int] = Field(default_factory=list, description="turns where the candidate asked for a hint")
    unfinished: bool = Field(
        default=False, description="the interview ended before its wrap-up: graded on what was said, kept out of trends"
    )

    def scores(self) -> dict[str, float]:
        return {k: d.score for k, d in self.dimensions.items() if d.score is not None}
