"""A simulated candidate played by a model (`prompts/persona.yaml`), for the simulation
suite when a model is set. Replies are cached by (prompt version, model, conversation), so
a re-run replays the same interviews without calling the model."""

from __future__ import annotations

from pathlib import Path

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from interviewer.errors import ModelOutputError
from interviewer.llm import invoke_text
from interviewer.llm.structured import ReplyCache
from interviewer.plan import Plan
from interviewer.prompts import load_prompt
from interviewer.session import MAX_TURN_CHARS
from knowledge.scenarios import Scenario
from knowledge.types import Language

# Simulated persona name -> (prompt style, interview language).
LLM_PERSONAS: dict[str, tuple[str, Language]] = {
    "llm-strong": ("strong", Language.EN),
    "llm-average": ("average", Language.EN),
    "llm-weak": ("weak", Language.EN),
    "llm-korean": ("strong", Language.KO),
}


class LLMPersona:
    def __init__(
        self,
        name: str,
        model: BaseChatModel,
        model_name: str,
        scenario: Scenario,
        cache_dir: Path | None = None,
    ) -> None:
        self.name = name
        self.style, self.language = LLM_PERSONAS[name]
        self.model = model
        self.scenario = scenario
        self.prompt = load_prompt("persona")
        self.cache = ReplyCache(cache_dir, self.prompt.key, model_name)

    def reply(self, plan: Plan | None, history: list[tuple[str, str]]) -> str:
        lang = self.language.value
        system, user = self.prompt.render(
            language=lang,
            style=self.style,
            title=self.scenario.title.get(lang),
            goal=self.scenario.goal.get(lang),
            history=[(role, text[:3000]) for role, text in history[-24:]],
        )
        texts = [system, user]
        cached = self.cache.get(texts)
        reply = (
            cached
            if cached is not None
            else invoke_text(self.model, [SystemMessage(content=system), HumanMessage(content=user)])
        ).strip()
        if not reply:
            raise ModelOutputError(f"the persona model gave an empty answer ({self.name})")
        if cached is None:
            self.cache.put(texts, reply)
        return reply[:MAX_TURN_CHARS]
