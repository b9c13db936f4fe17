"""Versioned prompt files, loaded into a validated model; a missing variable is an error."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from jinja2 import StrictUndefined, UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, ConfigDict, Field

from knowledge.yamlio import load_yaml

PROMPT_DIR = Path(__file__).parent
_ENV = SandboxedEnvironment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)


class PromptError(Exception):
    """A prompt file is invalid or was rendered without a variable it needs."""


class PromptTemplate(BaseModel):
    """One prompt: an id, a version, and system/user templates (Jinja, strict)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    version: int = Field(ge=1)
    description: str = ""
    system: str
    user: str

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"

    def render(self, **variables: object) -> tuple[str, str]:
        try:
            return _ENV.from_string(self.system).render(**variables), _ENV.from_string(self.user).render(**variables)
        except UndefinedError as exc:
            raise PromptError(f"prompt {self.key}: missing variable ({exc.message})") from exc


@cache
def load_prompt(name: str) -> PromptTemplate:
    path = PROMPT_DIR / f"{name}.yaml"
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
        return PromptTemplate.model_validate(data)
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise PromptError(f"prompt file {path.name} is invalid: {exc}") from exc
