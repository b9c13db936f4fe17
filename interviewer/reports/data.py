"""Everything a report shows, gathered once and shared by the three formats."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from interviewer.diagram import parse_mermaid, summary
from interviewer.grading.result import GradeResult
from interviewer.grading.service import GradingService, HistoryPoint
from interviewer.grading.transcript import Transcript
from knowledge.notes import NoteCatalog
from knowledge.rubric import Rubric, load_rubric
from knowledge.scenarios import ScenarioCatalog
from knowledge.yamlio import load_yaml

TEXT_FILE = Path(__file__).parent / "text.yaml"


@cache
def _labels() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = load_yaml(TEXT_FILE.read_text(encoding="utf-8"))
    return data


@dataclass
class DimensionRow:
    id: str
    name: str
    weight: float
    score: float | None
    confidence: float | None
    rationale: str
    evidence: list[tuple[int, str]]


@dataclass
class ReportData:
    language: str
    title: str
    scenario_title: str
    generated_at: datetime
    grade: GradeResult
    rows: list[DimensionRow]
    transcript: Transcript
    history: list[HistoryPoint] = field(default_factory=list)
    note_summaries: dict[str, str] = field(default_factory=dict)
    diagram: str = ""  # the candidate's Mermaid source, as drawn
    diagram_lines: list[str] = field(default_factory=list)  # its arrows, readable ("Client → LB")
    diagram_error: str = ""

    def t(self, key: str) -> str:
        return _labels()[key][self.language]

    @property
    def grader_label(self) -> str:
        g = self.grade.grader
        if g.kind == "evidence":
            return f"{self.t('grader_evidence')} · {self.t('rubric')} {g.rubric_version}"
        return f"{self.t('grader_llm')} ({g.model}) · {self.t('rubric')} {g.rubric_version}"

    def score_text(self, value: float | None) -> str:
        return self.t("not_graded") if value is None else f"{value:.1f} / 5"


def build_report(
    transcript: Transcript,
    grade: GradeResult,
    rubric: Rubric,
    scenarios: ScenarioCatalog,
    notes: NoteCatalog,
    generated_at: datetime,
    history: list[HistoryPoint] | None = None,
) -> ReportData:
    lang = grade.language
    weights = rubric.weights()
    rows = []
    for dim in rubric.dimensions:
        got = grade.dimensions.get(dim.id)
        rows.append(
            DimensionRow(
                id=dim.id,
                name=dim.name.get(lang),
                weight=weights[dim.id],
                score=got.score if got else None,
                confidence=got.confidence if got else None,
                rationale=got.rationale if got else "",
                evidence=[(e.turn, e.quote) for e in got.evidence] if got else [],
            )
        )
    summaries = {}
    for link in [*grade.missed_topics, *grade.practice_next]:
        note = notes.get(link.note_id, lang)
        if note is not None and note.sections:
            summaries[link.note_id] = " ".join(note.sections[0].body.split())[:360]
    return ReportData(
        language=lang,
        title=_labels()["title"][lang],
        scenario_title=scenarios.get(transcript.scenario).title.get(lang),
        generated_at=generated_at,
        grade=grade,
        rows=rows,
        transcript=transcript,
        history=history or [],
        note_summaries=summaries,
        **_diagram(transcript),
    )


def _diagram(transcript: Transcript) -> dict[str, Any]:
    code = (transcript.model_extra or {}).get("diagram")
    if not isinstance(code, str) or not code.strip():
        return {}
    read = parse_mermaid(code)
    return {"diagram": code.strip(), "diagram_lines": summary(read), "diagram_error": read.error}


def report_for(service: GradingService, transcript: Transcript, grade: GradeResult) -> ReportData:
    """The report of a grade, with the user's trend, from the grading service's data."""
    return build_report(
        transcript,
        grade,
        load_rubric(),
        service.deps.scenarios,
        service.deps.notes,
        service.clock.now(),
        service.history_for(transcript, grade),
    )


def radar_points(values: list[float], cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    """Corners of the radar polygon: axis i at -90° + i·360/n, a score of 5 on the rim."""
    n = len(values)
    out = []
    for i, value in enumerate(values):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * max(0.0, min(value, 5.0)) / 5.0
        out.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return out


def as_json(data: ReportData) -> dict[str, Any]:
    return data.grade.model_dump(mode="json")
