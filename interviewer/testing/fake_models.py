"""An in-process chat model that replies from a script and records every call."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field, PrivateAttr

Responder = Callable[[Sequence[BaseMessage]], str]


class ScriptedChatModel(BaseChatModel):
    """Replies with queued texts in order (or from `responder`), recording the messages it got.

    `assert_complete()` checks that every queued reply was used.
    """

    replies: list[str] = Field(default_factory=list)
    responder: Responder | None = None
    _calls: list[list[BaseMessage]] = PrivateAttr(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted"

    @property
    def calls(self) -> list[list[BaseMessage]]:
        return self._calls

    def enqueue(self, *texts: str) -> None:
        self.replies.extend(texts)

    def assert_complete(self) -> None:
        if self.replies:
            raise AssertionError(f"{len(self.replies)} scripted replies were never used")

    def _next(self, messages: Sequence[BaseMessage]) -> str:
        self._calls.append(list(messages))
        if self.replies:
            return self.replies.pop(0)
        if self.responder is not None:
            return self.responder(messages)
        raise AssertionError("ScriptedChatModel ran out of replies")

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self._next(messages)))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        text = self._next(messages)
        for piece in text.split(" "):
            yield ChatGenerationChunk(message=AIMessageChunk(content=piece + " "))
