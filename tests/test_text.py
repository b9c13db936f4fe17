"""Tokenisation for BM25 and language detection."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.text import default_tokenizer, detect_language, english_tokens, glossary
from knowledge.types import Language


def test_korean_particles_and_endings_are_dropped() -> None:
    tokens = default_tokenizer().tokenize("샤딩은 언제 써야 하나요?")
    assert "샤딩" in tokens
    assert not {"은", "나요", "?"} & set(tokens)


def test_glossary_maps_hangul_loanwords_to_english_tokens() -> None:
    tokens = default_tokenizer().tokenize("카프카랑 레디스 차이")
    assert {"카프카", "kafka", "레디스"} <= set(tokens)
    assert set(glossary()["레디스"]) <= set(tokens)


def test_english_inflections_meet_on_one_token() -> None:
    assert english_tokens("caches") == english_tokens("cache") == english_tokens("caching")
    assert english_tokens("indexes") == english_tokens("index")
    assert english_tokens("the what and of") == []


def test_mixed_text_keeps_english_terms_inside_korean() -> None:
    tokens = default_tokenizer().tokenize("Redis 캐시 TTL은 얼마로?")
    assert english_tokens("Redis")[0] in tokens
    assert "ttl" in tokens and "캐시" in tokens


def test_language_detection() -> None:
    assert detect_language("what is consistent hashing?") is Language.EN
    assert detect_language("일관된 해싱이 뭐야?") is Language.KO
    assert detect_language("Kafka consumer group rebalancing 은 왜 느려?") is Language.KO
    assert detect_language("What does 샤딩 mean?") is Language.EN
    assert detect_language("") is Language.EN


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_tokenize_never_fails_and_yields_lowercase_words(text: str) -> None:
    for token in default_tokenizer().tokenize(text):
        assert token and token == token.lower() and not token.isspace()


def test_korean_particles_follow_the_last_syllable() -> None:
    from interviewer.korean import attach_particles

    assert attach_particles("캐싱은(는) 서버을(를) 샤딩와(과) 큐이(가)") == "캐싱은 서버를 샤딩과 큐가"
    assert attach_particles("파일(으)로 서버(으)로 100(으)로") == "파일로 서버로 100으로"
