"""Transcripts as typed data (CONTRACTS.md): read from a file, or from a stored session.

Only `scenario`, `language` and `turns` (role, content) are required; `phase` and
`actions` on interviewer turns are used when present and inferred when not.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from interviewer.errors import UserInputError
from knowledge.types import PHASE_ORDER, Language, Phase

MAX_TRANSCRIPT_BYTES = 5_000_000


class Turn(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["interviewer", "candidate"]
    content: str
    phase: Phase | None = None
    actions: list[str] = Field(default_factory=list)

    @field_validator("content")
    @classmethod
    def _text(cls, value: str) -> str:
        return value.replace("\r\n", "\n")


class Transcript(BaseModel):
    model_config = ConfigDict(extra="allow")

    scenario: str
    language: Language
    turns: list[Turn] = Field(min_length=1)
    session_id: str | None = None

    def candidate_turns(self) -> list[tuple[int, Turn]]:
        return [(i, t) for i, t in enumerate(self.turns) if t.role == "candidate"]

    def phases(self) -> list[Phase]:
        """The phase each turn belongs to: interviewer labels carried forward, else inferred."""
        labelled = [t.phase for t in self.turns]
        if any(p is not None for p in labelled):
            out: list[Phase] = []
            current = Phase.REQUIREMENTS
            for phase in labelled:
                if phase is not None and PHASE_ORDER.index(phase) >= PHASE_ORDER.index(current):
                    current = phase
                out.append(current)
            return out
        return _inferred_phases(len(self.turns))


def _inferred_phases(n: int) -> list[Phase]:
    """Without labels: the usual shares of a 45-minute interview (~20/35/35/10 %)."""
    bounds = [(0.22, Phase.REQUIREMENTS), (0.55, Phase.HIGH_LEVEL), (0.88, Phase.DEEP_DIVE), (1.01, Phase.WRAP_UP)]
    out = []
    for i in range(n):
        share = (i + 0.5) / max(n, 1)
        out.append(next(p for b, p in bounds if share < b))
    return out


def parse_transcript(data: Any, source: str = "transcript") -> Transcript:
    """Validate transcript data; a bad one raises `UserInputError` naming the field."""
    if not isinstance(data, dict):
        raise UserInputError(f"{source}: expected a JSON object with scenario, language and turns")
    try:
        transcript = Transcript.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise UserInputError(f"{source}: field {loc}: {first['msg']}") from None
    if not transcript.candidate_turns():
        raise UserInputError(f"{source}: the transcript has no candidate turns to grade")
    return transcript


def load_transcript(path: Path) -> Transcript:
    try:
        if path.stat().st_size > MAX_TRANSCRIPT_BYTES:
            raise UserInputError(f"{path}: the file is over {MAX_TRANSCRIPT_BYTES // 1_000_000} MB")
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserInputError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise UserInputError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise UserInputError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise UserInputError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    return parse_transcript(data, str(path))
