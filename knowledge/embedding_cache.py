"""Precomputed passage embeddings for the bundled notes, keyed by a digest of the chunk text.

A fresh machine then builds the index in seconds instead of minutes. Only exact
hash matches are used, so a stale cache costs an embedding call, never a wrong
vector; `make embeddings` regenerates it, and a test checks entries against the model.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

BUNDLED_CACHE = Path(__file__).parent / "data" / "note_embeddings.npz"


class EmbeddingCache:
    """text digest -> float32 vector."""

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        self._vectors = vectors

    @classmethod
    def empty(cls) -> EmbeddingCache:
        return cls({})

    @classmethod
    def load(cls, path: Path = BUNDLED_CACHE) -> EmbeddingCache:
        if not path.exists():
            return cls.empty()
        try:
            with np.load(path, allow_pickle=False) as data:
                hashes = [str(h) for h in data["hashes"]]
                matrix = data["vectors"].astype(np.float32)
        except (OSError, KeyError, ValueError):
            return cls.empty()  # a damaged cache only costs time: everything is re-embedded
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        matrix = matrix / np.maximum(norms, 1e-12)
        return cls(dict(zip(hashes, matrix, strict=True)))

    def get(self, text_hash: str) -> np.ndarray | None:
        return self._vectors.get(text_hash)

    def __len__(self) -> int:
        return len(self._vectors)

    def items(self) -> list[tuple[str, np.ndarray]]:
        return list(self._vectors.items())

    @staticmethod
    def save(path: Path, vectors: dict[str, np.ndarray]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        hashes = sorted(vectors)
        matrix = np.vstack([vectors[h] for h in hashes]).astype(np.float16)
        np.savez_compressed(path, hashes=np.array(hashes), vectors=matrix)
