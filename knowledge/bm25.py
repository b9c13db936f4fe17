"""Lexical retrieval: BM25 (bm25s) over Kiwi/regex tokens, with a token cache on disk."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import bm25s
import numpy as np

from knowledge.text import Tokenizer

log = logging.getLogger(__name__)


class BM25Index:
    """BM25 over a fixed list of documents, addressed by position."""

    def __init__(self, ids: list[str], tokens: list[list[str]]) -> None:
        self.ids = ids
        self._retriever = bm25s.BM25()
        self._empty = not ids
        if ids:
            # bm25s needs at least one token per document to keep positions aligned.
            self._retriever.index([t or ["\u2205"] for t in tokens], show_progress=False)
        self._vocab: dict[str, int] = dict(self._retriever.vocab_dict or {}) if ids else {}

    @classmethod
    def build(
        cls,
        ids: list[str],
        texts: list[str],
        tokenizer: Tokenizer,
        cache_dir: Path | None = None,
        fingerprint: str | None = None,
    ) -> BM25Index:
        """Tokenise (or load the cached tokens for this fingerprint) and index."""
        cache = cache_dir / f"bm25-tokens-{fingerprint}.json" if cache_dir and fingerprint else None
        tokens: list[list[str]] | None = None
        if cache and cache.exists():
            try:
                data = json.loads(cache.read_text(encoding="utf-8"))
                if data.get("ids") == ids:
                    tokens = data["tokens"]
            except (OSError, ValueError, KeyError):
                tokens = None
        if tokens is None:
            tokens = tokenizer.tokenize_many(texts)
            if cache:
                try:
                    cache.parent.mkdir(parents=True, exist_ok=True)
                    for old in cache.parent.glob("bm25-tokens-*.json"):
                        old.unlink(missing_ok=True)
                    cache.write_text(json.dumps({"ids": ids, "tokens": tokens}, ensure_ascii=False), encoding="utf-8")
                except OSError as exc:  # a read-only data dir only costs start-up time
                    log.warning("cannot write the BM25 token cache: %s", exc)
        return cls(ids, tokens)

    def search(self, query_tokens: list[str], k: int) -> list[tuple[str, float]]:
        """(id, score) best first, documents with a zero score left out."""
        known = [t for t in query_tokens if t in self._vocab]
        if self._empty or not known:
            return []
        scores = np.asarray(self._retriever.get_scores(known), dtype=np.float32)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]
