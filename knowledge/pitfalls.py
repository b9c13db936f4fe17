"""Design pitfalls per scenario (`knowledge/pitfalls/<scenario>.yaml`): designs that cannot carry
the scenario's load or break its requirements, how to recognise them in what a candidate
types, and what fixing them looks like. The grader caps the dimensions a pitfall belongs to
when the candidate walks into it and never fixes it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from knowledge.errors import ScenarioError
from knowledge.rubric import DIMENSION_IDS
from knowledge.types import Localized, LocalizedList
from knowledge.yamlio import load_yaml

PITFALL_DIR = Path(__file__).parent / "pitfalls"
# Said in the same sentence, these turn a sign into its rejection ("not one MySQL: we shard").
_NEGATION = re.compile(r"\b(not|no|never|instead of|rather than|avoid|won'?t|don'?t)\b|말고|대신|않|안 |피하", re.I)


# A fix only considered, not made: "if we grow 3-4x I'd revisit sharding", "나중에 필요하면".
_LATER = re.compile(
    r"\b(if we|i'?d revisit|revisit|later|eventually|someday|could|might|would (force|need|mean|require|cost|add))\b|"
    r"나중에|필요하면|추후|언젠가",
    re.I,
)


class Pitfall(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    dimensions: list[str] = Field(min_length=1)
    title: Localized
    why: Localized
    fix: Localized
    signs: LocalizedList
    fixed_by: LocalizedList

    @field_validator("dimensions")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(DIMENSION_IDS))
        if unknown:
            raise ValueError(f"unknown rubric dimensions: {', '.join(unknown)}")
        return value

    def shown_in(self, sentence: str, language: str) -> bool:
        """The sentence chooses this design (a sign, all of its words, not negated or fixed there)."""
        low = sentence.lower()
        if not _any_entry(self.signs, language, low):
            return False
        return not (_NEGATION.search(low) or _any_entry(self.fixed_by, language, low))

    def fixed_in(self, sentence: str, language: str) -> bool:
        """The sentence adopts the fix: not a rejected alternative nor a "maybe later"."""
        low = sentence.lower()
        return _any_entry(self.fixed_by, language, low) and not _NEGATION.search(low) and not _LATER.search(low)


class PitfallFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    scenario: str
    pitfalls: list[Pitfall]


def _any_entry(entries: LocalizedList, language: str, low: str) -> bool:
    # English entries count in Korean text too: engineers write "redis get 후 set" and "single mysql".
    lists = [entries.en] if language == "en" else [entries.ko, entries.en]
    return any(_phrase(entry).search(low) for words in lists for entry in words)


@cache
def _phrase(entry: str) -> re.Pattern[str]:
    """An entry's words in order, with at most two other words between them in English ("one
    mysql instance" meets "one big mysql instance") and none in Korean, where particles may
    follow a word ("필터링 없이" is not "필터링, 네트워크 없이")."""
    words = [re.escape(w) for w in entry.lower().split()]
    gap = r"\S*\s+" if re.search(r"[가-힣]", entry) else r"\S*\s+(?:\S+\s+){0,2}?"
    return re.compile(gap.join(words))


@cache
def pitfalls_for(scenario_id: str) -> tuple[Pitfall, ...]:
    """The scenario's pitfalls; none when it has no file. A malformed file is a clear error."""
    path = PITFALL_DIR / f"{scenario_id}.yaml"
    if not path.exists():
        return ()
    try:
        data = PitfallFile.model_validate(load_yaml(path.read_text(encoding="utf-8")))
    except (ValidationError, ValueError) as err:
        raise ScenarioError(f"{path.name}: {str(err).splitlines()[0]}") from err
    if data.scenario != scenario_id:
        raise ScenarioError(f"{path.name}: says scenario {data.scenario!r}")
    ids = [p.id for p in data.pitfalls]
    if len(ids) != len(set(ids)):
        raise ScenarioError(f"{path.name}: pitfall ids repeat")
    return tuple(data.pitfalls)
