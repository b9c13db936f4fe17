"""Small shared types: languages, phases and bilingual text."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Language(StrEnum):
    """Interface and content languages (CONTRACTS.md)."""

    EN = "en"
    KO = "ko"


class Phase(StrEnum):
    """The seed's four interview steps, in order (CONTRACTS.md phase ids)."""

    REQUIREMENTS = "requirements"
    HIGH_LEVEL = "high_level"
    DEEP_DIVE = "deep_dive"
    WRAP_UP = "wrap_up"


PHASE_ORDER: tuple[Phase, ...] = (
    Phase.REQUIREMENTS,
    Phase.HIGH_LEVEL,
    Phase.DEEP_DIVE,
    Phase.WRAP_UP,
)

# Minutes per phase from the seed's 4-step approach: (minimum, maximum).
PHASE_BUDGET_MINUTES: dict[Phase, tuple[int, int]] = {
    Phase.REQUIREMENTS: (3, 10),
    Phase.HIGH_LEVEL: (10, 15),
    Phase.DEEP_DIVE: (10, 25),
    Phase.WRAP_UP: (3, 5),
}


class Localized(BaseModel):
    """One text in both languages."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str = Field(min_length=1)
    ko: str = Field(min_length=1)

    def get(self, language: Language | str) -> str:
        return self.ko if Language(language) is Language.KO else self.en


class LocalizedList(BaseModel):
    """A list of texts in both languages (not necessarily parallel)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: list[str] = Field(min_length=1)
    ko: list[str] = Field(min_length=1)

    def get(self, language: Language | str) -> list[str]:
        return self.ko if Language(language) is Language.KO else self.en
