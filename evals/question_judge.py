"""Question quality, model tier: an LLM answers yes/no for each flag, reasoning first, with
the scenario's hidden facts and this phase's scheduled twists in view.

One call per utterance (`prompts/question_judge.yaml`); a reply that is not valid JSON of
the right shape goes back with the error, twice at most. Replies are cached on disk by
(prompt version, model, item), so a re-run of the eval costs nothing.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from evals.question_quality import FLAGS, QuestionItem
from interviewer.errors import ModelOutputError
from interviewer.llm import invoke_text
from interviewer.llm.structured import ReplyCache, parse_reply
from interviewer.prompts import load_prompt
from knowledge.scenarios import Scenario
from knowledge.types import Phase

log = logging.getLogger(__name__)
VALIDATION_RETRIES = 2
_PURPOSE = {
    Phase.REQUIREMENTS: "clarify scope, users, scale and targets; no design yet",
    Phase.HIGH_LEVEL: "the main components, data flow and APIs",
    Phase.DEEP_DIVE: "one or two components in depth: scaling, data, failures, trade-offs",
    Phase.WRAP_UP: "summary, bottlenecks, failures, monitoring, what to improve",
}


class FlagAnswer(BaseModel):
    reasoning: str = Field(min_length=1)
    answer: Literal["yes", "no"]


class QuestionVerdict(BaseModel):
    leading: FlagAnswer
    multi: FlagAnswer
    reveals: FlagAnswer
    irrelevant: FlagAnswer
    vague: FlagAnswer
    score: int = Field(ge=1, le=5)

    def flags(self) -> list[str]:
        return [flag for flag in FLAGS if getattr(self, flag).answer == "yes"]


class QuestionJudge:
    """`judge(item)` -> the verdict; raises ModelUnavailableError when the model is down and
    ModelOutputError when every try gave an invalid reply."""

    def __init__(
        self,
        model: BaseChatModel,
        scenarios: dict[str, Scenario],
        model_name: str,
        cache_dir: Path | None = None,
    ) -> None:
        self.model = model
        self.scenarios = scenarios
        self.prompt = load_prompt("question_judge")
        self.cache = ReplyCache(cache_dir, self.prompt.key, model_name)

    def judge(self, item: QuestionItem) -> QuestionVerdict:
        error = ""
        first = self._messages(item, error)
        for _ in range(1 + VALIDATION_RETRIES):
            texts = self._messages(item, error) if error else first
            reply = self.cache.get(texts)
            if reply is None:
                reply = invoke_text(self.model, [SystemMessage(content=texts[0]), HumanMessage(content=texts[1])])
            try:
                verdict = parse_reply(reply, QuestionVerdict)
            except ValueError as exc:
                error = str(exc)[:300]
                continue
            # Kept under the first try's prompt, so a re-run hits the cache at once.
            self.cache.put(first, reply)
            return verdict
        log.warning("question verdict for %s stayed invalid: %s", item.id, error)
        raise ModelOutputError(f"invalid verdict for {item.id} after {1 + VALIDATION_RETRIES} tries: {error}")

    def _messages(self, item: QuestionItem, error: str) -> list[str]:
        scenario = self.scenarios[item.scenario]
        lang = item.language
        system, user = self.prompt.render(
            title=scenario.title.get(lang),
            goal=scenario.goal.get(lang),
            phase=item.phase.value,
            phase_purpose=_PURPOSE[item.phase],
            facts=[fact.text.get(lang) for fact in scenario.facts],
            twists=[c.text.get(lang) for c in scenario.constraints if c.trigger.phase is item.phase],
            history=[(role, text[:2000]) for role, text in item.history[-8:]],
            question=item.question.replace("</utterance>", "")[:3000],
            error=error,
        )
        return [system, user]
