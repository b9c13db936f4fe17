"""Hybrid retrieval: dense (E5 in Chroma) and BM25 results fused by reciprocal rank fusion."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from knowledge.bm25 import BM25Index
from knowledge.index import KnowledgeIndex, StoredChunk
from knowledge.text import Tokenizer, detect_language
from knowledge.types import Language

RRF_K = 60
CANDIDATES = 40
_SENTENCE = re.compile(r"(?<=[.!?。])\s+|\n+")


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
class ChunkHit:
    """One chunk with its fused score and the evidence behind it."""

    chunk: StoredChunk
    score: float
    dense_similarity: float | None
    bm25_score: float | None


class HybridRetriever:
    """Dense + BM25 retrieval over the note index, best note first."""

    def __init__(self, index: KnowledgeIndex, tokenizer: Tokenizer, cache_dir: Path | None = None) -> None:
        self.index = index
        self.tokenizer = tokenizer
        self._cache_dir = cache_dir
        self.reload()

    def reload(self) -> None:
        """Re-read the chunks (after a sync) and rebuild the BM25 side."""
        chunks = self.index.all_chunks()
        self.chunks = {c.chunk_id: c for c in chunks}
        self._by_section = {(c.note_id, c.language, c.section_index): c for c in chunks}
        self.bm25 = BM25Index.build(
            [c.chunk_id for c in chunks],
            [c.text for c in chunks],
            self.tokenizer,
            cache_dir=self._cache_dir,
            fingerprint=self.index.fingerprint() if self._cache_dir else None,
        )

    def search_chunks(self, query: str, k: int = CANDIDATES) -> list[ChunkHit]:
        """Chunks by fused score: sum over both lists of 1 / (RRF_K + rank)."""
        vector = self.index.embedder.query_vector(query)
        dense = self.index.dense_search(vector, CANDIDATES)
        lexical = self.bm25.search(self.tokenizer.tokenize(query), CANDIDATES)
        scores: dict[str, float] = {}
        sims: dict[str, float] = {}
        lex: dict[str, float] = {}
        for rank, (cid, sim) in enumerate(dense, start=1):
            scores[cid] = scores.get(cid, 0.0) + 1.0 / (RRF_K + rank)
            sims[cid] = sim
        for rank, (cid, score) in enumerate(lexical, start=1):
            scores[cid] = scores.get(cid, 0.0) + 1.0 / (RRF_K + rank)
            lex[cid] = score
        ordered = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        return [
            ChunkHit(self.chunks[cid], score, sims.get(cid), lex.get(cid))
            for cid, score in ordered
            if cid in self.chunks
        ]

    def search(self, query: str, k: int = 5, language: Language | None = None) -> list[SearchHit]:
        """Notes best first; each note's score is its best chunk's fused score.

        The snippet and title come from the note's version in the query's language
        when there is one.
        """
        lang = language or detect_language(query)
        best: dict[str, ChunkHit] = {}
        for hit in self.search_chunks(query):
            seen = best.get(hit.chunk.note_id)
            if seen is None or hit.score > seen.score:
                best[hit.chunk.note_id] = hit
        ranked = sorted(best.values(), key=lambda h: (-h.score, h.chunk.note_id))[:k]
        query_terms = set(self.tokenizer.tokenize(query))
        return [self._to_hit(h, lang, query_terms) for h in ranked]

    def localized(self, chunk: StoredChunk, language: Language) -> StoredChunk:
        """The same section of the same note in `language`, if the index has it."""
        if chunk.language is language:
            return chunk
        return self._by_section.get((chunk.note_id, language, chunk.section_index), chunk)

    def note_chunks(self, note_id: str, language: Language) -> list[StoredChunk]:
        """All sections of one note in one language (falling back to the other language)."""
        own = [c for c in self.chunks.values() if c.note_id == note_id and c.language is language]
        if not own:
            own = [c for c in self.chunks.values() if c.note_id == note_id]
        return sorted(own, key=lambda c: c.section_index)

    def _to_hit(self, hit: ChunkHit, language: Language, query_terms: set[str]) -> SearchHit:
        chunk = self.localized(hit.chunk, language)
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
        body = chunk.text.split("\n", 1)[1] if "\n" in chunk.text else chunk.text
        sentences = [s.strip(" -*#\t") for s in _SENTENCE.split(body) if s.strip(" -*#\t")]
        if not sentences:
            return ""
        overlap = [len(query_terms & set(self.tokenizer.tokenize(s))) for s in sentences]
        start = max(range(len(sentences)), key=lambda i: (overlap[i], -i))
        text = " ".join(sentences[start:])
        return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
