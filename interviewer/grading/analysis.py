"""What a transcript shows, turn by turn: the facts the candidate uncovered, the assumptions
stated, how each added constraint was handled, reasoned sentences and their topics,
estimates and their accuracy, and the wrap-up. Both graders and the feedback read this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from interviewer.estimates import judge
from interviewer.grading import signals as sig
from interviewer.grading.result import Evidence
from interviewer.grading.transcript import Transcript, Turn
from interviewer.numbers import find_numbers
from interviewer.observation import Premise
from interviewer.observer import OfflineObserver, fact_categories, is_question, meta_kinds, split_sentences
from knowledge.pitfalls import Pitfall, pitfalls_for
from knowledge.scenarios import Constraint, Scenario
from knowledge.text import Tokenizer
from knowledge.types import Phase

# Share of a hidden fact's words the interviewer's reply must repeat for the fact to count
# as revealed (the candidate asked for it even if our matcher missed the wording).
REVEAL_OVERLAP = 0.45
CONSTRAINT_OVERLAP = 0.35
# An added constraint counts as adapted to from this adaptation score up; measured on the
# labeled transcripts: brushed-off constraints score 0.35-0.62, real adaptations 0.85-1.
ADAPTED = 0.7
REPEAT_JACCARD = 0.75
_GENERIC = {
    # Words anyone can say about any system; they anchor nothing to this problem.
    "scalable", "scalability", "scale", "reliable", "reliability", "fast", "robust", "modern", "popular", "standard",
    "industry", "best", "practice", "good", "great", "high", "low", "performance", "performant", "efficient",
    "system", "service", "data", "user", "use", "need", "make", "sure", "thing", "way", "important",
    "확장성", "안정", "안정적", "빠르", "최신", "업계", "표준", "좋", "중요", "시스템", "서비스", "데이터", "사용", "필요",
}  # fmt: skip
# List markers ("- ", "* ", "> ", "1. ", "2) ") only: a sentence's own leading number is kept
# ("300M links a month", "3천만 팔로워").
_STRIP = re.compile(r"^\s*(?:(?:[-*•>]+|\d{1,2}[.)])\s+)+")


@dataclass
class Sentence:
    turn: int
    index: int  # position in the turn
    text: str
    phase: Phase
    tokens: frozenset[str]
    topics: list[str]
    reason: bool
    compare: bool
    cost: bool
    assume: bool
    failure: bool
    numbers: int
    arithmetic: bool
    question: bool
    anchored: bool
    tied: bool = False  # a number or a requirement word: the claim is about this problem's needs
    vacuous: bool = False
    repeat: bool = False

    @property
    def substantive(self) -> bool:
        """About this design: it names a topic, gives a number or uses the problem's own terms."""
        return not self.repeat and (bool(self.topics) or self.numbers > 0 or self.anchored)

    @property
    def reasoned(self) -> bool:
        """A claim with a reason tied to a requirement (a number, latency, read load...), not
        'because it is scalable'."""
        return self.substantive and self.reason and self.tied and not self.vacuous

    @property
    def weakly_reasoned(self) -> bool:
        return self.substantive and self.reason and not self.reasoned


@dataclass
class ConstraintOutcome:
    constraint: Constraint
    turn: int
    reply_turns: list[int]
    score: float  # 0 ignored .. 1 fully adapted
    best: Sentence | None


@dataclass
class EstimateOutcome:
    turn: int
    estimate_id: str
    value: float
    correct: bool
    quote: str
    premise: str = ""  # what the figure rests on: the candidate's own inputs, or the facts given
    basis: str = "scenario"  # "premises", "facts", "scenario" or "assumption" (see estimates.judge)
    expected: float = 0.0  # the scenario's figure, for "off by how much"

    @property
    def wrong(self) -> bool:
        return not self.correct and self.basis != "assumption"


@dataclass
class PitfallOutcome:
    """A pitfall the candidate walked into (the turn and their words) and where, if anywhere, they fixed it."""

    pitfall: Pitfall
    turn: int
    quote: str
    fixed_turn: int | None = None

    @property
    def open(self) -> bool:
        return self.fixed_turn is None


@dataclass
class Analysis:
    transcript: Transcript
    scenario: Scenario
    phases: list[Phase]
    sentences: list[Sentence]
    facts: dict[str, int] = field(default_factory=dict)  # fact id -> turn it was asked for
    points: dict[str, int] = field(default_factory=dict)
    point_assumed: dict[str, bool] = field(default_factory=dict)
    constraints: list[ConstraintOutcome] = field(default_factory=list)
    estimates: list[EstimateOutcome] = field(default_factory=list)
    wrap: dict[str, Sentence] = field(default_factory=dict)
    ignored: list[Evidence] = field(default_factory=list)
    questions: list[Sentence] = field(default_factory=list)
    pitfalls: list[PitfallOutcome] = field(default_factory=list)
    asked_categories: set[str] = field(default_factory=set)  # kinds of fact asked for, answered or not
    hints: list[int] = field(default_factory=list)  # candidate turns that asked for (and got) a hint
    interviewer_tokens: dict[int, set[str]] = field(default_factory=dict)

    def candidate_sentences(self, phase: Phase | None = None) -> list[Sentence]:
        return [s for s in self.sentences if phase is None or s.phase is phase]


class TranscriptAnalyzer:
    """Reads a transcript for one scenario (deterministic; no model)."""

    def __init__(self, scenario: Scenario, observer: OfflineObserver, tokenizer: Tokenizer) -> None:
        self.scenario = scenario
        self.observer = observer
        self.tokenizer = tokenizer
        self._vocab: dict[str, frozenset[str]] = {}
        self._texts: dict[str, dict[str, set[str]]] = {}

    def _scenario_tokens(self, language: str) -> dict[str, set[str]]:
        """Tokens of every fact (`fact:<id>`), constraint (`constraint:<id>`) and expected
        adaptation (`adapt:<id>`), tokenised once per language."""
        if language not in self._texts:
            s = self.scenario
            keys = [f"fact:{f.id}" for f in s.facts] + [f"constraint:{c.id}" for c in s.constraints]
            keys += [f"adapt:{c.id}" for c in s.constraints]
            texts = [f.text.get(language) for f in s.facts] + [c.text.get(language) for c in s.constraints]
            texts += [c.expected_adaptation.get(language) for c in s.constraints]
            tokens = self.tokenizer.tokenize_many(texts)
            self._texts[language] = {k: set(v) for k, v in zip(keys, tokens, strict=True)}
        return self._texts[language]

    def vocabulary(self, language: str) -> frozenset[str]:
        """The problem's own words (facts, goal, constraints, estimates), minus generic ones."""
        if language not in self._vocab:
            s = self.scenario
            texts = [s.goal.get(language), s.workflow.get(language)]
            texts += [f.text.get(language) for f in s.facts]
            texts += [c.text.get(language) + " " + c.expected_adaptation.get(language) for c in s.constraints]
            texts += [e.quantity.get(language) for e in s.estimates]
            texts += list(s.reference_design.get(language))
            words = {t for tokens in self.tokenizer.tokenize_many(texts) for t in tokens if len(t) > 1}
            self._vocab[language] = frozenset(words - _GENERIC)
        return self._vocab[language]

    def analyze(self, transcript: Transcript) -> Analysis:
        lang = transcript.language.value
        phases = transcript.phases()
        vocab = self.vocabulary(lang)
        analysis = Analysis(transcript=transcript, scenario=self.scenario, phases=phases, sentences=[])
        seen: list[frozenset[str]] = []
        for turn_index, turn in transcript.candidate_turns():
            raw = [_STRIP.sub("", s).strip() for s in split_sentences(turn.content)]
            raw = [s for s in raw if s]
            kept = []
            open_block = False  # inside a bracketed note to the grader that spans sentences
            for text in raw:
                if open_block or sig.has(sig.GRADER_DIRECTED, text):
                    analysis.ignored.append(Evidence(turn=turn_index, quote=_clip(text)))
                    opened = text.count("[") + text.count("(") - text.count("]") - text.count(")")
                    open_block = (open_block and "]" not in text and ")" not in text) or opened > 0
                else:
                    kept.append(text)
            token_lists = self.tokenizer.tokenize_many(kept) if kept else []
            for position, (text, tokens) in enumerate(zip(kept, token_lists, strict=True)):
                token_set = frozenset(tokens)
                repeat = len(token_set) < 3 and not is_question(text)
                if not repeat:
                    repeat = any(_jaccard(token_set, other) >= REPEAT_JACCARD for other in seen)
                if not repeat:
                    seen.append(token_set)
                specific = token_set & vocab
                numbers = find_numbers(text)
                sentence = Sentence(
                    turn=turn_index,
                    index=position,
                    text=text,
                    phase=phases[turn_index],
                    tokens=token_set,
                    topics=self.observer.tagger.tag_tokens(tokens),
                    reason=sig.has(sig.REASON, text),
                    compare=sig.has(sig.COMPARE, text),
                    cost=sig.has(sig.COST, text),
                    assume=sig.has(sig.ASSUME, text),
                    failure=sig.has(sig.FAILURE, text),
                    numbers=len(numbers),
                    arithmetic=len(numbers) >= 2 and sig.has(sig.ARITHMETIC, text),
                    question=is_question(text),
                    anchored=len(specific) >= 2,
                    tied=bool(numbers) or sig.has(sig.REQUIREMENT, text.replace("highly available", "")),
                    vacuous=sig.vacuous_reason(text),
                    repeat=repeat,
                )
                analysis.sentences.append(sentence)
        spoken = [(i, t.content) for i, t in enumerate(transcript.turns) if t.role == "interviewer"]
        tokens_of = self.tokenizer.tokenize_many([text for _, text in spoken]) if spoken else []
        analysis.interviewer_tokens = {i: set(tokens) for (i, _), tokens in zip(spoken, tokens_of, strict=True)}
        self._facts(analysis)
        self._constraints(analysis)
        self._estimates(analysis)
        self._wrap(analysis)
        self._pitfalls(analysis)
        self._hints(analysis)
        return analysis

    def _hints(self, analysis: Analysis) -> None:
        """Hints the candidate asked for: the interviewer's own `hint` actions when the transcript
        has them, else hint requests in the candidate's words."""
        turns = analysis.transcript.turns
        labelled = any(t.actions for t in turns if t.role == "interviewer")
        for index, turn in enumerate(turns):
            if labelled and turn.role == "interviewer" and "hint" in turn.actions and index > 0:
                analysis.hints.append(index - 1)
            elif not labelled and turn.role == "candidate" and "hint" in meta_kinds(turn.content):
                analysis.hints.append(index)

    # -- clarifying questions -------------------------------------------------------------

    def _facts(self, analysis: Analysis) -> None:
        turns = analysis.transcript.turns
        lang = analysis.transcript.language.value
        known = self._scenario_tokens(lang)
        fact_tokens = {f.id: known[f"fact:{f.id}"] for f in self.scenario.facts}
        point_ids = {p.id for p in self.scenario.unspecified}
        by_turn: dict[int, list[Sentence]] = {}
        for s in analysis.sentences:
            by_turn.setdefault(s.turn, []).append(s)
        for turn_index, _turn in analysis.transcript.candidate_turns():
            questions = [s for s in by_turn.get(turn_index, []) if s.question and not s.repeat][:6]
            analysis.questions.extend(questions)
            for q in questions:
                # The kinds of fact a question asks about count as asked even when the interviewer
                # declined to give them: "never established" is not the candidate's fault then.
                analysis.asked_categories.update(fact_categories(q.text))
                owner = self.observer.matcher.match(q.text)
                if owner is None:
                    continue
                kind, _, ident = owner.partition(":")
                if kind == "fact":
                    analysis.facts.setdefault(ident, turn_index)
                elif ident in point_ids:
                    analysis.points.setdefault(ident, turn_index)
            # The interviewer's reply tells which facts were actually asked for.
            reply = _next_interviewer(turns, turn_index)
            if questions and reply is not None:
                reply_tokens = analysis.interviewer_tokens[reply]
                for fact_id, tokens in fact_tokens.items():
                    if tokens and len(tokens & reply_tokens) / len(tokens) >= REVEAL_OVERLAP:
                        analysis.facts.setdefault(fact_id, turn_index)
        # An open point counts as handled when an assumption follows within two candidate turns.
        assumed_turns = sorted({s.turn for s in analysis.sentences if s.assume and s.substantive})
        for point_id, turn in analysis.points.items():
            analysis.point_assumed[point_id] = any(turn <= t <= turn + 4 for t in assumed_turns)

    # -- added constraints ------------------------------------------------------------------

    def _constraints(self, analysis: Analysis) -> None:
        turns = analysis.transcript.turns
        lang = analysis.transcript.language.value
        known = self._scenario_tokens(lang)
        texts = {c.id: known[f"constraint:{c.id}"] for c in self.scenario.constraints}
        introduced: list[tuple[int, Constraint]] = []
        by_id = {c.id: c for c in self.scenario.constraints}
        named = any("constraints" in (t.model_extra or {}) or "solved" in (t.model_extra or {}) for t in turns)
        for index, turn in enumerate(turns):
            if turn.role != "interviewer" or index == 0:
                continue
            if named:
                # A session run here says which constraint each turn raised or found already solved.
                extra = turn.model_extra or {}
                for cid in extra.get("solved", []):
                    if cid in by_id:
                        analysis.constraints.append(self._already_solved(analysis, by_id[cid], index))
                introduced += [(index, by_id[cid]) for cid in extra.get("constraints", []) if cid in by_id]
                continue
            labelled = "constraint" in turn.actions
            if turn.actions and not labelled:
                continue
            tokens = analysis.interviewer_tokens[index]
            best, best_overlap = None, 0.0
            for c in self.scenario.constraints:
                if any(c.id == done.id for _, done in introduced) or not texts[c.id]:
                    continue
                overlap = len(texts[c.id] & tokens) / len(texts[c.id])
                if overlap > best_overlap:
                    best, best_overlap = c, overlap
            threshold = 0.2 if labelled else CONSTRAINT_OVERLAP
            if best is not None and best_overlap >= threshold:
                introduced.append((index, best))
        for n, (index, constraint) in enumerate(introduced):
            end = introduced[n + 1][0] if n + 1 < len(introduced) else len(turns)
            replies = [i for i in range(index + 1, end) if turns[i].role == "candidate"][:2]
            analysis.constraints.append(self._adaptation(analysis, constraint, index, replies, lang))

    def _already_solved(self, analysis: Analysis, constraint: Constraint, turn: int) -> ConstraintOutcome:
        """A constraint the interviewer acknowledged as handled before it was raised: fully adapted,
        quoting the candidate's sentence that handled it (the one nearest its expected fix)."""
        wanted = self._scenario_tokens(analysis.transcript.language.value)[f"adapt:{constraint.id}"] - _GENERIC
        before = [s for s in analysis.sentences if s.turn < turn]
        best = max(before, key=lambda s: len(s.tokens & wanted), default=None)
        return ConstraintOutcome(constraint, turn, [], 1.0, best)

    def _adaptation(
        self, analysis: Analysis, constraint: Constraint, turn: int, replies: list[int], lang: str
    ) -> ConstraintOutcome:
        sentences = [s for s in analysis.sentences if s.turn in replies]
        if not sentences:
            return ConstraintOutcome(constraint, turn, replies, 0.0, None)
        wanted = self._scenario_tokens(lang)[f"adapt:{constraint.id}"] - _GENERIC
        said = set().union(*(s.tokens for s in sentences))
        overlap = len(wanted & said) / max(len(wanted), 1)
        topics = {t for s in sentences for t in s.topics}
        reasoned = [s for s in sentences if s.reasoned]
        score = 0.35 * min(1.0, overlap / 0.3)
        score += 0.3 if topics & set(constraint.notes) else (0.1 if topics else 0.0)
        score += min(0.35, 0.2 * len(reasoned))
        text = " ".join(s.text for s in sentences)
        if sig.has(sig.DISMISSIVE, text) and overlap < 0.2:
            score *= 0.3
        best = max(sentences, key=lambda s: (s.reasoned, len(s.tokens & wanted), len(s.topics)))
        return ConstraintOutcome(constraint, turn, replies, round(min(score, 1.0), 3), best)

    # -- estimates and wrap-up -----------------------------------------------------------

    def _estimates(self, analysis: Analysis) -> None:
        """The interviewer's reading of numbers (unit and noun bind a figure to its quantity), and
        its judgement: right when it follows from the candidate's own premises or the facts given."""
        by_id = {e.id: e for e in self.scenario.estimates}
        earlier: list[Premise] = []
        revealed = list(analysis.facts)
        by_turn: dict[int, list[Sentence]] = {}
        for s in analysis.sentences:
            if not s.repeat:
                by_turn.setdefault(s.turn, []).append(s)
        for turn, sentences in sorted(by_turn.items()):
            if not any(s.numbers for s in sentences):
                continue
            mentions, premises = self.observer.numbers_in([s.text for s in sentences])
            for mention in mentions:
                fact = by_id[mention.estimate_id]
                verdict = judge(mention, fact, earlier, revealed, self.scenario)
                quote = next((s.text for s in sentences if mention.text and mention.text in s.text), sentences[0].text)
                analysis.estimates.append(
                    EstimateOutcome(
                        turn,
                        fact.id,
                        mention.value,
                        verdict.ok and verdict.basis != "assumption",
                        _clip(quote),
                        premise=verdict.premise,
                        basis=verdict.basis,
                        expected=fact.value,
                    )
                )
            earlier = (earlier + premises)[-24:]

    def _pitfalls(self, analysis: Analysis) -> None:
        """Each pitfall at the first sentence that chooses it; fixed when a later turn adopts its fix
        (the same turn's "Kafka partitioned by chat_id" is not the database's fix)."""
        lang = analysis.transcript.language.value
        for pitfall in pitfalls_for(self.scenario.id):
            walked = next((s for s in analysis.sentences if pitfall.shown_in(s.text, lang)), None)
            if walked is None:
                continue
            fixed = next(
                (
                    s.turn
                    for s in analysis.sentences
                    if s.turn > walked.turn and not s.question and pitfall.fixed_in(s.text, lang)
                ),
                None,
            )
            analysis.pitfalls.append(PitfallOutcome(pitfall, walked.turn, _clip(walked.text), fixed))

    def _wrap(self, analysis: Analysis) -> None:
        wrap_turns = [i for i, _ in analysis.transcript.candidate_turns() if analysis.phases[i] is Phase.WRAP_UP]
        if not wrap_turns:
            wrap_turns = [i for i, _ in analysis.transcript.candidate_turns()][-1:]
        for s in analysis.sentences:
            if s.turn not in wrap_turns or s.repeat:
                continue
            for item, pattern in sig.WRAP.items():
                if item not in analysis.wrap and pattern.search(s.text) and (s.substantive or item == "summary"):
                    analysis.wrap[item] = s


def _next_interviewer(turns: list[Turn], index: int) -> int | None:
    for i in range(index + 1, len(turns)):
        if turns[i].role == "interviewer":
            return i
        return None
    return None


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _clip(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


clip = _clip
