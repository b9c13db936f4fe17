"""The rubric: seven dimensions, five anchors each, in both languages; weights define the overall."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge.rubric import DIMENSION_IDS, RUBRIC_FILE, RubricError, load_rubric


def test_rubric_has_every_dimension_with_five_bilingual_anchors() -> None:
    rubric = load_rubric()
    assert [d.id for d in rubric.dimensions] == list(DIMENSION_IDS)
    for dim in rubric.dimensions:
        assert sorted(dim.anchors) == [1, 2, 3, 4, 5]
        for anchor in dim.anchors.values():
            assert len(anchor.en) > 40 and any("가" <= ch <= "힣" for ch in anchor.ko), dim.id
    assert abs(sum(rubric.weights().values()) - 1.0) < 1e-9


def test_overall_is_the_weighted_mean() -> None:
    rubric = load_rubric()
    assert rubric.overall_score(dict.fromkeys(DIMENSION_IDS, 4.0)) == pytest.approx(4.0)
    scores = {"clarification": 5.0, "tradeoffs": 1.0}
    w = rubric.weights()
    expected = (5 * w["clarification"] + 1 * w["tradeoffs"]) / (w["clarification"] + w["tradeoffs"])
    assert rubric.overall_score(scores) == pytest.approx(expected)
    with pytest.raises(ValueError, match="no dimension"):
        rubric.overall_score({})


def test_a_broken_rubric_names_the_field(tmp_path: Path) -> None:
    data = yaml.safe_load(RUBRIC_FILE.read_text(encoding="utf-8"))
    del data["dimensions"][2]["anchors"][4]
    path = tmp_path / "rubric.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RubricError, match=r"rubric\.yaml: field dimensions"):
        load_rubric.__wrapped__(path)
