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
from knowledge.search import HybridRetriever, NoteHit, strip_links
from knowledge.text import detect_language
from knowledge.types import Language

MAX_QUESTION_CHARS = 2_000
MAX_NOTES = 3
_DEFINITION = re.compile(r"\b(what (is|are)|define|definition|explain|meaning)\b|뭐|무엇|란\??$|이란|개념|설명", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_NUMBERED = re.compile(r"^\d+[.)]\s")

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
        """The best note, plus notes that both retrievers put near the top (strongly related)."""
        if not hits:
            return []
        extra = [h for h in hits[1:] if (h.dense_rank or 99) <= 2 and (h.bm25_rank or 99) <= 2]
        return [_Source(h.note_id, h.chunk) for h in [hits[0], *extra]]

    def _extractive(self, question: str, language: Language, sources: list[_Source], covered: bool) -> ConceptAnswer:
        labels = _LABELS[language]
        if not covered or not sources:
            answer = str(labels["none"])
            return ConceptAnswer(answer=answer, citations=[], language=language, covered=False, mode="extractive")
        main = sources[0]
        sections = self.retriever.note_chunks(main.note_id, language)
        chunks = [main.chunk]
        if sections and _DEFINITION.search(question) and main.chunk.section_index != sections[0].section_index:
            chunks.insert(0, sections[0])
        parts = [f"**{main.chunk.title}**"]
        parts += [_lead(c, 2 if len(chunks) > 1 and i == 0 else 4) for i, c in enumerate(chunks)]
        if len(sources) > 1:
            parts.append(f"**{labels['also']}**")
            terms = set(self.retriever.tokenizer.tokenize(question))
            for source in sources[1:]:
                parts.append(f"- {source.chunk.title}: {self.retriever.snippet(source.chunk, terms, limit=160)}")
        citations = [Citation(note_id=s.note_id, title=s.chunk.title) for s in sources]
        refs = ", ".join(f"[{i}] {c.title} ({c.note_id})" for i, c in enumerate(citations, start=1))
        parts.append(f"{labels['sources']}: {refs}")
        answer = "\n\n".join(parts)
        return ConceptAnswer(answer=answer, citations=citations, language=language, covered=True, mode="extractive")

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
    return strip_links(chunk.body)


def _lead(chunk: StoredChunk, sentences: int) -> str:
    """The opening sentences of a section; a sentence that introduces a list brings its items."""
    units: list[tuple[bool, str]] = []  # (is list item, text)
    for raw in _body(chunk).splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith(("- ", "* ")) or _NUMBERED.match(line):
            units.append((True, line if len(line) <= 200 else line[:199].rsplit(" ", 1)[0] + "…"))
        else:
            units.extend((False, part.strip()) for part in _SENTENCE.split(line) if part.strip())
    taken: list[str] = []
    count = 0
    for i, (is_item, text) in enumerate(units):
        if is_item:
            if not taken:
                continue
            break
        taken.append(text)
        count += 1
        introduces_list = i + 1 < len(units) and units[i + 1][0]
        if introduces_list:
            items = [t for item, t in units[i + 1 : i + 6] if item]
            return " ".join(taken) + "\n" + "\n".join(items)
        if count >= sentences:
            break
    if not taken:  # a section that is only a list
        return "\n".join(t for _, t in units[:5])
    return " ".join(taken)
