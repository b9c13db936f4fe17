"""Concept Q&A: extractive offline answers and grounded model answers, both with citations."""

from __future__ import annotations

import pytest
from langchain_core.messages import BaseMessage

from interviewer.concepts import MAX_QUESTION_CHARS, ConceptAnswerer
from interviewer.errors import ModelUnavailableError, UserInputError
from interviewer.llm import build_chat_model
from interviewer.settings import Settings
from interviewer.testing import ScriptedChatModel, StubOpenAIServer, StubReply
from knowledge.search import HybridRetriever
from knowledge.types import Language


def test_offline_answer_in_korean_with_citations(retriever: HybridRetriever) -> None:
    answer = ConceptAnswerer(retriever).ask("샤딩은 언제 써?")
    assert answer.language is Language.KO and answer.mode == "extractive" and answer.covered
    assert answer.citations[0].note_id == "database-sharding"
    assert answer.citations[0].title in answer.answer
    assert sum("가" <= ch <= "힣" for ch in answer.answer) > 50
    assert "출처" in answer.answer


def test_offline_answer_in_english_starts_with_the_definition(retriever: HybridRetriever) -> None:
    answer = ConceptAnswerer(retriever).ask("What is consistent hashing?")
    assert answer.language is Language.EN
    assert answer.citations[0].note_id == "consistent-hashing"
    assert answer.answer.startswith("**Consistent hashing**")
    assert "adding or removing a node" in answer.answer
    assert "Sources: [1] Consistent hashing (consistent-hashing)" in answer.answer
    assert "](" not in answer.answer  # Markdown links from the notes are flattened


def test_language_can_be_forced(retriever: HybridRetriever) -> None:
    answer = ConceptAnswerer(retriever).ask("what is a circuit breaker?", Language.KO)
    assert answer.language is Language.KO
    assert answer.citations[0].title == "서킷 브레이커" or any("가" <= ch <= "힣" for ch in answer.citations[0].title)


def test_off_topic_question_says_the_notes_do_not_cover_it(retriever: HybridRetriever) -> None:
    en = ConceptAnswerer(retriever).ask("how do I bake sourdough bread?")
    assert not en.covered and en.citations == [] and "do not cover" in en.answer
    ko = ConceptAnswerer(retriever).ask("떡볶이 맛있게 만드는 법 알려줘")
    assert not ko.covered and ko.citations == [] and "다루지 않습니다" in ko.answer


@pytest.mark.parametrize("question", ["", "   \n\t ", "\x00\x07"])
def test_empty_questions_are_refused(retriever: HybridRetriever, question: str) -> None:
    with pytest.raises(UserInputError, match="empty"):
        ConceptAnswerer(retriever).ask(question)


def test_huge_questions_are_refused_with_the_limit(retriever: HybridRetriever) -> None:
    with pytest.raises(UserInputError, match=f"{MAX_QUESTION_CHARS:,}"):
        ConceptAnswerer(retriever).ask("why " * MAX_QUESTION_CHARS)


def test_streaming_yields_pieces_then_the_answer(retriever: HybridRetriever) -> None:
    items = list(ConceptAnswerer(retriever).stream("what does a CDN do?"))
    *pieces, final = items
    assert len(pieces) > 5 and all(isinstance(p, str) for p in pieces)
    assert "".join(pieces) == final.answer  # type: ignore[union-attr]


def test_model_answer_is_grounded_and_keeps_citations(retriever: HybridRetriever) -> None:
    model = ScriptedChatModel(
        replies=["Use sharding once one primary cannot take the writes [1]. Pick a key with even spread [1]."]
    )
    answer = ConceptAnswerer(retriever, model).ask("when should I shard my database?")
    assert answer.mode == "model" and answer.covered
    assert [c.note_id for c in answer.citations] == ["database-sharding"]
    system, user = model.calls[0]
    assert "only the numbered notes" in str(system.content)
    assert "<notes>" in str(user.content) and "[1] Database sharding" in str(user.content)
    assert "when should I shard my database?" in str(user.content)
    model.assert_complete()


def test_model_is_told_when_the_notes_do_not_cover_the_question(retriever: HybridRetriever) -> None:
    def reply(messages: list[BaseMessage]) -> str:
        assert "no note that clearly covers" in str(messages[-1].content)
        return "Our notes do not cover that."

    answer = ConceptAnswerer(retriever, ScriptedChatModel(responder=reply)).ask("best pizza in Naples?")
    assert not answer.covered and answer.citations == []


def test_model_answer_over_real_http(retriever: HybridRetriever) -> None:
    with StubOpenAIServer() as stub:
        stub.enqueue("Rate limiting caps requests per client, for example with a token bucket [1].")
        settings = Settings(provider="openai", OPENAI_BASE_URL=stub.base_url, OPENAI_API_KEY="sk-x")  # type: ignore[arg-type]
        answer = ConceptAnswerer(retriever, build_chat_model(settings)).ask("레이트 리미터 알고리즘 뭐가 있어?")
        request = stub.requests[0]
    assert answer.citations[0].note_id == "rate-limiting"
    assert "Korean" in request["messages"][0]["content"]
    assert "token bucket" in request["messages"][1]["content"].lower()


def test_model_down_is_a_clear_error(retriever: HybridRetriever) -> None:
    with StubOpenAIServer() as stub:
        stub.enqueue(StubReply.status_code(503), StubReply.status_code(503))
        settings = Settings(provider="openai", OPENAI_BASE_URL=stub.base_url, max_retries=1)  # type: ignore[arg-type]
        with pytest.raises(ModelUnavailableError, match="503"):
            ConceptAnswerer(retriever, build_chat_model(settings)).ask("what is a CDN?")
