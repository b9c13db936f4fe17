"""Hybrid search over the bundled notes (real model, real Chroma, session index)."""

from __future__ import annotations

import pytest

from knowledge.index import StoredChunk
from knowledge.search import HybridRetriever
from knowledge.types import Language


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("what is consistent hashing?", "consistent-hashing"),
        ("샤딩은 언제 써?", "database-sharding"),
        ("token bucket vs sliding window", "rate-limiting"),
        ("카프카 컨슈머 그룹은 어떻게 동작해?", "message-queues"),
        ("how do I roll back a bad model version safely", "ab-testing-and-rollback"),
        ("모델 성능이 시간이 지나면서 떨어지는 걸 어떻게 감지해?", "model-monitoring-and-drift"),
    ],
)
def test_questions_find_their_note_in_the_top_three(retriever: HybridRetriever, query: str, expected: str) -> None:
    assert expected in [h.note_id for h in retriever.search(query, k=3)]


def test_results_are_notes_best_first_in_the_query_language(retriever: HybridRetriever) -> None:
    hits = retriever.search("캐시 무효화는 어떻게 해?", k=5)
    assert len(hits) == 5
    assert len({h.note_id for h in hits}) == 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(h.language is Language.KO for h in hits)
    assert any("가" <= ch <= "힣" for ch in hits[0].snippet)
    english = retriever.search("how does cache invalidation work?", k=3)
    assert all(h.language is Language.EN for h in english)
    assert english[0].title.isascii()


def test_snippet_starts_at_the_sentence_that_matches(retriever: HybridRetriever) -> None:
    chunk = StoredChunk(
        chunk_id="t", note_id="t", language=Language.EN, title="T", section="S", section_index=0,
        category="c", source="builtin", content_hash="h",
        text="T - S\nFirst sentence about queues. Second one about virtual nodes on a ring. Third about disks.",
    )  # fmt: skip
    terms = set(retriever.tokenizer.tokenize("virtual nodes"))
    assert retriever.snippet(chunk, terms).startswith("Second one about virtual nodes")
    assert len(retriever.snippet(chunk, terms, limit=30)) <= 30
    hit = retriever.search("virtual nodes on the hash ring", k=1)[0]
    assert hit.note_id == "consistent-hashing"
    assert len(hit.snippet) <= 240


def test_notes_with_no_shared_term_get_nothing_from_bm25(retriever: HybridRetriever) -> None:
    tokens = retriever.tokenizer.tokenize("zzqx blorf")
    assert retriever.bm25.search(tokens, 10) == []
    # Dense search still ranks something, so the fused list is the dense list alone.
    hits = retriever.search_notes("zzqx blorf", k=3)
    assert hits and all(h.bm25_score is None for h in hits)


def test_fusion_uses_both_sides(retriever: HybridRetriever) -> None:
    hits = retriever.search_notes("Snowflake IDs 64 bit timestamp worker sequence", k=3)
    assert hits[0].note_id == "id-generation"
    assert hits[0].dense_similarity is not None and hits[0].bm25_score is not None


def test_off_topic_questions_are_recognised(retriever: HybridRetriever) -> None:
    for question in ("best pizza dough recipe", "이번 주말 날씨 어때?", "who won the football final?"):
        _, covered = retriever.search_answerable(question, k=3)
        assert not covered, question
    for question in ("when should I add a read replica?", "서킷 브레이커 half-open 상태가 뭐야?"):
        _, covered = retriever.search_answerable(question, k=3)
        assert covered, question
