"""Build the configured chat model and call it with errors translated to ours.

Transport retries (429, 5xx, timeouts, connection errors, with exponential backoff)
belong to the OpenAI SDK (`max_retries`); after they are spent the caller gets a
`ModelUnavailableError` with one clear line, and the key never appears in it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import openai
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage

from interviewer.errors import ConfigurationError, ModelOutputError, ModelUnavailableError
from interviewer.settings import ProviderName, Settings

# Local OpenAI-compatible servers (Ollama, vLLM, llama.cpp) ignore the key, but the SDK wants one.
_PLACEHOLDER_KEY = "not-needed"


def build_chat_model(settings: Settings) -> BaseChatModel | None:
    """The chat model for the configured provider; None means offline (no model)."""
    provider = settings.resolved_provider()
    if provider is ProviderName.OFFLINE:
        return None
    if settings.openai_api_key is None and not settings.openai_base_url:
        raise ConfigurationError(
            "INTERVIEWER_PROVIDER=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local "
            "OpenAI-compatible server); the offline provider works without either."
        )
    from langchain_openai import ChatOpenAI

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else _PLACEHOLDER_KEY
    return ChatOpenAI(
        model=settings.model,
        api_key=key,
        base_url=settings.openai_base_url,
        timeout=settings.request_timeout,
        max_retries=settings.max_retries,
        temperature=0.3,
    )


def describe_provider(settings: Settings) -> str:
    """What the user sees: "offline", or the model name and where it is served."""
    provider = settings.resolved_provider()
    if provider is ProviderName.OFFLINE:
        return "offline"
    where = f" at {settings.openai_base_url}" if settings.openai_base_url else ""
    return f"openai:{settings.model}{where}"


def _unavailable(exc: Exception) -> ModelUnavailableError:
    if isinstance(exc, openai.APITimeoutError):
        why = "timed out"
    elif isinstance(exc, openai.APIConnectionError):
        why = "could not be reached"
    elif isinstance(exc, openai.RateLimitError):
        why = "kept answering 429 (rate limited)"
    elif isinstance(exc, openai.AuthenticationError):
        return ModelUnavailableError("the model server rejected the API key (401); check OPENAI_API_KEY")
    elif isinstance(exc, openai.APIStatusError):
        why = f"answered HTTP {exc.status_code}"
    else:
        why = f"failed ({type(exc).__name__})"
    return ModelUnavailableError(
        f"the model server {why} after retries; try again, or use INTERVIEWER_PROVIDER=offline"
    )


def invoke_text(model: BaseChatModel, messages: Sequence[BaseMessage]) -> str:
    """One completion as text."""
    try:
        reply = model.invoke(list(messages))
    except openai.APIError as exc:
        raise _unavailable(exc) from exc
    except ValueError as exc:  # malformed JSON or an unexpected payload shape from the server
        raise ModelOutputError(
            f"the model server sent a reply that could not be read ({exc.__class__.__name__})"
        ) from exc
    text = reply.text if isinstance(reply.text, str) else str(reply.content)
    if not text.strip():
        raise ModelOutputError("the model returned an empty reply")
    return text


def stream_text(model: BaseChatModel, messages: Sequence[BaseMessage]) -> Iterator[str]:
    """The reply token by token."""
    try:
        for chunk in model.stream(list(messages)):
            piece = chunk.text if isinstance(chunk.text, str) else str(chunk.content)
            if piece:
                yield piece
    except openai.APIError as exc:
        raise _unavailable(exc) from exc
    except ValueError as exc:
        raise ModelOutputError(
            f"the model server sent a stream that could not be read ({exc.__class__.__name__})"
        ) from exc
