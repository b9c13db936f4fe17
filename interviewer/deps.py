"""Typed dependencies, built once per process from settings and handed to the services."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from langchain_core.language_models import BaseChatModel

from interviewer.llm import build_chat_model, describe_provider
from interviewer.settings import Settings
from knowledge.base import KnowledgeBase
from knowledge.index import ProgressFn, SyncStats


@dataclass
class AppDeps:
    """Settings plus the lazily opened knowledge base and chat model."""

    settings: Settings = field(default_factory=Settings)
    progress: ProgressFn | None = None
    sync_stats: SyncStats | None = None

    @cached_property
    def knowledge(self) -> KnowledgeBase:
        kb = KnowledgeBase.open(self.settings.home, chroma_url=self.settings.chroma_url)
        self.sync_stats = kb.sync(self.progress)
        return kb

    @cached_property
    def chat_model(self) -> BaseChatModel | None:
        return build_chat_model(self.settings)

    @property
    def provider_label(self) -> str:
        return describe_provider(self.settings)
