"""Concept quizzes drawn from the notes: a question, then the user's answer graded against
the note's key points (offline), or by a model with the same key points as its reference.
"""

from __future__ import annotations

import random
import re
from typing import Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from interviewer.errors import UserInputError
from interviewer.grading.feedback import words
from interviewer.llm import invoke_text
from interviewer.llm.structured import parse_reply
from interviewer.prompts import load_prompt
from interviewer.text_input import clean_text
from knowledge.notes import Note, NoteCatalog
from knowledge.text import Tokenizer
from knowledge.types import Language

QuizKind = Literal["what_when", "tradeoffs", "probe"]
MAX_ANSWER_CHARS = 6000
COVERED = 0.25  # share of a key point's words the answer must use (capped at four words)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+", re.MULTILINE)
_SENTENCE = re.compile(r"(?<=[.!?。])\s+")
_MARKUP = re.compile(r"\*\*|`|\[([^\]]+)\]\([^)]*\)")
_QUESTIONS = {
    "what_when": {
        "en": "What is {title}, and when would you use it in a system design?",
        "ko": "{title}이란 무엇이고, 시스템 설계에서 언제 쓰나요?",
    },
    "tradeoffs": {
        "en": "What are the main trade-offs of {title}? Name what you gain and what it costs.",
        "ko": "{title}의 주요 트레이드오프는 무엇인가요? 얻는 것과 치르는 비용을 말해 보세요.",
    },
}
_FEEDBACK = {
    "en": {
        "good": "Solid: you covered {covered} of the {total} key points.",
        "partial": "Partly there: you covered {covered} of the {total} key points. Add the missing ones below.",
        "weak": "This misses most key points ({covered} of {total}). Read the note and try again.",
        "short": "The answer is too short to show understanding; explain in a few sentences.",
    },
    "ko": {
        "good": "좋습니다. 핵심 포인트 {total}개 중 {covered}개를 다뤘습니다.",
        "partial": "절반 정도입니다. 핵심 포인트 {total}개 중 {covered}개를 다뤘으니 아래 빠진 부분을 보완하세요.",
        "weak": "핵심 포인트를 대부분 놓쳤습니다({total}개 중 {covered}개). 노트를 읽고 다시 해 보세요.",
        "short": "답이 너무 짧아 이해도를 보기 어렵습니다. 몇 문장으로 설명해 보세요.",
    },
}


class QuizQuestion(BaseModel):
    note_id: str
    title: str
    language: Language
    kind: QuizKind
    question: str
    key_points: list[str] = Field(min_length=1)


class QuizGrade(BaseModel):
    score: float = Field(ge=1, le=5)
    covered: list[str]
    missed: list[str]
    feedback: str
    graded_by: Literal["offline", "model"] = "offline"


def _clean(text: str) -> str:
    return " ".join(_MARKUP.sub(lambda m: m.group(1) or "", text).split())


def key_points(body: str, limit: int = 5) -> list[str]:
    """The section's lead sentence, then its bullets (or further sentences); markup removed."""
    parts = _BULLET.split(body)
    lead, bullets = parts[0], [b.split("\n")[0] for b in parts[1:] if b.strip()]
    items = _SENTENCE.split(lead.strip())
    points = [items[0], *bullets] if bullets else items
    return [p for p in (_clean(x) for x in points) if len(p) > 20][:limit]


class QuizMaster:
    def __init__(self, notes: NoteCatalog, tokenizer: Tokenizer, model: BaseChatModel | None = None) -> None:
        self.notes = notes
        self.tokenizer = tokenizer
        self.model = model

    def question(
        self, language: Language, note_id: str | None = None, rng: random.Random | None = None
    ) -> QuizQuestion:
        rng = rng or random.Random()
        builtin = [n for n in self.notes.ids() if (note := self.notes.get(n, language)) and note.source == "builtin"]
        chosen = note_id or rng.choice(builtin)
        note = self.notes.get(chosen, language)
        if note is None or len(note.sections) < 3:
            raise UserInputError(f"unknown note {chosen!r}")
        kind: QuizKind = rng.choice(["what_when", "tradeoffs", "probe"])
        return self._build(note, language, kind, rng)

    def _build(self, note: Note, language: Language, kind: QuizKind, rng: random.Random) -> QuizQuestion:
        lang = language.value
        sections = note.sections
        if kind == "probe" and len(sections) >= 5:
            probes = [p for p in key_points(sections[4].body, 8) if "?" in p]
            if probes:
                points = key_points(sections[0].body, 3) + key_points(sections[2].body, 3)
                return QuizQuestion(
                    note_id=note.id, title=note.title, language=language, kind="probe",
                    question=rng.choice(probes), key_points=points,
                )  # fmt: skip
            kind = "tradeoffs"
        if kind == "tradeoffs":
            points = key_points(sections[2].body, 5)
        else:
            points = key_points(sections[0].body, 3) + key_points(sections[1].body, 2)
        return QuizQuestion(
            note_id=note.id,
            title=note.title,
            language=language,
            kind=kind if kind != "probe" else "what_when",
            question=_QUESTIONS[kind if kind != "probe" else "what_when"][lang].format(title=note.title),
            key_points=points or [_clean(sections[0].body)[:300]],
        )

    def weak_note_ids(self, scores_by_dimension: dict[str, float]) -> list[str]:
        """Notes that train the two weakest dimensions (from the grading feedback map)."""
        weakest = sorted(scores_by_dimension, key=lambda d: scores_by_dimension[d])[:2]
        return [n for d in weakest for n in words()["practice_notes"].get(d, []) if n in set(self.notes.ids())]

    def grade(self, question: QuizQuestion, answer: str) -> QuizGrade:
        text = clean_text(answer)
        if not text:
            raise UserInputError("the answer is empty; write a few sentences")
        if len(text) > MAX_ANSWER_CHARS:
            raise UserInputError(f"the answer is {len(text):,} characters; the limit is {MAX_ANSWER_CHARS:,}")
        if self.model is not None:
            graded = self._grade_with_model(question, text)
            if graded is not None:
                return graded
        return self._grade_offline(question, text)

    def _grade_offline(self, question: QuizQuestion, answer: str) -> QuizGrade:
        said = set(self.tokenizer.tokenize(answer))
        covered: list[str] = []
        missed: list[str] = []
        for point, tokens in zip(question.key_points, self.tokenizer.tokenize_many(question.key_points), strict=True):
            wanted = {t for t in tokens if len(t) > 1}
            hits = len(wanted & said)
            (covered if hits >= max(2, min(4, COVERED * len(wanted))) else missed).append(point)
        total = min(len(question.key_points), 4)
        score = 1 + 4 * min(1.0, len(covered) / total)
        words_said = len(said)
        fb = _FEEDBACK[question.language.value]
        if words_said < 8:
            score, message = min(score, 1.5), fb["short"]
        else:
            key = "good" if score >= 4 else ("partial" if score >= 2.5 else "weak")
            message = fb[key].format(covered=min(len(covered), total), total=total)
        return QuizGrade(score=round(score, 1), covered=covered, missed=missed, feedback=message)

    def _grade_with_model(self, question: QuizQuestion, answer: str) -> QuizGrade | None:
        prompt = load_prompt("quiz")
        system, user = prompt.render(
            language="Korean" if question.language is Language.KO else "English",
            question=question.question,
            points=question.key_points,
            answer=answer,
        )
        reply = invoke_text(self.model, [SystemMessage(content=system), HumanMessage(content=user)])  # type: ignore[arg-type]
        try:
            grade = parse_reply(reply, QuizGrade, {"graded_by": "model"})
        except ValueError:
            return None  # the offline grade stands in; it is the same key points
        return grade
