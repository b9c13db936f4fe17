"""Language detection and BM25 tokenisation: Kiwi morphemes for Hangul, regex words for Latin."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.types import Language

if TYPE_CHECKING:
    from kiwipiepy import Kiwi, Token

_HANGUL = re.compile(r"[가-힣ㄱ-ㅎㅏ-ㅣ]")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"[a-z0-9]+(?:[.+#][a-z0-9]+)*")
# Kiwi parts of speech that carry meaning for search: nouns, foreign words, numbers,
# verb/adjective stems, roots. Particles, endings and punctuation are dropped.
_KEEP_TAGS = frozenset({"NNG", "NNP", "NR", "SL", "SN", "SH", "VV", "VA", "XR", "MAG", "W_SERIAL"})
_EN_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "should",
        "so",
        "than",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "this",
        "to",
        "use",
        "used",
        "using",
        "vs",
        "was",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)
_KO_STOP = frozenset(
    {
        "하",
        "되",
        "있",
        "없",
        "않",
        "이",
        "그",
        "저",
        "것",
        "수",
        "등",
        "때",
        "좀",
        "더",
        "잘",
        "어떻",
        "어떤",
        "무엇",
        "뭐",
        "왜",
        "언제",
    }
)
_GLOSSARY_FILE = Path(__file__).parent / "glossary.tsv"


def detect_language(text: str) -> Language:
    """Korean when the text has a few Hangul syllables or they are a fair share of the letters.

    Korean engineers mix English terms into Korean sentences ("Kafka rebalancing 은 왜 느려?"),
    so a handful of Hangul syllables (particles, endings) marks a Korean question.
    """
    hangul = len(_HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    return Language.KO if hangul >= 3 or (hangul and hangul * 2 >= latin) else Language.EN


def _stem(word: str) -> str:
    """A light English normaliser so "caches", "cache" and "caching" meet on one token."""
    if len(word) <= 4 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 5:
        return word[:-3] + "y"
    if word.endswith("ing") and len(word) > 6:
        word = word[:-3]
    elif word.endswith("ed") and len(word) > 5:
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("es") and word[-3] in "xsh":
        word = word[:-2]
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def english_tokens(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in _EN_STOP]


@lru_cache(maxsize=1)
def glossary() -> dict[str, list[str]]:
    """Hangul term -> English search tokens (see glossary.tsv)."""
    terms: dict[str, list[str]] = {}
    for line in _GLOSSARY_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        korean, _, english = line.partition("\t")
        terms[korean.strip()] = english_tokens(english)
    return terms


class Tokenizer:
    """BM25 tokens for mixed Korean/English text. Kiwi loads lazily (about 2 s)."""

    def __init__(self) -> None:
        self._kiwi: Kiwi | None = None
        self._lock = threading.Lock()

    def _get_kiwi(self) -> Kiwi:
        with self._lock:
            if self._kiwi is None:
                from kiwipiepy import Kiwi

                # Two workers: batch tokenising (index builds) then uses both cores.
                kiwi = Kiwi(num_workers=2)
                for term in glossary():
                    kiwi.add_user_word(term, "NNP")
                self._kiwi = kiwi
            return self._kiwi

    def warm_up(self) -> None:
        self.tokenize("준비 warm-up")

    def tokenize(self, text: str) -> list[str]:
        if not _HANGUL.search(text):
            return english_tokens(text)
        return self._from_morphemes(self._get_kiwi().tokenize(text))

    def tokenize_many(self, texts: list[str]) -> list[list[str]]:
        """Like `tokenize` for each text; Korean texts go through Kiwi in one parallel batch."""
        korean = [i for i, t in enumerate(texts) if _HANGUL.search(t)]
        out = [english_tokens(t) if not _HANGUL.search(t) else [] for t in texts]
        if korean:
            analysed = self._get_kiwi().tokenize([texts[i] for i in korean])
            for i, morphemes in zip(korean, analysed, strict=True):
                out[i] = self._from_morphemes(morphemes)
        return out

    @staticmethod
    def _from_morphemes(morphemes: Iterable[Token]) -> list[str]:
        tokens: list[str] = []
        terms = glossary()
        for token in morphemes:
            if token.tag not in _KEEP_TAGS:
                continue
            if token.tag in {"SL", "SN"}:
                tokens.extend(english_tokens(token.form))
            elif token.form not in _KO_STOP:
                tokens.append(token.form.lower())
                tokens.extend(terms.get(token.form, ()))
        return tokens


@lru_cache(maxsize=1)
def default_tokenizer() -> Tokenizer:
    """One shared tokenizer per process; Kiwi is expensive to load and thread-safe to read."""
    return Tokenizer()
