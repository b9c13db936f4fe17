"""Scenarios: all contract ids present, validated at load time, broken files named with the field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge.errors import ScenarioError
from knowledge.notes import bundled_catalog
from knowledge.scenarios import (
    REQUIRED_FACT_CATEGORIES,
    SCENARIO_DIR,
    ScenarioCatalog,
    default_catalog,
    load_scenario_file,
)
from knowledge.types import Phase

CONTRACT_IDS = {
    "url-shortener",
    "news-feed",
    "online-shopping",
    "video-streaming",
    "distributed-messaging",
    "ml-model-serving",
}


def test_contract_scenarios_and_at_least_four_more() -> None:
    ids = set(default_catalog().ids())
    assert ids >= CONTRACT_IDS
    assert len(ids - CONTRACT_IDS) >= 4


def test_every_scenario_refers_only_to_existing_notes() -> None:
    catalog = ScenarioCatalog.load(known_notes=bundled_catalog().ids())
    assert len(catalog.all()) >= 10


@pytest.mark.parametrize("scenario", default_catalog().all(), ids=lambda s: s.id)
def test_scenario_content_is_complete_in_both_languages(scenario) -> None:  # type: ignore[no-untyped-def]
    assert {f.category for f in scenario.facts} >= REQUIRED_FACT_CATEGORIES
    for fact in scenario.facts:
        assert len(fact.questions.en) >= 2 and len(fact.questions.ko) >= 2, fact.id
        assert any("가" <= ch <= "힣" for ch in fact.text.ko), fact.id
    for point in scenario.unspecified:
        assert point.questions.en and point.questions.ko
    # Constraints come during the design, never while requirements are still being gathered.
    assert all(c.trigger.phase is not Phase.REQUIREMENTS for c in scenario.constraints)
    assert set(scenario.phases) == set(Phase)
    assert "requirements-clarification" in scenario.phases[Phase.REQUIREMENTS].expected_topics
    for estimate in scenario.estimates:
        assert estimate.accepts(estimate.value)
        assert not estimate.accepts(estimate.value * estimate.tolerance_factor * 1.5)
        assert not estimate.accepts(estimate.value / estimate.tolerance_factor / 1.5)
    assert len(scenario.reference_design.en) >= 6 and len(scenario.reference_design.ko) >= 6


def _broken_copy(tmp_path: Path, mutate) -> Path:  # type: ignore[no-untyped-def]
    data = yaml.safe_load((SCENARIO_DIR / "url-shortener.yaml").read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "url-shortener.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_missing_field_names_the_file_and_the_field(tmp_path: Path) -> None:
    path = _broken_copy(tmp_path, lambda d: d["goal"].pop("ko"))
    with pytest.raises(ScenarioError) as info:
        load_scenario_file(path)
    assert "url-shortener.yaml" in str(info.value)
    assert "goal.ko" in str(info.value)


def test_a_wrong_type_deep_inside_names_its_path(tmp_path: Path) -> None:
    def mutate(d: dict) -> None:  # type: ignore[type-arg]
        d["estimates"][1]["value"] = "lots"

    with pytest.raises(ScenarioError, match=r"estimates\.1\.value"):
        load_scenario_file(_broken_copy(tmp_path, mutate))


def test_unknown_note_ids_are_reported(tmp_path: Path) -> None:
    def mutate(d: dict) -> None:  # type: ignore[type-arg]
        d["constraints"][0]["notes"] = ["no-such-note"]

    path = _broken_copy(tmp_path, mutate)
    with pytest.raises(ScenarioError, match="unknown note ids: no-such-note"):
        load_scenario_file(path, known_notes=bundled_catalog().ids())


def test_missing_fact_categories_are_reported(tmp_path: Path) -> None:
    def mutate(d: dict) -> None:  # type: ignore[type-arg]
        d["facts"] = [f for f in d["facts"] if f["category"] != "retention"]

    with pytest.raises(ScenarioError, match="no fact of category retention"):
        load_scenario_file(_broken_copy(tmp_path, mutate))


def test_not_yaml_and_id_mismatch(tmp_path: Path) -> None:
    bad = tmp_path / "x.yaml"
    bad.write_text("id: [oops", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"x\.yaml: not valid YAML"):
        load_scenario_file(bad)
    renamed = tmp_path / "other-name.yaml"
    renamed.write_text((SCENARIO_DIR / "url-shortener.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ScenarioError, match="does not match the file name"):
        load_scenario_file(renamed)


def test_unknown_scenario_id_lists_the_known_ones() -> None:
    with pytest.raises(ScenarioError) as info:
        default_catalog().get("design-twitter")
    assert "unknown scenario 'design-twitter'" in str(info.value)
    assert "url-shortener" in str(info.value)
