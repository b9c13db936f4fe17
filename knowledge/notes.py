"""Concept notes: Markdown files with YAML front matter, parsed and chunked by heading.

Bundled notes live in `knowledge/notes/<language>/<id>.md`; both language versions
share the same front matter. Users' own notes (see `ingest`) may omit front matter:
the id, title and language are then derived from the file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from knowledge.errors import NoteError
from knowledge.text import detect_language
from knowledge.types import Language
from knowledge.yamlio import load_yaml

NOTES_DIR = Path(__file__).parent / "notes"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
_SLUG_CHARS = re.compile(r"[^a-z0-9가-힣]+")
MAX_NOTE_BYTES = 1_000_000


class NoteMeta(BaseModel):
    """Front matter of a note (both language versions carry the same)."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1, pattern=r"^[a-z0-9가-힣]+(?:[-_][a-z0-9가-힣]+)*$")
    title_en: str = Field(min_length=1)
    title_ko: str = Field(min_length=1)
    category: str = "user"
    tags: list[str] = Field(default_factory=list)
    related: list[str] = Field(default_factory=list)

    @field_validator("tags", "related", mode="before")
    @classmethod
    def _as_strings(cls, value: object) -> object:
        # YAML reads a tag such as 429 as a number; a tag is a word either way.
        return [str(v) for v in value] if isinstance(value, list) else value

    def title(self, language: Language | str) -> str:
        return self.title_ko if Language(language) is Language.KO else self.title_en


@dataclass(frozen=True)
class Section:
    """One heading of a note and the text under it."""

    heading: str
    body: str


@dataclass(frozen=True)
class Note:
    """One language version of a note."""

    meta: NoteMeta
    language: Language
    sections: tuple[Section, ...]
    source: str  # "builtin" or "user"
    path: Path

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def title(self) -> str:
        return self.meta.title(self.language)

    def text(self) -> str:
        return "\n\n".join(f"{s.heading}\n{s.body}" for s in self.sections)


@dataclass(frozen=True)
class Chunk:
    """A searchable piece of a note: one section, with what the index stores."""

    chunk_id: str
    note_id: str
    language: Language
    title: str
    section: str
    section_index: int
    category: str
    source: str
    text: str
    tags: str = ""

    @property
    def text_hash(self) -> str:
        """What the embedding depends on: the text alone."""
        return text_digest(self.text)

    @property
    def content_hash(self) -> str:
        """Changes when anything stored for the chunk changes (text, title, tags, place)."""
        key = "\x1f".join([self.text, self.title, self.section, str(self.section_index), self.category, self.tags])
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]

    def metadata(self) -> dict[str, str | int]:
        return {
            "note_id": self.note_id,
            "language": self.language.value,
            "title": self.title,
            "section": self.section,
            "section_index": self.section_index,
            "category": self.category,
            "source": self.source,
            "tags": self.tags,
            "hash": self.content_hash,
            "text_hash": self.text_hash,
        }


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def slugify(text: str) -> str:
    """A lowercase-hyphenated id for a file name or heading."""
    return _SLUG_CHARS.sub("-", text.lower()).strip("-") or "note"


def split_front_matter(text: str) -> tuple[dict[str, object] | None, str]:
    """Return (front matter mapping or None, body).

    Raises:
        NoteError: the file opens a front matter block that is not valid YAML or not a mapping.
    """
    if not text.startswith("---"):
        return None, text
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise NoteError("front matter is opened with '---' but never closed")
    try:
        data = load_yaml(match.group(1))
    except yaml.YAMLError as exc:
        raise NoteError(f"front matter is not valid YAML ({str(exc).splitlines()[0]})") from exc
    if not isinstance(data, dict):
        raise NoteError("front matter is not a mapping of keys to values")
    return data, text[match.end() :]


def split_sections(body: str) -> tuple[str | None, list[Section]]:
    """Split a Markdown body into (H1 title, sections under H2/H3 headings).

    Text before the first section heading becomes a section headed by the title.
    """
    title: str | None = None
    sections: list[Section] = []
    heading = ""
    lines: list[str] = []

    def flush() -> None:
        text = "\n".join(lines).strip()
        if text:
            sections.append(Section(heading=heading or (title or ""), body=text))

    in_fence = False
    for line in body.splitlines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match and len(match.group(1)) == 1 and title is None and not sections and not "".join(lines).strip():
            title = match.group(2).strip()
            continue
        if match and len(match.group(1)) <= 3:
            flush()
            heading = match.group(2).strip()
            lines = []
            continue
        lines.append(line)
    flush()
    return title, sections


def parse_note(path: Path, text: str, *, source: str, language: Language | None = None) -> Note:
    """Parse one note file's text.

    Raises:
        NoteError: broken front matter, invalid fields, or no content.
    """
    data, body = split_front_matter(text)
    h1, sections = split_sections(body)
    if not sections:
        raise NoteError("the note has no text")
    lang = language or _declared_language(data) or detect_language(body)
    fields = dict(data or {})
    fallback_title = h1 or path.stem.replace("-", " ").replace("_", " ")
    if "title" in fields and "title_en" not in fields and "title_ko" not in fields:
        fields["title_en"] = fields["title_ko"] = fields["title"]
    fields.setdefault("id", slugify(path.stem))
    fields.setdefault("title_en", fallback_title)
    fields.setdefault("title_ko", fallback_title)
    for key in ("tags", "related"):
        if isinstance(fields.get(key), str):
            fields[key] = [t.strip() for t in str(fields[key]).split(",") if t.strip()]
    try:
        meta = NoteMeta.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise NoteError(f"front matter field {loc}: {first['msg']}") from exc
    return Note(meta=meta, language=lang, sections=tuple(sections), source=source, path=path)


def _declared_language(data: dict[str, object] | None) -> Language | None:
    value = (data or {}).get("language") or (data or {}).get("lang")
    try:
        return Language(str(value)) if value else None
    except ValueError:
        return None


def read_note(path: Path, *, source: str, language: Language | None = None) -> Note:
    """Read and parse a note file; every failure is a `NoteError` naming the file."""
    try:
        if path.stat().st_size > MAX_NOTE_BYTES:
            raise NoteError(f"{path}: larger than {MAX_NOTE_BYTES // 1000} kB")
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NoteError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise NoteError(f"{path}: cannot read ({exc.strerror})") from None
    if "\x00" in text:
        raise NoteError(f"{path}: binary content, not a Markdown note")
    try:
        return parse_note(path, text, source=source, language=language)
    except NoteError as exc:
        raise NoteError(f"{path}: {exc}") from None


def iter_bundled_notes(folder: Path = NOTES_DIR) -> Iterator[Note]:
    """Both language versions of every bundled note (errors are fatal: it is our data)."""
    for lang in Language:
        for path in sorted((folder / lang.value).glob("*.md")):
            yield read_note(path, source="builtin", language=lang)


def iter_markdown_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Markdown files under the given files and folders, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in {".md", ".markdown"} and p.is_file())
        else:
            yield path


def chunk_note(note: Note) -> list[Chunk]:
    """One chunk per section; the title and heading are part of the text so each chunk
    stands alone when retrieved."""
    chunks = []
    for index, section in enumerate(note.sections):
        heading = section.heading if section.heading != note.title else ""
        head = f"{note.title} - {heading}" if heading else note.title
        chunk_id = f"{note.source}:{note.id}:{note.language.value}:{index}"
        chunks.append(
            Chunk(
                chunk_id=chunk_id,
                note_id=note.id,
                language=note.language,
                title=note.title,
                section=heading,
                section_index=index,
                category=note.meta.category,
                source=note.source,
                text=f"{head}\n{section.body}",
                tags=", ".join(note.meta.tags),
            )
        )
    return chunks


@dataclass(frozen=True)
class NoteCatalog:
    """Notes by id and language, for titles, browsing and answer building."""

    notes: dict[tuple[str, Language], Note]

    @classmethod
    def from_notes(cls, notes: Iterable[Note]) -> NoteCatalog:
        return cls({(n.id, n.language): n for n in notes})

    def ids(self) -> list[str]:
        return sorted({note_id for note_id, _ in self.notes})

    def get(self, note_id: str, language: Language | str) -> Note | None:
        lang = Language(language)
        other = Language.EN if lang is Language.KO else Language.KO
        return self.notes.get((note_id, lang)) or self.notes.get((note_id, other))

    def title(self, note_id: str, language: Language | str) -> str:
        note = self.get(note_id, language)
        return note.meta.title(language) if note else note_id

    def all(self) -> list[Note]:
        return list(self.notes.values())


@lru_cache(maxsize=1)
def bundled_catalog() -> NoteCatalog:
    """The bundled notes (read once; package data does not change at run time)."""
    return NoteCatalog.from_notes(iter_bundled_notes())
