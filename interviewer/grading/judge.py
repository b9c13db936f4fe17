"""The LLM judge: one rubric dimension per call, in a fresh context, the transcript passed
as delimited data; reasoning first, then a 1-5 score with quotes that must really be in
the transcript. Each dimension is sampled three times; the median is the score and the
spread becomes a confidence figure. A dimension with no valid sample is reported missing,
never filled in.
"""

from __future__ import annotations

import logging
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from interviewer.errors import ModelOutputError, ModelUnavailableError
from interviewer.grading.grader import Analyzers, GradingDeps, finish
from interviewer.grading.result import DimensionGrade, Evidence, GradeResult, GraderInfo
from interviewer.grading.transcript import Transcript
from interviewer.llm import invoke_text
from interviewer.llm.structured import ReplyCache, parse_reply
from interviewer.prompts import load_prompt
from knowledge.rubric import Dimension, load_rubric

log = logging.getLogger(__name__)
SAMPLES = 3
VALIDATION_RETRIES = 2
MAX_TURN_CHARS_IN_PROMPT = 4000
_TAG = re.compile(r"</?\s*transcript\s*>", re.IGNORECASE)


class Verdict(BaseModel):
    reasoning: str = Field(min_length=1)
    score: int = Field(ge=1, le=5)
    evidence: list[Evidence] = Field(default_factory=list, max_length=8)


@dataclass
class _Turn:
    index: int
    role: str
    content: str


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


class LLMJudge:
    def __init__(
        self,
        model: BaseChatModel,
        deps: GradingDeps,
        model_name: str,
        analyzers: Analyzers | None = None,
        cache_dir: Path | None = None,
    ):
        self.model = model
        # Replies kept on disk by (prompt version, model, messages, sample number), so an
        # eval re-run costs nothing; each of the three samples is cached separately.
        self.deps = deps
        self.model_name = model_name
        self.rubric = deps.rubric or load_rubric()
        self.analyzers = analyzers or Analyzers(deps)
        self.prompt = load_prompt("judge")
        self.cache = ReplyCache(cache_dir, self.prompt.key, model_name)

    def grade(self, transcript: Transcript) -> GradeResult:
        analysis = self.analyzers.analyze(transcript)
        lang = transcript.language.value
        dimensions: dict[str, DimensionGrade] = {}
        missing: list[str] = []
        down: str | None = None
        for dim in self.rubric.dimensions:
            if down is not None:
                dimensions[dim.id] = DimensionGrade()
                missing.append(f"{dim.id}: not graded ({down})")
                continue
            try:
                dimensions[dim.id] = self._dimension(dim, transcript, lang)
            except ModelUnavailableError as exc:
                down = str(exc)
                dimensions[dim.id] = DimensionGrade()
                missing.append(f"{dim.id}: not graded ({down})")
            except ModelOutputError as exc:
                dimensions[dim.id] = DimensionGrade()
                missing.append(f"{dim.id}: not graded ({exc})")
        if len(missing) == len(dimensions):
            if down is not None:
                raise ModelUnavailableError(f"the LLM judge could not grade: {down}")
            raise ModelOutputError("the LLM judge gave no valid verdict for any dimension")
        result = GradeResult(
            dimensions=dimensions,
            missing=missing,
            grader=GraderInfo(
                kind="llm_judge", model=self.model_name, rubric_version=self.rubric.version, prompt=self.prompt.key
            ),
            scenario=transcript.scenario,
            language=lang,
            session_id=transcript.session_id,
            ignored_text=analysis.ignored,
        )
        return finish(result, analysis, self.rubric, self.deps.notes)

    def _dimension(self, dim: Dimension, transcript: Transcript, lang: str) -> DimensionGrade:
        verdicts: list[Verdict] = []
        errors: list[str] = []
        for sample in range(SAMPLES):
            try:
                verdicts.append(self._sample(dim, transcript, lang, sample))
            except ModelOutputError as exc:
                errors.append(str(exc))
        if not verdicts:
            raise ModelOutputError(errors[-1] if errors else "no verdict")
        scores = [v.score for v in verdicts]
        median = float(statistics.median(scores))
        chosen = min(verdicts, key=lambda v: abs(v.score - median))
        return DimensionGrade(
            score=median,
            evidence=chosen.evidence,
            rationale=chosen.reasoning,
            confidence=round(1 - (max(scores) - min(scores)) / 4, 2),
            samples=scores,
        )

    def _sample(self, dim: Dimension, transcript: Transcript, lang: str, sample: int = 0) -> Verdict:
        error = ""
        first = self._messages(dim, transcript, lang, error)
        for _ in range(1 + VALIDATION_RETRIES):
            messages = self._messages(dim, transcript, lang, error) if error else first
            reply = self._invoke(messages, sample)
            try:
                verdict = self._validate(reply, transcript)
            except ValueError as exc:
                error = str(exc)[:300]
                continue
            # Kept under the first try's prompt, so a re-run hits the cache at once.
            self._remember(first, sample, reply)
            return verdict
        log.warning("judge verdict for %s stayed invalid: %s", dim.id, error)
        raise ModelOutputError(f"invalid verdict after {1 + VALIDATION_RETRIES} tries: {error}")

    def _messages(
        self, dim: Dimension, transcript: Transcript, lang: str, error: str
    ) -> list[SystemMessage | HumanMessage]:
        scenario = self.deps.scenarios.get(transcript.scenario)
        turns = [
            _Turn(i, t.role, _TAG.sub("[tag removed]", t.content)[:MAX_TURN_CHARS_IN_PROMPT])
            for i, t in enumerate(transcript.turns)
        ]
        system, user = self.prompt.render(
            dimension_name=f"{dim.id} ({dim.name.en})",
            definition=dim.definition.en,
            anchors=[(level, dim.anchors[level].en) for level in sorted(dim.anchors)],
            evidence_rule=dim.evidence.en,
            reference=scenario.reference_design.get(lang),
            title=scenario.title.get(lang),
            turns=turns,
            error=error,
        )
        return [SystemMessage(content=system), HumanMessage(content=user)]

    def _invoke(self, messages: list[SystemMessage | HumanMessage], sample: int) -> str:
        cached = self.cache.get([str(m.content) for m in messages], sample)
        return cached if cached is not None else invoke_text(self.model, messages)

    def _remember(self, messages: list[SystemMessage | HumanMessage], sample: int, reply: str) -> None:
        self.cache.put([str(m.content) for m in messages], reply, sample)

    @staticmethod
    def _validate(reply: str, transcript: Transcript) -> Verdict:
        verdict = parse_reply(reply, Verdict)
        for item in verdict.evidence:
            if item.turn >= len(transcript.turns) or transcript.turns[item.turn].role != "candidate":
                raise ValueError(f"evidence turn {item.turn} is not a candidate turn")
            if _norm(item.quote) not in _norm(transcript.turns[item.turn].content):
                raise ValueError(f"the quote for turn {item.turn} is not in that turn; copy exact words")
        if not verdict.evidence and verdict.score > 1:
            raise ValueError("a score above 1 needs at least one quote")
        return verdict
