"""Concept questions ("what is consistent hashing?", "샤딩은 언제 써?") answered from the notes.

Offline the answer is extractive: the best matching sections, in the question's
language, with citations. With a chat model the answer is written from the same
retrieved sections, and the citations are the notes it cites.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel

from interviewer.errors import UserInputError
from interviewer.llm import invoke_text, stream_text
from interviewer.prompts import load_prompt
from interviewer.text_input import clean_text
from knowledge.index import StoredChunk
from knowledge.search import HybridRetriever, NoteHit
from knowledge.text import detect_language
from knowledge.types import Language

MAX_QUESTION_CHARS = 2_000
MAX_NOTES = 3
_DEFINITION = re.compile(r"\b(what (is|are)|define|definition|explain|meaning)\b|뭐|무엇|란\??$|이란|개념|설명", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")

_LABELS = {
    Language.EN: {
        "also": "Also relevant",
        "sources": "Sources",
        "none": (
            "Our notes do not cover this question. Try rephrasing it with a system-design term "
            "(for example caching, sharding or rate limiting), or add your own notes with `interviewer ingest`."
        ),
    },
    Language.KO: {
        "also": "함께 보면 좋은 노트",
        "sources": "출처",
        "none": (
            "이 질문은 노트에서 다루지 않습니다. 캐싱, 샤딩, 레이트 리미팅처럼 시스템 설계 용어를 넣어 "
            "다시 물어보거나, `interviewer ingest`로 직접 쓴 노트를 추가해 보세요."
        ),
    },
}


class Citation(BaseModel):
    note_id: str
    title: str


class ConceptAnswer(BaseModel):
    """CONTRACTS.md keys (`answer`, `citations`) and how the answer was made."""

    answer: str
    citations: list[Citation]
    language: Language
    covered: bool
    mode: Literal["extractive", "model"]


@dataclass(frozen=True)
class _Source:
    note_id: str
    chunk: StoredChunk


class ConceptAnswerer:
    """Answers concept questions from the retriever, with or without a chat model."""

    def __init__(self, retriever: HybridRetriever, model: BaseChatModel | None = None) -> None:
        self.retriever = retriever
        self.model = model

    def ask(self, question: str, language: Language | None = None) -> ConceptAnswer:
        prepared = self._prepare(question, language)
        if self.model is None:
            return self._extractive(*prepared)
        text = invoke_text(self.model, self._messages(*prepared))
        return self._with_model_text(text, *prepared)

    def stream(self, question: str, language: Language | None = None) -> Iterator[str | ConceptAnswer]:
        """Yields text pieces as they come, then the finished `ConceptAnswer`."""
        prepared = self._prepare(question, language)
        if self.model is None:
            answer = self._extractive(*prepared)
            yield from re.findall(r"\S+\s*", answer.answer)
            yield answer
            return
        pieces: list[str] = []
        for piece in stream_text(self.model, self._messages(*prepared)):
            pieces.append(piece)
            yield piece
        yield self._with_model_text("".join(pieces), *prepared)

    # -- steps ---------------------------------------------------------------------------

    def _prepare(self, question: str, language: Language | None) -> tuple[str, Language, list[_Source], bool]:
        text = clean_text(question)
        if not text:
            raise UserInputError("the question is empty; type a concept question such as 'what is sharding?'")
        if len(text) > MAX_QUESTION_CHARS:
            raise UserInputError(f"the question is {len(text):,} characters; the limit is {MAX_QUESTION_CHARS:,}")
        lang = language or detect_language(text)
        hits, covered = self.retriever.search_answerable(text, k=MAX_NOTES, language=lang)
        return text, lang, self._sources(hits), covered

    @staticmethod
    def _sources(hits: list[NoteHit]) -> list[_Source]:
        if not hits:
            return []
        floor = hits[0].score * 0.75
        return [_Source(h.note_id, h.chunk) for i, h in enumerate(hits) if i == 0 or h.score >= floor]

    def _extractive(self, question: str, language: Language, sources: list[_Source], covered: bool) -> ConceptAnswer:
        labels = _LABELS[language]
        if not covered or not sources:
            return ConceptAnswer(
                answer=str(labels["none"]), citations=[], language=language, covered=False, mode="extractive"
            )
        main = sources[0]
        chunks = [main.chunk]
        if _DEFINITION.search(question) and main.chunk.section_index != 0:
            chunks.insert(0, self.retriever.note_chunks(main.note_id, language)[0])
        parts = [f"**{main.chunk.title}**"]
        parts += [_lead(c, 3 if i == len(chunks) - 1 else 2) for i, c in enumerate(chunks)]
        if len(sources) > 1:
            parts.append(f"**{labels['also']}**")
            parts += [f"- {s.chunk.title}: {_lead(s.chunk, 1)}" for s in sources[1:]]
        citations = [Citation(note_id=s.note_id, title=s.chunk.title) for s in sources]
        refs = ", ".join(f"[{i}] {c.title} ({c.note_id})" for i, c in enumerate(citations, start=1))
        parts.append(f"{labels['sources']}: {refs}")
        return ConceptAnswer(
            answer="\n\n".join(parts), citations=citations, language=language, covered=True, mode="extractive"
        )

    def _messages(
        self, question: str, language: Language, sources: list[_Source], covered: bool
    ) -> list[SystemMessage | HumanMessage]:
        prompt = load_prompt("ask")
        notes = [{"title": s.chunk.title, "section": s.chunk.section, "text": _body(s.chunk)} for s in sources]
        system, user = prompt.render(
            language_name="Korean" if language is Language.KO else "English",
            covered=covered,
            notes=notes,
            question=question,
        )
        return [SystemMessage(content=system), HumanMessage(content=user)]

    def _with_model_text(
        self, text: str, question: str, language: Language, sources: list[_Source], covered: bool
    ) -> ConceptAnswer:
        cited = sorted({int(n) for n in re.findall(r"\[(\d+)\]", text) if 1 <= int(n) <= len(sources)})
        chosen = [sources[n - 1] for n in cited] if cited else (sources[:1] if covered else [])
        citations = [Citation(note_id=s.note_id, title=s.chunk.title) for s in chosen]
        return ConceptAnswer(answer=text.strip(), citations=citations, language=language, covered=covered, mode="model")


def _body(chunk: StoredChunk) -> str:
    return chunk.text.split("\n", 1)[1].strip() if "\n" in chunk.text else chunk.text


def _lead(chunk: StoredChunk, sentences: int) -> str:
    """The first few sentences of a section, list markers kept readable."""
    found = [s.strip() for s in _SENTENCE.split(_body(chunk)) if len(s.strip()) > 2]
    return " ".join(s.lstrip("-* ").strip() for s in found[:sentences])
