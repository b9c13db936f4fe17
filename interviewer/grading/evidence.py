"""The offline evidence grader: deterministic rubric scores from what the transcript shows.

Every point of a score comes from a quoted piece of evidence: a clarifying question that
uncovered a hidden fact, an assumption with substance, an adaptation to an added
constraint, a trade-off with a reason and a cost, a building block tied to a requirement,
a correct estimate, a reasoned deep-dive point, a phase of the process. Names without
reasons, repeated sentences and text addressed to the grader earn nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel

from interviewer.grading import signals as sig
from interviewer.grading.analysis import ADAPTED, Analysis, Sentence, clip
from interviewer.grading.result import DimensionGrade, Evidence
from knowledge.rubric import DIMENSION_IDS
from knowledge.scenarios import FactCategory
from knowledge.types import Phase
from knowledge.yamlio import load_yaml

CALIBRATION_FILE = Path(__file__).parent / "calibration.yaml"
HINT_COST = 0.25  # per hint, on handling ambiguity
HINT_COST_MAX = 0.75
PITFALL_CAP = 2.5  # the most a dimension gets while the design walks into one of its pitfalls
CORE_CATEGORIES = {
    FactCategory.SCALE,
    FactCategory.READ_WRITE_RATIO,
    FactCategory.TRAFFIC,
    FactCategory.FEATURES_IN,
    FactCategory.LATENCY,
    FactCategory.AVAILABILITY,
    FactCategory.CONSISTENCY,
}
FUNDAMENTAL_TOPICS = {
    "cap-theorem", "consistency-models", "replication", "database-sharding", "database-indexing", "caching",
    "consistent-hashing", "transactions-and-isolation", "concurrency-and-locking", "idempotency", "latency-numbers",
    "networking-tcp-udp", "http-protocols", "data-structures", "algorithms-and-complexity", "message-queues",
    "distributed-transactions", "distributed-systems-basics", "sql-vs-nosql", "normalization", "denormalization",
    "bloom-filter", "id-generation", "operating-systems",
}  # fmt: skip


class Calibration(BaseModel):
    version: str
    anchors: dict[str, list[float]]


@cache
def load_calibration(path: Path = CALIBRATION_FILE) -> Calibration:
    return Calibration.model_validate(load_yaml(path.read_text(encoding="utf-8")))


def to_score(raw: float, anchors: list[float]) -> float:
    """Piecewise-linear map from raw evidence to 1-5, clamped at both ends."""
    if raw <= anchors[0]:
        return 1.0
    for i in range(1, len(anchors)):
        if raw <= anchors[i]:
            lo, hi = anchors[i - 1], anchors[i]
            return i + (raw - lo) / (hi - lo) if hi > lo else float(i + 1)
    return 5.0


@dataclass
class Finding:
    """One dimension's raw evidence value, its quotes and the facts behind the rationale."""

    raw: float
    evidence: list[Sentence]
    facts: dict[str, object]


def _distinct(sentences: list[Sentence], limit: int | None = None) -> list[Sentence]:
    out = [s for s in sentences if not s.repeat]
    return out[:limit] if limit else out


class EvidenceScorer:
    """Raw evidence per dimension, then calibrated 1-5 scores."""

    def __init__(self, calibration: Calibration | None = None) -> None:
        self.calibration = calibration or load_calibration()

    def findings(self, a: Analysis) -> dict[str, Finding]:
        return {
            "clarification": self._clarification(a),
            "ambiguity": self._ambiguity(a),
            "tradeoffs": self._tradeoffs(a),
            "building_blocks": self._building_blocks(a),
            "fundamentals": self._fundamentals(a),
            "deep_dive": self._deep_dive(a),
            "process": self._process(a),
        }

    def grade(self, a: Analysis) -> dict[str, tuple[float, Finding]]:
        found = self.findings(a)
        scores = {dim: round(to_score(found[dim].raw, self.calibration.anchors[dim]), 1) for dim in DIMENSION_IDS}
        # A design that cannot carry the load, never fixed, caps what it belongs to: fluency does not
        # make up for it.
        for outcome in a.pitfalls:
            if outcome.open:
                for dim in outcome.pitfall.dimensions:
                    scores[dim] = min(scores[dim], PITFALL_CAP)
        # Progress made with the interviewer's help is weighed: each hint costs a little on
        # handling ambiguity (moving forward unaided), never below 1.
        if a.hints:
            cost = min(HINT_COST * len(a.hints), HINT_COST_MAX)
            scores["ambiguity"] = max(1.0, round(scores["ambiguity"] - cost, 1))
        return {dim: (scores[dim], found[dim]) for dim in DIMENSION_IDS}

    # -- dimensions ---------------------------------------------------------------------

    def _clarification(self, a: Analysis) -> Finding:
        categories = {f.id: f.category for f in a.scenario.facts}
        raw = 0.0
        for fact_id, turn in a.facts.items():
            weight = 1.0 if categories[fact_id] in CORE_CATEGORIES else 0.6
            if a.phases[turn] is not Phase.REQUIREMENTS:
                weight *= 0.5  # asked after the design was under way
            raw += weight
        used_numbers = any(e.correct for e in a.estimates) or any(
            s.reasoned and s.numbers for s in a.sentences if s.phase is not Phase.REQUIREMENTS
        )
        if a.facts and used_numbers:
            raw += 1.0
        asked = [q for q in a.questions if q.turn in set(a.facts.values()) | set(a.points.values())]
        core_missing = sorted(
            {f.category.value for f in a.scenario.facts if f.category in CORE_CATEGORIES}
            - {categories[f].value for f in a.facts}
            - a.asked_categories
        )
        return Finding(
            raw,
            asked[:4],
            {"facts": len(a.facts), "of": len(a.scenario.facts), "missing": core_missing, "used": used_numbers},
        )

    def _ambiguity(self, a: Analysis) -> Finding:
        assumptions = _distinct([s for s in a.sentences if s.assume and s.substantive])
        raw = 0.6 * min(len(assumptions), 4)
        raw += 0.4 * sum(1 for ok in a.point_assumed.values() if ok)
        evidence = assumptions[:2]
        if a.constraints:
            mean = sum(c.score for c in a.constraints) / len(a.constraints)
            raw = min(raw, 2.5) + 3.0 * mean
            evidence += [c.best for c in a.constraints if c.best is not None and c.score >= ADAPTED][:2]
        else:
            raw *= 1.6
        ignored = [c.constraint.id for c in a.constraints if c.score < ADAPTED]
        return Finding(
            raw,
            evidence,
            {"assumptions": len(assumptions), "constraints": len(a.constraints), "ignored": ignored},
        )

    def _tradeoffs(self, a: Analysis) -> Finding:
        def weighs(s: Sentence) -> bool:
            strong_cost = sig.has(sig.COST_STRONG, s.text)
            return (s.compare and (s.reason or s.cost)) or (strong_cost and (s.reason or s.compare or s.numbers > 0))

        full = _distinct([s for s in a.sentences if s.substantive and s.tied and not s.vacuous and weighs(s)])
        loose = _distinct([s for s in a.sentences if s.substantive and not s.tied and weighs(s) and s not in full])
        quantified = [s for s in full if s.numbers]
        raw = len(full) + 0.25 * min(len(loose), 4) + 0.3 * min(len(quantified), 4)
        return Finding(raw, (full + loose)[:4], {"tradeoffs": len(full), "quantified": len(quantified)})

    def _building_blocks(self, a: Analysis) -> Finding:
        """Each topic counts once, at the best justification it got. A sentence lends at most two
        topics' worth of credit, so a list of names behind one reason earns little."""
        expected = a.scenario.note_ids()
        credit: dict[str, float] = {}
        quote: dict[str, Sentence] = {}
        mentioned: set[str] = set()
        by_turn: dict[int, list[Sentence]] = {}
        for s in a.sentences:
            by_turn.setdefault(s.turn, []).append(s)
        for sentences in by_turn.values():
            for i, s in enumerate(sentences):
                if s.repeat or not s.topics:
                    continue
                mentioned.update(s.topics)
                follower = sentences[i + 1] if i + 1 < len(sentences) else None
                backed = s.reasoned or (follower is not None and follower.reasoned and not follower.topics)
                if not backed:
                    continue
                share = min(1.0, 2.0 / len(s.topics))
                for topic in s.topics:
                    if share > credit.get(topic, 0.0):
                        credit[topic] = share
                        quote[topic] = s
        on_problem = sum(v for t, v in credit.items() if t in expected)
        off_problem = sum(v for t, v in credit.items() if t not in expected)
        bare = mentioned - set(credit)
        raw = on_problem + 0.3 * off_problem + 0.05 * min(len(bare), 10)
        ordered = sorted({id(s): s for s in quote.values()}.values(), key=lambda s: (s.turn, s.index))
        return Finding(raw, ordered[:4], {"justified": len(credit), "bare": len(bare)})

    def _fundamentals(self, a: Analysis) -> Finding:
        correct = {e.estimate_id: e for e in a.estimates if e.correct}
        wrong = {e.estimate_id for e in a.estimates if e.wrong} - set(correct)
        arithmetic = _distinct([s for s in a.sentences if s.arithmetic])
        concepts = _distinct([s for s in a.sentences if s.reasoned and FUNDAMENTAL_TOPICS & set(s.topics)])
        raw = 1.0 * len(correct) - 0.4 * len(wrong) + 0.4 * min(len(arithmetic), 3) + 0.45 * min(len(concepts), 5)
        evidence = [s for s in a.sentences if any(e.quote == clip(s.text) for e in correct.values())][:2]
        evidence += concepts[:2]
        return Finding(
            max(raw, 0.0),
            evidence,
            {"correct": sorted(correct), "wrong": sorted(wrong), "concepts": len(concepts)},
        )

    def _deep_dive(self, a: Analysis) -> Finding:
        later = [s for s in a.sentences if s.phase in (Phase.DEEP_DIVE, Phase.WRAP_UP) and not s.repeat]
        if not any(s.phase is Phase.DEEP_DIVE for s in a.sentences):
            later = [s for s in a.sentences if s.phase is not Phase.REQUIREMENTS and not s.repeat]
        concrete = [s for s in later if s.substantive and s.tied and not s.vacuous]
        reasoned = [s for s in concrete if s.reason]
        axes = {
            "reliability": [s for s in concrete if sig.has(sig.RELIABILITY, s.text)],
            "scalability": [s for s in concrete if sig.has(sig.SCALABILITY, s.text)],
            "operability": [s for s in concrete if sig.has(sig.OPERABILITY, s.text)],
        }
        failures = [s for s in later if s.failure and s.substantive and s.tied]
        covered = [k for k, v in axes.items() if v]
        raw = 0.25 * min(len(concrete), 10) + 0.2 * min(len(reasoned), 5) + 0.5 * len(covered)
        raw += 0.5 if failures else 0.0
        evidence = [v[0] for v in axes.values() if v] + failures[:1]
        return Finding(raw, evidence[:4], {"reasoned": len(concrete), "axes": covered, "failures": len(failures)})

    def _process(self, a: Analysis) -> Finding:
        asked_early = sum(1 for turn in a.facts.values() if a.phases[turn] is Phase.REQUIREMENTS)
        first_question = min((q.turn for q in a.questions), default=None)
        designing = [s for s in a.sentences if s.topics and not s.question and s.substantive]
        first_design = min((s.turn for s in designing), default=None)
        raw = 0.0
        steps: list[str] = []
        if first_question is not None and (first_design is None or first_question <= first_design) and asked_early:
            raw += 1.0 if asked_early >= 3 else 0.5
            steps.append("requirements")
        if any(e.correct for e in a.estimates):
            raw += 0.5
            steps.append("estimates")
        for phase in (Phase.HIGH_LEVEL, Phase.DEEP_DIVE):
            if sum(1 for s in a.sentences if s.phase is phase and s.substantive and s.tied and not s.vacuous) >= 3:
                raw += 0.5
                steps.append(phase.value)
        for item, s in a.wrap.items():
            if item == "summary" or (s.tied or len(s.topics) >= 1):
                raw += 0.5
                steps.append(item)
        candidate_turns = [i for i, _ in a.transcript.candidate_turns()]
        in_requirements = sum(1 for i in candidate_turns if a.phases[i] is Phase.REQUIREMENTS)
        if candidate_turns and in_requirements / len(candidate_turns) <= 0.5 and len(candidate_turns) >= 6 and steps:
            raw += 0.5
            steps.append("pacing")
        evidence = list(a.questions[:1]) + list(a.wrap.values())[:2]
        return Finding(raw, evidence, {"steps": steps})


def evidence_items(sentences: list[Sentence]) -> list[Evidence]:
    return [Evidence(turn=s.turn, quote=clip(s.text)) for s in sentences]


def dimension_grade(score: float, finding: Finding, rationale: str) -> DimensionGrade:
    return DimensionGrade(score=score, evidence=evidence_items(finding.evidence), rationale=rationale)
