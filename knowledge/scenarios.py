"""Interview scenarios: typed models for `knowledge/scenarios/<id>.yaml` and their loader.

A scenario is data the director reads: the opening, the hidden facts and the
questions that unlock them, the points left open on purpose, the constraint
schedule, the expected topics per phase, the estimation facts and the reference
design the grader compares against.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from knowledge.errors import ScenarioError
from knowledge.types import Localized, LocalizedList, Phase
from knowledge.yamlio import load_yaml

SCENARIO_DIR = Path(__file__).parent / "scenarios"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class FactCategory(StrEnum):
    """What a hidden fact is about; the director and grader use it to weigh questions."""

    SCALE = "scale"
    TRAFFIC = "traffic"
    READ_WRITE_RATIO = "read_write_ratio"
    FEATURES_IN = "features_in"
    FEATURES_OUT = "features_out"
    LATENCY = "latency"
    AVAILABILITY = "availability"
    CONSISTENCY = "consistency"
    RETENTION = "retention"
    STACK = "stack"
    CLIENTS = "clients"
    SECURITY = "security"
    COST = "cost"
    DATA = "data"
    OTHER = "other"


# Every scenario must let the candidate uncover these (the list of fact kinds).
REQUIRED_FACT_CATEGORIES = frozenset(
    {
        FactCategory.SCALE,
        FactCategory.READ_WRITE_RATIO,
        FactCategory.FEATURES_IN,
        FactCategory.FEATURES_OUT,
        FactCategory.LATENCY,
        FactCategory.AVAILABILITY,
        FactCategory.RETENTION,
        FactCategory.STACK,
    }
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(f"{value!r} is not a lowercase-hyphenated id")
    return value


class HiddenFact(_Strict):
    """A fact the interviewer reveals only when the candidate asks for it."""

    id: str
    category: FactCategory
    text: Localized
    questions: LocalizedList

    _check_id = field_validator("id")(_slug)


class UnspecifiedPoint(_Strict):
    """A point deliberately left open: the candidate should state an assumption."""

    id: str
    topic: Localized
    questions: LocalizedList
    good_assumption: Localized

    _check_id = field_validator("id")(_slug)


class ConstraintTrigger(_Strict):
    """When a constraint may be introduced: never before `phase`, and only after
    the candidate has covered one of `after_any` (note ids), if any are listed."""

    phase: Phase
    after_any: list[str] = Field(default_factory=list)
    min_minutes: float = Field(default=0.0, ge=0)


class Constraint(_Strict):
    """A detail or constraint the interviewer adds as the design takes shape."""

    id: str
    trigger: ConstraintTrigger
    text: Localized
    expected_adaptation: Localized
    notes: list[str] = Field(min_length=1)

    _check_id = field_validator("id")(_slug)


class Probe(_Strict):
    """A scenario-specific probing question for one expected topic."""

    topic: str
    question: Localized


class PhasePlan(_Strict):
    """What a good candidate covers in one phase (note ids) and how to probe it."""

    expected_topics: list[str] = Field(min_length=2)
    probes: list[Probe] = Field(default_factory=list)


class EstimationFact(_Strict):
    """A back-of-the-envelope quantity and the value a correct estimate reaches."""

    id: str
    quantity: Localized
    value: float = Field(gt=0)
    unit: str = Field(min_length=1)
    tolerance_factor: float = Field(default=2.0, ge=1.0)
    derivation: Localized
    keywords: LocalizedList

    _check_id = field_validator("id")(_slug)

    def accepts(self, estimate: float) -> bool:
        """True when `estimate` is within the tolerance factor of the value."""
        return self.value / self.tolerance_factor <= estimate <= self.value * self.tolerance_factor


class Scenario(_Strict):
    """One interview problem, in both languages."""

    id: str
    version: int = Field(ge=1)
    title: Localized
    difficulty: Literal["easy", "medium", "hard"]
    tags: list[str] = Field(default_factory=list)
    goal: Localized
    workflow: Localized
    facts: list[HiddenFact] = Field(min_length=6)
    unspecified: list[UnspecifiedPoint] = Field(min_length=2)
    constraints: list[Constraint] = Field(min_length=3)
    phases: dict[Phase, PhasePlan]
    estimates: list[EstimationFact] = Field(min_length=2)
    reference_design: LocalizedList

    _check_id = field_validator("id")(_slug)

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        missing_phases = [p.value for p in Phase if p not in self.phases]
        if missing_phases:
            raise ValueError(f"phases: missing {', '.join(missing_phases)}")
        ids = [f.id for f in self.facts] + [u.id for u in self.unspecified]
        ids += [c.id for c in self.constraints] + [e.id for e in self.estimates]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate ids: {', '.join(dupes)}")
        categories = {f.category for f in self.facts}
        lacking = sorted(c.value for c in REQUIRED_FACT_CATEGORIES - categories)
        if lacking:
            raise ValueError(f"facts: no fact of category {', '.join(lacking)}")
        return self

    def note_ids(self) -> set[str]:
        """Every note id the scenario refers to."""
        refs: set[str] = set()
        for plan in self.phases.values():
            refs.update(plan.expected_topics)
            refs.update(p.topic for p in plan.probes)
        for c in self.constraints:
            refs.update(c.notes)
            refs.update(c.trigger.after_any)
        return refs


def _format_error(path: Path, error: ValidationError) -> str:
    first = error.errors()[0]
    loc = ".".join(str(p) for p in first["loc"]) or "(top level)"
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"{path.name}: field {loc}: {first['msg']}{more}"


def load_scenario_file(path: Path, known_notes: Iterable[str] | None = None) -> Scenario:
    """Load and validate one scenario file.

    Raises:
        ScenarioError: the file is unreadable, not YAML, or fails validation; the
            message names the file and the field.
    """
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{path.name}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ScenarioError(f"{path.name}: expected a mapping at the top level")
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError(_format_error(path, exc)) from exc
    if scenario.id != path.stem:
        raise ScenarioError(f"{path.name}: field id: {scenario.id!r} does not match the file name")
    if known_notes is not None:
        unknown = sorted(scenario.note_ids() - set(known_notes))
        if unknown:
            raise ScenarioError(f"{path.name}: unknown note ids: {', '.join(unknown)}")
    return scenario


class ScenarioCatalog:
    """All scenarios in a folder, validated at load time."""

    def __init__(self, scenarios: dict[str, Scenario]) -> None:
        self._scenarios = scenarios

    @classmethod
    def load(cls, folder: Path = SCENARIO_DIR, known_notes: Iterable[str] | None = None) -> ScenarioCatalog:
        known = set(known_notes) if known_notes is not None else None
        found = {}
        for path in sorted(folder.glob("*.yaml")):
            scenario = load_scenario_file(path, known)
            found[scenario.id] = scenario
        return cls(found)

    def ids(self) -> list[str]:
        return list(self._scenarios)

    def all(self) -> list[Scenario]:
        return list(self._scenarios.values())

    def get(self, scenario_id: str) -> Scenario:
        try:
            return self._scenarios[scenario_id]
        except KeyError:
            known = ", ".join(self._scenarios)
            raise ScenarioError(f"unknown scenario {scenario_id!r}; known: {known}") from None


@lru_cache(maxsize=1)
def default_catalog() -> ScenarioCatalog:
    """The bundled scenarios (cached; they are read-only package data)."""
    return ScenarioCatalog.load()
