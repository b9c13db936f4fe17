"""The grading rubric: data in `knowledge/rubric/rubric.yaml`, validated at load time.

Seven dimensions (CONTRACTS.md ids), each with a definition and concrete anchors for
scores 1-5 in Korean and English, and the weights that make the overall score.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from knowledge.errors import KnowledgeError
from knowledge.types import Localized
from knowledge.yamlio import load_yaml

RUBRIC_FILE = Path(__file__).parent / "rubric" / "rubric.yaml"
DIMENSION_IDS = ("clarification", "ambiguity", "tradeoffs", "building_blocks", "fundamentals", "deep_dive", "process")


class RubricError(KnowledgeError):
    """The rubric file is missing or invalid (the message names the field)."""


class Dimension(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: Localized
    definition: Localized
    weight: float = Field(gt=0)
    anchors: dict[int, Localized]
    evidence: Localized

    @model_validator(mode="after")
    def _five_anchors(self) -> Dimension:
        if sorted(self.anchors) != [1, 2, 3, 4, 5]:
            raise ValueError(f"{self.id}: anchors must be exactly 1, 2, 3, 4 and 5")
        return self


class Rubric(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str = Field(min_length=1)
    overall: Localized
    dimensions: list[Dimension]

    @model_validator(mode="after")
    def _all_dimensions(self) -> Rubric:
        ids = [d.id for d in self.dimensions]
        if sorted(ids) != sorted(DIMENSION_IDS):
            raise ValueError(f"dimensions must be exactly {', '.join(DIMENSION_IDS)}; got {', '.join(ids)}")
        return self

    def weights(self) -> dict[str, float]:
        total = sum(d.weight for d in self.dimensions)
        return {d.id: d.weight / total for d in self.dimensions}

    def overall_score(self, scores: dict[str, float]) -> float:
        """Weighted mean of the dimension scores given (weights renormalised over them)."""
        weights = {k: v for k, v in self.weights().items() if k in scores}
        if not weights:
            raise ValueError("no dimension scores to combine")
        total = sum(weights.values())
        return sum(scores[k] * w for k, w in weights.items()) / total


@cache
def load_rubric(path: Path = RUBRIC_FILE) -> Rubric:
    try:
        return Rubric.model_validate(load_yaml(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError) as exc:
        raise RubricError(f"{path.name}: cannot read: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise RubricError(f"{path.name}: field {loc}: {first['msg']}") from exc
