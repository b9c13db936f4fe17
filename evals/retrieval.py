"""Retrieval eval: labeled queries (half Korean, half English) against the hybrid search.

A query is answered at k when one of its labeled notes is among the first k notes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, Field

from knowledge.types import Language

DATASETS = Path(__file__).parent / "datasets"
# The tuning set was looked at while improving retrieval; the held-out set, written
# independently, never was. Both are reported and gated.
DATASET = DATASETS / "retrieval_queries.jsonl"
HELDOUT = DATASETS / "retrieval_queries_heldout.jsonl"
SearchFn = Callable[[str, int], list[str]]


class RetrievalQuery(BaseModel):
    id: str
    language: Language
    query: str = Field(min_length=1)
    note_ids: list[str] = Field(min_length=1)
    kind: str = "other"


class QueryResult(BaseModel):
    id: str
    language: Language
    query: str
    expected: list[str]
    got: list[str]
    rank: int | None  # 1-based rank of the first labeled note, None when not in the list


class LanguageMetrics(BaseModel):
    queries: int
    recall_at_1: float
    recall_at_3: float
    recall_at_5: float
    mrr: float


class RetrievalReport(BaseModel):
    by_language: dict[Language, LanguageMetrics]
    results: list[QueryResult]

    def metrics(self, prefix: str = "retrieval") -> dict[str, float]:
        flat: dict[str, float] = {}
        for lang, m in self.by_language.items():
            flat[f"{prefix}.{lang.value}.recall@1"] = m.recall_at_1
            flat[f"{prefix}.{lang.value}.recall@3"] = m.recall_at_3
            flat[f"{prefix}.{lang.value}.recall@5"] = m.recall_at_5
            flat[f"{prefix}.{lang.value}.mrr"] = m.mrr
        return flat

    def misses(self, k: int = 3) -> list[QueryResult]:
        return [r for r in self.results if r.rank is None or r.rank > k]


def load_queries(path: Path = DATASET) -> list[RetrievalQuery]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [RetrievalQuery.model_validate(json.loads(line)) for line in lines if line.strip()]


def evaluate(queries: list[RetrievalQuery], search: SearchFn, depth: int = 10) -> RetrievalReport:
    results = []
    for q in queries:
        got = search(q.query, depth)
        rank = next((i for i, note_id in enumerate(got, start=1) if note_id in q.note_ids), None)
        results.append(
            QueryResult(id=q.id, language=q.language, query=q.query, expected=q.note_ids, got=got, rank=rank)
        )
    by_language = {}
    for lang in Language:
        mine = [r for r in results if r.language is lang]
        if not mine:
            continue
        n = len(mine)
        by_language[lang] = LanguageMetrics(
            queries=n,
            recall_at_1=sum(1 for r in mine if r.rank == 1) / n,
            recall_at_3=sum(1 for r in mine if r.rank is not None and r.rank <= 3) / n,
            recall_at_5=sum(1 for r in mine if r.rank is not None and r.rank <= 5) / n,
            mrr=sum(1.0 / r.rank for r in mine if r.rank) / n,
        )
    return RetrievalReport(by_language=by_language, results=results)
