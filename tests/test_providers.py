"""The real OpenAI client path, over real HTTP against the stub server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from langchain_core.messages import HumanMessage

from interviewer.errors import ConfigurationError, ModelOutputError, ModelUnavailableError
from interviewer.llm import build_chat_model, describe_provider, invoke_text, stream_text
from interviewer.settings import ProviderName, Settings
from interviewer.testing import StubOpenAIServer, StubReply

SECRET = "sk-test-secret-never-printed"


@pytest.fixture
def stub() -> Iterator[StubOpenAIServer]:
    with StubOpenAIServer() as server:
        yield server


def _settings(stub: StubOpenAIServer, **extra: object) -> Settings:
    values: dict[str, object] = {
        "provider": "openai",
        "OPENAI_API_KEY": SECRET,
        "OPENAI_BASE_URL": stub.base_url,
        "model": "stub-model",
        "request_timeout": 2.0,
        "max_retries": 2,
    }
    values.update(extra)
    return Settings(**values)  # type: ignore[arg-type]


def test_auto_provider_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().resolved_provider() is ProviderName.OFFLINE
    assert build_chat_model(Settings()) is None
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    settings = Settings()
    assert settings.resolved_provider() is ProviderName.OPENAI
    assert SECRET not in repr(settings) and SECRET not in str(settings.model_dump())
    monkeypatch.delenv("OPENAI_API_KEY")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1")
    assert Settings().resolved_provider() is ProviderName.OPENAI
    monkeypatch.setenv("INTERVIEWER_PROVIDER", "OFFLINE")
    assert Settings().resolved_provider() is ProviderName.OFFLINE


def test_openai_without_key_or_url_says_how_to_fix_it() -> None:
    with pytest.raises(ConfigurationError, match=r"OPENAI_API_KEY.*offline provider works"):
        build_chat_model(Settings(provider=ProviderName.OPENAI))


def test_completion_and_streaming_over_http(stub: StubOpenAIServer) -> None:
    settings = _settings(stub)
    model = build_chat_model(settings)
    assert model is not None
    stub.enqueue("a plain answer", "streamed in several pieces")
    assert invoke_text(model, [HumanMessage("hi")]) == "a plain answer"
    pieces = list(stream_text(model, [HumanMessage("hi")]))
    assert len(pieces) > 1 and "".join(pieces) == "streamed in several pieces"
    assert stub.requests[0]["model"] == "stub-model"
    assert stub.requests[1]["stream"] is True
    assert describe_provider(settings) == f"openai:stub-model at {stub.base_url}"


def test_429_then_success_is_retried(stub: StubOpenAIServer) -> None:
    model = build_chat_model(_settings(stub))
    assert model is not None
    stub.enqueue(StubReply.status_code(429), "after the rate limit")
    assert invoke_text(model, [HumanMessage("hi")]) == "after the rate limit"
    assert len(stub.requests) == 2


def test_repeated_500_becomes_one_clear_error_without_the_key(stub: StubOpenAIServer) -> None:
    model = build_chat_model(_settings(stub, max_retries=1))
    assert model is not None
    stub.enqueue(StubReply.status_code(500), StubReply.status_code(500))
    with pytest.raises(ModelUnavailableError) as info:
        invoke_text(model, [HumanMessage("hi")])
    assert "HTTP 500" in str(info.value) and SECRET not in str(info.value)
    assert len(stub.requests) == 2


def test_a_hang_past_the_timeout_is_reported(stub: StubOpenAIServer) -> None:
    model = build_chat_model(_settings(stub, request_timeout=0.5, max_retries=0))
    assert model is not None
    stub.enqueue(StubReply.hang(3))
    with pytest.raises(ModelUnavailableError, match="timed out"):
        invoke_text(model, [HumanMessage("hi")])


def test_malformed_json_is_a_clear_error(stub: StubOpenAIServer) -> None:
    model = build_chat_model(_settings(stub, max_retries=0))
    assert model is not None
    stub.enqueue(StubReply.malformed())
    with pytest.raises(ModelOutputError, match="could not be read"):
        invoke_text(model, [HumanMessage("hi")])


def test_a_server_that_is_down_is_unavailable() -> None:
    server = StubOpenAIServer().start()
    url = server.base_url
    server.stop()
    settings = Settings(provider="openai", OPENAI_BASE_URL=url, request_timeout=1.0, max_retries=0)  # type: ignore[arg-type]
    model = build_chat_model(settings)
    assert model is not None
    with pytest.raises(ModelUnavailableError, match="could not be reached"):
        invoke_text(model, [HumanMessage("hi")])
