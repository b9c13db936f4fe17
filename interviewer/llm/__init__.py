"""Chat-model providers behind LangChain's `BaseChatModel`; only `providers.py` imports an SDK."""

from interviewer.llm.providers import build_chat_model, describe_provider, invoke_text, stream_text

__all__ = ["build_chat_model", "describe_provider", "invoke_text", "stream_text"]
