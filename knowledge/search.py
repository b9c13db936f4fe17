"""Hybrid retrieval: dense chunk matches (E5 in Chroma) and BM25 over whole notes,
fused per note by reciprocal rank fusion.

Dense search works on sections, where E5 is sharpest; BM25 works on whole notes
(both titles, tags and text), where a question's terms are spread over several
sections. Each side ranks notes; RRF sums 1 / (k + rank) over the two rankings,
and a note with a zero BM25 score gets nothing from the BM25 side.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from knowledge.bm25 import BM25Index
from knowledge.domain import DomainGate
from knowledge.index import KnowledgeIndex, StoredChunk
from knowledge.text import Tokenizer, detect_language
from knowledge.types import Language

RRF_K = 60
DENSE_CANDIDATES = 60
LEXICAL_CANDIDATES = 40
_SENTENCE = re.compile(r"(?<=[.!?。])\s+|\n+")
_LINK = re.compile(r"\[([^\]]+)\]\([^)\s]*\)")


def strip_links(text: str) -> str:
    """Markdown links to their text: "[Caching](caching)" -> "Caching"."""
    return _LINK.sub(r"\1", text)


class SearchHit(BaseModel):
    """One note in a search result (CONTRACTS.md keys first)."""

    note_id: str
    title: str
    score: float
    snippet: str
    language: Language
    section: str
    chunk_id: str
    source: str


@dataclass(frozen=True)
class NoteHit:
    """One note with its fused score, its best section and the evidence behind it."""

    note_id: str
    score: float
    chunk: StoredChunk
    dense_similarity: float | None
    bm25_score: float | None
    dense_rank: int | None = None
    bm25_rank: int | None = None


class HybridRetriever:
    """Dense + BM25 retrieval over the note index, best note first."""

    def __init__(self, index: KnowledgeIndex, tokenizer: Tokenizer, cache_dir: Path | None = None) -> None:
        self.index = index
        self.tokenizer = tokenizer
        self._cache_dir = cache_dir
        self.domain = DomainGate(index.embedder)
        self.reload()

    def reload(self) -> None:
        """Re-read the chunks (after a sync) and rebuild the BM25 side over whole notes."""
        chunks = self.index.all_chunks()
        self.chunks = {c.chunk_id: c for c in chunks}
        self._by_section = {(c.note_id, c.language, c.section_index): c for c in chunks}
        grouped: dict[tuple[str, Language], list[StoredChunk]] = defaultdict(list)
        for chunk in chunks:
            grouped[(chunk.note_id, chunk.language)].append(chunk)
        self._sections = {key: sorted(group, key=lambda c: c.section_index) for key, group in grouped.items()}
        # Both titles and the tags go into each language's document, so a Korean query
        # that uses the English term still finds the Korean note.
        labels: dict[str, set[str]] = defaultdict(set)
        for (note_id, _), group in self._sections.items():
            labels[note_id].update({group[0].title, group[0].tags})
        keys = sorted(grouped)
        texts = [
            " ".join(sorted(labels[note_id])) + "\n" + "\n".join(c.text for c in self._sections[(note_id, lang)])
            for note_id, lang in keys
        ]
        self.bm25 = BM25Index.build(
            [f"{note_id}|{lang.value}" for note_id, lang in keys],
            texts,
            self.tokenizer,
            cache_dir=self._cache_dir,
            fingerprint=self.index.fingerprint() if self._cache_dir else None,
        )

    def search_notes(
        self, query: str, k: int = 10, language: Language | None = None, vector: np.ndarray | None = None
    ) -> list[NoteHit]:
        """Notes by fused score, each with its best section in the query's language."""
        lang = language or detect_language(query)
        if vector is None:
            vector = self.index.embedder.query_vector(query)
        scores: dict[str, float] = defaultdict(float)
        best_chunk: dict[str, StoredChunk] = {}
        similarity: dict[str, float] = {}
        dense_rank: dict[str, int] = {}
        lexical_rank: dict[str, int] = {}
        for cid, sim in self.index.dense_search(vector, DENSE_CANDIDATES):
            chunk = self.chunks.get(cid)
            if chunk is None or chunk.note_id in similarity:
                continue
            if chunk.is_link_list:  # the note still ranks, from its first section instead
                chunk = self._first_section(chunk.note_id, chunk.language) or chunk
            similarity[chunk.note_id] = sim
            dense_rank[chunk.note_id] = len(similarity)
            best_chunk[chunk.note_id] = chunk
            scores[chunk.note_id] += 1.0 / (RRF_K + len(similarity))
        lexical: dict[str, float] = {}
        for key, score in self.bm25.search(self.tokenizer.tokenize(query), LEXICAL_CANDIDATES):
            note_id = key.split("|", 1)[0]
            if note_id in lexical:
                continue
            lexical[note_id] = score
            lexical_rank[note_id] = len(lexical)
            scores[note_id] += 1.0 / (RRF_K + len(lexical))
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        hits = []
        for note_id, score in ranked:
            chunk = best_chunk.get(note_id) or self._first_section(note_id, lang)
            if chunk is None:
                continue
            hits.append(
                NoteHit(
                    note_id,
                    score,
                    self.localized(chunk, lang),
                    similarity.get(note_id),
                    lexical.get(note_id),
                    dense_rank.get(note_id),
                    lexical_rank.get(note_id),
                )
            )
        return hits

    def search_answerable(self, query: str, k: int, language: Language | None = None) -> tuple[list[NoteHit], bool]:
        """Hits, and whether the notes cover the question at all (see `knowledge.domain`)."""
        vector = self.index.embedder.query_vector(query)
        hits = self.search_notes(query, k, language, vector=vector)
        best = max((h.dense_similarity or 0.0 for h in hits), default=0.0)
        return hits, bool(hits) and self.domain.covers(vector, best)

    def search(self, query: str, k: int = 5, language: Language | None = None) -> list[SearchHit]:
        """Notes best first, with the title and snippet in the query's language when the note has it."""
        query_terms = set(self.tokenizer.tokenize(query))
        return [self._to_hit(hit, query_terms) for hit in self.search_notes(query, k, language)]

    def localized(self, chunk: StoredChunk, language: Language) -> StoredChunk:
        """The same section of the same note in `language`, if the index has it."""
        if chunk.language is language:
            return chunk
        return self._by_section.get((chunk.note_id, language, chunk.section_index), chunk)

    def note_chunks(self, note_id: str, language: Language) -> list[StoredChunk]:
        """All sections of one note in one language (falling back to the other language)."""
        other = Language.EN if language is Language.KO else Language.KO
        return self._sections.get((note_id, language)) or self._sections.get((note_id, other)) or []

    def _first_section(self, note_id: str, language: Language) -> StoredChunk | None:
        sections = self.note_chunks(note_id, language)
        return sections[0] if sections else None

    def _to_hit(self, hit: NoteHit, query_terms: set[str]) -> SearchHit:
        chunk = hit.chunk
        return SearchHit(
            note_id=chunk.note_id,
            title=chunk.title,
            score=round(hit.score, 6),
            snippet=self.snippet(chunk, query_terms),
            language=chunk.language,
            section=chunk.section,
            chunk_id=chunk.chunk_id,
            source=chunk.source,
        )

    def snippet(self, chunk: StoredChunk, query_terms: set[str], limit: int = 240) -> str:
        """The sentence that shares the most terms with the query, and what follows it."""
        body = strip_links(chunk.body)
        sentences = [s.strip(" -*#\t") for s in _SENTENCE.split(body) if s.strip(" -*#\t")]
        if not sentences:
            return ""
        # Substring matching is enough to pick a sentence (stems and morphemes are substrings
        # of the words they come from) and avoids running Kiwi over every sentence.
        lowered = [s.lower() for s in sentences]
        overlap = [sum(1 for term in query_terms if term in s) for s in lowered]
        start = max(range(len(sentences)), key=lambda i: (overlap[i], -i))
        text = " ".join(sentences[start:])
        return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
