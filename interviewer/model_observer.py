"""The model observer: the same `Observation`, read by a chat model with validated JSON output.

Validation failures are retried with the error fed back (a bounded number of times);
transport failures are the provider's to retry. When the model's JSON stays invalid the
offline observer's reading is used, and safety signals (extraction attempts) are always
the union of both, so a model cannot be talked out of refusing.
"""

from __future__ import annotations

import logging

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from interviewer.llm import invoke_text
from interviewer.llm.structured import parse_reply
from interviewer.observation import EstimateMention, Observation
from interviewer.observer import OfflineObserver
from interviewer.prompts import load_prompt
from interviewer.quantities import bind_numbers, in_unit
from knowledge.scenarios import Scenario

log = logging.getLogger(__name__)
VALIDATION_RETRIES = 2


class ModelObserver:
    def __init__(self, model: BaseChatModel, scenario: Scenario, offline: OfflineObserver) -> None:
        self.model = model
        self.scenario = scenario
        self.offline = offline
        s = scenario
        self._facts = [(f.id, " | ".join(f.questions.en[:3])) for f in s.facts]
        self._points = [(p.id, p.topic.en) for p in s.unspecified]
        self._estimates = [(e.id, e.quantity.en, e.unit) for e in s.estimates]
        self._topics = sorted(s.note_ids())

    def observe(self, text: str) -> Observation:
        baseline = self.offline.observe(text)
        error = ""
        for _ in range(1 + VALIDATION_RETRIES):
            reply = invoke_text(self.model, self._messages(text, error))
            try:
                observed = self._validate(reply)
            except ValueError as exc:
                error = str(exc)[:300]
                continue
            return self._merge(observed, baseline, text)
        log.warning(
            "model observation stayed invalid after %d tries; using the offline reading", 1 + VALIDATION_RETRIES
        )
        return baseline

    def _merge(self, observed: Observation, baseline: Observation, text: str) -> Observation:
        """The model's reading, held to the same checks as the offline one: numbers must be bound to
        their quantity by unit and noun, premises and solved constraints come from the words."""
        observed.extraction_attempt = observed.extraction_attempt or baseline.extraction_attempt
        if observed.extraction_attempt:
            observed.fact_ids = []
            observed.point_ids = []
        bound = [b.value for b in bind_numbers(text) if b.is_quantity]
        by_id = {e.id: e for e in self.scenario.estimates}
        kept = []
        for mention in observed.estimates:
            unit_values = _in_units(text, by_id[mention.estimate_id].unit)
            if any(abs(v - mention.value) <= 0.02 * max(abs(v), 1e-9) for v in unit_values):
                kept.append(mention)
        # A figure the words do not bind to this quantity (a 302, a year) is dropped; the offline
        # binding, with its premises, is the reading every check uses.
        observed.estimates = _with_premises(kept, baseline) if kept and bound else baseline.estimates
        observed.premises = baseline.premises
        observed.constraint_hits = baseline.constraint_hits
        observed.solves = baseline.solves
        if observed.concept is not None and observed.concept not in self._topics:
            observed.concept = ""
        if "concept" in observed.meta and observed.concept is None:
            observed.concept = ""
        observed.depth = {t: d for t, d in observed.depth.items() if t in self._topics}
        for topic in observed.topics:
            observed.depth.setdefault(topic, baseline.depth.get(topic, "named"))
        observed.highlight = observed.highlight[:200] or baseline.highlight
        observed.vague = observed.vague[:200]
        return observed

    def _messages(self, text: str, error: str) -> list[SystemMessage | HumanMessage]:
        system, user = load_prompt("observe").render(
            facts=self._facts,
            points=self._points,
            estimates=self._estimates,
            topics=", ".join(self._topics),
            message=text[:6000],
            error=error,
        )
        return [SystemMessage(content=system), HumanMessage(content=user)]

    def _validate(self, reply: str) -> Observation:
        """Parse and check the model's JSON; ids must be the scenario's own."""
        observed = parse_reply(reply, Observation)
        known = {
            "fact_ids": {f.id for f in self.scenario.facts},
            "point_ids": {p.id for p in self.scenario.unspecified},
            "topics": set(self._topics),
        }
        for key, allowed in known.items():
            unknown = sorted(set(getattr(observed, key)) - allowed)
            if unknown:
                raise ValueError(f"{key} has ids that are not listed: {', '.join(unknown)}")
        estimate_ids = {e.id for e in self.scenario.estimates}
        if any(m.estimate_id not in estimate_ids for m in observed.estimates):
            raise ValueError("estimates has an estimate_id that is not listed")
        return observed


def _in_units(text: str, unit: str) -> list[float]:
    """Every quantity in the text, converted to `unit` where its dimension allows."""
    out = []
    for number in bind_numbers(text):
        if number.is_quantity:
            value = in_unit(number, unit)
            if value is not None:
                out.append(value)
    return out


def _with_premises(kept: list[EstimateMention], baseline: Observation) -> list[EstimateMention]:
    """The model's estimates, with the premise and consistency the offline reading found for them."""
    offline = {m.estimate_id: m for m in baseline.estimates}
    out = []
    for mention in kept:
        same = offline.get(mention.estimate_id)
        if same is not None and abs(same.value - mention.value) <= 0.02 * max(abs(same.value), 1e-9):
            out.append(same)
        else:
            out.append(mention)
    return out
