"""Instrument files: Polku's own load, and a broken file fails with a message naming the place."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from polku.instruments.apps import check_instrument_files
from polku.instruments.definitions import (
    BUILT_IN_DIR,
    InstrumentFileError,
    instrument_get,
    instruments,
    parse_definition,
    registry,
)
from polku.instruments.scoring import domain_scores, feedback_for


def own(code: str) -> dict[str, Any]:
    return yaml.safe_load((BUILT_IN_DIR / f"{code}.v1.yaml").read_text(encoding="utf-8"))


def test_polkus_own_instruments_load_with_the_codes_other_parts_look_for() -> None:
    codes = {i.code: i for i in instruments()}
    assert {"functional_capacity", "client_feedback", "worker_survey"} <= set(codes)
    capacity = codes["functional_capacity"]
    assert [d.id for d in capacity.domains] == [
        "mental_wellbeing",
        "social_participation",
        "physical_functioning",
        "skills",
        "everyday_life",
        "overall",
    ]
    assert capacity.items["overall"].scale.min == 0 and capacity.items["overall"].scale.max == 10
    assert codes["worker_survey"].respondent == "worker"


def test_no_licensed_instrument_is_bundled() -> None:
    names = " ".join(p.read_text(encoding="utf-8").lower() for p in BUILT_IN_DIR.glob("*.yaml"))
    assert "code: kykyviisari" not in names and "code: avain" not in names


def test_a_reverse_scored_item_counts_the_other_way_and_feedback_follows_the_bands() -> None:
    capacity = instrument_get("functional_capacity")
    assert capacity is not None
    # mental_2 "Worries take a lot of my strength" is reverse-scored: 1 (not at all true) is the best.
    scores = domain_scores(
        capacity, {"mental_1": 5, "mental_2": 1, "mental_3": 5, "everyday_1": 1, "everyday_2": 2}
    )
    assert scores["mental_wellbeing"] == 10.0
    assert scores["everyday_life"] == 1.25  # (0 + 2.5) / 2: two of three answered is enough
    assert "skills" not in scores  # nothing answered
    feedback = feedback_for(capacity, scores)
    assert [r.domain.id for r in feedback.going_well] == ["mental_wellbeing"]
    assert [r.domain.id for r in feedback.next_steps] == ["everyday_life"]


def broken(mutate: Any) -> str:
    data = copy.deepcopy(own("functional_capacity"))
    mutate(data)
    with pytest.raises(InstrumentFileError) as caught:
        parse_definition(data, "mine.yaml")
    return str(caught.value)


def test_an_unknown_scale_fails_naming_the_item() -> None:
    message = broken(lambda d: d["items"][3].update(scale="zero_to_eleven"))
    assert message == "mine.yaml: items[3] (id \"mental_3\"): unknown scale 'zero_to_eleven'"


def test_a_missing_translation_fails_naming_the_text_and_the_language() -> None:
    message = broken(lambda d: d["domains"][1]["title"].pop("sv"))
    assert message == "mine.yaml: domains[1] (id \"social_participation\").title: missing translation 'sv'"


def test_a_duplicate_item_id_fails_naming_the_item() -> None:
    message = broken(lambda d: d["items"][5].update(id="mental_1"))
    assert message.startswith('mine.yaml: items[5] (id "mental_1"): duplicate item id')


def test_other_mistakes_name_their_place_too() -> None:
    assert "domains[0] (id \"mental_wellbeing\").items: unknown item 'nope'" in broken(
        lambda d: d["domains"][0]["items"].append("nope")
    )
    assert 'scales[1] (id "agree5").options' in broken(lambda d: d["scales"][1]["options"].pop(2))
    assert "overall.minimal_important_difference" in broken(
        lambda d: d["overall"].pop("minimal_important_difference")
    )


def test_an_organisation_loads_its_own_file_and_a_broken_one_stops_the_start(
    tmp_path: Path, settings: Any
) -> None:
    licensed = own("client_feedback") | {"code": "licensed_survey"}
    (tmp_path / "licensed.yaml").write_text(yaml.safe_dump(licensed, allow_unicode=True), encoding="utf-8")
    settings.POLKU_INSTRUMENT_DIRS = [str(tmp_path)]
    registry.cache_clear()
    try:
        assert instrument_get("licensed_survey") is not None
        licensed["items"][0]["scale"] = "nine_point"
        (tmp_path / "licensed.yaml").write_text(
            yaml.safe_dump(licensed, allow_unicode=True), encoding="utf-8"
        )
        registry.cache_clear()
        errors = check_instrument_files(None)
        assert len(errors) == 1 and "licensed.yaml: items[0]" in errors[0].msg
    finally:
        registry.cache_clear()
