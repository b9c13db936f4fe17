"""The bundled notes: complete, bilingual, well-formed, and covering the seed's topics."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.errors import NoteError
from knowledge.notes import NOTES_DIR, chunk_note, iter_bundled_notes, read_note, split_front_matter
from knowledge.types import Language

EN_HEADINGS = [
    "What it is",
    "When to use it",
    "Trade-offs",
    "Typical numbers",
    "What interviewers probe",
    "Common mistakes",
    "Related notes",
]
KO_HEADINGS = ["개념", "언제 쓰나", "트레이드오프", "대표적인 수치", "면접관이 파고드는 질문", "흔한 실수", "관련 노트"]

# Every topic the seed outline and the foundation issue name, by the note that covers it.
REQUIRED_NOTES = {
    # 4-step approach, what is measured, qualities
    "four-step-approach", "what-interviewers-measure", "reliability-scalability-maintainability",
    "back-of-envelope-estimation", "requirements-clarification", "tradeoff-analysis", "failure-modes",
    # CS fundamentals
    "data-structures", "algorithms-and-complexity", "operating-systems", "networking-tcp-udp",
    # architectures
    "distributed-systems-basics", "microservices", "cloud-architecture",
    # scalability and availability
    "horizontal-vertical-scaling", "load-balancing", "caching", "database-sharding", "high-availability",
    # database design
    "normalization", "denormalization", "database-indexing", "distributed-databases",
    # performance
    "replication", "asynchronous-processing", "query-tuning",
    # security
    "encryption", "authentication", "authorization-and-access-control",
    # big data
    "batch-processing", "stream-processing", "data-storage-at-scale",
    # patterns
    "circuit-breaker", "retries-and-backoff",
    # cloud
    "cloud-service-models",
    # building blocks named by the issue
    "stateless-services", "cdn", "message-queues", "consistent-hashing", "rate-limiting", "id-generation",
    "cap-theorem", "consistency-models",
    # MLOps
    "model-serving", "model-versioning-registry", "ab-testing-and-rollback", "ml-data-management",
    "ml-ci-cd", "model-monitoring-and-drift", "model-retraining",
}  # fmt: skip


@pytest.fixture(scope="module")
def notes() -> list:
    return list(iter_bundled_notes())


def test_at_least_sixty_notes_each_in_both_languages(notes: list) -> None:
    by_lang = {lang: {n.id for n in notes if n.language is lang} for lang in Language}
    assert len(by_lang[Language.EN]) >= 60
    assert by_lang[Language.EN] == by_lang[Language.KO]


def test_every_seed_topic_has_a_note(notes: list) -> None:
    ids = {n.id for n in notes}
    assert ids >= REQUIRED_NOTES, sorted(REQUIRED_NOTES - ids)


def test_both_versions_share_front_matter_and_ids_match_file_names() -> None:
    for en_path in sorted((NOTES_DIR / "en").glob("*.md")):
        ko_path = NOTES_DIR / "ko" / en_path.name
        en_meta, _ = split_front_matter(en_path.read_text(encoding="utf-8"))
        ko_meta, _ = split_front_matter(ko_path.read_text(encoding="utf-8"))
        assert en_meta == ko_meta, en_path.name
        assert en_meta is not None and en_meta["id"] == en_path.stem
        assert set(en_meta) >= {"id", "title_en", "title_ko", "category", "tags", "related"}


def test_every_note_has_the_seven_sections_in_order(notes: list) -> None:
    for note in notes:
        expected = KO_HEADINGS if note.language is Language.KO else EN_HEADINGS
        assert [s.heading for s in note.sections] == expected, (note.id, note.language)
        for section in note.sections:
            assert len(section.body) > 80, (note.id, note.language, section.heading)


def test_related_links_point_at_existing_notes(notes: list) -> None:
    ids = {n.id for n in notes}
    for note in notes:
        assert note.meta.related, note.id
        assert set(note.meta.related) <= ids, (note.id, set(note.meta.related) - ids)
        assert note.id not in note.meta.related


def test_korean_versions_are_korean(notes: list) -> None:
    for note in notes:
        hangul = sum(1 for ch in note.text() if "가" <= ch <= "힣")
        if note.language is Language.KO:
            assert hangul > 300, note.id
        else:
            assert hangul == 0, note.id


def test_chunks_follow_headings_and_carry_the_title(notes: list) -> None:
    note = next(n for n in notes if n.id == "consistent-hashing" and n.language is Language.EN)
    chunks = chunk_note(note)
    assert [c.section for c in chunks] == EN_HEADINGS
    assert all(c.text.startswith("Consistent hashing - ") for c in chunks)
    assert len({c.chunk_id for c in chunks}) == len(chunks)
    assert len({c.content_hash for c in chunks}) == len(chunks)


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("---\nid: x\ntitle_en: X\n# never closed\n\nbody", "never closed"),
        ("---\nid: [unbalanced\n---\n# T\n\nbody text", "not valid YAML"),
        ("---\n- just\n- a list\n---\n# T\n\nbody text", "not a mapping"),
        ("---\nid: Bad Id!\n---\n# T\n\nbody text", "front matter field id"),
        ("---\nid: empty\n---\n", "no text"),
    ],
)
def test_broken_notes_are_reported_by_name(tmp_path: Path, content: str, message: str) -> None:
    path = _write(tmp_path, "broken.md", content)
    with pytest.raises(NoteError) as info:
        read_note(path, source="user")
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_a_note_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    path = _write(tmp_path, "latin1.md", "# Caf\xe9\n\nna\xefve text".encode("latin-1"))
    with pytest.raises(NoteError, match="not UTF-8"):
        read_note(path, source="user")


def test_a_note_without_front_matter_gets_id_title_and_language_from_the_file(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "My Queue Notes.md",
        "# 메시지 큐 정리\n\n## 핵심\n카프카는 로그 기반이고 오프셋으로 다시 읽을 수 있다.\n",
    )
    note = read_note(path, source="user")
    assert note.id == "my-queue-notes"
    assert note.title == "메시지 큐 정리"
    assert note.language is Language.KO
    assert [s.heading for s in note.sections] == ["핵심"]


def test_front_matter_numbers_in_tags_become_words(tmp_path: Path) -> None:
    path = _write(tmp_path, "t.md", "---\nid: t\ntitle: T\ntags: [429, retry]\n---\n# T\n\nSome text here.\n")
    assert read_note(path, source="user").meta.tags == ["429", "retry"]


def test_front_matter_cannot_construct_python_objects(tmp_path: Path) -> None:
    path = _write(tmp_path, "evil.md", "---\nid: !!python/object/apply:os.system ['true']\n---\n# T\n\nbody text\n")
    with pytest.raises(NoteError, match="not valid YAML"):
        read_note(path, source="user")
